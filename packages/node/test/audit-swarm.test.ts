import { describe, expect, it } from 'vitest'
import {
  ArchiveView, encodeSigned, openRecord,
  type AccusationRecord, type EvaluationRecord, type VerifiedRecord
} from '@promptswarm/protocol'
import { Auditor, AuditSecret, mismatchAccusation, ReExecutionJudge, ReExecutor, type AuditOutcome } from '../src/audit/index.js'
import type { LocalLedger } from '../src/evolution/ledger.js'
import { allTasks } from '../src/tasks/index.js'
import type { Task } from '../src/tasks/task.js'
import { AuditSwarm, deflate, deflateBaseline, gpqa, inflate, ledger, math, SWARM, TASKS, VIEW, withOutcomes } from './audit-fixtures.js'

const secret = (name: string): AuditSecret => new AuditSecret(new TextEncoder().encode(`audit-secret/${name}`.padEnd(32, '.')))

function reExecutorOver (swarm: AuditSwarm, records: { get: ArchiveView['get'] } = swarm.observer): ReExecutor {
  return new ReExecutor({ records, tasks: TASKS, models: swarm.model })
}

/** A view with a re-execution judge that rejudges whenever a verdict comes in, as a peer does. */
function judgedView (swarm: AuditSwarm): { view: ArchiveView, judge: ReExecutionJudge } {
  let view: ArchiveView | undefined
  const judge = new ReExecutionJudge({
    swarm: SWARM,
    reExecutor: new ReExecutor({ records: { get: id => view?.get(id) }, tasks: TASKS, models: swarm.model }),
    onVerdict: () => view?.rejudge()
  })
  view = new ArchiveView({ ...VIEW, judge })
  return { view, judge }
}

async function publishAccusation (by: LocalLedger, outcome: AuditOutcome, swarm: AuditSwarm): Promise<VerifiedRecord<AccusationRecord>> {
  if (outcome.kind !== 'mismatch') throw new Error(`expected a mismatch, got ${outcome.kind}`)
  const signed = await by.publish<AccusationRecord>(outcome.accusation)
  swarm.replicate(signed)
  return signed
}

describe('auditing honest evaluations (synthetic model, math and gpqa)', () => {
  it('never accuses: 200 honest evaluations audited at rate 1 give 200 consistent audits', async () => {
    const swarm = new AuditSwarm(8)
    const families = [await swarm.family(math, 12), await swarm.family(gpqa, 11)]
    const evaluations: Array<VerifiedRecord<EvaluationRecord>> = []
    for (const { seed, children } of families) {
      for (const candidate of [seed, ...children]) {
        for (let p = 0; p < 8; p++) evaluations.push(await swarm.evaluate(p, candidate.idHex))
      }
    }
    expect(evaluations).toHaveLength(200)
    expect(evaluations.filter(e => e.record.baseline.length > 0)).toHaveLength(23 * 8)

    // An auditor outside the committee: every evaluation is someone else's.
    const auditor = new Auditor({ reExecutor: reExecutorOver(swarm), auditRate: 1, secret: secret('honest') })
    const outcomes = await Promise.all(evaluations.map(async e => await auditor.consider(e)))
    expect(outcomes.map(o => o.kind)).toEqual(evaluations.map(() => 'consistent'))
    expect(auditor.stats).toMatchObject({ considered: 200, audited: 200, consistent: 200, mismatches: 0, inconclusive: 0, itemsReExecuted: 200 * 8 })
    // Each (prompt, item) pair runs once: a seed's baseline on an item two children share is reused.
    const pairs = new Set<string>()
    for (const e of evaluations) {
      const candidate = swarm.observer.candidate(toHexKey(e.record.candidate))
      for (const item of e.record.items) {
        pairs.add(`${candidate?.id ?? ''}/${item}`)
        if (e.record.baseline.length > 0) pairs.add(`${candidate?.parent ?? ''}/${item}`)
      }
    }
    expect(auditor.stats.modelCalls).toBe(pairs.size)
    expect(pairs.size).toBeLessThan(200 * 8 + 23 * 8 * 8)
  })

  it('re-executes with repeats 1 and counts the model calls: 8 items and their baseline cost 16 calls without reuse', async () => {
    const swarm = new AuditSwarm(1)
    const { children } = await swarm.family(math, 1)
    const evaluation = await swarm.evaluate(0, (children[0] as VerifiedRecord).idHex)
    const run = await reExecutorOver(swarm).reExecute(evaluation.record)
    expect(run).toMatchObject({ status: 'done', calls: 16, reused: 0, outcomes: evaluation.record.outcomes, baseline: evaluation.record.baseline })
    const subset = await reExecutorOver(swarm).reExecute(evaluation.record, [1, 5], { baseline: false })
    expect(subset).toMatchObject({ status: 'done', calls: 2, indices: [1, 5], baseline: [] })
    if (subset.status === 'done') expect(subset.outcomes).toEqual([evaluation.record.outcomes[1], evaluation.record.outcomes[5]])
  })

  it('skips its own evaluations and, at rate 0, everything', async () => {
    const swarm = new AuditSwarm(2)
    const { seed } = await swarm.family(math, 0)
    const own = await swarm.evaluate(0, seed.idHex)
    const other = await swarm.evaluate(1, seed.idHex)
    const auditor = new Auditor({ reExecutor: reExecutorOver(swarm), self: own.authorHex, auditRate: 1, secret: secret('self') })
    expect(await auditor.consider(own)).toMatchObject({ kind: 'skipped', reason: 'own' })
    expect(await auditor.consider(other)).toMatchObject({ kind: 'consistent' })
    expect(await auditor.consider(other)).toMatchObject({ kind: 'skipped', reason: 'already-audited' })
    const idle = new Auditor({ reExecutor: reExecutorOver(swarm), auditRate: 0, secret: secret('self') })
    expect(await idle.consider(other)).toMatchObject({ kind: 'skipped', reason: 'not-drawn' })
    expect(idle.stats.modelCalls).toBe(0)
  })
})

