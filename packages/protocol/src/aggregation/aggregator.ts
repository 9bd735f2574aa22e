/**
 * Aggregators turn the scores several evaluators gave one candidate into one score.
 * Inputs are sorted before any arithmetic, so every peer gets bit-identical results
 * whatever order the evaluations arrived in.
 */
export interface ScoreInput {
  /** Evaluator public key, hex. */
  readonly evaluator: string
  readonly score: number
  /** Reputation or stake, >= 0. Unweighted aggregators ignore it. */
  readonly weight: number
}

/**
 * The largest share of arbitrary inputs (by count, or by weight for weighted aggregators) below
 * which the output cannot be pushed above the honest inputs' maximum (`upward`) or below their
 * minimum (`downward`).
 */
export interface BreakdownPoint {
  readonly upward: number
  readonly downward: number
}

export interface Aggregator {
  readonly name: string
  readonly breakdown: BreakdownPoint
  /** True if the output depends on input weights (so it must be recomputed when reputations change). */
  readonly usesWeights: boolean
  /** Undefined for no inputs. */
  aggregate (inputs: readonly ScoreInput[]): number | undefined
}

/**
 * Clamps a mean to the range of the values it averages. Mathematically it lies there already, but
 * float rounding can land one ulp outside (eight times 0.4 summed and divided by 8 gives
 * 0.39999999999999997), which would break the promise that the output stays within the honest range.
 */
export function clampToRange (value: number, lowest: number, highest: number): number {
  return value < lowest ? lowest : value > highest ? highest : value
}

/** Ascending by score, ties by evaluator: a canonical order for summation and ranks. */
export function sortInputs (inputs: readonly ScoreInput[]): ScoreInput[] {
  return [...inputs].sort((a, b) => a.score - b.score || (a.evaluator < b.evaluator ? -1 : a.evaluator > b.evaluator ? 1 : 0))
}
