import { Rng, type AttackFactory } from '@promptswarm/node'
import { integerParam } from '../fault-params.js'
import { allRecords, publishWires } from '../raw-records.js'
import { perRun } from '../run-state.js'

/**
 * A replayer: every few rounds it re-publishes records it holds (its own and others', old and
 * recent) in new gossip messages, byte for byte. The archive is a grow-only set keyed by record
 * id, so a replay adds nothing and counts nothing twice; the validator ignores (does not forward,
 * does not charge) a message whose records are all held.
 */
export const replay: AttackFactory = {
  name: 'replay',
  summary: 're-publishes records it already saw (its own and others\') in new messages',
  params: {
    every: 'rounds between two replays; default 2',
    records: 'records per replayed message; default 6'
  },
  create (params) {
    const every = integerParam(params, 'every', { min: 1, max: 100_000, fallback: 2 })
    const records = integerParam(params, 'records', { min: 1, max: 1000, fallback: 6 })
    const rngs = perRun(() => new Map<number, Rng>())
    return {
      name: 'replay',
      async onRound (index, control, context) {
        if (!control.isUp(index) || control.round % every !== 0) return
        const byIndex = rngs(control)
        let rng = byIndex.get(index)
        if (rng === undefined) byIndex.set(index, rng = Rng.from('replay', context.seed, index))
        const peer = control.peer(index)
        const picked = rng.shuffle(allRecords(peer.view)).slice(0, records)
        const wires = picked.map(r => peer.wire(r.idHex)).filter((w): w is Uint8Array => w !== undefined)
        if (wires.length > 0) await publishWires(peer, wires)
      }
    }
  }
}
