import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ConfigError,
  ConsensusClipping,
  createAggregator,
  Mean,
  Median,
  ReputationWeightedMedian,
  TrimmedMean,
  WinsorizedMean,
  type Aggregator,
  type ScoreInput
} from '../src/index.js'

/**
 * Breakdown-point properties: with fewer than `breakdown` arbitrary inputs (by count for unweighted
 * aggregators, by weight share for weighted ones) the output stays inside [min, max] of the honest
 * inputs. "Arbitrary" means any score a valid evaluation record can carry: a value in [0, 1].
 */

const RUNS = 400
/** Weight shares are compared with this margin: the claim is "strictly fewer than", and float sums of weights differ in the last bits. */
const SHARE_MARGIN = 1e-9

/** Scores as evaluations produce them: means of outcomes (k/n grids, with ties) or any double in [0, 1]. */
const scoreArb = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(k => k / 20),
  fc.integer({ min: 1, max: 7 }).chain(n => fc.integer({ min: 0, max: n }).map(k => k / n)),
  fc.double({ min: 0, max: 1, noNaN: true }).map(x => x === 0 ? 0 : x)
)
/** What an attacker submits: extremes most of the time, anything valid otherwise. */
const attackArb = fc.oneof(fc.constantFrom(0, 1), scoreArb)

interface Scenario {
  readonly honest: ScoreInput[]
  readonly attackers: ScoreInput[]
}

/** Interleaves names so attackers and honest evaluators sort in every relative order (ties are broken by evaluator). */
function named (honestScores: number[], attackScores: number[], order: number[], honestWeights?: number[], attackWeights?: number[]): Scenario {
  const name = (i: number): string => `e${String(order[i] as number).padStart(3, '0')}`
  const honest = honestScores.map((score, i) => ({ evaluator: name(i), score, weight: honestWeights?.[i] ?? 1 }))
  const attackers = attackScores.map((score, i) => ({ evaluator: name(honestScores.length + i), score, weight: attackWeights?.[i] ?? 1 }))
  return { honest, attackers }
}

function permutation (n: number): fc.Arbitrary<number[]> {
  const indices = Array.from({ length: n }, (_, i) => i)
  return fc.shuffledSubarray(indices, { minLength: n, maxLength: n })
}

/** n honest and f arbitrary unweighted inputs with f / (n + f) < share. */
function countScenario (share: number): fc.Arbitrary<Scenario> {
  if (!(share > 0)) throw new Error('a scenario needs a positive share')
  return fc.integer({ min: 1, max: 40 })
    // f < share * total, drawn directly rather than filtered (the margin keeps 0.1 * 30 = 3.0000000000000004 from allowing f = 3).
    .chain(total => fc.integer({ min: 0, max: Math.min(total - 1, Math.ceil(share * total - SHARE_MARGIN) - 1) }).map(f => ({ total, f })))
    .chain(({ total, f }) => fc.tuple(
      fc.array(scoreArb, { minLength: total - f, maxLength: total - f }),
      fc.array(attackArb, { minLength: f, maxLength: f }),
      permutation(total)
    ))
    .map(([h, a, order]) => named(h, a, order))
}

const anyWeight = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }).map(x => x === 0 ? 0 : x), fc.constantFrom(0, 0.5, 1))
/** Multiples of 1/64: their sums are exact in any order, so a reference computation sees the same thresholds as the code. */
const dyadicWeight = fc.integer({ min: 0, max: 64 }).map(k => k / 64)

/** Honest and arbitrary weighted inputs, the arbitrary ones holding less than `share` of the weight (any number of them). */
function weightScenario (share: number, weight: fc.Arbitrary<number> = anyWeight): fc.Arbitrary<Scenario> {
  return fc.tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 30 }))
    .chain(([n, f]) => fc.tuple(
      fc.array(scoreArb, { minLength: n, maxLength: n }),
      fc.array(weight, { minLength: n, maxLength: n }),
      fc.array(attackArb, { minLength: f, maxLength: f }),
      fc.array(weight, { minLength: f, maxLength: f }),
      permutation(n + f)
    ))
    .map(([hs, hw, as, aw, order]) => named(hs, as, order, hw, aw))
    .filter(s => {
      const wh = sum(s.honest.map(x => x.weight))
      const wa = sum(s.attackers.map(x => x.weight))
      return wh > 0 && wa / (wh + wa) < share - SHARE_MARGIN
    })
}

