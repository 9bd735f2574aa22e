import { beforeAll, describe, expect, it } from 'vitest'
import { keyPairFromSeed, toHex, type CandidateRecord, type EvaluationRecord } from '@promptswarm/protocol'
import { DEFAULT_VIEW, LocalLedger } from '@promptswarm/node'
import { intermittent, littleIsEnough } from '@promptswarm/adversary'
import { admittedShare, notReproduced, straying, suspects } from './helpers/attack-measures.js'
import { liarShift, runSmallSwarm, type SmallRun } from './helpers/small-swarm.js'

// Liars that try not to look like liars: little-is-enough (small coordinated shifts) and
// intermittent (lies on a share of evaluations). Undefended swarm: mean aggregator, no audits.
let clean: SmallRun
beforeAll(async () => { clean = await runSmallSwarm(undefined) })

describe('little-is-enough on an undefended swarm (simulator)', () => {
  it('per-evaluator minibatches: shifts every evaluation by about the honest spread, and that is enough to reject honest children', async () => {
    const perEvaluator = { defences: { minibatches: 'per-evaluator' } } as const
    const attacked = await runSmallSwarm(littleIsEnough.create({ z: 1.5 }), 3, perEvaluator)
    const clean = await runSmallSwarm(undefined, 3, perEvaluator)
    const liars = suspects(attacked)
    // Each lie stays within the spread honest evaluators show on the same candidate...
    const stray = straying(attacked, liars)
    expect(stray.liar).toBeLessThan(1.5 * stray.honest)
    // ...yet every one of them is a lie that re-execution exposes.
    expect((await notReproduced(attacked, liars)).share).toBe(1)
    // Coordinated, the shifts do not average out: colluders' children gain, honest ones lose.
    const isLiar = (a: string): boolean => liars.has(a)
    const wasLiar = (a: string): boolean => suspects(clean).has(a)
    expect(liarShift(attacked, 'improvement', isLiar)).toBeGreaterThan(liarShift(clean, 'improvement', wasLiar) + 0.1)
    expect(liarShift(attacked, 'improvement', a => !isLiar(a))).toBeLessThan(liarShift(clean, 'improvement', a => !wasLiar(a)) - 0.05)
    expect(admittedShare(attacked.view, a => !isLiar(a))).toBeLessThan(admittedShare(clean.view, a => !wasLiar(a)))
    expect(attacked.result.banned).toEqual([])
  })

  it('shared minibatches: honest members agree exactly, so there is no spread to hide in and the lies are the truth', async () => {
    const attacked = await runSmallSwarm(littleIsEnough.create({ z: 1.5 }))
    const liars = suspects(attacked)
    expect(straying(attacked, liars)).toEqual({ liar: 0, honest: 0 })
    // Only the first lies, made before the archive showed any spread (the attack then guesses it
    // from binomial noise), fail to reproduce.
    expect((await notReproduced(attacked, liars)).share).toBeLessThan(0.2)
  })

  it('rejects a bad z with its name', () => {
    expect(() => littleIsEnough.create({ z: 9 })).toThrow(expect.objectContaining({ param: 'z' }))
  })
})

describe('intermittent on an undefended swarm (simulator)', () => {
  it('lies on only part of its evaluations, enough to move admissions', async () => {
    const attacked = await runSmallSwarm(intermittent.create({ rate: 0.5 }))
    const liars = suspects(attacked)
    // Some evaluations are lies and some are honest: an audit that draws an honest one clears it.
    const { share } = await notReproduced(attacked, liars)
    expect(share).toBeGreaterThan(0.2)
    expect(share).toBeLessThan(0.9)
    expect(liarShift(attacked, 'improvement', a => !liars.has(a))).toBeLessThan(liarShift(clean, 'improvement', a => !suspects(clean).has(a)) - 0.1)
    expect(admittedShare(attacked.view, a => !liars.has(a))).toBeLessThan(admittedShare(clean.view, a => !suspects(clean).has(a)))
  })

  it('with a period, lies on the first rate × period of every period evaluations (a real LocalLedger)', async () => {
    const ledger = new LocalLedger({ swarm: 'windows', keys: keyPairFromSeed(new Uint8Array(32).fill(9)), view: DEFAULT_VIEW })
    const attack = intermittent.create({ rate: 0.25, period: 4 })
    const wrapped = (attack.wrap as NonNullable<typeof attack.wrap>)(0, ledger, [toHex(ledger.author)], { seed: 1, attackers: [0], peers: 1 })
    const seed = await ledger.publish<CandidateRecord>({ kind: 'candidate', role: 'task', task: 'math', text: 'Think.', parent: null, optimizer: null })
    const reported: number[] = []
    for (let i = 0; i < 8; i++) {
      const e = await wrapped.publish<EvaluationRecord>({ kind: 'evaluation', candidate: seed.id, items: ['a', 'b'], outcomes: [0, 0], score: 0, baseline: [], model: 'm', usage: { promptTokens: 1, completionTokens: 1 } })
      reported.push(e.record.score)
    }
    // Its own candidate (a colluder's) is inflated in the first evaluation of each window of 4.
    expect(reported).toEqual([1, 0, 0, 0, 1, 0, 0, 0])
  })

  it('rejects bad parameters with their names', () => {
    expect(() => intermittent.create({ rate: 1.2 })).toThrow(expect.objectContaining({ param: 'rate' }))
    expect(() => intermittent.create({ period: 2.5 })).toThrow(expect.objectContaining({ param: 'period' }))
  })
})
