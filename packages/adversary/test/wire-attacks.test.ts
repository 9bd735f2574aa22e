import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_PAYLOAD, equivocation, forgery, replay, wireBitflips } from '@promptswarm/adversary'
import { evaluationsByCandidate, statementIds } from './helpers/archive-figures.js'
import { runFaultSwarm, VerdictWatch, type FaultRun } from './helpers/fault-swarm.js'

/**
 * Attacks on the wire format and the record protocol, on the small undefended swarm (peers 4
 * and 5 attack, simulator), against the clean twin. Honest peers 0-3 are watched: every gossip
 * verdict they reach and the gossip scores they give.
 */
const HONEST = [0, 1, 2, 3]
let clean: FaultRun
beforeAll(async () => { clean = await runFaultSwarm() })

/** Ids of the messages from `index` that a watched peer rejected, and whether any reached a watched peer from someone else. */
function rejected (watch: VerdictWatch, index: number): { ids: Set<string>, forwarded: number, reasons: string[] } {
  const ids = new Set(watch.from(index).filter(v => v.classification.verdict === 'reject').map(v => v.messageId))
  const sender = watch.peerIds.get(index)
  const forwarded = watch.verdicts.filter(v => ids.has(v.messageId) && v.from !== sender).length
  const reasons = watch.from(index).filter(v => v.classification.verdict === 'reject').map(v => `${v.classification.reason?.field ?? ''}: ${v.classification.reason?.reason ?? ''}`)
  return { ids, forwarded, reasons }
}

/** The honest archive is the clean twin's: the same statements, the same derived view. */
function expectCleanArchive (run: FaultRun): void {
  expect(statementIds(run.view)).toEqual(statementIds(clean.view))
  expect(run.view.digest()).toBe(clean.view.digest())
  expect(run.result.agreement).toBe(true)
}

describe('wire-bitflips (simulator)', () => {
  it('gets every corrupted copy rejected at the first hop and the sender charged; the archive stays the clean one', async () => {
    const watch = new VerdictWatch(i => HONEST.includes(i))
    const run = await runFaultSwarm({ attack: wireBitflips.create({ rate: 0.3, bits: 1, limit: 2 }), observe: watch.observe })
    for (const i of [4, 5]) {
      const { ids, forwarded } = rejected(watch, i)
      expect(ids.size).toBeGreaterThan(0)
      expect(forwarded).toBe(0)
    }
    expect(Math.min(watch.lowest(4), watch.lowest(5))).toBeLessThan(0)
    expect(Math.min(...HONEST.map(i => watch.lowest(i)))).toBeGreaterThanOrEqual(0)
    expectCleanArchive(run)
  })
})

describe('replay (simulator)', () => {
  it('changes nothing and counts nothing twice: replays are ignored, not charged', async () => {
    const watch = new VerdictWatch(i => HONEST.includes(i))
    const run = await runFaultSwarm({ attack: replay.create({ every: 2, records: 6 }), observe: watch.observe })
    const verdicts = [4, 5].flatMap(i => watch.from(i).map(v => v.classification.verdict))
    expect(verdicts.filter(v => v === 'ignore').length).toBeGreaterThan(5)
    expect(verdicts.filter(v => v === 'reject')).toEqual([])
    expect(Math.min(watch.lowest(4), watch.lowest(5))).toBeGreaterThanOrEqual(0)
    expectCleanArchive(run)
    // Not one evaluation more per candidate than in the clean run.
    const counts = (r: FaultRun): Array<[string, number]> => [...evaluationsByCandidate(r.view)].map(([id, e]): [string, number] => [id, e.length]).sort()
    expect(counts(run)).toEqual(counts(clean))
  })
})

describe('forgery (simulator)', () => {
  it('gets records claiming an honest key or signed for another swarm rejected, never forwarded, and the forger charged', async () => {
    const watch = new VerdictWatch(i => HONEST.includes(i))
    const run = await runFaultSwarm({ attack: forgery.create({ every: 4, kind: 'both', limit: 2 }), observe: watch.observe })
    for (const i of [4, 5]) {
      const { ids, forwarded, reasons } = rejected(watch, i)
      expect(ids.size).toBeGreaterThan(1)
      expect(forwarded).toBe(0)
      for (const reason of reasons) expect(reason).toMatch(/envelope\.signature: invalid signature for swarm/)
    }
    expect(Math.min(watch.lowest(4), watch.lowest(5))).toBeLessThan(0)
    for (const view of run.views) expect(view.candidates().filter(c => c.text.includes(DEFAULT_PAYLOAD))).toEqual([])
    expectCleanArchive(run)
  })
})

describe('equivocation (simulator)', () => {
  it('gets the equivocators banned by every honest peer on sight, with the pair as proof', async () => {
    const at = 6
    const bannedAt = new Map<number, number>()
    const run = await runFaultSwarm({
      attack: equivocation.create({ at }),
      observe: control => {
        if (bannedAt.has(0)) return
        const keys = [4, 5].map(i => control.peer(i).author)
        if (HONEST.every(i => keys.every(k => control.peer(i).view.isBanned(k)))) bannedAt.set(0, control.round)
      }
    })
    // Published before round `at` runs; every honest peer holds both records (and the ban) one round later.
    expect(bannedAt.get(0)).toBeLessThanOrEqual(at + 1)
    expect(clean.result.banned).toEqual([])
    expect(run.result.banned.map(b => b.author).sort()).toEqual([...run.attackerKeys].sort())
    for (const b of run.result.banned) expect(b.reasons).toEqual(['equivocation'])
    for (const i of HONEST) for (const key of run.attackerKeys) expect(run.views[i]?.isBanned(key)).toBe(true)
    // Their candidates no longer count anywhere.
    expect(run.view.candidates().filter(c => run.attackerKeys.has(c.author) && c.status !== 'banned')).toEqual([])
    expect(run.result.agreement).toBe(true)
  })

  it('pair: two new records under one sequence number get the author banned the same way', async () => {
    const run = await runFaultSwarm({ attack: equivocation.create({ at: 6, mode: 'pair' }) })
    expect(run.result.banned.map(b => b.author).sort()).toEqual([...run.attackerKeys].sort())
    for (const b of run.result.banned) expect(b.reasons).toEqual(['equivocation'])
    expect(run.result.agreement).toBe(true)
  })

  it('rejects a bad parameter with its name', () => {
    expect(() => equivocation.create({ mode: 'twice' })).toThrow(expect.objectContaining({ param: 'mode' }))
    expect(() => forgery.create({ kind: 'nonsense' })).toThrow(expect.objectContaining({ param: 'kind' }))
    expect(() => replay.create({ records: 0 })).toThrow(expect.objectContaining({ param: 'records' }))
    expect(() => wireBitflips.create({ rate: 2 })).toThrow(expect.objectContaining({ param: 'rate' }))
  })
})