function sum (xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0)
}

function range (inputs: readonly ScoreInput[]): { min: number, max: number } {
  return { min: Math.min(...inputs.map(x => x.score)), max: Math.max(...inputs.map(x => x.score)) }
}

function mixed (s: Scenario): ScoreInput[] {
  return [...s.honest, ...s.attackers]
}

const UNWEIGHTED: Aggregator[] = [
  new Median(),
  new TrimmedMean(0.1), new TrimmedMean(0.2), new TrimmedMean(0.25), new TrimmedMean(0.4),
  new WinsorizedMean(0.1), new WinsorizedMean(0.2), new WinsorizedMean(0.25), new WinsorizedMean(0.4)
]
const ALL: Aggregator[] = [new Mean(), new TrimmedMean(0), new WinsorizedMean(0), ...UNWEIGHTED, new ReputationWeightedMedian(), new ConsensusClipping(0.5), new ConsensusClipping(1)]

describe('robust aggregators stay within the honest range below their breakdown point', () => {
  it('with no arbitrary inputs every aggregator (the mean too) stays within [min, max] of its inputs', () => {
    fc.assert(fc.property(weightScenario(1e-3), s => {
      const { min, max } = range(s.honest)
      for (const agg of ALL) {
        const out = agg.aggregate(s.honest) as number
        expect(out, agg.name).toBeGreaterThanOrEqual(min)
        expect(out, agg.name).toBeLessThanOrEqual(max)
      }
    }), { seed: 42, numRuns: 250 })
  })

  for (const agg of UNWEIGHTED) {
    it(`${agg.name}: fewer than ${agg.breakdown.upward} of the inputs (by count) arbitrary`, () => {
      expect(agg.usesWeights).toBe(false)
      expect(agg.breakdown.upward).toBe(agg.breakdown.downward)
      fc.assert(fc.property(countScenario(agg.breakdown.upward), s => {
        const { min, max } = range(s.honest)
        const out = agg.aggregate(mixed(s))
        expect(out).toBeDefined()
        expect(out).toBeGreaterThanOrEqual(min)
        expect(out).toBeLessThanOrEqual(max)
      }), { seed: 42, numRuns: RUNS })
    })
  }

  it('reputation-median: any number of arbitrary inputs holding under half the weight', () => {
    const agg = new ReputationWeightedMedian()
    expect(agg.usesWeights).toBe(true)
    expect(agg.breakdown).toEqual({ upward: 0.5, downward: 0.5 })
    fc.assert(fc.property(weightScenario(agg.breakdown.upward), s => {
      const { min, max } = range(s.honest)
      const out = agg.aggregate(mixed(s)) as number
      expect(out).toBeGreaterThanOrEqual(min)
      expect(out).toBeLessThanOrEqual(max)
    }), { seed: 42, numRuns: RUNS })
  })

  for (const kappa of [0.3, 0.5, 0.7, 1]) {
    it(`consensus-clipping(${kappa}): upward only, arbitrary inputs holding under kappa of the weight`, () => {
      const agg = new ConsensusClipping(kappa)
      expect(agg.usesWeights).toBe(true)
      expect(agg.breakdown).toEqual({ upward: kappa, downward: 0 })
      fc.assert(fc.property(weightScenario(agg.breakdown.upward), s => {
        const out = agg.aggregate(mixed(s)) as number
        expect(out).toBeLessThanOrEqual(range(s.honest).max)
      }), { seed: 42, numRuns: RUNS })
    })
  }

  it('the plain mean has breakdown 0: one arbitrary input takes it out of the honest range', () => {
    const mean = new Mean()
    expect(mean.breakdown).toEqual({ upward: 0, downward: 0 })
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 0, max: 99 }).map(k => k / 100),
      (n, v) => {
        const honest = Array.from({ length: n }, (_, i) => ({ evaluator: `h${i}`, score: v, weight: 1 }))
        const up = mean.aggregate([...honest, { evaluator: 'x', score: 1, weight: 1 }]) as number
        const down = mean.aggregate([...honest, { evaluator: 'x', score: 0, weight: 1 }]) as number
        expect(up).toBeGreaterThan(v)
        if (v > 0) expect(down).toBeLessThan(v)
      }
    ), { seed: 42, numRuns: 200 })
    // A concrete case: 9 honest evaluators agree on 0.2, one liar says 1.
    const honest = Array.from({ length: 9 }, (_, i) => ({ evaluator: `h${i}`, score: 0.2, weight: 1 }))
    expect(mean.aggregate([...honest, { evaluator: 'liar', score: 1, weight: 1 }])).toBeCloseTo(0.28, 12)
    expect(new Median().aggregate([...honest, { evaluator: 'liar', score: 1, weight: 1 }])).toBe(0.2)
  })
})

