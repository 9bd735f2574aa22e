import { describe, expect, it } from 'vitest'
import { inflateDeflate } from '@promptswarm/adversary'
import { ATTACKERS, liarShift, runSmallSwarm } from './helpers/small-swarm.js'

describe('inflate-deflate on an undefended swarm (mean aggregator, no audits; simulator)', () => {
  it('raises the colluders\' candidates\' improvements and lowers the honest peers\' against the clean run', async () => {
    const clean = await runSmallSwarm(undefined)
    const attacked = await runSmallSwarm(inflateDeflate.create({ intensity: 1 }))
    // The same peer indices author the "colluder" candidates in both runs; in the clean run they are honest.
    const cleanColluders = new Set(ATTACKERS.map(i => clean.authors[i] as string))
    const isColluder = (a: string): boolean => attacked.attackerKeys.has(a)
    // The aggregated improvement against what the honest evaluators of the same candidates measured.
    expect(liarShift(attacked, 'improvement', isColluder)).toBeGreaterThan(liarShift(clean, 'improvement', a => cleanColluders.has(a)) + 0.1)
    expect(liarShift(attacked, 'improvement', a => !isColluder(a))).toBeLessThan(liarShift(clean, 'improvement', a => !cleanColluders.has(a)) - 0.1)
    // Honest children are mostly rejected once their baselines are inflated and outcomes deflated.
    const admittedShare = (run: typeof clean, honest: (a: string) => boolean): number => {
      const children = run.view.candidates({ role: 'task' }).filter(c => c.parent !== null && honest(c.author))
      return children.filter(c => c.status === 'admitted').length / children.length
    }
    expect(admittedShare(attacked, a => !isColluder(a))).toBeLessThan(admittedShare(clean, a => !cleanColluders.has(a)))
    // Without audits nobody is accused or banned: the lie goes unnoticed.
    expect(attacked.result.banned).toEqual([])
    expect(attacked.result.agreement).toBe(true)
  })
})
