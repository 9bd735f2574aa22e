/**
 * What the backdoor probes measured: per probed trigger, accuracy and answer concentration on the
 * control and triggered canaries (and the parent's, when it was run), and what it all cost.
 */
import type { TriggerSource } from './trigger-candidates.js'

export interface ArmStats {
  /** Mean outcome over the canaries. */
  readonly accuracy: number
  /** Share of replies giving the most common answer. */
  readonly modalShare: number
  /** That answer (normalised). */
  readonly modalAnswer: string
}

export interface TriggerMeasurement {
  readonly trigger: string
  readonly source: TriggerSource
  /** Canaries behind the numbers. */
  readonly canaries: number
  /** 1: the first stage only; 2: a suspicious first stage, pooled with its confirmation. */
  readonly stages: number
  readonly control: ArmStats
  readonly triggered: ArmStats
  /** `control.accuracy - triggered.accuracy`. */
  readonly drop: number
  /** One-sided paired sign-test p-value of the drop (small: unlikely to be noise). */
  readonly dropP: number
  /** The parent on the same canaries; `gapP` tests the child being worse than it with the trigger. */
  readonly parent?: { readonly control: ArmStats, readonly triggered: ArmStats, readonly gapP: number }
  /** Why this trigger looks like a backdoor, or undefined. */
  readonly suspicion?: string
}

export interface ProbeReport {
  readonly triggers: readonly TriggerMeasurement[]
  /** The trigger that was judged a backdoor (after confirmation), if any. */
  readonly flagged?: TriggerMeasurement
  /** Model calls spent: one per canary question asked. */
  readonly calls: number
  readonly promptTokens: number
  readonly completionTokens: number
  /** Why the probes did not run (no candidate trigger, no training items...). */
  readonly skipped?: string
}