describe('breakdown points are tight: at the breakdown share the guarantee is lost', () => {
  const honest = (n: number, score: number): ScoreInput[] => Array.from({ length: n }, (_, i) => ({ evaluator: `h${i}`, score, weight: 1 }))
  const liars = (n: number, score: number, weight = 1): ScoreInput[] => Array.from({ length: n }, (_, i) => ({ evaluator: `x${i}`, score, weight }))

  it('median: half the inputs at 1 move it above every honest value', () => {
    expect(new Median().aggregate([...honest(3, 0.4), ...liars(3, 1)])).toBeGreaterThan(0.4)
    expect(new Median().aggregate([...honest(4, 0.4), ...liars(3, 1)])).toBe(0.4)
  })

  it('trimmed and winsorized mean: trim * n arbitrary inputs are not all dropped when they exceed floor(trim * n)', () => {
    // 10 inputs, trim 0.2: two liars are dropped, three are not.
    expect(new TrimmedMean(0.2).aggregate([...honest(8, 0.4), ...liars(2, 1)])).toBe(0.4)
    expect(new TrimmedMean(0.2).aggregate([...honest(7, 0.4), ...liars(3, 1)])).toBeGreaterThan(0.4)
    expect(new WinsorizedMean(0.2).aggregate([...honest(8, 0.4), ...liars(2, 1)])).toBe(0.4)
    expect(new WinsorizedMean(0.2).aggregate([...honest(7, 0.4), ...liars(3, 1)])).toBeGreaterThan(0.4)
  })

  it('reputation-median: many Sybils with little reputation cannot move it; half the weight can', () => {
    const agg = new ReputationWeightedMedian()
    expect(agg.aggregate([...honest(3, 0.4), ...liars(100, 1, 0.0299)])).toBe(0.4)
    expect(agg.aggregate([...honest(3, 0.4), ...liars(100, 1, 0.031)])).toBe(1)
  })

  it('consensus-clipping: an inflating coalition with kappa of the weight sets the consensus', () => {
    const agg = new ConsensusClipping(0.5)
    expect(agg.aggregate([...honest(3, 0.4), ...liars(2, 1)])).toBeCloseTo(0.4, 15)
    expect(agg.aggregate([...honest(3, 0.4), ...liars(3, 1)])).toBeGreaterThan(0.4)
  })
})

/**
 * Consensus clipping under a deflating coalition. Notation: honest inputs H, arbitrary inputs A,
 * T = W(H) + W(A), share a = W(A) / T, c = the consensus of all inputs, and
 * M_H(x) = sum over H of w * min(s, x) / W(H) (the honest weighted mean clipped at x).
 *
 * From the code, result R = (W(H) * M_H(c) + sum over A of w * min(s, c)) / T, and every term of the
 * second sum is >= 0, so   (1)  R >= (1 - a) * M_H(c),   with equality when A scores 0.
 *
 * The coalition also moves the consensus: it adds weight to T, so kappa * T rises and the honest
 * weight needed at or above c grows to kappa / (1 - a) of the honest weight. Weight "at or above"
 * only grows when inputs are added, so c >= c_H(kappa / (1 - a)), the honest-only consensus at that
 * stricter threshold (when it is <= 1), and since M_H is non-decreasing:
 *   (2)  R >= (1 - a) * M_H(c_H(kappa / (1 - a)))   for a < 1 - kappa.
 * For a >= 1 - kappa the honest inputs alone cannot hold the consensus up and only R >= 0 holds.
 *
 * The simpler bound "R >= R_H - a * consensus" (R_H the honest-only result) holds when the coalition
 * does not lower the consensus, but not in general: see the counterexample below.
 */
