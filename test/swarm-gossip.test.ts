import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessMember, launchSwarm, waitUntil, type PublishInit, type Swarm } from '@promptswarm/node'

/** 16 in-process peers on real TCP: whatever any peer publishes reaches every peer. */
const PEERS = 16
const PER_PEER = 25

function candidate (peer: number, i: number): PublishInit {
  return { kind: 'candidate', role: 'task', task: 'arith', text: `peer ${peer} prompt ${i}: think step by step`, parent: null, optimizer: null }
}

describe('a 16-peer swarm over gossip', () => {
  let swarm: Swarm
  const sources = { gossip: 0, sync: 0 }

  beforeAll(async () => {
    swarm = await launchSwarm({ size: PEERS, seed: 16 })
    for (const m of swarm.members) {
      (m as InProcessMember).peer.on('record', e => { if (e.source === 'gossip' || e.source === 'sync') sources[e.source]++ })
    }
    await waitUntil(async () => (await Promise.all(swarm.members.map(async m => (await m.status()).meshPeers))).every(n => n >= 2), { timeoutMs: 15_000 })
  })

  afterAll(async () => { await swarm?.stop() })

  it('delivers records published by every peer to all peers and every digest agrees', async () => {
    const ids = (await Promise.all(swarm.members.map(async (m, p) => await m.publish(Array.from({ length: PER_PEER }, (_, i) => candidate(p, i)))))).flat()
    expect(ids).toHaveLength(PEERS * PER_PEER)
    const report = await swarm.waitForAgreement({ timeoutMs: 20_000, minRecords: PEERS * PER_PEER + PEERS })
    expect(report.disagreeing).toEqual([])
    expect(report.agreed).toBe(true)
    for (const m of swarm.members) {
      const peer = (m as InProcessMember).peer
      expect(ids.every(id => peer.view.has(id))).toBe(true)
    }
    // The candidates travelled by gossip: each peer received the other 15 peers' records that way
    // (a few hellos, published before the mesh formed, came by sync).
    expect(sources.gossip).toBeGreaterThanOrEqual(PEERS * (PEERS - 1) * PER_PEER)
  })
})
