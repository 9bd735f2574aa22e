import { afterAll, describe, expect, it } from 'vitest'
import { launchSwarm, ProcessMember, RecordStore, waitUntil, type PublishInit, type Swarm } from '@promptswarm/node'

/**
 * One OS process per peer (the built peer command, `npm test` builds first). A peer killed with
 * SIGKILL in the middle of publishing loses nothing it had acknowledged or stored, never reuses a
 * sequence number after restarting, and catches up with what was published while it was down.
 */
const SWARM = 'process-swarm'

function candidates (tag: string, n: number): PublishInit[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'candidate', role: 'task', task: 'arith', text: `${tag} ${i}`, parent: null, optimizer: null }))
}

describe('a swarm of OS processes', () => {
  let swarm: Swarm
  afterAll(async () => { await swarm?.stop() })

  it('survives SIGKILL of a peer mid-publish: nothing stored is lost, nothing equivocates, it catches up', async () => {
    swarm = await launchSwarm({ size: 3, mode: 'process', swarm: SWARM, seed: 41, syncIntervalMs: 1000 })
    const [p0, p1, victim] = swarm.members as [ProcessMember, ProcessMember, ProcessMember]
    await Promise.all(swarm.members.map(async (m, i) => await m.publish(candidates(`before-${i}`, 30))))
    expect((await swarm.waitForAgreement({ timeoutMs: 20_000, minRecords: 93 })).agreed).toBe(true)
    expect(await waitUntil(async () => (await victim.status()).pendingWrites === 0, { timeoutMs: 5000 })).toBe(true)
    const snapshot = await victim.recordIds()

    // Publish in rounds and kill the process while a round is in flight.
    const acknowledged: string[] = []
    for (let round = 0; round < 3; round++) acknowledged.push(...await victim.publish(candidates(`victim-${round}`, 10)))
    const seqBefore = (await victim.status()).nextSeq
    const inFlight = victim.publish(candidates('victim-in-flight', 50)).catch(() => [])
    // The child has signed the round (sequence numbers reserved) and is committing it: kill now.
    await waitUntil(async () => (await victim.status()).nextSeq > seqBefore, { timeoutMs: 5000, intervalMs: 1 })
    await victim.kill()
    await inFlight
    expect(victim.running).toBe(false)

    // The others carry on while it is down.
    await Promise.all([p0, p1].map(async (m, i) => await m.publish(candidates(`while-down-${i}`, 20))))

    // What is on disk now is what the restarted peer must load: everything acknowledged or stored.
    const store = await RecordStore.open(victim.dataDir, { swarm: SWARM })
    const onDisk = new Set<string>()
    for await (const entry of store.entries()) onDisk.add(entry.idHex)
    await store.close()
    expect([...snapshot, ...acknowledged].filter(id => !onDisk.has(id))).toEqual([])

    await victim.restart()
    expect(victim.loadReport?.corrupt).toEqual([])
    expect(victim.loadReport?.loaded).toBe(onDisk.size)

    const more = await victim.publish(candidates('victim-after', 5))
    const total = onDisk.size + 40 + 5 + 1 // + while-down records, new records, the restart's hello
    const report = await swarm.waitForAgreement({ timeoutMs: 20_000, minRecords: total })
    expect(report.disagreeing).toEqual([])
    expect(report.agreed).toBe(true)
    const ids = new Set(await p0.recordIds())
    expect([...acknowledged, ...more].every(id => ids.has(id))).toBe(true)
    // A reused sequence number would be an equivocation: every view would ban the victim.
    for (const m of swarm.members) expect((await m.status()).banned).toBe(0)
  })
})
