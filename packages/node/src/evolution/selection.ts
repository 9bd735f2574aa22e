import type { CandidateView } from '@promptswarm/protocol'
import type { Rng } from '../util/rng.js'

/**
 * Parent selection in the manner of the Darwin-Goedel Machine: a candidate's weight grows with
 * its score (a sigmoid around the mean of the top scores) and shrinks with the children it
 * already has, so strong prompts are exploited while under-explored stepping stones keep a chance.
 */
export interface SelectionOptions {
  /** Sigmoid sharpness; DGM uses 10. */
  readonly sharpness?: number
  /** How many top scores define the sigmoid's midpoint; DGM uses 3. */
  readonly topK?: number
}

export function selectionWeights (candidates: readonly Pick<CandidateView, 'score' | 'children'>[], options: SelectionOptions = {}): number[] {
  const sharpness = options.sharpness ?? 10
  const scores = candidates.map(c => c.score ?? 0)
  const top = [...scores].sort((a, b) => b - a).slice(0, options.topK ?? 3)
  const midpoint = top.length === 0 ? 0 : top.reduce((a, b) => a + b, 0) / top.length
  return candidates.map((c, i) => {
    const performance = 1 / (1 + Math.exp(-sharpness * ((scores[i] as number) - midpoint)))
    const novelty = 1 / (1 + c.children)
    return performance * novelty
  })
}

export function selectParent<C extends Pick<CandidateView, 'score' | 'children'>> (candidates: readonly C[], rng: Rng, options: SelectionOptions = {}): C {
  if (candidates.length === 0) throw new RangeError('no candidate to select a parent from')
  return candidates[rng.weighted(selectionWeights(candidates, options))] as C
}

/**
 * Optimizer prompts are chosen by fitness (the improvement their children achieved). Prompts
 * with few scored children get an optimistic bonus, so new optimizer prompts are tried.
 */
export function selectOptimizer<C extends Pick<CandidateView, 'fitness' | 'fitnessSamples' | 'children'>> (candidates: readonly C[], rng: Rng, minSamples = 3): C {
  if (candidates.length === 0) throw new RangeError('no optimizer prompt to select from')
  const weights = candidates.map(c => {
    const fitness = c.fitness ?? 0
    const bonus = c.fitnessSamples < minSamples ? 0.05 * (minSamples - c.fitnessSamples) : 0
    return Math.exp(20 * (fitness + bonus))
  })
  return candidates[rng.weighted(weights)] as C
}

/** The optimizer prompt with the best fitness among those with enough evidence (ties: most samples, then id). */
export function bestOptimizer<C extends Pick<CandidateView, 'id' | 'fitness' | 'fitnessSamples'>> (candidates: readonly C[], minSamples = 3): C | undefined {
  const eligible = candidates.filter(c => c.fitness !== undefined && c.fitnessSamples >= minSamples)
  eligible.sort((a, b) => (b.fitness as number) - (a.fitness as number) || b.fitnessSamples - a.fitnessSamples || (a.id < b.id ? -1 : 1))
  return eligible[0]
}
