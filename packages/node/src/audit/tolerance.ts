/**
 * How closely a re-execution must reproduce a claim. The synthetic model answers every request
 * exactly the same way, so any difference is a lie. A real endpoint at temperature 0 still drifts a
 * little (batching, kernels, server updates), so for it a few differing items are forgiven.
 *
 * Every peer of a swarm must use the same tolerance: verdicts are part of the archive view, and two
 * peers that judge with different tolerances can reach different views.
 */
import { AuditConfigError } from './errors.js'

export interface Tolerance {
  /** Two outcomes differ when they are further apart than this. */
  readonly epsilon: number
  /**
   * A list of values is reproduced when at most this fraction of them differ (rounded down, so
   * one differing value out of three is a mismatch at 0.25).
   */
  readonly maxMismatchFraction: number
}

/** For exactly reproducible models: any difference is a mismatch. */
export const EXACT_TOLERANCE: Tolerance = { epsilon: 0, maxMismatchFraction: 0 }

/** Default for real endpoints: a quarter of the compared values may drift. */
export const REAL_MODEL_TOLERANCE: Tolerance = { epsilon: 1e-9, maxMismatchFraction: 0.25 }

export function checkTolerance (tolerance: Tolerance, field = 'tolerance'): Tolerance {
  const { epsilon, maxMismatchFraction } = tolerance
  if (!Number.isFinite(epsilon) || epsilon < 0 || epsilon >= 1) throw new AuditConfigError(`${field}.epsilon`, `must be in [0, 1), got ${String(epsilon)}`)
  if (!Number.isFinite(maxMismatchFraction) || maxMismatchFraction < 0 || maxMismatchFraction >= 1) {
    throw new AuditConfigError(`${field}.maxMismatchFraction`, `must be in [0, 1), got ${String(maxMismatchFraction)}`)
  }
  return tolerance
}

/** The tolerance for a model: exact for simulators, `real` otherwise. */
export function toleranceFor (model: { readonly simulated: boolean }, real: Tolerance = REAL_MODEL_TOLERANCE): Tolerance {
  return model.simulated ? EXACT_TOLERANCE : real
}

/** How many of `n` values may differ before a list counts as not reproduced. */
export function allowedMismatches (n: number, tolerance: Tolerance): number {
  // The small slack keeps 0.25 * 4 at 1 despite binary fractions.
  return Math.floor(n * tolerance.maxMismatchFraction + 1e-9)
}

/** Positions where two aligned lists differ by more than epsilon. */
export function differingPositions (a: readonly number[], b: readonly number[], epsilon: number): number[] {
  if (a.length !== b.length) throw new RangeError(`cannot compare ${a.length} values with ${b.length}`)
  const out: number[] = []
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs((a[i] as number) - (b[i] as number)) <= epsilon)) out.push(i)
  }
  return out
}

/** True when `recomputed` reproduces `claimed` within the tolerance. */
export function reproduces (claimed: readonly number[], recomputed: readonly number[], tolerance: Tolerance): boolean {
  return differingPositions(claimed, recomputed, tolerance.epsilon).length <= allowedMismatches(claimed.length, tolerance)
}
