import { describe, expect, it } from 'vitest'
import { toHex } from '@promptswarm/protocol'
import { constantScore, randomScores } from '@promptswarm/adversary'
import { ATTACKERS, evaluations, liarShift, runSmallSwarm, type SmallRun } from './helpers/small-swarm.js'

/**
 * Share of items on which evaluations by the peers at ATTACKERS disagree with an honest
 * evaluation of the same candidate on the same item. The simulator answers an item the same
 * way for the same prompt, so honest evaluators agree.
 */
function disagreement (run: SmallRun): number {
  const suspects = new Set(ATTACKERS.map(i => run.authors[i] as string))
  const byCandidate = new Map<string, ReturnType<typeof evaluations>>()
  for (const e of evaluations(run.view)) {
    const key = toHex(e.record.candidate)
    byCandidate.set(key, [...(byCandidate.get(key) ?? []), e])
  }
  let compared = 0
  let differ = 0
  for (const group of byCandidate.values()) {
    for (const suspect of group.filter(e => suspects.has(e.authorHex))) {
      for (const honest of group.filter(e => !suspects.has(e.authorHex))) {
        suspect.record.items.forEach((item, i) => {
          const j = honest.record.items.indexOf(item)
          if (j < 0) return
          compared++
          if (Math.abs((suspect.record.outcomes[i] as number) - (honest.record.outcomes[j] as number)) > 0.5) differ++
        })
      }
    }
  }
  if (compared === 0) throw new Error('no items to compare')
  return differ / compared
}

describe('lying-score attacks on an undefended swarm (mean aggregator, no audits; simulator)', () => {
  it('random-scores: the liars\' outcomes disagree with honest evaluators\' far more than in the clean run; constant-score inflates every child\'s score', async () => {
    const clean = await runSmallSwarm(undefined)
    const random = await runSmallSwarm(randomScores.create({ intensity: 1 }))
    const cleanDisagreement = disagreement(clean)
    const randomDisagreement = disagreement(random)
    expect(randomDisagreement).toBeGreaterThan(cleanDisagreement + 0.3)
    expect(random.result.banned).toEqual([])

    const constant = await runSmallSwarm(constantScore.create({ value: 1 }))
    for (const e of evaluations(constant.view).filter(e => constant.attackerKeys.has(e.authorHex))) expect(e.record.score).toBe(1)
    // The swarm's aggregated score of the candidates a liar evaluated sits above what the honest
    // evaluators of the same candidates measured.
    // (In the clean run the same measure is only noise: backups and the quorum's choice of
    // counted evaluations, a few points either way.)
    expect(liarShift(constant, 'score', () => true)).toBeGreaterThan(liarShift(clean, 'score', () => true) + 0.1)
  })

  it('reject out-of-range parameters with their names', () => {
    expect(() => randomScores.create({ intensity: -0.1 })).toThrow(expect.objectContaining({ param: 'intensity' }))
    expect(() => constantScore.create({ value: 1.5 })).toThrow(expect.objectContaining({ param: 'value' }))
    expect(() => constantScore.create({ value: 'high' })).toThrow(/must be a number/)
  })
})
