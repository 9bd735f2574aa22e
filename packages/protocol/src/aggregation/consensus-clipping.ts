import { ConfigError } from '../errors.js'
import { clampToRange, sortInputs, type Aggregator, type ScoreInput } from './aggregator.js'

/**
 * Consensus clipping in the manner of Bittensor's Yuma consensus. The consensus is the highest
 * score that evaluators holding at least `kappa` of the weight (reputation or stake) support,
 * i.e. scored at or above; every evaluator's score is clipped to it, and the result is the
 * weighted mean of the clipped scores.
 *
 * Breakdown: upward `kappa` of the weight (inflating coalitions below it are clipped to a value
 * some honest evaluator gave). Downward 0: clipping does nothing to a deflating coalition, which can
 * pull the result below the honest minimum. With weight share `a` it scales the honest part by
 * (1 - a) and, by adding weight, raises the support the consensus needs to kappa / (1 - a) of the
 * honest weight, so it can lower the consensus too: the result is at least (1 - a) times the honest
 * weighted mean clipped at the honest-only consensus for kappa / (1 - a) (when a < 1 - kappa), and
 * only >= 0 beyond that (see test/aggregation.test.ts).
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
    return clampToRange(s / total, (sorted[0] as ScoreInput).score, c)
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
