import { toHex } from '@promptswarm/protocol'
import type { AttackFactory } from '@promptswarm/node'
import { INTENSITY, intensityParam } from '../params.js'
import { rewriteEvaluations, toward } from '../rewrite-evaluations.js'

/**
 * Colluding evaluators: on candidates by a fellow colluder they report high outcomes and a low
 * parent baseline (a big improvement); on everyone else's, the reverse. Exposed by re-execution.
 */
export const inflateDeflate: AttackFactory = {
  name: 'inflate-deflate',
  summary: 'colluders inflate each other\'s candidates\' evaluations and deflate everyone else\'s',
  params: { intensity: INTENSITY },
  create (params) {
    const intensity = intensityParam(params)
    return {
      name: 'inflate-deflate',
      wrap (_index, ledger, authors, context) {
        const colluders = new Set(context.attackers.map(i => authors[i]))
        return rewriteEvaluations(ledger, body => {
          const up = colluders.has(ledger.view.candidate(toHex(body.candidate))?.author)
          return {
            outcomes: body.outcomes.map(o => toward(o, up ? 1 : 0, intensity)),
            baseline: body.baseline.map(o => toward(o, up ? 0 : 1, intensity))
          }
        })
      }
    }
  }
}
