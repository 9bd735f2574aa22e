/**
 * Generated swarms for the order-independence property: a fast-check arbitrary for a "plan"
 * (who proposes what, who evaluates what, who equivocates, who accuses) and a builder that turns
 * a plan into signed records with keys from fixed seeds.
 */
import fc from 'fast-check'
import {
  equivocationProof,
  signRecord,
  type AccusationRecord,
  type AggregatorSpec,
  type EvaluationRecord,
  type EvidenceJudge,
  type VerifiedRecord
} from '../src/index.js'
import { candidate, evaluation, hello, makeAuthors, mismatch, SWARM, type Author } from './fixtures.js'

export const AUTHORS = 6

export interface CandidatePlan {
  readonly author: number
  readonly role: 'task' | 'optimizer'
  readonly task: 'add' | 'sum'
  /** Index of an earlier candidate, -1 for a seed, -2 for a parent nobody has (an orphan). */
  readonly parent: number
  /** Index of an earlier candidate to name as optimizer, or -1. */
  readonly optimizer: number
}

export interface EvaluationPlan {
  readonly evaluator: number
  readonly target: number
  /** Outcomes on a k/4 grid, so scores tie often (ties are where orderings hide). */
  readonly outcomes: readonly number[]
}

export interface SwarmPlan {
  readonly aggregator: AggregatorSpec
  readonly quorum: number
  readonly tolerance: number
  readonly countSelfEvaluations: boolean
  readonly candidates: readonly CandidatePlan[]
  readonly evaluations: readonly EvaluationPlan[]
  /** An author that signs two different evaluations with one seq (a double vote), and whether another author publishes the proof. */
  readonly equivocator: { readonly author: number, readonly target: number, readonly accusedBy: number } | null
  /** Evaluation-mismatch accusations: accuser and the index of the accused evaluation. */
  readonly mismatches: ReadonlyArray<{ readonly accuser: number, readonly evaluation: number }>
}

export const aggregatorArb: fc.Arbitrary<AggregatorSpec> = fc.constantFrom<AggregatorSpec>(
  { kind: 'mean' },
  { kind: 'median' },
  { kind: 'trimmed-mean', trim: 0.2 },
  { kind: 'winsorized-mean', trim: 0.25 },
  { kind: 'reputation-median' },
  { kind: 'consensus-clipping', kappa: 0.5 },
  { kind: 'consensus-clipping', kappa: 0.3 }
)

const author = fc.integer({ min: 0, max: AUTHORS - 1 })
const outcome = fc.integer({ min: 0, max: 4 }).map(k => k / 4)

export const swarmPlanArb: fc.Arbitrary<SwarmPlan> = fc.integer({ min: 2, max: 10 }).chain(n => fc.record({
  aggregator: aggregatorArb,
  quorum: fc.integer({ min: 1, max: 3 }),
  tolerance: fc.constantFrom(0, 0.05, 0.25),
  countSelfEvaluations: fc.boolean(),
  // Candidate 0 is always an optimizer seed that later candidates often name, so fitness gets samples.
  candidates: fc.tuple(...Array.from({ length: n }, (_, i) => i === 0 ? fc.record({ author, role: fc.constant('optimizer' as const), task: fc.constant('add' as const), parent: fc.constant(-1), optimizer: fc.constant(-1) }) : fc.record({
    author,
    role: fc.oneof({ weight: 4, arbitrary: fc.constant('task' as const) }, { weight: 1, arbitrary: fc.constant('optimizer' as const) }),
    task: fc.oneof({ weight: 5, arbitrary: fc.constant('add' as const) }, { weight: 1, arbitrary: fc.constant('sum' as const) }),
    parent: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(-1, -2) }, { weight: i === 0 ? 0 : 4, arbitrary: fc.integer({ min: 0, max: Math.max(0, i - 1) }) }),
    optimizer: fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: 0, max: i - 1 }))
  }))),
  evaluations: fc.array(fc.record({
    evaluator: author,
    target: fc.integer({ min: 0, max: n - 1 }),
    outcomes: fc.array(outcome, { minLength: 1, maxLength: 3 })
  }), { minLength: n, maxLength: 5 * n, size: 'max' }),
  equivocator: fc.option(fc.record({ author, target: fc.integer({ min: 0, max: n - 1 }), accusedBy: fc.integer({ min: -1, max: AUTHORS - 1 }) }), { nil: null, freq: 2 }),
  mismatches: fc.array(fc.record({ accuser: author, evaluation: fc.nat() }), { maxLength: 2 })
}))

/**
 * A deterministic stand-in for re-execution (a pure function of the accusation, as `EvidenceJudge`
 * requires): the first byte of the accusation id picks proven, refuted or undecided.
 */
export const planJudge: EvidenceJudge = {
  judge (accusation: VerifiedRecord<AccusationRecord>) {
    const k = (accusation.id[0] as number) % 3
    return k === 0 ? 'proven' : k === 1 ? 'refuted' : 'undecided'
  }
}

/** Signs the plan's records, in plan order. Every author's seq counter starts at 0. */
export function buildSwarm (plan: SwarmPlan): VerifiedRecord[] {
  const authors: Author[] = makeAuthors(AUTHORS, 100)
  const out: VerifiedRecord[] = authors.slice(0, 3).map(a => hello(a))
  const cands: VerifiedRecord[] = []
  for (const c of plan.candidates) {
    const a = authors[c.author] as Author
    const parent = c.parent >= 0 ? cands[c.parent] : c.parent === -2 ? hello(authors[0] as Author, { seq: 10_000 + cands.length }) : null
    const optimizer = c.optimizer >= 0 ? cands[c.optimizer] : null
    const rec = candidate(a, { role: c.role, task: c.task, parent: parent ?? null, optimizer: optimizer ?? null, text: `prompt ${cands.length}` })
    cands.push(rec)
    out.push(rec)
  }
  const evals: Array<VerifiedRecord<EvaluationRecord>> = []
  for (const e of plan.evaluations) {
    const rec = evaluation(authors[e.evaluator] as Author, cands[e.target] as VerifiedRecord, e.outcomes)
    evals.push(rec)
    out.push(rec)
  }
  if (plan.equivocator !== null) {
    const a = authors[plan.equivocator.author] as Author
    const target = cands[plan.equivocator.target] as VerifiedRecord
    const seq = a.seq++
    const first = evaluation(a, target, [1], { seq })
    const second = evaluation(a, target, [0], { seq })
    out.push(first, second)
    if (plan.equivocator.accusedBy >= 0) {
      const accuser = authors[plan.equivocator.accusedBy] as Author
      out.push(signRecord(equivocationProof(first, second, { author: accuser.key, seq: accuser.seq++, time: 1 }), accuser.signer, SWARM))
    }
  }
  for (const m of plan.mismatches) {
    if (evals.length === 0) break
    const accused = evals[m.evaluation % evals.length] as VerifiedRecord<EvaluationRecord>
    const first = accused.record.outcomes[0] as number
    out.push(mismatch(authors[m.accuser] as Author, accused, [0], [first === 1 ? 0 : 1]))
  }
  return out
}
