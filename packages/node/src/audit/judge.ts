import { openRecord, type AccusationRecord, type EvaluationMismatchEvidence, type EvidenceJudge, type Verdict, type VerifiedRecord } from '@promptswarm/protocol'
import { claimedValues, joinValues } from './contested-values.js'
import { AuditConfigError } from './errors.js'
import type { InconclusiveReason, ReExecutor } from './re-executor.js'
import { contestVerdict, type VerdictReason } from './verdict.js'

export interface JudgeDecision {
  readonly verdict: Verdict
  /** A verdict reason, or why the contested items could not be re-executed. */
  readonly reason: VerdictReason | InconclusiveReason | 'bad-evidence'
  readonly detail: string
  /** Model calls spent on this accusation. */
  readonly calls: number
}

export interface ReExecutionJudgeOptions {
  /** The swarm name the embedded evaluations are signed for. */
  readonly swarm: string
  readonly reExecutor: ReExecutor
  /**
   * Called when an accusation is proven or refuted. A peer calls `view.rejudge()` here, so that
   * the view picks the verdict up.
   */
  readonly onVerdict?: (accusationId: string, verdict: 'proven' | 'refuted') => void
  /**
   * Contested positions re-run per accusation (default 32): the first ones. An accusation may name
   * up to 512 items; this bounds what one accusation can make every peer spend. Each verdict rests
   * only on positions that were re-run, so judging a prefix never convicts anyone wrongly.
   */
  readonly maxItems?: number
  /** Accusations re-executed at once (default 2). */
  readonly concurrency?: number
}

export interface JudgeStats {
  /** Re-executions started (retries included). */
  reExecutions: number
  proven: number
  refuted: number
  /** Accusations left undecided for good (see `VerdictReason`, `InconclusiveReason`). */
  inconclusive: number
  modelCalls: number
  /** Exceptions thrown by `onVerdict`, which are caught so that judging goes on. */
  callbackErrors: number
}

/**
 * An `EvidenceJudge` that settles evaluation-mismatch accusations by re-executing the contested
 * items. The view asks synchronously; the first answer is 'undecided' while the re-execution runs
 * in the background. Its result is kept by accusation id and `onVerdict` fires, after which
 * `view.rejudge()` gets the verdict.
 *
 * Final answers are kept: proven, refuted, and undecided for good (a third value, a disagreement
 * within the tolerance, an unknown task, item or model, which asking again cannot change).
 * Transient failures (a record not yet held, a model error) are forgotten, so the next time the view
 * asks, the accusation is re-executed again.
 */
export class ReExecutionJudge implements EvidenceJudge {
  readonly stats: JudgeStats = { reExecutions: 0, proven: 0, refuted: 0, inconclusive: 0, modelCalls: 0, callbackErrors: 0 }
  private readonly options: ReExecutionJudgeOptions
  private readonly maxItems: number
  private readonly concurrency: number
  private readonly decisions = new Map<string, JudgeDecision>()
  /** Accusations queued or being re-executed. */
  private readonly pending = new Set<string>()
  private readonly queue: Array<VerifiedRecord<AccusationRecord>> = []
  private readonly active = new Set<Promise<void>>()
  /** Pending accusations the view asked about again meanwhile: retried if this attempt fails transiently. */
  private readonly askedAgain = new Set<string>()
  private readonly lastFailure = new Map<string, string>()

  constructor (options: ReExecutionJudgeOptions) {
    this.options = options
    this.maxItems = options.maxItems ?? 32
    this.concurrency = options.concurrency ?? 2
    if (!Number.isSafeInteger(this.maxItems) || this.maxItems < 1) throw new AuditConfigError('maxItems', `must be a positive integer, got ${String(options.maxItems)}`)
    if (!Number.isSafeInteger(this.concurrency) || this.concurrency < 1) throw new AuditConfigError('concurrency', `must be a positive integer, got ${String(options.concurrency)}`)
  }

  /** Accusations are queued or being re-executed: a verdict may still change the view. */
  get busy (): boolean {
    return this.pending.size > 0 || this.queue.length > 0
  }

