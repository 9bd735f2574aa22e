import { keyPairFromSeed, sha256, Signer, type CandidateRecord, type RecordInit } from '@promptswarm/protocol'
import { Rng, type AttackFactory, type Peer } from '@promptswarm/node'
import { choiceParam, integerParam } from '../fault-params.js'
import { stringParam } from '../params.js'
import { bytesOf, ownSigner, publishWires, signedWire } from '../raw-records.js'
import { perRun } from '../run-state.js'
import { DEFAULT_PAYLOAD } from './poisoned-candidates.js'

const KINDS = ['impersonate', 'other-swarm', 'both'] as const
type ForgeryKind = typeof KINDS[number]

/**
 * A forger: every few rounds it publishes a poisoned child of an admitted prompt that either
 * names an honest peer as its author (signed with a key that is not that peer's: the signature
 * cannot verify) or is signed with the forger's own key for another swarm (domain separation
 * makes that signature invalid here). Receivers must reject it at the first hop, never forward
 * it, and charge the sender in gossipsub's score.
 */
export const forgery: AttackFactory = {
  name: 'forgery',
  summary: 'publishes records that claim an honest peer\'s key or are signed for another swarm',
  params: {
    every: 'rounds between two forged records; default 3',
    kind: `${KINDS.join(' | ')}: impersonate honest peers, replay its own records signed for another swarm, or alternate; default both`,
    payload: `text appended to the forged children; default ${JSON.stringify(DEFAULT_PAYLOAD)}`,
    limit: 'most forged records each peer sends; default no limit'
  },
  create (params) {
    const every = integerParam(params, 'every', { min: 1, max: 100_000, fallback: 3 })
    const kind: ForgeryKind = choiceParam(params, 'kind', KINDS, 'both')
    const payload = stringParam(params, 'payload', DEFAULT_PAYLOAD)
    const limit = integerParam(params, 'limit', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: Number.MAX_SAFE_INTEGER })
    const rngs = perRun(() => new Map<number, { rng: Rng, sent: number }>())
    return {
      name: 'forgery',
      payload,
      async onRound (index, control, context) {
        if (!control.isUp(index) || control.round % every !== 0) return
        const byIndex = rngs(control)
        let state = byIndex.get(index)
        if (state === undefined) byIndex.set(index, state = { rng: Rng.from('forgery', context.seed, index), sent: 0 })
        if (state.sent >= limit) return
        const peer = control.peer(index)
        const honest = [...Array(control.size).keys()].filter(i => !context.attackers.includes(i))
        const base = peer.view.candidates({ role: 'task', status: 'admitted' })
        if (honest.length === 0 || base.length === 0) return
        const parent = state.rng.pick(base)
        const child = (author: Uint8Array, seq: number): RecordInit<CandidateRecord> => ({
          kind: 'candidate', role: 'task', task: parent.task, text: `${parent.text}\n\n${payload}`, parent: bytesOf(parent.id), optimizer: null, author, seq, time: control.round
        })
        const next = kind === 'both' ? (state.sent % 2 === 0 ? 'impersonate' : 'other-swarm') : kind
        const seq = 1_000_000 + state.sent++
        const swarm = peer.options.swarm
        const wire = next === 'impersonate'
          ? signedWire(child(bytesOf(control.peer(state.rng.pick(honest)).author), seq), throwawaySigner(context.seed, index), swarm)
          : crossSwarmWire(peer, child, seq, swarm)
        await publishWires(peer, [wire])
      }
    }
  }
}

/** A key of the forger's that is nobody's in the swarm. */
function throwawaySigner (seed: number, index: number): Signer {
  return new Signer(keyPairFromSeed(sha256(Buffer.from(`promptswarm/adversary/forgery/${seed}/${index}`))))
}

/** The record signed with the forger's own key, but for another swarm's domain. */
function crossSwarmWire (peer: Peer, child: (author: Uint8Array, seq: number) => RecordInit, seq: number, swarm: string): Uint8Array {
  const signer = ownSigner(peer, 'forgery')
  return signedWire(child(signer.publicKey, seq), signer, `${swarm}/elsewhere`)
}
