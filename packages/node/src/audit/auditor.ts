import { type AccusationRecord, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import type { RecordBody } from '../evolution/ledger.js'
import { mismatchAccusation } from './accusation.js'
import { AuditSecret } from './audit-secret.js'
import { claimedValues, joinValues } from './contested-values.js'
import { AuditConfigError } from './errors.js'
import type { InconclusiveReason, ReExecutor } from './re-executor.js'
import { allowedMismatches, differingPositions, type Tolerance } from './tolerance.js'

export interface AuditorOptions {
  readonly reExecutor: ReExecutor
  /** The auditing peer's own key (hex): its own evaluations are never audited. */
  readonly self?: string
  /** Share of others' evaluations audited, in [0, 1]. */
  readonly auditRate: number
  /** Items re-run per audited evaluation (default 8): all of them for small minibatches. */
  readonly sampleSize?: number
  /** The private randomness (default: a fresh random secret). Give one only for reproducible experiments. */
  readonly secret?: AuditSecret
}

export type AuditOutcome =
  | { readonly kind: 'skipped', readonly evaluation: string, readonly reason: 'own' | 'not-drawn' | 'already-audited' | 'not-comparable' }
  | { readonly kind: 'consistent', readonly evaluation: string, readonly indices: readonly number[], readonly calls: number }
  | {
    readonly kind: 'mismatch'
    readonly evaluation: string
    readonly accused: string
    readonly indices: readonly number[]
    /** Re-run values that differ from the claims: outcomes, and baseline outcomes. */
    readonly differing: { readonly outcomes: number, readonly baseline: number }
    /** The accusation to publish (the caller signs it). */
    readonly accusation: RecordBody<AccusationRecord>
    readonly calls: number
  }
  | {
    readonly kind: 'inconclusive'
    readonly evaluation: string
    readonly reason: InconclusiveReason
    readonly detail: string
    readonly retryable: boolean
    readonly calls: number
  }

export interface AuditStats {
  /** Evaluations offered to `consider`. */
  considered: number
  audited: number
  consistent: number
  mismatches: number
  inconclusive: number
  /** Item positions re-run (each with its baseline when the evaluation has one). */
  itemsReExecuted: number
  /** Model calls the audits made (the cost of auditing). */
  modelCalls: number
  /** Evaluations compared with this peer's own on the same items (no model calls), and the mismatches among them. */
  crossChecked: number
  crossCheckMismatches: number
}

/**
 * Audits a random share of other peers' evaluations: re-runs a sample of their items and, when the
 * outcomes or baselines disagree beyond the tolerance of the evaluation's model, builds an
 * accusation for the caller to publish. An audit that cannot re-run an item accuses nobody.
 * `crossCheck` compares a fellow committee member's evaluation with this peer's own instead,
 * without re-running anything. Each evaluation is accused at most once by either path.
 */
export class Auditor {
  readonly stats: AuditStats = { considered: 0, audited: 0, consistent: 0, mismatches: 0, inconclusive: 0, itemsReExecuted: 0, modelCalls: 0, crossChecked: 0, crossCheckMismatches: 0 }
  private readonly reExecutor: ReExecutor
  private readonly self: string | undefined
  private readonly auditRate: number
  private readonly sampleSize: number
  private readonly secret: AuditSecret
  /** Evaluations audited or being audited: each is audited at most once. */
  private readonly seen = new Set<string>()
  /** Evaluations this auditor built an accusation against (by audit or cross-check): accused once. */
  private readonly accused = new Set<string>()
  private readonly crossChecked = new Set<string>()

  constructor (options: AuditorOptions) {
    if (!(options.auditRate >= 0 && options.auditRate <= 1)) throw new AuditConfigError('auditRate', `must be in [0, 1], got ${String(options.auditRate)}`)
    const sampleSize = options.sampleSize ?? 8
    if (!Number.isSafeInteger(sampleSize) || sampleSize < 1) throw new AuditConfigError('sampleSize', `must be a positive integer, got ${String(options.sampleSize)}`)
    this.reExecutor = options.reExecutor
    this.self = options.self
    this.auditRate = options.auditRate
    this.sampleSize = sampleSize
    this.secret = options.secret ?? new AuditSecret()
  }

  /** Whether this auditor's secret draw picks the evaluation (the same answer every time). */
  selects (evaluation: VerifiedRecord<EvaluationRecord>): boolean {
    return this.secret.unit('audit', evaluation.idHex) < this.auditRate
  }

  /** The item positions an audit of this evaluation re-runs, increasing. */
  sampleOf (evaluation: VerifiedRecord<EvaluationRecord>): number[] {
    return this.secret.sample(evaluation.record.items.length, this.sampleSize, 'items', evaluation.idHex)
  }

  /** Audits the evaluation if the secret draw picks it, and it is neither this peer's own nor audited before. */
  async consider (evaluation: VerifiedRecord<EvaluationRecord>): Promise<AuditOutcome> {
    this.stats.considered++
    const id = evaluation.idHex
    if (evaluation.authorHex === this.self) return { kind: 'skipped', evaluation: id, reason: 'own' }
    if (this.seen.has(id) || this.accused.has(id)) return { kind: 'skipped', evaluation: id, reason: 'already-audited' }
    if (!this.selects(evaluation)) return { kind: 'skipped', evaluation: id, reason: 'not-drawn' }
    return await this.audit(evaluation)
  }

  /** Audits the evaluation now, whatever the draw. */
  async audit (evaluation: VerifiedRecord<EvaluationRecord>): Promise<AuditOutcome> {
    const id = evaluation.idHex
    const r = evaluation.record
    this.seen.add(id)
    this.stats.audited++
    const indices = this.sampleOf(evaluation)
    const run = await this.reExecutor.reExecute(r, indices)
    this.stats.modelCalls += run.calls
    if (run.status === 'inconclusive') {
      this.stats.inconclusive++
      // A record still in transit or a failing endpoint: the evaluation may be audited again later.
      if (run.retryable) this.seen.delete(id)
      return { kind: 'inconclusive', evaluation: id, reason: run.reason, detail: run.detail, retryable: run.retryable, calls: run.calls }
    }
    this.stats.itemsReExecuted += indices.length
    const tolerance = this.reExecutor.toleranceFor(r.model)
    if (tolerance === undefined) throw new Error(`re-executed with model ${r.model}, which the re-executor does not have`)
    const outcome = compare(evaluation, indices, run, tolerance, run.calls)
    if (outcome.kind === 'consistent') this.stats.consistent++
    else {
      this.stats.mismatches++
      this.accused.add(id)
    }
    return outcome
  }

  /**
   * Compares another committee member's evaluation with this peer's own evaluation of the same
   * candidate on the same items (shared minibatches make them comparable): no model call, every
   * position. A difference beyond the tolerance of the evaluation's model becomes an accusation
   * whose evidence is this peer's own values, which judges re-execute like an audit's. Evaluations
   * on other items, with another model or with another baseline shape are `not-comparable`.
   */
  crossCheck (evaluation: VerifiedRecord<EvaluationRecord>, own: EvaluationRecord): AuditOutcome {
    const id = evaluation.idHex
    const r = evaluation.record
    if (evaluation.authorHex === this.self) return { kind: 'skipped', evaluation: id, reason: 'own' }
    if (this.accused.has(id) || this.crossChecked.has(id)) return { kind: 'skipped', evaluation: id, reason: 'already-audited' }
    const tolerance = this.reExecutor.toleranceFor(r.model)
    if (tolerance === undefined || !comparable(r, own)) return { kind: 'skipped', evaluation: id, reason: 'not-comparable' }
    this.crossChecked.add(id)
    this.stats.crossChecked++
    const outcome = compare(evaluation, r.items.map((_, i) => i), own, tolerance, 0)
    if (outcome.kind === 'mismatch') {
      this.stats.crossCheckMismatches++
      this.accused.add(id)
    }
    return outcome
  }
}

/**
 * Compares an evaluation's values at `indices` with `expected` (a re-run, or this peer's own
 * evaluation on the same items) under `tolerance`. A mismatch carries the accusation to publish:
 * every compared position goes in, agreeing ones too, so that the judge counts the same values
 * against the same tolerance.
 */
function compare (
  evaluation: VerifiedRecord<EvaluationRecord>,
  indices: readonly number[],
  expected: { readonly outcomes: readonly number[], readonly baseline: readonly number[] },
  tolerance: Tolerance,
  calls: number
): Extract<AuditOutcome, { kind: 'consistent' | 'mismatch' }> {
  const r = evaluation.record
  const withBaseline = r.baseline.length > 0
  const claimed = claimedValues(r, indices, withBaseline)
  const differing = differingPositions(claimed, joinValues(expected.outcomes, expected.baseline, withBaseline), tolerance.epsilon)
  if (differing.length <= allowedMismatches(claimed.length, tolerance)) return { kind: 'consistent', evaluation: evaluation.idHex, indices, calls }
  const outcomesDiffering = differing.filter(p => p < indices.length).length
  return {
    kind: 'mismatch',
    evaluation: evaluation.idHex,
    accused: evaluation.authorHex,
    indices,
    differing: { outcomes: outcomesDiffering, baseline: differing.length - outcomesDiffering },
    accusation: mismatchAccusation(evaluation, indices, expected.outcomes, withBaseline ? expected.baseline : []),
    calls
  }
}

/** Two evaluations of one candidate on the same items, with the same model and baseline shape. */
function comparable (a: EvaluationRecord, b: EvaluationRecord): boolean {
  return a.model === b.model &&
    a.items.length === b.items.length && a.items.every((item, i) => item === b.items[i]) &&
    a.baseline.length === b.baseline.length && b.outcomes.length === a.items.length &&
    a.candidate.length === b.candidate.length && a.candidate.every((byte, i) => byte === b.candidate[i])
}
