import { Rng, type AttackFactory } from '@promptswarm/node'
import { authorOf, colluderKeys } from '../colluders.js'
import { HonestSpread, shiftByFlips } from '../honest-spread.js'
import { numberParam } from '../params.js'
import { rewriteEvaluations } from '../rewrite-evaluations.js'

/**
 * "A little is enough" (Baruch et al., 2019) for committees: colluders move each evaluation only
 * by `z` standard deviations of the spread honest evaluators show on the same candidate (up for a
 * fellow colluder's candidate, down for everyone else's), by flipping that many items. Each lie
 * stays inside the honest spread, so a median or trimmed mean keeps it; but it is coordinated,
 * so it does not average out. Only re-execution (audits) tells it from noise.
 */
export const littleIsEnough: AttackFactory = {
  name: 'little-is-enough',
  summary: 'colluders shift their evaluations by z honest standard deviations: up for each other, down for the rest',
  params: {
    z: 'how many standard deviations of the honest spread each evaluation moves, 0 to 5; default 1'
  },
  create (params) {
    const z = numberParam(params, 'z', { min: 0, max: 5, fallback: 1 })
    return {
      name: 'little-is-enough',
      wrap (index, ledger, authors, context) {
        const colluders = colluderKeys(authors, context.attackers)
        const spread = new HonestSpread(ledger.view, colluders)
        const rng = Rng.from('little-is-enough', context.seed, index)
        return rewriteEvaluations(ledger, body => {
          const up = colluders.has(authorOf(ledger.view, body.candidate) ?? '')
          const flips = Math.round(z * spread.sigma(body) * body.outcomes.length)
          return shiftByFlips(body, up ? 1 : -1, flips, rng)
        })
      }
    }
  }
}
