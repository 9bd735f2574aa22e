import { ConfigError } from '../errors.js'
import type { Aggregator } from './aggregator.js'
import { ConsensusClipping } from './consensus-clipping.js'
import { Mean } from './mean.js'
import { Median } from './median.js'
import { ReputationWeightedMedian } from './reputation-median.js'
import { TrimmedMean } from './trimmed-mean.js'
import { WinsorizedMean } from './winsorized-mean.js'

export type { Aggregator, BreakdownPoint, ScoreInput } from './aggregator.js'
export { sortInputs } from './aggregator.js'
export { Mean } from './mean.js'
export { Median, median } from './median.js'
export { TrimmedMean } from './trimmed-mean.js'
export { WinsorizedMean } from './winsorized-mean.js'
export { ReputationWeightedMedian, weightedMedian } from './reputation-median.js'
export { ConsensusClipping } from './consensus-clipping.js'

/** How a swarm configuration names its aggregator. */
export type AggregatorSpec =
  | { readonly kind: 'mean' }
  | { readonly kind: 'median' }
  | { readonly kind: 'trimmed-mean', readonly trim: number }
  | { readonly kind: 'winsorized-mean', readonly trim: number }
  | { readonly kind: 'reputation-median' }
  | { readonly kind: 'consensus-clipping', readonly kappa?: number }

export const AGGREGATOR_KINDS = ['mean', 'median', 'trimmed-mean', 'winsorized-mean', 'reputation-median', 'consensus-clipping'] as const

export function createAggregator (spec: AggregatorSpec): Aggregator {
  switch (spec.kind) {
    case 'mean': return new Mean()
    case 'median': return new Median()
    case 'trimmed-mean': return new TrimmedMean(spec.trim)
    case 'winsorized-mean': return new WinsorizedMean(spec.trim)
    case 'reputation-median': return new ReputationWeightedMedian()
    case 'consensus-clipping': return new ConsensusClipping(spec.kappa ?? 0.5)
    default: throw new ConfigError('aggregator.kind', `unknown aggregator ${JSON.stringify((spec as { kind: unknown }).kind)}; expected one of ${AGGREGATOR_KINDS.join(', ')}`)
  }
}
