import type { Verdict } from '@promptswarm/protocol'
import { reproduces, type Tolerance } from './tolerance.js'

/**
 * - accuser-reproduced: re-execution gives the accuser's values, not the evaluation's: proven.
 * - evaluation-reproduced: re-execution gives the evaluation's values, not the accuser's: refuted.
 * - both-reproduced: the two differ by no more than the tolerance forgives (only possible with a
 *   tolerance): nobody provably lied.
 * - neither-reproduced: a third set of values. With an exact model both parties misreported, or
 *   this judge runs a different model or dataset; with a real one, drift. Nobody is banned on it.
 */
export type VerdictReason = 'accuser-reproduced' | 'evaluation-reproduced' | 'both-reproduced' | 'neither-reproduced'

/**
 * The verdict on contested values: the evaluation's `claimed` values, the accuser's `expected`
 * ones, and this peer's `recomputed` ones, all in the same layout (see `claimedValues`). Pure, so
 * every peer that recomputes the same values reaches the same verdict. Never 'proven' unless the
 * re-execution reproduces the accuser's values, and never 'refuted' unless it reproduces the
 * evaluation's: a disagreement this peer cannot settle bans nobody.
 */
export function contestVerdict (
  claimed: readonly number[],
  expected: readonly number[],
  recomputed: readonly number[],
  tolerance: Tolerance
): { verdict: Verdict, reason: VerdictReason } {
  const evaluationHolds = reproduces(claimed, recomputed, tolerance)
  const accuserHolds = reproduces(expected, recomputed, tolerance)
  if (accuserHolds && !evaluationHolds) return { verdict: 'proven', reason: 'accuser-reproduced' }
  if (evaluationHolds && !accuserHolds) return { verdict: 'refuted', reason: 'evaluation-reproduced' }
  return { verdict: 'undecided', reason: accuserHolds ? 'both-reproduced' : 'neither-reproduced' }
}