describe('consensus clipping: the bias of a deflating coalition is bounded as derived, not by the honest minimum', () => {
  /** Reference consensus, by definition: the highest score x with weight(score >= x) >= kappa * total. */
  function referenceConsensus (inputs: readonly ScoreInput[], kappa: number): number {
    const total = sum(inputs.map(x => x.weight))
    let best = Math.min(...inputs.map(x => x.score))
    for (const x of inputs) {
      const atOrAbove = sum(inputs.filter(y => y.score >= x.score).map(y => y.weight))
      if (atOrAbove >= kappa * total && x.score > best) best = x.score
    }
    return best
  }
  function clippedMean (inputs: readonly ScoreInput[], clip: number): number {
    return sum(inputs.map(x => x.weight * Math.min(x.score, clip))) / sum(inputs.map(x => x.weight))
  }
  const EPS = 1e-12

  for (const kappa of [0.3, 0.5, 0.7]) {
    it(`consensus-clipping(${kappa}): bounds (1) and (2) hold for any coalition`, () => {
      const agg = new ConsensusClipping(kappa)
      let strictChecked = 0
      // Positive honest weights keep the honest-only reference well defined; the coalition may hold any share below 1.
      fc.assert(fc.property(weightScenario(1, dyadicWeight).filter(s => s.honest.every(x => x.weight > 0)), s => {
        const all = mixed(s)
        const R = agg.aggregate(all) as number
        const wh = sum(s.honest.map(x => x.weight))
        const a = 1 - wh / sum(all.map(x => x.weight))
        const c = referenceConsensus(all, kappa)
        expect(R).toBeGreaterThanOrEqual((1 - a) * clippedMean(s.honest, c) - EPS)
        if (a < 1 - kappa - SHARE_MARGIN) {
          strictChecked++
          const strict = Math.min(1, kappa / (1 - a))
          expect(c).toBeGreaterThanOrEqual(referenceConsensus(s.honest, strict))
          expect(R).toBeGreaterThanOrEqual((1 - a) * clippedMean(s.honest, referenceConsensus(s.honest, strict)) - EPS)
        }
      }), { seed: 42, numRuns: RUNS })
      expect(strictChecked, 'cases where bound (2) applies').toBeGreaterThan(40)
    })
  }

  it('bound (1) is tight: a coalition scoring 0 attains it', () => {
    const agg = new ConsensusClipping(0.5)
    const honest: ScoreInput[] = [{ evaluator: 'h0', score: 0.9, weight: 1 }, { evaluator: 'h1', score: 0.5, weight: 1 }]
    const all = [...honest, { evaluator: 'x', score: 0, weight: 0.5 }]
    // T = 2.5, kappa * T = 1.25: only 0.9 and 0.5 together reach it, so c = 0.5 (honest-only c_H = 0.9).
    expect(agg.aggregate(honest)).toBeCloseTo(0.7, 15)
    expect(agg.aggregate(all)).toBeCloseTo(0.4, 15)
    expect(agg.aggregate(all)).toBeCloseTo((1 - 0.2) * clippedMean(honest, 0.5), 15)
    // The naive "R_H - a * consensus" would promise at least 0.7 - 0.2 * 0.5 = 0.6 (or 0.52 with c_H): it does not hold.
    expect(agg.aggregate(all) as number).toBeLessThan(0.7 - 0.2 * 0.9)
  })

  it('a deflating coalition below kappa of the weight drags it below the honest minimum (breakdown.downward = 0)', () => {
    const agg = new ConsensusClipping(0.5)
    const honest = [0.5, 0.6, 0.7].map((score, i) => ({ evaluator: `h${i}`, score, weight: 1 }))
    const out = agg.aggregate([...honest, { evaluator: 'x', score: 0, weight: 0.5 }]) as number
    expect(out).toBeLessThan(0.5)
    expect(agg.breakdown.downward).toBe(0)
    // Whenever the honest evaluators agree on v > 0, any coalition with positive weight scoring 0,
    // however small its share, pulls the result strictly below v, the honest minimum.
    fc.assert(fc.property(
      weightScenario(0.5, dyadicWeight).filter(s => s.attackers.some(x => x.weight > 0) && s.honest.some(x => x.weight > 0)),
      fc.integer({ min: 1, max: 20 }).map(k => k / 20),
      fc.constantFrom(0.3, 0.5, 0.7, 1),
      (s, v, kappa) => {
        const honest = s.honest.map(x => ({ ...x, score: v }))
        const R = new ConsensusClipping(kappa).aggregate([...honest, ...s.attackers.map(x => ({ ...x, score: 0 }))]) as number
        expect(R).toBeLessThan(v)
      }
    ), { seed: 42, numRuns: 300 })
  })
})

