import { Rng, type AttackFactory } from '@promptswarm/node'
import { intensityParam } from '../params.js'
import { rewriteEvaluations } from '../rewrite-evaluations.js'

/**
 * A careless or broken evaluator: each outcome (and baseline outcome) is replaced, with
 * probability `intensity`, by a fair coin flip. Seeded per run and peer, so runs repeat.
 */
export const randomScores: AttackFactory = {
  name: 'random-scores',
  summary: 'evaluators report coin-flip outcomes instead of the real ones',
  params: { intensity: 'probability that each outcome is replaced by a coin flip; default 1' },
  create (params) {
    const intensity = intensityParam(params)
    return {
      name: 'random-scores',
      wrap (index, ledger, _authors, context) {
        const rng = Rng.from('random-scores', context.seed, index)
        const flip = (o: number): number => (rng.next() < intensity ? (rng.next() < 0.5 ? 1 : 0) : o)
        return rewriteEvaluations(ledger, body => ({ outcomes: body.outcomes.map(flip), baseline: body.baseline.map(flip) }))
      }
    }
  }
}
