import { describe, expect, it } from 'vitest'
import { buildProfile, helpfulFamilies, PROFILE_SPECS, renderShortest, SyntheticModel } from '../src/model/synthetic/index.js'

const TASKS = ['math', 'arc', 'gpqa', 'mbpp', 'sudoku'] as const
const small = new SyntheticModel({ profile: 'small' })
const large = new SyntheticModel({ profile: 'large' })

describe('synthetic model: profiles and ground truth', () => {
  it('builds the same profile from the same spec and seed, and a different one from another seed', () => {
    const spec = PROFILE_SPECS.small
    if (spec === undefined) throw new Error('no small profile spec')
    expect(buildProfile(spec)).toEqual(buildProfile(spec))
    expect(buildProfile({ ...spec, seed: 'another seed' }).effects).not.toEqual(buildProfile(spec).effects)
  })

  it('the best reachable prompt cannot be improved by adding or dropping one helpful family', () => {
    for (const model of [small, large]) {
      for (const task of TASKS) {
        const best = model.bestReachable(task)
        expect(model.expectedAccuracy(task, best.prompt)).toBeCloseTo(best.accuracy, 12)
        expect(model.detectFamilies(best.prompt)).toEqual(best.families)
        for (const f of helpfulFamilies(task)) {
          const neighbour = best.families.includes(f.id) ? best.families.filter(id => id !== f.id) : [...best.families, f.id]
          expect(model.expectedAccuracy(task, renderShortest(neighbour)), `${model.id} ${task} ${f.id}`).toBeLessThanOrEqual(best.accuracy + 1e-12)
        }
      }
    }
  })

  it('leaves room above a plain step-by-step prompt for evolution to find', () => {
    const seed = 'Think step by step. Give the final answer on a last line that starts with `Answer:`.'
    for (const model of [small, large]) {
      for (const task of TASKS) {
        const gap = model.bestReachable(task).accuracy - model.expectedAccuracy(task, seed)
        expect(gap, `${model.id} ${task}`).toBeGreaterThan(0.1)
      }
    }
  })

  it('profiles differ, so a prompt tuned on one transfers imperfectly to the other', () => {
    let differentOptimum = 0
    let lossSum = 0
    for (const task of TASKS) {
      const a = small.bestReachable(task)
      const b = large.bestReachable(task)
      expect(large.expectedAccuracy(task, b.prompt)).toBeGreaterThan(small.expectedAccuracy(task, a.prompt))
      if (a.families.join() !== b.families.join()) differentOptimum++
      const loss = b.accuracy - large.expectedAccuracy(task, a.prompt)
      expect(loss).toBeGreaterThanOrEqual(0)
      lossSum += loss
    }
    expect(differentOptimum).toBeGreaterThanOrEqual(3)
    expect(lossSum).toBeGreaterThan(0.02)
    expect(large.profile.effects.gpqa['expert-persona']).toBeLessThan(0)
    expect(small.profile.effects.gpqa['expert-persona']).toBeGreaterThan(0)
  })

  it('reads its analysis out of the prompt: saturation, synergy and the missing format contract', () => {
    const a = small.analyse('math', 'Think step by step.')
    expect(a.pUnparseable).toBe(small.profile.sloppiness.math)
    expect(small.analyse('math', 'Think step by step. Give the final answer on a last line that starts with `Answer:`.').pUnparseable).toBe(small.profile.residualParseFailure)
    // Synergy: decomposition adds more on top of step-by-step than on its own.
    const alone = small.analyse('math', 'Decompose the question into simpler pieces before tackling it.').helpful
    const both = small.analyse('math', 'Think step by step. Decompose the question into simpler pieces before tackling it.').helpful
    const step = small.analyse('math', 'Think step by step.').helpful
    expect(both - step).toBeGreaterThan(alone)
    // Saturation: all helpful families together gain less than the sum of their separate gains
    // (even though synergies add to the total).
    const gain = (prompt: string): number => {
      const x = small.analyse('math', prompt)
      return x.logit + x.lengthPenalty - small.profile.ability.math
    }
    const pool = helpfulFamilies('math').map(f => f.id).filter(id => (small.profile.effects.math[id] ?? 0) > 0)
    const separate = pool.reduce((sum, id) => sum + gain(renderShortest([id])), 0)
    expect(gain(renderShortest(pool))).toBeLessThan(0.6 * separate)
    expect(gain(renderShortest(pool))).toBeLessThan(small.profile.saturation)
  })
})
