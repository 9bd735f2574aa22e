import { clampToRange, sortInputs, type Aggregator, type ScoreInput } from './aggregator.js'

/** The arithmetic mean. Breakdown point 0: one arbitrary input moves it anywhere in [0, 1]. */
export class Mean implements Aggregator {
  readonly name = 'mean'
  readonly breakdown = { upward: 0, downward: 0 }
  readonly usesWeights = false

  aggregate (inputs: readonly ScoreInput[]): number | undefined {
    if (inputs.length === 0) return undefined
    const sorted = sortInputs(inputs)
    let s = 0
    for (const x of sorted) s += x.score
    return clampToRange(s / inputs.length, (sorted[0] as ScoreInput).score, (sorted[sorted.length - 1] as ScoreInput).score)
  }
}