describe('lying evaluators are accused, proven and banned', () => {
  it('catches an inflating, a deflating and a baseline-deflating liar; a judging view bans all three after rejudge', async () => {
    const swarm = new AuditSwarm(8)
    const { seed, children } = await swarm.family(math, 4)
    const tampers = [undefined, undefined, undefined, undefined, undefined, inflate, deflate, deflateBaseline]
    for (const candidate of [seed, ...children]) {
      for (let p = 0; p < 8; p++) await swarm.evaluate(p, candidate.idHex, tampers[p])
    }
    const byPeer = (p: number): Array<VerifiedRecord<EvaluationRecord>> => swarm.records.filter((r): r is VerifiedRecord<EvaluationRecord> =>
      r.record.kind === 'evaluation' && r.authorHex === toAuthor(swarm, p))
    // The lies must change something for the test to mean anything: honest outcomes hold both values.
    const honest = byPeer(0).flatMap(e => [...e.record.outcomes, ...e.record.baseline])
    expect(honest).toContain(0)
    expect(honest).toContain(1)

    const accuser = swarm.peers[0] as LocalLedger
    const auditor = new Auditor({ reExecutor: reExecutorOver(swarm), self: toAuthor(swarm, 0), auditRate: 1, secret: secret('liars') })
    const accusations: Array<VerifiedRecord<AccusationRecord>> = []
    for (let p = 1; p < 8; p++) {
      for (const evaluation of byPeer(p)) {
        const outcome = await auditor.consider(evaluation)
        if (p < 5) expect(outcome.kind).toBe('consistent')
        else if (outcome.kind === 'mismatch') accusations.push(await publishAccusation(accuser, outcome, swarm))
      }
    }
    const accused = new Set(accusations.map(a => toHexKey(a.record.accused)))
    expect([...accused].sort()).toEqual([5, 6, 7].map(p => toAuthor(swarm, p)).sort())
    expect(auditor.stats.inconclusive).toBe(0)
    // Each accusation opens like any record from the network: authentic evidence that contradicts the evaluation.
    for (const a of accusations) {
      const opened = openRecord(encodeSigned(a), SWARM)
      expect(opened.ok).toBe(true)
      expect(a.record.evidence.kind === 'evaluation-mismatch' && a.record.evidence.indices).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    }
    const baselineAccusations = accusations.filter(a => toHexKey(a.record.accused) === toAuthor(swarm, 7))
    for (const a of baselineAccusations) {
      const ev = a.record.evidence
      expect(ev.kind === 'evaluation-mismatch' && ev.expectedBaseline.length).toBe(8)
    }

    const { view, judge } = judgedView(swarm)
    for (const r of swarm.records) view.add(r)
    expect(view.banned()).toEqual([])
    expect(view.accusationViews().every(a => a.verdict === 'undecided')).toBe(true)
    await judge.settled()
    expect(view.banned()).toEqual([5, 6, 7].map(p => ({ author: toAuthor(swarm, p), reasons: ['accusation'] })).sort((a, b) => a.author < b.author ? -1 : 1))
    expect(view.accusationViews().every(a => a.verdict === 'proven')).toBe(true)
    for (const a of accusations) expect(judge.decision(a.idHex)).toMatchObject({ verdict: 'proven', reason: 'accuser-reproduced' })
    expect(judge.stats).toMatchObject({ proven: accusations.length, refuted: 0, inconclusive: 0 })
    // The liars' evaluations no longer count; the observer, which has no judge, still counts them.
    for (const child of children) {
      expect(view.candidate(child.idHex)?.evaluations).toBe(5)
      expect(swarm.observer.candidate(child.idHex)?.evaluations).toBe(8)
    }
  })

  it('refutes a false accusation of an honest evaluator and bans its author', async () => {
    const swarm = new AuditSwarm(3)
    const { children } = await swarm.family(gpqa, 2)
    const child = (children[1] as VerifiedRecord).idHex
    const honest = await swarm.evaluate(0, child)
    await swarm.evaluate(1, child)
    // Peer 2 claims every outcome and baseline value the other way round.
    const r = honest.record
    const flip = (xs: readonly number[]): number[] => xs.map(x => 1 - x)
    const slander = await (swarm.peers[2] as LocalLedger).publish<AccusationRecord>(mismatchAccusation(honest, [0, 3, 6], flip([0, 3, 6].map(i => r.outcomes[i] as number)), flip([0, 3, 6].map(i => r.baseline[i] as number))))
    swarm.replicate(slander)
    expect(openRecord(encodeSigned(slander), SWARM).ok).toBe(true)

    const { view, judge } = judgedView(swarm)
    for (const rec of swarm.records) view.add(rec)
    await judge.settled()
    expect(judge.decision(slander.idHex)).toMatchObject({ verdict: 'refuted', reason: 'evaluation-reproduced' })
    expect(view.banned()).toEqual([{ author: toAuthor(swarm, 2), reasons: ['false-accusation'] }])
    expect(view.isBanned(honest.authorHex)).toBe(false)
  })

  it('leaves a contest undecided, banning nobody, when neither side reproduces (both lied)', async () => {
    const swarm = new AuditSwarm(2)
    const { children } = await swarm.family(math, 3)
    const child = (children[2] as VerifiedRecord).idHex
    const lie = await swarm.evaluate(1, child, inflate)
    const truth = await reExecutorOver(swarm).reExecute(lie.record)
    if (truth.status !== 'done') throw new Error(truth.detail)
    // The accuser's "expected" values are wrong too (everything 0 where the truth has some 1s).
    const zeros = truth.outcomes.map(() => 0)
    expect(truth.outcomes).toContain(1)
    expect(truth.outcomes).toContain(0)
    const wrong = await (swarm.peers[0] as LocalLedger).publish<AccusationRecord>(mismatchAccusation(lie, zeros.map((_, i) => i), zeros, truth.baseline))
    swarm.replicate(wrong)
    const { view, judge } = judgedView(swarm)
    for (const rec of swarm.records) view.add(rec)
    await judge.settled()
    expect(judge.decision(wrong.idHex)).toMatchObject({ verdict: 'undecided', reason: 'neither-reproduced' })
    expect(view.banned()).toEqual([])
    expect(judge.stats.inconclusive).toBe(1)
    // The decision is final: asking again re-executes nothing.
    const runs = judge.stats.reExecutions
    view.rejudge()
    await judge.settled()
    expect(judge.stats.reExecutions).toBe(runs)
  })

  it('gives the same verdicts and views from two independent judges fed in opposite orders', async () => {
    const swarm = new AuditSwarm(4)
    const { seed, children } = await swarm.family(gpqa, 3)
    for (const c of [seed, ...children]) {
      await swarm.evaluate(0, c.idHex)
      await swarm.evaluate(1, c.idHex, inflate)
      await swarm.evaluate(2, c.idHex, deflateBaseline)
      await swarm.evaluate(3, c.idHex)
    }
    const auditor = new Auditor({ reExecutor: reExecutorOver(swarm), self: toAuthor(swarm, 0), auditRate: 1, secret: secret('determinism') })
    for (const r of [...swarm.records]) {
      if (r.record.kind !== 'evaluation') continue
      const outcome = await auditor.consider(r as VerifiedRecord<EvaluationRecord>)
      if (outcome.kind === 'mismatch') await publishAccusation(swarm.peers[0] as LocalLedger, outcome, swarm)
    }
    const honestEvaluation = swarm.records.find(r => r.record.kind === 'evaluation' && r.authorHex === toAuthor(swarm, 3) && r.record.baseline.length > 0) as VerifiedRecord<EvaluationRecord>
    const slander = await (swarm.peers[3] as LocalLedger).publish<AccusationRecord>(mismatchAccusation(honestEvaluation, [2], [1 - (honestEvaluation.record.outcomes[2] as number)], [honestEvaluation.record.baseline[2] as number]))
    swarm.replicate(slander)

    const a = judgedView(swarm)
    const b = judgedView(swarm)
    for (const r of swarm.records) a.view.add(r)
    // Accusations first: their candidates are missing, the judge fails transiently and retries when asked again.
    for (const r of [...swarm.records].reverse()) b.view.add(r)
    b.view.rejudge()
    await Promise.all([a.judge.settled(), b.judge.settled()])
    expect(b.view.accusationViews()).toEqual(a.view.accusationViews())
    const verdicts = a.view.accusationViews().map(v => v.verdict)
    expect(verdicts.length).toBeGreaterThan(2)
    expect(verdicts.filter(v => v === 'refuted')).toHaveLength(1)
    expect(verdicts.filter(v => v === 'proven')).toHaveLength(verdicts.length - 1)
    expect(a.view.banned().map(x => x.author).sort()).toEqual([1, 2, 3].map(p => toAuthor(swarm, p)).sort())
    expect(b.view.digest()).toBe(a.view.digest())
  })
})