  judge (accusation: VerifiedRecord<AccusationRecord>): Verdict {
    const id = accusation.idHex
    const known = this.decisions.get(id)
    if (known !== undefined) return known.verdict
    // Equivocation proofs prove themselves; the view never asks about them.
    if (accusation.record.evidence.kind !== 'evaluation-mismatch') return 'undecided'
    if (this.pending.has(id)) {
      this.askedAgain.add(id)
    } else {
      this.pending.add(id)
      this.queue.push(accusation)
      this.pump()
    }
    return 'undecided'
  }

  /** The final decision on an accusation, once there is one. */
  decision (accusationId: string): JudgeDecision | undefined {
    return this.decisions.get(accusationId)
  }

  /** Why the last attempt at a not yet decided accusation failed (e.g. its candidate had not arrived). */
  lastFailureOf (accusationId: string): string | undefined {
    return this.lastFailure.get(accusationId)
  }

  /** Resolves once nothing is queued or running. */
  async settled (): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active])
  }

  private pump (): void {
    while (this.active.size < this.concurrency && this.queue.length > 0) {
      const accusation = this.queue.shift() as VerifiedRecord<AccusationRecord>
      const job: Promise<void> = this.run(accusation).finally(() => {
        this.active.delete(job)
        this.pump()
      })
      this.active.add(job)
    }
  }

  private async run (accusation: VerifiedRecord<AccusationRecord>): Promise<void> {
    const id = accusation.idHex
    let decision: JudgeDecision | undefined
    try {
      decision = await this.decide(accusation)
    } catch (err) {
      // `decide` handles every expected failure; anything else is retried on the next ask.
      this.lastFailure.set(id, err instanceof Error ? err.message : String(err))
    }
    this.pending.delete(id)
    const again = this.askedAgain.delete(id)
    if (decision === undefined) {
      // Asked again while this attempt ran (say, after the missing candidate arrived): try once more.
      if (again) this.judge(accusation)
      return
    }
    this.decisions.set(id, decision)
    this.lastFailure.delete(id)
    if (decision.verdict === 'undecided') {
      this.stats.inconclusive++
      return
    }
    this.stats[decision.verdict]++
    try {
      this.options.onVerdict?.(id, decision.verdict)
    } catch {
      this.stats.callbackErrors++
    }
  }

  /** The final decision, or undefined when the re-execution failed in a way that may pass. */
  private async decide (accusation: VerifiedRecord<AccusationRecord>): Promise<JudgeDecision | undefined> {
    const evidence = accusation.record.evidence as EvaluationMismatchEvidence
    const opened = openRecord(evidence.evaluation, this.options.swarm, { allowAccusations: false })
    if (!opened.ok || opened.value.record.kind !== 'evaluation') {
      const detail = opened.ok ? `the evidence is a ${opened.value.record.kind}, not an evaluation` : `${opened.error.field}: ${opened.error.reason}`
      return { verdict: 'undecided', reason: 'bad-evidence', detail, calls: 0 }
    }
    const evaluation = opened.value.record
    const n = Math.min(evidence.indices.length, this.maxItems)
    const indices = evidence.indices.slice(0, n)
    const withBaseline = evidence.expectedBaseline.length > 0
    this.stats.reExecutions++
    const run = await this.options.reExecutor.reExecute(evaluation, indices, { baseline: withBaseline })
    this.stats.modelCalls += run.calls
    if (run.status === 'inconclusive') {
      if (run.retryable) {
        this.lastFailure.set(accusation.idHex, run.detail)
        return undefined
      }
      return { verdict: 'undecided', reason: run.reason, detail: run.detail, calls: run.calls }
    }
    const tolerance = this.options.reExecutor.toleranceFor(evaluation.model)
    if (tolerance === undefined) throw new Error(`re-executed with model ${evaluation.model}, which the re-executor does not have`)
    const { verdict, reason } = contestVerdict(
      claimedValues(evaluation, indices, withBaseline),
      joinValues(evidence.expected.slice(0, n), evidence.expectedBaseline.slice(0, n), withBaseline),
      joinValues(run.outcomes, run.baseline, withBaseline),
      tolerance
    )
    return { verdict, reason, detail: `${indices.length} item(s) re-executed${withBaseline ? ' with their baseline' : ''}`, calls: run.calls }
  }
}
