import { sortInputs, type Aggregator, type ScoreInput } from './aggregator.js'
import { median } from './median.js'

/**
 * The lower weighted median, with reputations as weights: the smallest score at which the
 * cumulative weight reaches half the total. Breakdown point 1/2 of the total weight: a coalition
 * whose reputation is under half can move it no further than the honest extremes, however many
 * identities it has. New identities start with zero reputation, so Sybils weigh nothing until they
 * have agreed with consensus (where they form a majority of a candidate's evaluators they can;
 * committees and membership rules bound that).
 */
export class ReputationWeightedMedian implements Aggregator {
  readonly name = 'reputation-median'
  readonly breakdown = { upward: 0.5, downward: 0.5 }
  readonly usesWeights = true

  aggregate (inputs: readonly ScoreInput[]): number | undefined {
    return weightedMedian(inputs)
  }
}

export function weightedMedian (inputs: readonly ScoreInput[]): number | undefined {
  if (inputs.length === 0) return undefined
  const sorted = sortInputs(inputs)
  let total = 0
  for (const x of sorted) total += Math.max(0, x.weight)
  // No weight anywhere (all newcomers with zero reputation): fall back to the plain median.
  if (total <= 0) return median(sorted.map(x => x.score))
  let cumulative = 0
  for (const x of sorted) {
    cumulative += Math.max(0, x.weight)
    if (cumulative * 2 >= total) return x.score
  }
  return (sorted[sorted.length - 1] as ScoreInput).score
}
