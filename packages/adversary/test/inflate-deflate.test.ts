import { describe, expect, it } from 'vitest'
import { inflateDeflate } from '@promptswarm/adversary'
import { toHex } from '@promptswarm/protocol'
import { ATTACKERS, evaluations, liarShift, runSmallSwarm } from './helpers/small-swarm.js'

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

describe('inflate-deflate against a median over committees of five (shared minibatches; simulator)', () => {
  it('moves no aggregated score: the honest peers evolve exactly the clean run\'s archive and final prompts', async () => {
    // 6 peers: each committee is the five non-authors, so the two liars are always outvoted by
    // three honest members who ran the same items and agree exactly.
    const defences = { aggregator: { kind: 'median' }, committee: { size: 5, backups: 0 }, quorum: 5 } as const
    const clean = await runSmallSwarm(undefined, 3, { defences })
    const attacked = await runSmallSwarm(inflateDeflate.create({ intensity: 1 }), 3, { defences })
    // The liars did lie: most of their evaluations differ from the honest members' on the same candidate...
    const all = evaluations(attacked.view)
    const honestScore = new Map(all.filter(e => !attacked.attackerKeys.has(e.authorHex)).map(e => [toHex(e.record.candidate), e.record.score]))
    const lies = all.filter(e => attacked.attackerKeys.has(e.authorHex) && honestScore.has(toHex(e.record.candidate)))
    expect(lies.filter(e => e.record.score !== honestScore.get(toHex(e.record.candidate))).length).toBeGreaterThan(lies.length / 2)
    // ...yet every aggregate equals the honest value, so nothing about the run changes.
    expect(liarShift(attacked, 'improvement', a => attacked.attackerKeys.has(a))).toBe(0)
    const summary = (run: typeof clean): unknown[] => run.view.candidates().map(c => [c.id, c.score, c.improvement, c.pooledScore, c.fitness, c.status])
    expect(summary(attacked)).toEqual(summary(clean))
    const finals = (run: typeof clean): string[] => run.result.peers.filter(p => !attacked.attackerKeys.has(p.author)).map(p => JSON.stringify(p.tasks))
    expect(finals(attacked)).toEqual(finals(clean).slice(0, finals(attacked).length))
  })
})
