import { Rng, type AttackFactory } from '@promptswarm/node'
import { authorOf, colluderKeys } from '../colluders.js'
import { countParam } from '../attack-params.js'
import { INTENSITY, intensityParam, numberParam } from '../params.js'
import { rewriteEvaluations, toward } from '../rewrite-evaluations.js'

/**
 * Colluders that lie only now and then, to stay under the audits' radar: on a share `rate` of
 * their evaluations (drawn at random, or in periodic windows) they inflate a fellow colluder's
 * candidate and deflate everyone else's, as `inflate-deflate` does; the rest are honest. An
 * auditor that draws one evaluation in `1/auditRate` catches a liar after about
 * `1 / (auditRate × rate)` of its evaluations instead of `1 / auditRate`.
 */
export const intermittent: AttackFactory = {
  name: 'intermittent',
  summary: 'colluders inflate each other and deflate the rest on only a share of their evaluations',
  params: {
    rate: 'share of evaluations that lie, 0 to 1; default 0.25',
    period: 'lie in windows: the first rate × period of every period evaluations (0, the default: each evaluation at random)',
    intensity: INTENSITY
  },
  create (params) {
    const rate = numberParam(params, 'rate', { min: 0, max: 1, fallback: 0.25 })
    const period = countParam(params, 'period', { min: 0, max: 10_000, fallback: 0 })
    const intensity = intensityParam(params)
    return {
      name: 'intermittent',
      wrap (index, ledger, authors, context) {
        const colluders = colluderKeys(authors, context.attackers)
        const rng = Rng.from('intermittent', context.seed, index)
        let evaluations = 0
        const lies = (): boolean => {
          const k = evaluations++
          return period === 0 ? rng.next() < rate : k % period < Math.round(rate * period)
        }
        return rewriteEvaluations(ledger, body => {
          if (!lies()) return body
          const up = colluders.has(authorOf(ledger.view, body.candidate) ?? '')
          return {
            outcomes: body.outcomes.map(o => toward(o, up ? 1 : 0, intensity)),
            baseline: body.baseline.map(o => toward(o, up ? 0 : 1, intensity))
          }
        })
      }
    }
  }
}
