import { describe, expect, it } from 'vitest'
import { ArchiveView, openRecord, type AccusationRecord, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import {
  allowedMismatches, AuditConfigError, Auditor, AuditSecret, checkTolerance, contestVerdict, differingPositions, EXACT_TOLERANCE,
  mismatchAccusation, OutcomeCache, REAL_MODEL_TOLERANCE, ReExecutionJudge, ReExecutor, reproduces, toleranceFor
} from '../src/audit/index.js'
import { ModelBudget } from '../src/model/budget.js'
import { AuditSwarm, inflate, math, SWARM, TASKS, VIEW } from './audit-fixtures.js'

const quarter = { epsilon: 1e-9, maxMismatchFraction: 0.25 }

describe('tolerance', () => {
  it('counts differing values and forgives at most the allowed fraction, rounded down', () => {
    expect(differingPositions([1, 0, 1, 0.5], [1, 1, 1, 0.5], 0)).toEqual([1])
    expect(() => differingPositions([1], [1, 0], 0)).toThrow(RangeError)
    expect(allowedMismatches(16, EXACT_TOLERANCE)).toBe(0)
    expect(allowedMismatches(4, quarter)).toBe(1)
    expect(allowedMismatches(3, quarter)).toBe(0)
    expect(reproduces([1, 0, 1, 1], [1, 1, 1, 1], quarter)).toBe(true)
    expect(reproduces([1, 0, 1, 1], [1, 1, 1, 1], EXACT_TOLERANCE)).toBe(false)
    expect(reproduces([1, 0, 0, 1], [1, 1, 1, 1], quarter)).toBe(false)
    expect(reproduces([0.5], [0.5 + 1e-12], quarter)).toBe(true)
    expect(reproduces([0.5], [0.5 + 1e-12], EXACT_TOLERANCE)).toBe(false)
  })

  it('is exact for simulators and forgiving for real endpoints', () => {
    expect(toleranceFor({ simulated: true })).toBe(EXACT_TOLERANCE)
    expect(toleranceFor({ simulated: false })).toBe(REAL_MODEL_TOLERANCE)
    expect(toleranceFor({ simulated: false }, quarter)).toBe(quarter)
  })

  it('rejects out-of-range settings, naming the field', () => {
    expect(() => checkTolerance({ epsilon: -1, maxMismatchFraction: 0 })).toThrow(/tolerance.epsilon/)
    expect(() => checkTolerance({ epsilon: 0, maxMismatchFraction: 1 })).toThrow(/tolerance.maxMismatchFraction/)
    expect(() => checkTolerance({ epsilon: 0, maxMismatchFraction: Number.NaN })).toThrow(AuditConfigError)
  })
})

describe('contestVerdict', () => {
  const claimed = [1, 1, 1, 1]
  const expected = [0, 1, 0, 1]
  it('proves only what re-execution reproduces from the accuser', () => {
    expect(contestVerdict(claimed, expected, [0, 1, 0, 1], EXACT_TOLERANCE)).toEqual({ verdict: 'proven', reason: 'accuser-reproduced' })
    expect(contestVerdict(claimed, expected, [1, 1, 1, 1], EXACT_TOLERANCE)).toEqual({ verdict: 'refuted', reason: 'evaluation-reproduced' })
    expect(contestVerdict(claimed, expected, [0, 0, 0, 0], EXACT_TOLERANCE)).toEqual({ verdict: 'undecided', reason: 'neither-reproduced' })
    // Half right for each side: a third value under an exact model.
    expect(contestVerdict(claimed, expected, [0, 1, 1, 1], EXACT_TOLERANCE)).toEqual({ verdict: 'undecided', reason: 'neither-reproduced' })
  })

  it('with a tolerance: a drifted item does not change the verdict, and a small disagreement bans nobody', () => {
    expect(contestVerdict(claimed, expected, [0, 1, 0, 0], quarter)).toMatchObject({ verdict: 'proven' })
    expect(contestVerdict(claimed, expected, [1, 1, 1, 0], quarter)).toMatchObject({ verdict: 'refuted' })
    expect(contestVerdict([1, 1, 1, 1], [0, 1, 1, 1], [1, 1, 1, 1], quarter)).toEqual({ verdict: 'undecided', reason: 'both-reproduced' })
  })
})

describe('AuditSecret', () => {
  const key = (s: string): Uint8Array => new TextEncoder().encode(s.padEnd(32, '#'))
  it('draws the same for the same secret and record, differently for another secret', () => {
    const a = new AuditSecret(key('a'))
    const again = new AuditSecret(key('a'))
    const b = new AuditSecret(key('b'))
    const ids = Array.from({ length: 2000 }, (_, i) => `evaluation-${i}`)
    const picks = (s: AuditSecret): boolean[] => ids.map(id => s.unit('audit', id) < 0.2)
    const byA = picks(a)
    const byB = picks(b)
    expect(picks(again)).toEqual(byA)
    const share = byA.filter(Boolean).length / ids.length
    expect(share).toBeGreaterThan(0.17)
    expect(share).toBeLessThan(0.23)
    const overlap = ids.filter((_, i) => byA[i] === true && byB[i] === true).length / ids.length
    // Independent draws overlap on about 0.2 * 0.2 of the records.
    expect(overlap).toBeLessThan(0.07)
  })

  it('samples distinct increasing positions, all of them when asked for more', () => {
    const s = new AuditSecret(key('sample'))
    const picked = s.sample(20, 8, 'items', 'x')
    expect(picked).toHaveLength(8)
    expect(picked).toEqual([...new Set(picked)].sort((x, y) => x - y))
    expect(picked.every(i => i >= 0 && i < 20)).toBe(true)
    expect(s.sample(20, 8, 'items', 'x')).toEqual(picked)
    expect(s.sample(5, 8, 'items', 'x')).toEqual([0, 1, 2, 3, 4])
    // Every position gets picked by some key: no position is safe from audits.
    const seen = new Set<number>()
    for (let k = 0; k < 200; k++) for (const i of s.sample(20, 2, 'items', String(k))) seen.add(i)
    expect(seen.size).toBe(20)
  })

  it('refuses a short secret', () => {
    expect(() => new AuditSecret(new Uint8Array(16))).toThrow(/at least 32 bytes/)
  })
})

describe('OutcomeCache', () => {
  it('shares one run per key, forgets failures and evicts the least recently used', async () => {
    const cache = new OutcomeCache(2)
    let runs = 0
    const run = (x: number) => async (): Promise<number> => { runs++; return x }
    expect(await cache.getOrRun('a', run(1)).outcome).toBe(1)
    expect(cache.getOrRun('a', run(9)).reused).toBe(true)
    await cache.getOrRun('b', run(2)).outcome
    cache.getOrRun('a', run(9)) // a is now the most recent
    await cache.getOrRun('c', run(3)).outcome
    expect(cache.getOrRun('a', run(9)).reused).toBe(true)
    expect(cache.getOrRun('b', run(5)).reused).toBe(false)
    const failing = cache.getOrRun('d', async () => { throw new Error('endpoint down') })
    await expect(failing.outcome).rejects.toThrow('endpoint down')
    expect(cache.getOrRun('d', run(4)).reused).toBe(false)
    expect(runs).toBe(5)
  })
})

describe('mismatchAccusation', () => {
  it('refuses accusations openRecord would reject', async () => {
    const swarm = new AuditSwarm(1)
    const { children } = await swarm.family(math, 1)
    const evaluation = await swarm.evaluate(0, (children[0] as VerifiedRecord).idHex)
    const r = evaluation.record
    const other = (i: number): number => 1 - (r.outcomes[i] as number)
    const base = (i: number): number => r.baseline[i] as number
    expect(() => mismatchAccusation(evaluation, [], [], [])).toThrow(/at least one item/)
    expect(() => mismatchAccusation(evaluation, [2, 1], [other(2), other(1)], [base(2), base(1)])).toThrow(/strictly increasing/)
    expect(() => mismatchAccusation(evaluation, [8], [0], [0])).toThrow(/not an item position/)
    expect(() => mismatchAccusation(evaluation, [1], [other(1)], [])).toThrow(/baseline/)
    expect(() => mismatchAccusation(evaluation, [1], [r.outcomes[1] as number], [base(1)])).toThrow(/nothing to accuse/)
    const body = mismatchAccusation(evaluation, [1, 4], [other(1), r.outcomes[4] as number], [base(1), base(4)])
    const ev = body.evidence
    expect(ev.kind === 'evaluation-mismatch' && openRecord(ev.evaluation, SWARM).ok).toBe(true)
    expect(ev.kind === 'evaluation-mismatch' && ev.expected).toEqual([other(1), r.outcomes[4]])
  })
})

describe('options', () => {
  it('reject bad values with a typed error naming the option', () => {
    const swarm = new AuditSwarm(0)
    const reExecutor = new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model })
    expect(() => new Auditor({ reExecutor, auditRate: 1.5 })).toThrow(/auditRate/)
    expect(() => new Auditor({ reExecutor, auditRate: Number.NaN })).toThrow(AuditConfigError)
    expect(() => new Auditor({ reExecutor, auditRate: 0.1, sampleSize: 0 })).toThrow(/sampleSize/)
    expect(() => new ReExecutor({ records: swarm.observer, tasks: TASKS, models: [] })).toThrow(/models/)
    expect(() => new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model, concurrency: 0 })).toThrow(/concurrency/)
    expect(() => new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model, realTolerance: { epsilon: 0, maxMismatchFraction: 2 } })).toThrow(/realTolerance.maxMismatchFraction/)
    expect(() => new ReExecutionJudge({ swarm: SWARM, reExecutor, maxItems: 0 })).toThrow(/maxItems/)
  })
})

