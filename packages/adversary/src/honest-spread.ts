import { scoreOf, toHex, type ArchiveView, type EvaluationRecord } from '@promptswarm/protocol'
import type { Rng } from '@promptswarm/node'
import type { EvaluationBody } from './rewrite-evaluations.js'

/**
 * What an evaluation says about its candidate: the paired improvement (score minus the parent's
 * score on the same items) when it carries a baseline, else the score. Admission and optimizer
 * fitness read the first, seeds only have the second.
 */
export function measureOf (e: Pick<EvaluationRecord, 'outcomes' | 'baseline'>): number {
  return e.baseline.length === 0 ? scoreOf(e.outcomes) : scoreOf(e.outcomes) - scoreOf(e.baseline)
}

/**
 * The spread of honest evaluations, as colluders can read it from the archive: the pooled
 * within-candidate standard deviation of what non-colluding evaluators reported for the same
 * candidate. It is the noise a robust aggregator has to accept from an honest committee; a lie of
 * that size is indistinguishable from it without re-execution. Under per-evaluator minibatches it
 * is sampling noise; under shared minibatches honest members agree and it is zero.
 */
export class HonestSpread {
  private cache: { size: number, sigma: number | undefined } | undefined

  constructor (private readonly view: ArchiveView, private readonly colluders: ReadonlySet<string>) {}

  /** The spread for `body`'s kind of evaluation; until the archive has enough, the binomial noise of its own minibatch. */
  sigma (body: Pick<EvaluationBody, 'outcomes' | 'baseline'>): number {
    const observed = this.observed()
    if (observed !== undefined) return observed
    const n = Math.max(1, body.outcomes.length)
    const p = Math.min(0.9, Math.max(0.1, scoreOf(body.outcomes)))
    // A paired difference of two such scores has about twice the variance.
    return Math.sqrt((body.baseline.length === 0 ? 1 : 2) * p * (1 - p) / n)
  }

  /** Pooled within-candidate standard deviation of honest measures, once two candidates have two honest evaluations each. */
  private observed (): number | undefined {
    if (this.cache?.size === this.view.size) return this.cache.sigma
    const byCandidate = new Map<string, number[]>()
    for (const id of this.view.ids()) {
      const signed = this.view.get(id)
      if (signed?.record.kind !== 'evaluation' || this.colluders.has(signed.authorHex)) continue
      const key = toHex(signed.record.candidate)
      const list = byCandidate.get(key) ?? []
      list.push(measureOf(signed.record))
      byCandidate.set(key, list)
    }
    let squares = 0
    let freedom = 0
    let groups = 0
    for (const values of byCandidate.values()) {
      if (values.length < 2) continue
      const mean = values.reduce((a, b) => a + b, 0) / values.length
      for (const v of values) squares += (v - mean) ** 2
      freedom += values.length - 1
      groups++
    }
    const sigma = groups >= 2 && freedom > 0 ? Math.sqrt(squares / freedom) : undefined
    this.cache = { size: this.view.size, sigma }
    return sigma
  }
}

/**
 * Moves an evaluation's paired improvement (or score) by `flips` items in `direction`: up turns
 * failed outcomes into passes, then passed baseline items into failures; down does the reverse.
 * Which items is drawn from `rng`. Every reported value stays a plausible 0 or 1.
 */
export function shiftByFlips (body: Pick<EvaluationBody, 'outcomes' | 'baseline'>, direction: 1 | -1, flips: number, rng: Rng): Pick<EvaluationBody, 'outcomes' | 'baseline'> {
  const outcomes = [...body.outcomes]
  const baseline = [...body.baseline]
  const good = direction > 0 ? 1 : 0
  let left = flips
  for (const i of rng.shuffle(outcomes.map((_, i) => i))) {
    if (left <= 0) break
    if (outcomes[i] !== good) { outcomes[i] = good; left-- }
  }
  for (const i of rng.shuffle(baseline.map((_, i) => i))) {
    if (left <= 0) break
    if (baseline[i] !== 1 - good) { baseline[i] = 1 - good; left-- }
  }
  return { outcomes, baseline }
}
