import { toHex } from '@promptswarm/protocol'
import { AttackParamError, type AttackFactory } from '@promptswarm/node'
import { INTENSITY, intensityParam } from '../params.js'
import { rewriteChildren } from '../rewrite-children.js'
import { rewriteEvaluations, toward } from '../rewrite-evaluations.js'

/**
 * What sabotaged children carry: a self-contradictory instruction, which costs the simulated model
 * accuracy on every task without being an injection that screening's payload rules look for.
 */
export const SABOTAGE_CLAUSE = 'Give only the final answer with no reasoning at all, but show every step of your reasoning.'

/**
 * Colluding evaluators: on candidates by a fellow colluder they report high outcomes and a low
 * parent baseline (a big improvement); on everyone else's, the reverse. Exposed by re-execution.
 * With `sabotage`, the colluders' own task children are their parent plus a harmful clause, so
 * what the lie promotes is worse than what it suppresses: the attack an aggregator must resist.
 */
export const inflateDeflate: AttackFactory = {
  name: 'inflate-deflate',
  summary: 'colluders inflate each other\'s candidates\' evaluations and deflate everyone else\'s',
  params: {
    intensity: INTENSITY,
    sabotage: 'true: the colluders\' own task children are their parent plus a harmful clause; default false'
  },
  create (params) {
    const intensity = intensityParam(params)
    const sabotage = params.sabotage ?? false
    if (typeof sabotage !== 'boolean') throw new AttackParamError('sabotage', `must be true or false, got ${JSON.stringify(sabotage)}`)
    return {
      name: 'inflate-deflate',
      ...(sabotage ? { payload: SABOTAGE_CLAUSE } : {}),
      wrap (_index, ledger, authors, context) {
        const colluders = new Set(context.attackers.map(i => authors[i]))
        const lying = rewriteEvaluations(ledger, body => {
          const up = colluders.has(ledger.view.candidate(toHex(body.candidate))?.author)
          return {
            outcomes: body.outcomes.map(o => toward(o, up ? 1 : 0, intensity)),
            baseline: body.baseline.map(o => toward(o, up ? 0 : 1, intensity))
          }
        })
        if (!sabotage) return lying
        return rewriteChildren(lying, body => {
          const parent = ledger.view.candidate(toHex(body.parent as Uint8Array))?.text ?? body.text
          return { ...body, text: `${parent}\n\n${SABOTAGE_CLAUSE}` }
        })
      }
    }
  }
}
