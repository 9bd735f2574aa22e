import type { Estimate } from '../evolution/stats.js'
import type { Scenario } from './scenario.js'
import type { ScenarioReport } from './scenario-runner.js'

/** One run of the sweep: the base scenario at one attacker share under one defence variant. */
export interface SweepCell {
  /** The share as the sweep file gives it. */
  readonly share: number
  /** Attacker peers it gives (the share of `peers`, rounded, at least 1 when the share is above 0). */
  readonly attackers: number
  readonly defence: string
  readonly scenario: Scenario
}

/** A validated sweep: every cell's scenario was checked before anything runs. */
export interface Sweep {
  readonly file: string
  readonly name: string
  readonly description: string
  readonly base: Scenario
  /** Index of the base's attacker group whose share varies. */
  readonly group: number
  readonly shares: readonly number[]
  readonly defences: readonly string[]
  /** Shares in order within each defence, defences in file order. */
  readonly cells: readonly SweepCell[]
}

export interface SweepPoint {
  readonly share: number
  readonly attackers: number
  readonly defence: string
  readonly robustnessGap: Estimate
  readonly attackedAccuracy: Estimate
  readonly cleanAccuracy: Estimate
  readonly report: ScenarioReport
}

export interface SweepReport {
  readonly sweep: string
  readonly file: string
  readonly description: string
  readonly baseScenario: string
  readonly baseFile: string
  readonly model: string
  readonly simulated: boolean
  readonly peers: number
  readonly attack: string
  readonly seeds: readonly number[]
  readonly shares: readonly number[]
  readonly defences: readonly string[]
  /** The gap (a fraction, 0.01 = 1 point) above which a defence counts as broken. */
  readonly threshold: number
  readonly points: readonly SweepPoint[]
  /** Per defence: the smallest share whose mean gap exceeds the threshold, or null for none. */
  readonly breakdown: ReadonlyArray<{ readonly defence: string, readonly share: number | null }>
}
