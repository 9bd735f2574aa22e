import { clampToRange, sortInputs, type Aggregator, type ScoreInput } from './aggregator.js'
import { checkTrim } from './trimmed-mean.js'

/**
 * Mean after clamping the floor(trim * n) lowest and highest inputs to the nearest kept value.
 * Breakdown point `trim`, like the trimmed mean, but extreme inputs still count (as clamped
 * values), so it is less noisy at small n.
 */
export class WinsorizedMean implements Aggregator {
  readonly name: string
  readonly breakdown: { upward: number, downward: number }
  readonly usesWeights = false

  constructor (readonly trim: number) {
    checkTrim(trim)
    this.name = `winsorized-mean(${trim})`
    this.breakdown = { upward: trim, downward: trim }
  }

  aggregate (inputs: readonly ScoreInput[]): number | undefined {
    const n = inputs.length
    if (n === 0) return undefined
    const g = Math.floor(this.trim * n)
    const sorted = sortInputs(inputs)
    const low = (sorted[g] as ScoreInput).score
    const high = (sorted[n - 1 - g] as ScoreInput).score
    let s = 0
    for (const x of sorted) s += Math.min(high, Math.max(low, x.score))
    return clampToRange(s / n, low, high)
  }
}
