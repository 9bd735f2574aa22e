import { ConfigError } from '../errors.js'
import { clampToRange, sortInputs, type Aggregator, type ScoreInput } from './aggregator.js'

/**
 * Mean after dropping floor(trim * n) inputs from each end. Breakdown point `trim`: with fewer than
 * trim * n arbitrary inputs all of them can be dropped, and what remains lies within honest values.
 */
export class TrimmedMean implements Aggregator {
  readonly name: string
  readonly breakdown: { upward: number, downward: number }
  readonly usesWeights = false

  constructor (readonly trim: number) {
    checkTrim(trim)
    this.name = `trimmed-mean(${trim})`
    this.breakdown = { upward: trim, downward: trim }
  }

  aggregate (inputs: readonly ScoreInput[]): number | undefined {
    const n = inputs.length
    if (n === 0) return undefined
    const g = Math.floor(this.trim * n)
    const kept = sortInputs(inputs).slice(g, n - g)
    let s = 0
    for (const x of kept) s += x.score
    return clampToRange(s / kept.length, (kept[0] as ScoreInput).score, (kept[kept.length - 1] as ScoreInput).score)
  }
}

export function checkTrim (trim: number): void {
  if (!Number.isFinite(trim) || trim < 0 || trim >= 0.5) throw new ConfigError('aggregator.trim', `must be in [0, 0.5), got ${trim}`)
}
