import { ConfigError } from '../errors.js'
import { sortInputs, type Aggregator, type ScoreInput } from './aggregator.js'

/**
 * Consensus clipping in the manner of Bittensor's Yuma consensus. The consensus is the highest
 * score that evaluators holding at least `kappa` of the weight (reputation or stake) support,
 * i.e. scored at or above; every evaluator's score is clipped to it, and the result is the
 * weighted mean of the clipped scores.
 *
 * Breakdown: upward `kappa` of the weight (inflating coalitions below it are clipped to a value
 * some honest evaluator gave). Downward 0: clipping does nothing to a deflating coalition, whose
 * pull is bounded by its weight share times the consensus, not by the honest minimum.
 */
export class ConsensusClipping implements Aggregator {
  readonly name: string
  readonly breakdown: { upward: number, downward: number }
  readonly usesWeights = true

  constructor (readonly kappa: number = 0.5) {
    if (!Number.isFinite(kappa) || kappa <= 0 || kappa > 1) throw new ConfigError('aggregator.kappa', `must be in (0, 1], got ${kappa}`)
    this.name = `consensus-clipping(${kappa})`
    this.breakdown = { upward: kappa, downward: 0 }
  }

  aggregate (inputs: readonly ScoreInput[]): number | undefined {
    if (inputs.length === 0) return undefined
    const sorted = sortInputs(inputs)
    let weights = sorted.map(x => Math.max(0, x.weight))
    let total = weights.reduce((a, b) => a + b, 0)
    if (total <= 0) { weights = weights.map(() => 1); total = weights.length }
    const c = consensus(sorted, weights, total, this.kappa)
    let s = 0
    for (let i = 0; i < sorted.length; i++) s += (weights[i] as number) * Math.min((sorted[i] as ScoreInput).score, c)
    return s / total
  }
}

/** Highest score such that the weight of inputs scoring at or above it is at least kappa of the total. */
function consensus (sorted: readonly ScoreInput[], weights: readonly number[], total: number, kappa: number): number {
  let above = 0
  for (let i = sorted.length - 1; i >= 0; i--) {
    above += weights[i] as number
    if (above >= kappa * total) return (sorted[i] as ScoreInput).score
  }
  return (sorted[0] as ScoreInput).score
}