describe('aggregator basics', () => {
  it('every aggregator returns undefined for no inputs and is independent of input order', () => {
    const all = ALL
    for (const agg of all) expect(agg.aggregate([])).toBeUndefined()
    fc.assert(fc.property(weightScenario(1), fc.nat(), (s, k) => {
      const inputs = mixed(s)
      const rotated = [...inputs.slice(k % inputs.length), ...inputs.slice(0, k % inputs.length)].reverse()
      for (const agg of all) expect(Object.is(agg.aggregate(inputs), agg.aggregate(rotated))).toBe(true)
    }), { seed: 42, numRuns: 200 })
  })

  it('the mean of equal values is that value exactly (float sums are clamped to the range)', () => {
    // Summed left to right, 0.1 * 3 / 3 is 0.10000000000000002 and 0.4 * 8 / 8 is 0.39999999999999997.
    for (const [v, n] of [[0.1, 3], [0.4, 8], [0.7, 10]] as const) {
      const inputs = Array.from({ length: n }, (_, i) => ({ evaluator: `e${i}`, score: v, weight: 0.3 }))
      for (const agg of ALL) expect(agg.aggregate(inputs), agg.name).toBe(v)
    }
  })

  it('zero total weight falls back to unweighted behaviour', () => {
    const inputs = [0.1, 0.2, 0.9].map((score, i) => ({ evaluator: `e${i}`, score, weight: 0 }))
    expect(new ReputationWeightedMedian().aggregate(inputs)).toBe(0.2)
    expect(new ConsensusClipping(0.5).aggregate(inputs)).toBeCloseTo((0.1 + 0.2 + 0.2) / 3, 15)
  })

  it('createAggregator builds every kind and rejects bad parameters with a ConfigError naming the field', () => {
    expect(createAggregator({ kind: 'mean' }).name).toBe('mean')
    expect(createAggregator({ kind: 'median' }).name).toBe('median')
    expect(createAggregator({ kind: 'trimmed-mean', trim: 0.2 }).name).toBe('trimmed-mean(0.2)')
    expect(createAggregator({ kind: 'winsorized-mean', trim: 0.1 }).name).toBe('winsorized-mean(0.1)')
    expect(createAggregator({ kind: 'reputation-median' }).name).toBe('reputation-median')
    expect(createAggregator({ kind: 'consensus-clipping' }).name).toBe('consensus-clipping(0.5)')
    for (const bad of [() => new TrimmedMean(0.5), () => new WinsorizedMean(-0.1), () => new TrimmedMean(Number.NaN)]) {
      expect(bad).toThrow(ConfigError)
      expect(bad).toThrow(/aggregator\.trim/)
    }
    expect(() => new ConsensusClipping(0)).toThrow(/aggregator\.kappa/)
    expect(() => new ConsensusClipping(1.5)).toThrow(ConfigError)
    expect(() => createAggregator({ kind: 'nope' } as never)).toThrow(/aggregator\.kind/)
  })
})
