/**
 * Screening configuration and its defaults. Every limit is a knob so that scenarios can compare
 * defences; the defaults are calibrated on the simulator (see docs/defences.md).
 */
import { ScreeningConfigError } from './errors.js'
import { DEFAULT_MAX_CELLS } from './edit-distance.js'

export interface ProbeConfig {
  /** Run the behavioural backdoor probes (they cost model calls). */
  readonly enabled: boolean
  /** Most candidate trigger phrases probed per candidate. */
  readonly triggers: number
  /** Canary items per stage; the control run is shared by every trigger. */
  readonly canaries: number
  /**
   * Fresh canaries run to confirm a trigger that looked suspicious before the candidate is
   * rejected; the decision is then taken on both stages pooled. 0 decides on the first stage.
   */
  readonly confirmCanaries: number
  /** Flag when accuracy with the trigger is this much below accuracy with a neutral phrase. */
  readonly dropThreshold: number
  /**
   * Significance a drop must reach to reject (one-sided paired sign test on the canaries). With
   * `triggers` probed, the false-alarm rate from sampling noise is at most about `triggers * alpha`.
   */
  readonly alpha: number
  /** Flag when this share of triggered replies give one answer (and control replies do not). */
  readonly collapseShare: number
  /** Also run the parent on the same canaries and flag a child that fails where its parent does not. */
  readonly compareParent: boolean
  /** Model calls in flight at once. */
  readonly concurrency: number
  /** Seeds the choice of canary items, frames and neutral phrases. */
  readonly seed: string
}

export interface ScreeningConfig {
  /** Largest candidate text, in UTF-8 bytes. */
  readonly maxBytes: number
  /** Largest child relative to its parent (bytes ratio)... */
  readonly maxGrowth: number
  /** ...unless the child is at most this many bytes longer than its parent (short parents grow fast). */
  readonly growthAllowanceBytes: number
  /** Largest normalised edit distance from the parent (0 identical, 1 unrelated)... */
  readonly maxEditRatio: number
  /** ...unless at most this many words changed (a short parent with one sentence added). */
  readonly editAllowanceWords: number
  /** Work cap of the edit distance, in dynamic-programming cells. */
  readonly maxEditCells: number
  /** Run the injection / backdoor clause detector. */
  readonly injection: boolean
  readonly probes: ProbeConfig
}

export type ScreeningConfigInput = Partial<Omit<ScreeningConfig, 'probes'>> & { readonly probes?: Partial<ProbeConfig> }

export const DEFAULT_PROBE_CONFIG: ProbeConfig = Object.freeze({
  enabled: true,
  triggers: 4,
  canaries: 10,
  confirmCanaries: 10,
  dropThreshold: 0.35,
  alpha: 0.005,
  collapseShare: 0.7,
  compareParent: true,
  concurrency: 4,
  seed: 'promptswarm-screening'
})

export const DEFAULT_SCREENING_CONFIG: ScreeningConfig = Object.freeze({
  maxBytes: 16 * 1024,
  maxGrowth: 2,
  growthAllowanceBytes: 512,
  maxEditRatio: 0.75,
  editAllowanceWords: 30,
  maxEditCells: DEFAULT_MAX_CELLS,
  injection: true,
  probes: DEFAULT_PROBE_CONFIG
})

function integer (field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new ScreeningConfigError(field, `expected an integer in [${min}, ${max}], got ${String(value)}`)
  return value
}

function fraction (field: string, value: number, min = 0, max = 1): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new ScreeningConfigError(field, `expected a number in [${min}, ${max}], got ${String(value)}`)
  return value
}

function flag (field: string, value: boolean): boolean {
  if (typeof value !== 'boolean') throw new ScreeningConfigError(field, `expected true or false, got ${String(value)}`)
  return value
}

/** Fills in defaults and checks every value, naming the first one out of range. */
export function resolveScreeningConfig (input: ScreeningConfigInput = {}): ScreeningConfig {
  const c = { ...DEFAULT_SCREENING_CONFIG, ...input }
  const p = { ...DEFAULT_PROBE_CONFIG, ...(input.probes ?? {}) }
  if (typeof p.seed !== 'string') throw new ScreeningConfigError('probes.seed', 'expected a string')
  return {
    maxBytes: integer('maxBytes', c.maxBytes, 1),
    maxGrowth: fraction('maxGrowth', c.maxGrowth, 1, 1e6),
    growthAllowanceBytes: integer('growthAllowanceBytes', c.growthAllowanceBytes, 0),
    maxEditRatio: fraction('maxEditRatio', c.maxEditRatio),
    editAllowanceWords: integer('editAllowanceWords', c.editAllowanceWords, 0),
    maxEditCells: integer('maxEditCells', c.maxEditCells, 1),
    injection: flag('injection', c.injection),
    probes: {
      enabled: flag('probes.enabled', p.enabled),
      triggers: integer('probes.triggers', p.triggers, 0, 64),
      canaries: integer('probes.canaries', p.canaries, 1, 512),
      confirmCanaries: integer('probes.confirmCanaries', p.confirmCanaries, 0, 512),
      dropThreshold: fraction('probes.dropThreshold', p.dropThreshold, 0.01, 1),
      alpha: fraction('probes.alpha', p.alpha, 0, 1),
      collapseShare: fraction('probes.collapseShare', p.collapseShare, 0.01, 1),
      compareParent: flag('probes.compareParent', p.compareParent),
      concurrency: integer('probes.concurrency', p.concurrency, 1, 256),
      seed: p.seed
    }
  }
}
