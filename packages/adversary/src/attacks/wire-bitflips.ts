import { encodeBatch } from '@promptswarm/protocol'
import { Rng, type AttackFactory, type Peer } from '@promptswarm/node'
import { integerParam } from '../fault-params.js'
import { numberParam } from '../params.js'
import { flipBits, publishBytes, recordsBy } from '../raw-records.js'
import { perRun } from '../run-state.js'

/**
 * A faulty NIC or memory after signing: bytes the peer sends get random bit flips. Each round,
 * with probability `rate`, it sends a copy of one of its latest records with `bits` bits flipped
 * (the good copy went out earlier); with `gossip` > 0 that share of its own gossip messages is
 * corrupted on the way out too, so those records reach others only by sync. Receivers must
 * reject every corrupted message, charge the sender, and keep the archive intact.
 */
export const wireBitflips: AttackFactory = {
  name: 'wire-bitflips',
  summary: 'the peer\'s outgoing bytes get random bit flips after signing (faulty NIC or memory)',
  params: {
    rate: 'probability per round of sending a corrupted copy of one of its latest records; default 0.5',
    bits: 'bits flipped in each corrupted message; default 1',
    recent: 'how many of its latest records a corrupted copy is drawn from; default 4',
    gossip: 'share of the peer\'s own gossip messages corrupted on the way out, 0 to 1; default 0',
    limit: 'most corrupted copies each peer sends; default no limit'
  },
  create (params) {
    const rate = numberParam(params, 'rate', { min: 0, max: 1, fallback: 0.5 })
    const bits = integerParam(params, 'bits', { min: 1, max: 4096, fallback: 1 })
    const recent = integerParam(params, 'recent', { min: 1, max: 100_000, fallback: 4 })
    const gossip = numberParam(params, 'gossip', { min: 0, max: 1, fallback: 0 })
    const limit = integerParam(params, 'limit', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: Number.MAX_SAFE_INTEGER })
    const state = perRun(() => ({ rngs: new Map<number, Rng>(), sent: new Map<number, number>(), faulty: new WeakSet<Peer>() }))
    return {
      name: 'wire-bitflips',
      async onRound (index, control, context) {
        if (!control.isUp(index)) return
        const { rngs, sent, faulty } = state(control)
        let rng = rngs.get(index)
        if (rng === undefined) rngs.set(index, rng = Rng.from('wire-bitflips', context.seed, index))
        const peer = control.peer(index)
        // A restart makes a new peer (and a new NIC driver instance): corrupt it again.
        if (gossip > 0 && !faulty.has(peer)) {
          faulty.add(peer)
          corruptOutgoingGossip(peer, gossip, bits, Rng.from('wire-bitflips/gossip', context.seed, index, control.round))
        }
        if (rng.next() >= rate || (sent.get(index) ?? 0) >= limit) return
        const latest = recordsBy(peer.view, peer.author).slice(-recent)
        if (latest.length === 0) return
        const wire = peer.wire(rng.pick(latest).idHex)
        if (wire === undefined) return
        sent.set(index, (sent.get(index) ?? 0) + 1)
        await publishBytes(peer, flipBits(encodeBatch([wire]), bits, rng))
      }
    }
  }
}

/**
 * Flips bits in a share of the messages the peer's gossip router publishes, after the peer has
 * signed and batched them: the router's `publish` is wrapped on this peer only.
 */
function corruptOutgoingGossip (peer: Peer, share: number, bits: number, rng: Rng): void {
  const router = peer.libp2p.services.pubsub
  const publish = router.publish.bind(router)
  router.publish = async (topic: string, data?: Uint8Array) => await publish(topic, data !== undefined && rng.next() < share ? flipBits(data, bits, rng) : data)
}