describe('audits that cannot re-execute accuse nobody', () => {
  it('is inconclusive for an unknown item, task, model or candidate, and audits the candidate once it arrives', async () => {
    const swarm = new AuditSwarm(2)
    const { seed } = await swarm.family(math, 0)
    const sudoku = allTasks().get('sudoku') as Task
    const sudokuSeed = await swarm.publishCandidate({ kind: 'candidate', role: 'task', task: sudoku.id, text: sudoku.seedPrompt, parent: null, optimizer: null })
    const peer = swarm.peers[1] as LocalLedger
    const fake = async (candidate: Uint8Array, items: string[], model: string): Promise<VerifiedRecord<EvaluationRecord>> => {
      const signed = await peer.publish<EvaluationRecord>(withOutcomes({ kind: 'evaluation', candidate, items, outcomes: [], score: 0, baseline: [], model, usage: { promptTokens: 1, completionTokens: 1 } }, items.map(() => 1), []))
      swarm.replicate(signed)
      return signed
    }
    const unknownItem = await fake(seed.id, [math.splits.train[0]!.id, 'no-such-item'], swarm.model.id)
    const unknownTask = await fake(sudokuSeed.id, [sudoku.splits.train[0]!.id], swarm.model.id)
    const unknownModel = await fake(seed.id, [math.splits.train[0]!.id], 'openai:elsewhere@http://127.0.0.1:1/v1')

    // A candidate this peer has not received yet.
    const late = ledger('late-author')
    const lateCandidate = await late.publish({ kind: 'candidate', role: 'task', task: 'math', text: 'Solve it. Answer: N', parent: null, optimizer: null })
    const early = await fake(lateCandidate.id, [math.splits.train[1]!.id], swarm.model.id)

    const auditor = new Auditor({ reExecutor: reExecutorOver(swarm), auditRate: 1, secret: secret('inconclusive') })
    expect(await auditor.consider(unknownItem)).toMatchObject({ kind: 'inconclusive', reason: 'unknown-item', retryable: false })
    expect(await auditor.consider(unknownTask)).toMatchObject({ kind: 'inconclusive', reason: 'unknown-task', retryable: false })
    expect(await auditor.consider(unknownModel)).toMatchObject({ kind: 'inconclusive', reason: 'unknown-model', retryable: false })
    expect(await auditor.consider(early)).toMatchObject({ kind: 'inconclusive', reason: 'unknown-candidate', retryable: true })
    expect(auditor.stats).toMatchObject({ mismatches: 0, inconclusive: 4, modelCalls: 0 })
    expect(await auditor.consider(unknownItem)).toMatchObject({ kind: 'skipped', reason: 'already-audited' })

    swarm.replicate(lateCandidate)
    const retried = await auditor.consider(early)
    const truth = await reExecutorOver(swarm).reExecute(early.record)
    expect(truth.status).toBe('done')
    expect(retried.kind).toBe(truth.status === 'done' && truth.outcomes[0] === 1 ? 'consistent' : 'mismatch')
    expect(auditor.stats.modelCalls).toBe(1)
  })
})

function toAuthor (swarm: AuditSwarm, p: number): string {
  return toHexKey((swarm.peers[p] as LocalLedger).author)
}

function toHexKey (key: Uint8Array): string {
  return Buffer.from(key).toString('hex')
}
