import { Rng, type AttackFactory } from '@promptswarm/node'
import { intensityParam, numberParam } from '../params.js'
import { rewriteEvaluations } from '../rewrite-evaluations.js'

/**
 * A lazy evaluator: it reports the same outcome for every item of a candidate (by default a
 * perfect score) and leaves the parent baseline alone, so every child looks like an improvement.
 */
export const constantScore: AttackFactory = {
  name: 'constant-score',
  summary: 'evaluators report one constant outcome for every item (default 1)',
  params: {
    value: 'the outcome reported for every item, 0 to 1; default 1',
    intensity: 'share of evaluations rewritten, 0 to 1; default 1'
  },
  create (params) {
    const value = numberParam(params, 'value', { min: 0, max: 1, fallback: 1 })
    const intensity = intensityParam(params)
    return {
      name: 'constant-score',
      wrap (index, ledger, _authors, context) {
        const rng = Rng.from('constant-score', context.seed, index)
        return rewriteEvaluations(ledger, body => rng.next() < intensity
          ? { outcomes: body.outcomes.map(() => value), baseline: body.baseline }
          : body)
      }
    }
  }
}
