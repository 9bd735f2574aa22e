/**
 * What screening says about one candidate: accepted or not, every reason it was not, and what the
 * behavioural probes cost.
 */
import type { ProbeReport } from './probe-report.js'

/** The rule a reason comes from. */
export type ScreeningCheck = 'size' | 'growth' | 'lineage' | 'injection' | 'probe'

export interface ScreeningReason {
  readonly check: ScreeningCheck
  /** One line a person can act on: what was measured against which limit, or what matched where. */
  readonly detail: string
}

export interface ScreeningVerdict {
  readonly accepted: boolean
  /** Empty when accepted. */
  readonly reasons: readonly ScreeningReason[]
  /** Model calls the probes spent (0 when they did not run). */
  readonly calls: number
  /** The probes' measurements, when they ran. */
  readonly probes?: ProbeReport
}
