import { afterEach, describe, expect, it } from 'vitest'
import type { PeerId } from '@libp2p/interface'
import { InProcessMember, launchSwarm, waitForAgreement, waitUntil, type PublishInit, type Swarm } from '@promptswarm/node'

/** Anti-entropy on real TCP: a late joiner and a healed partition end with identical archives. */
function candidate (tag: string, i: number): PublishInit {
  return { kind: 'candidate', role: 'task', task: 'arith', text: `${tag} prompt ${i}`, parent: null, optimizer: null }
}

async function publishSpread (swarm: Swarm, tag: string, total: number): Promise<string[]> {
  const n = swarm.members.length
  const per = Array.from({ length: n }, (_, p) => Array.from({ length: Math.floor(total / n) + (p < total % n ? 1 : 0) }, (_, i) => candidate(`${tag}-${p}`, i)))
  return (await Promise.all(swarm.members.map(async (m, p) => await m.publish(per[p] ?? [])))).flat()
}

const swarms: Swarm[] = []
afterEach(async () => { await Promise.all(swarms.splice(0).map(async s => await s.stop())) })

describe('anti-entropy sync', () => {
  it('brings a peer that joins after 1,000 records exist to the same digest', async () => {
    const swarm = await launchSwarm({ size: 4, seed: 21, syncIntervalMs: 1000 })
    swarms.push(swarm)
    const ids = await publishSpread(swarm, 'early', 1000)
    const before = await swarm.waitForAgreement({ timeoutMs: 20_000, minRecords: 1004 })
    expect(before.disagreeing).toEqual([])

    const joiner = await swarm.add([0]) as InProcessMember
    let bySync = 0
    joiner.peer.on('record', e => { if (e.source === 'sync') bySync++ })
    const after = await swarm.waitForAgreement({ timeoutMs: 20_000, minRecords: 1005 })
    expect(after.disagreeing).toEqual([])
    expect(after.agreed).toBe(true)
    expect(ids.every(id => joiner.peer.view.has(id))).toBe(true)
    // Gossip keeps no history: the old records can only have come by sync.
    expect(bySync).toBeGreaterThanOrEqual(1000)
  })

  it('heals a partition: two halves publish apart, then connect and agree', async () => {
    const left = await launchSwarm({ size: 4, seed: 31, swarm: 'partitioned', syncIntervalMs: 1000 })
    swarms.push(left)
    const right = await launchSwarm({ size: 4, seed: 32, swarm: 'partitioned', syncIntervalMs: 1000 })
    swarms.push(right)
    const leftIds = await publishSpread(left, 'left', 200)
    const rightIds = await publishSpread(right, 'right', 200)
    const l = await left.waitForAgreement({ timeoutMs: 15_000, minRecords: 204 })
    const r = await right.waitForAgreement({ timeoutMs: 15_000, minRecords: 204 })
    expect(l.agreed && r.agreed).toBe(true)
    expect(l.majority).not.toBe(r.majority)

    // Heal: one link between the halves.
    await left.members[1]!.dial(right.members[2]!.multiaddrs[0]!)
    const all = [...left.members, ...right.members]
    const healed = await waitForAgreement(all, { timeoutMs: 20_000, minRecords: 408 })
    expect(healed.disagreeing).toEqual([])
    expect(healed.agreed).toBe(true)
    for (const m of all) {
      const view = (m as InProcessMember).peer.view
      expect([...leftIds, ...rightIds].every(id => view.has(id))).toBe(true)
    }
  })

  it('heals a partition of a connected swarm cut by connection gaters', async () => {
    // Peers 0-3 and 4-7; while `cut` is set, each peer's gater refuses the other side.
    const side = (index: number): number => (index < 4 ? 0 : 1)
    const sideOf = new Map<string, number>()
    let cut = false
    const refuse = (index: number) => (peer: PeerId): boolean => cut && sideOf.get(peer.toString()) !== side(index)
    const swarm = await launchSwarm({
      size: 8,
      seed: 51,
      syncIntervalMs: 1000,
      peer: { redial: { maxBackoffMs: 1000 } },
      perPeer: index => ({
        connectionGater: {
          denyDialPeer: refuse(index),
          denyInboundEncryptedConnection: refuse(index),
          denyOutboundEncryptedConnection: refuse(index)
        }
      })
    })
    swarms.push(swarm)
    const peers = swarm.members.map(m => (m as InProcessMember).peer)
    peers.forEach((p, i) => sideOf.set(p.peerId.toString(), side(i)))
    expect((await swarm.waitForAgreement({ timeoutMs: 15_000, minRecords: 8 })).agreed).toBe(true)

    cut = true
    await Promise.all(peers.map(async (p, i) => {
      for (const other of p.connectedPeers()) if (sideOf.get(other) !== side(i)) await p.hangUp(other)
    }))
    expect(await waitUntil(() => peers.every((p, i) => p.connectedPeers().every(o => sideOf.get(o) === side(i))), { timeoutMs: 5000 })).toBe(true)
    const ids = (await Promise.all(peers.map(async (p, i) => await Promise.all([0, 1, 2, 3, 4].map(async k => (await p.publish(candidate(`cut-${i}`, k))).idHex))))).flat()
    const left = await waitForAgreement(swarm.members.slice(0, 4), { timeoutMs: 15_000, minRecords: 28 })
    const right = await waitForAgreement(swarm.members.slice(4), { timeoutMs: 15_000, minRecords: 28 })
    expect(left.agreed && right.agreed).toBe(true)
    expect(left.majority).not.toBe(right.majority)
    // Still apart: the gaters held through several sync rounds.
    expect(peers.every((p, i) => p.connectedPeers().every(o => sideOf.get(o) === side(i)))).toBe(true)

    cut = false
    const healed = await swarm.waitForAgreement({ timeoutMs: 20_000, minRecords: 48 })
    expect(healed.disagreeing).toEqual([])
    expect(healed.agreed).toBe(true)
    expect(peers.every(p => ids.every(id => p.view.has(id)))).toBe(true)
  })
})
