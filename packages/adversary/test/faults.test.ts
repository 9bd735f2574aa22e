import { beforeAll, describe, expect, it } from 'vitest'
import type { SwarmControl } from '@promptswarm/node'
import { crashRestart, eclipse, partition, straggler } from '@promptswarm/adversary'
import { backupEvaluations, childrenBy, recordsOf, roundsToQuorum } from './helpers/archive-figures.js'
import { runFaultSwarm, type FaultRun } from './helpers/fault-swarm.js'

/**
 * Hardware and network faults on the small undefended swarm (6 peers, faulty peers 4 and 5,
 * simulator), each against the clean twin (same seed, same keys, same committees).
 */
let clean: FaultRun
beforeAll(async () => { clean = await runFaultSwarm() })

/** What every peer holds before every round. */
function sizes (control: SwarmControl): Array<number | undefined> {
  return [...Array(control.size).keys()].map(i => (control.isUp(i) ? control.peer(i).view.size : undefined))
}

describe('crash-restart (simulator)', () => {
  it('loses nothing published before the crash; the restarted peers reload their store, catch up to the same archive and finish their share', async () => {
    const at = 4
    const downRounds = 6
    const before = new Set<string>()
    const own = new Map<number, number>()
    const down: number[] = []
    const reloaded: Array<{ loaded: number, corrupt: number }> = []
    const run = await runFaultSwarm({
      attack: crashRestart.create({ at, downRounds }),
      faulty: true,
      observe: control => {
        if (control.round === at) {
          // Just before the crash: everything any peer holds, and what the crashing peers signed.
          for (let i = 0; i < control.size; i++) for (const id of control.peer(i).view.ids()) before.add(id)
          for (const i of [4, 5]) own.set(i, recordsOf(control.peer(i).view, control.peer(i).author, 'candidate') + recordsOf(control.peer(i).view, control.peer(i).author, 'evaluation') + 1)
        }
        if (!control.isUp(4)) down.push(control.round)
        if (control.round === at + downRounds + 1) for (const i of [4, 5]) reloaded.push({ loaded: control.peer(i).loadReport.loaded, corrupt: control.peer(i).loadReport.corrupt.length })
      }
    })
    expect(down).toEqual([...Array(downRounds).keys()].map(k => at + 1 + k))
    // Each restarted peer reloaded at least every record it had signed, and nothing corrupt.
    reloaded.forEach((r, k) => {
      expect(r.corrupt).toBe(0)
      expect(r.loaded).toBeGreaterThanOrEqual(own.get(4 + k) as number)
    })
    for (const view of run.views) for (const id of before) expect(view.has(id)).toBe(true)
    // All six peers (the restarted ones count as honest) end with one archive and one view.
    expect(run.result.peers.map(p => p.index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(run.result.agreement).toBe(true)
    expect(run.result.banned).toEqual([])
    expect(run.result.unsettled).toBe(0)
    for (const i of [4, 5]) {
      // Resumed, not restarted from scratch: the same children as in the clean run, and a second hello.
      expect(childrenBy(run.view, run.authors[i] as string)).toBe(childrenBy(clean.view, clean.authors[i] as string))
      expect(recordsOf(run.view, run.authors[i] as string, 'hello')).toBe(2)
    }
    // The effect: two peers missing for six rounds made the run longer.
    expect(run.result.rounds).toBeGreaterThan(clean.result.rounds)
  })
})

describe('straggler (simulator)', () => {
  it('makes backups take the slow peers\' committee seats and delays scores', async () => {
    const run = await runFaultSwarm({ attack: straggler.create({ slowdown: 25 }) })
    expect(backupEvaluations(clean.view)).toBe(0)
    expect(backupEvaluations(run.view)).toBeGreaterThan(0)
    // Every honest peer's task children got a verdict despite the stragglers on their committees.
    const honestKeys = new Set(run.authors.filter((_, i) => i < 4))
    expect(run.view.candidates({ role: 'task' }).filter(c => honestKeys.has(c.author) && c.status === 'pending')).toEqual([])
    expect(roundsToQuorum(run.view)).toBeGreaterThan(roundsToQuorum(clean.view) + 1)
    expect(run.result.rounds).toBeGreaterThan(clean.result.rounds)
    expect(run.result.agreement).toBe(true)
  })

  it('rejects a bad parameter with its name', () => {
    expect(() => straggler.create({ slowdown: 0 })).toThrow(expect.objectContaining({ param: 'slowdown' }))
    expect(() => crashRestart.create({ downRounds: 1.5 })).toThrow(expect.objectContaining({ param: 'downRounds' }))
    expect(() => crashRestart.create({ upRounds: 3 })).toThrow(expect.objectContaining({ param: 'upRounds' }))
  })
})

describe('partition (simulator)', () => {
  it('lets both sides work apart, then brings every peer to one archive after healing', async () => {
    const at = 3
    const healAt = 15
    const trace: Array<{ round: number, sizes: Array<number | undefined>, groups: number }> = []
    const run = await runFaultSwarm({
      attack: partition.create({ at, healAt, side: [0, 1, 2] }),
      faulty: true,
      observe: control => { trace.push({ round: control.round, sizes: sizes(control), groups: control.groups().length }) }
    })
    const during = trace.filter(t => t.round > at && t.round <= healAt)
    expect(during.every(t => t.groups === 2)).toBe(true)
    const first = during[0]?.sizes ?? []
    const last = during.at(-1)?.sizes ?? []
    // Both sides kept adding records while apart, and they held different archives.
    expect(last[0]).toBeGreaterThan(first[0] as number)
    expect(last[3]).toBeGreaterThan(first[3] as number)
    expect(last[0]).not.toBe(last[3])
    expect(trace.filter(t => t.round > healAt).every(t => t.groups === 1)).toBe(true)
    expect(run.result.agreement).toBe(true)
    expect(run.result.peers).toHaveLength(6)
    expect(run.result.unsettled).toBe(0)
    expect(run.result.rounds).toBeGreaterThan(clean.result.rounds)
  })

  it('rejects a heal before the cut', () => {
    expect(() => partition.create({ at: 5, healAt: 5 })).toThrow(expect.objectContaining({ param: 'healAt' }))
    expect(() => partition.create({ side: [1, 1] })).toThrow(expect.objectContaining({ param: 'side' }))
  })
})

describe('eclipse (simulator)', () => {
  it('makes the victim fall behind the honest peers while it sees only the attackers, and it catches up once it reaches them', async () => {
    const at = 3
    const until = 40
    const lag: Array<{ round: number, lag: number }> = []
    const run = await runFaultSwarm({
      attack: eclipse.create({ victim: 0, at, until }),
      observe: control => {
        const s = sizes(control)
        lag.push({ round: control.round, lag: Math.max(...[1, 2, 3].map(i => s[i] as number)) - (s[0] as number) })
      }
    })
    const during = lag.filter(l => l.round > at && l.round <= until)
    expect(Math.max(...during.map(l => l.lag))).toBeGreaterThan(10)
    expect(lag.filter(l => l.round <= at).every(l => l.lag === 0)).toBe(true)
    // Back in reach of honest peers, sync brings it level within a couple of rounds.
    expect(lag.filter(l => l.round > until + 2).every(l => l.lag === 0)).toBe(true)
    expect(run.result.agreement).toBe(true)
    expect(run.result.peers.map(p => p.index)).toEqual([0, 1, 2, 3])
  })

  it('refuses to eclipse one of the attackers or a peer that does not exist', async () => {
    await expect(runFaultSwarm({ attack: eclipse.create({ victim: 4, at: 0, until: 1 }) })).rejects.toThrow(/victim: peer 4 is one of the attackers/)
    expect(() => eclipse.create({ at: 4, until: 2 })).toThrow(expect.objectContaining({ param: 'until' }))
  })
})
