import type { Aggregator, ScoreInput } from './aggregator.js'

/**
 * The median (mean of the two middle values for an even count). Breakdown point 1/2: with fewer
 * than half the inputs arbitrary, both middle ranks hold values bounded by honest inputs.
 */
export class Median implements Aggregator {
  readonly name = 'median'
  readonly breakdown = { upward: 0.5, downward: 0.5 }
  readonly usesWeights = false

  aggregate (inputs: readonly ScoreInput[]): number | undefined {
    return median(inputs.map(i => i.score))
  }
}

export function median (scores: readonly number[]): number | undefined {
  const n = scores.length
  if (n === 0) return undefined
  const s = [...scores].sort((a, b) => a - b)
  const mid = n >> 1
  return n % 2 === 1 ? s[mid] : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

