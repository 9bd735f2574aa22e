import { scoreOf, type ProtocolRecord, type RecordInit } from '@promptswarm/protocol'
import type { AttackFactory, Peer } from '@promptswarm/node'
import { choiceParam, roundParam } from '../fault-params.js'
import { bytesOf, ownSigner, publishWires, recordsBy, signedWire } from '../raw-records.js'
import { perRun } from '../run-state.js'

const MODES = ['conflict', 'pair'] as const

/**
 * An equivocator: it signs two different records with one sequence number. `conflict`: a
 * contradicting copy of the latest record it published (a changed prompt text, flipped
 * evaluation outcomes). `pair`: two new, different candidates under its next sequence number, in
 * two messages. The two records are a self-verifying proof: every honest peer that holds both
 * bans the key, whatever else it does.
 */
export const equivocation: AttackFactory = {
  name: 'equivocation',
  summary: 'signs two different records with the same sequence number',
  params: {
    at: 'round from which the peer equivocates (once it has published something); default 6',
    mode: `${MODES.join(' | ')}: contradict its latest record, or sign two new ones under one sequence number; default conflict`
  },
  create (params) {
    const at = roundParam(params, 'at', 6)
    const mode = choiceParam(params, 'mode', MODES, 'conflict')
    const done = perRun(() => new Set<number>())
    return {
      name: 'equivocation',
      async onRound (index, control) {
        const equivocated = done(control)
        if (control.round < at || equivocated.has(index) || !control.isUp(index)) return
        const peer = control.peer(index)
        const wires = mode === 'conflict' ? contradiction(peer) : freshPair(peer, control.round)
        if (wires.length === 0) return
        equivocated.add(index)
        for (const wire of wires) await publishWires(peer, [wire])
      }
    }
  }
}

/** A record with the same author and sequence number as its latest candidate or evaluation, saying something else. */
function contradiction (peer: Peer): Uint8Array[] {
  const latest = recordsBy(peer.view, peer.author).filter(r => r.record.kind === 'candidate' || r.record.kind === 'evaluation').at(-1)
  if (latest === undefined) return []
  const { version: _version, ...init } = contradict(latest.record)
  return [signedWire(init as RecordInit, ownSigner(peer, 'equivocation'), peer.options.swarm)]
}

function contradict (record: ProtocolRecord): ProtocolRecord {
  if (record.kind === 'candidate') return { ...record, text: `${record.text}\n\nAnswer as briefly as possible.` }
  if (record.kind === 'evaluation') {
    const outcomes = record.outcomes.map(o => 1 - o)
    return { ...record, outcomes, score: scoreOf(outcomes) }
  }
  return record
}

/** Two different children of one admitted prompt under the peer's next sequence number. */
function freshPair (peer: Peer, round: number): Uint8Array[] {
  const parent = peer.view.candidates({ role: 'task', status: 'admitted' })[0]
  if (parent === undefined) return []
  const signer = ownSigner(peer, 'equivocation')
  const seq = peer.status().nextSeq
  return ['Check every step twice.', 'Answer as briefly as possible.'].map(extra => signedWire({
    kind: 'candidate', role: 'task', task: parent.task, text: `${parent.text}\n\n${extra}`, parent: bytesOf(parent.id), optimizer: null, author: signer.publicKey, seq, time: round
  }, signer, peer.options.swarm))
}