describe('transient failures', () => {
  it('a spent model budget makes audits and verdicts wait, never accuse; both go through once calls are allowed', async () => {
    const swarm = new AuditSwarm(2)
    const { children } = await swarm.family(math, 1)
    const child = (children[0] as VerifiedRecord).idHex
    await swarm.evaluate(0, child)
    const lie = await swarm.evaluate(1, child, inflate)

    const budget = new ModelBudget({ maxCalls: 0 })
    const broke = new Auditor({ reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model, budget }), auditRate: 1 })
    const outcome = await broke.consider(lie)
    expect(outcome).toMatchObject({ kind: 'inconclusive', reason: 'execution-error', retryable: true })
    expect(outcome.kind === 'inconclusive' && outcome.detail).toMatch(/budget-exhausted/)

    const auditor = new Auditor({ reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model }), auditRate: 1 })
    const found = await auditor.consider(lie)
    if (found.kind !== 'mismatch') throw new Error(`expected a mismatch, got ${found.kind}`)
    const accusation = await swarm.peers[0]!.publish<AccusationRecord>(found.accusation)
    swarm.replicate(accusation)

    // A judge whose budget allows no calls: undecided, retried when asked, never final.
    let verdicts = 0
    const judge = new ReExecutionJudge({
      swarm: SWARM,
      reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model, budget: new ModelBudget({ maxCalls: 0 }) }),
      onVerdict: () => { verdicts++; throw new Error('a failing callback must not stop the judge') }
    })
    const view = new ArchiveView({ ...VIEW, judge })
    for (const r of swarm.records) view.add(r)
    await judge.settled()
    expect(judge.decision(accusation.idHex)).toBeUndefined()
    expect(judge.lastFailureOf(accusation.idHex)).toMatch(/budget/)
    expect(view.banned()).toEqual([])

    // A judge with calls to spend reaches the verdict; its throwing callback is counted, not fatal.
    const funded = new ReExecutionJudge({
      swarm: SWARM,
      reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model }),
      onVerdict: () => { verdicts++; throw new Error('a failing callback must not stop the judge') }
    })
    expect(funded.judge(accusation )).toBe('undecided')
    await funded.settled()
    expect(funded.judge(accusation )).toBe('proven')
    expect(funded.stats).toMatchObject({ proven: 1, callbackErrors: 1 })
    expect(verdicts).toBe(1)
  })

  it('judges at most maxItems contested positions, the first ones', async () => {
    const swarm = new AuditSwarm(2)
    const { children } = await swarm.family(math, 4)
    // The first child whose judged prefix holds a lie (an item the inflating liar turned from 0 to 1).
    const reExecutor = new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model })
    let lie: VerifiedRecord<EvaluationRecord> | undefined
    let truth: Awaited<ReturnType<ReExecutor['reExecute']>> | undefined
    for (const child of children) {
      lie = await swarm.evaluate(1, child.idHex, inflate)
      truth = await reExecutor.reExecute(lie.record)
      if (truth.status === 'done' && truth.outcomes.slice(0, 3).includes(0)) break
    }
    if (lie === undefined || truth?.status !== 'done') throw new Error('no child re-executed')
    const all = truth.outcomes.map((_, i) => i)
    const accusation = await swarm.peers[0]!.publish<AccusationRecord>(mismatchAccusation(lie, all, truth.outcomes, truth.baseline))
    const judge = new ReExecutionJudge({ swarm: SWARM, reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model, cacheSize: 0 }), maxItems: 3 })
    judge.judge(accusation )
    await judge.settled()
    // 3 items and their baselines.
    expect(judge.stats.modelCalls).toBe(6)
    const firstThree = truth.outcomes.slice(0, 3)
    expect(firstThree).toContain(0)
    expect(judge.decision(accusation.idHex)?.verdict).toBe('proven')
  })
})
