import { beforeAll, describe, expect, it } from 'vitest'
import { corruptedScores, flipEffect, flipFloatBit, scoreCopying } from '@promptswarm/adversary'
import { evaluationsBy, notReproduced, suspects } from './helpers/attack-measures.js'
import { evaluations, runSmallSwarm, type SmallRun } from './helpers/small-swarm.js'

// Evaluators whose scores are made up without malice toward anyone: a free-rider that copies,
// and a peer with faulty hardware. Undefended swarm: mean aggregator, no audits.
let clean: SmallRun
beforeAll(async () => { clean = await runSmallSwarm(undefined) })

describe('score-copying on an undefended swarm (simulator)', () => {
  it('per-evaluator minibatches: saves the free-riders nearly every model call; their evaluations count, and none of them reproduces', async () => {
    const attack = scoreCopying.create()
    const attacked = await runSmallSwarm(attack, 3, { defences: { minibatches: 'per-evaluator' } })
    // Task items are never run; only its own proposals reach the backend.
    expect(attack.stats.skippedCalls).toBeGreaterThan(10 * attack.stats.backendCalls)
    expect(attack.stats.copied).toBeGreaterThan(0)
    const riders = suspects(attacked)
    expect(evaluationsBy(attacked.view, riders).length).toBeGreaterThan(10)
    // Honest evaluators (the same peers in the clean run) reproduce exactly; the copies do not.
    expect((await notReproduced(clean, suspects(clean))).share).toBe(0)
    expect((await notReproduced(attacked, riders)).share).toBeGreaterThan(0.9)
    expect(attacked.result.banned).toEqual([])
    expect(attacked.result.agreement).toBe(true)
  })

  it('shared minibatches: a copy of a committee member\'s outcomes is the honest result, so only the guesses fail to reproduce', async () => {
    const attack = scoreCopying.create()
    const attacked = await runSmallSwarm(attack)
    expect(attack.stats.copied).toBeGreaterThan(0)
    const riders = suspects(attacked)
    const theirs = evaluationsBy(attacked.view, riders)
    const honest = evaluations(attacked.view).filter(e => !riders.has(e.authorHex))
    const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => v === b[i])
    const copies = theirs.filter(e => honest.some(h => same(h.record.candidate, e.record.candidate) && same(h.record.outcomes, e.record.outcomes) && same(h.record.baseline, e.record.baseline)))
    expect(copies.length).toBeGreaterThan(theirs.length / 2)
    // The price of exact robust aggregation: re-execution cannot tell a copy from work done, so
    // only the guesses (nobody to copy yet) fail to reproduce.
    expect((await notReproduced(attacked, riders)).share).toBeLessThan(0.5)
  })
})

describe('corrupted-scores on an undefended swarm (simulator)', () => {
  it('loses the evaluations the encoder refuses and publishes the in-range corruptions as wrong scores', async () => {
    const attack = corruptedScores.create({ rate: 1 })
    const attacked = await runSmallSwarm(attack)
    const faulty = suspects(attacked)
    // Most flips take an outcome out of [0, 1]: the peer cannot sign that record.
    expect(attack.stats.refused).toBeGreaterThan(0)
    expect(attack.stats.published).toBeGreaterThan(0)
    expect(attack.stats.refused + attack.stats.published).toBe(attack.stats.faulty)
    expect(evaluationsBy(attacked.view, faulty).length).toBeLessThan(evaluationsBy(clean.view, suspects(clean)).length)
    // What was published has a value that is neither 0 nor 1 but still in [0, 1]...
    const published = evaluationsBy(attacked.view, faulty)
    const values = published.flatMap(e => [...e.record.outcomes, ...e.record.baseline])
    expect(values.every(v => v >= 0 && v <= 1)).toBe(true)
    expect(published.filter(e => [...e.record.outcomes, ...e.record.baseline].some(v => v !== 0 && v !== 1)).length).toBe(attack.stats.published)
    // ...and re-execution does not reproduce it, as it would not a lie.
    expect((await notReproduced(attacked, faulty)).share).toBe(1)
    // Lost evaluations leave seats empty until backups step in: the run takes more rounds.
    expect(attacked.result.rounds).toBeGreaterThan(clean.result.rounds)
    expect(attacked.result.agreement).toBe(true)
  })

  it('flips bits of doubles: 1 becomes 0.5, -1 or more than 1; 0 becomes a subnormal or 2', () => {
    expect(flipFloatBit(1, 52)).toBe(0.5)
    expect(flipFloatBit(1, 63)).toBe(-1)
    expect(flipFloatBit(1, 62)).toBe(Infinity)
    expect(flipFloatBit(1, 0)).toBe(1 + 2 ** -52)
    expect(flipFloatBit(0, 0)).toBe(5e-324)
    expect(flipFloatBit(0, 62)).toBe(2)
    expect([0.5, 5e-324, 1 + 2 ** -52, -0, Infinity, Number.NaN].map(flipEffect)).toEqual(['in-range', 'in-range', 'out-of-range', 'out-of-range', 'not-finite', 'not-finite'])
    expect(() => corruptedScores.create({ flips: 0 })).toThrow(expect.objectContaining({ param: 'flips' }))
    expect(() => corruptedScores.create({ rate: 'often' })).toThrow(expect.objectContaining({ param: 'rate' }))
  })
})
