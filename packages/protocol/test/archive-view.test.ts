import { describe, expect, it } from 'vitest'
import {
  ArchiveView,
  ConfigError,
  type AccusationRecord,
  type EvidenceJudge,
  type Verdict,
  type VerifiedRecord,
  type ViewConfig
} from '../src/index.js'
import { candidate, evaluation, hello, makeAuthors, mismatch, scored, type Author } from './fixtures.js'

const BASE: ViewConfig = { aggregator: { kind: 'median' }, quorum: 2, tolerance: 0.05 }

function toHexKey (key: Uint8Array): string {
  return Buffer.from(key).toString('hex')
}

function viewOf (config: Partial<ViewConfig>, records: readonly VerifiedRecord[] = []): ArchiveView {
  const view = new ArchiveView({ ...BASE, ...config })
  for (const r of records) view.add(r)
  return view
}

/** Proposer, four honest evaluators and a liar; fresh (seq 0) for every test. */
function cast (): { p: Author, e: [Author, Author, Author, Author], x: Author } {
  const [p, e1, e2, e3, e4, x] = makeAuthors(6, 200) as [Author, Author, Author, Author, Author, Author]
  return { p, e: [e1, e2, e3, e4], x }
}

/** Two honest evaluators give `score` to `target`. */
function twoScores (e: readonly Author[], target: VerifiedRecord, score: number): VerifiedRecord[] {
  return [scored(e[0] as Author, target, score), scored(e[1] as Author, target, score)]
}

/** Makes `a` equivocate: two different hellos with one seq. */
function equivocate (a: Author): VerifiedRecord[] {
  const seq = a.seq++
  return [hello(a, { seq, peerId: 'first' }), hello(a, { seq, peerId: 'second' })]
}

describe('ArchiveView: quorum and scores', () => {
  it('no score below the quorum; the aggregate once it is reached', () => {
    const { p, e } = cast()
    const s = candidate(p)
    const view = viewOf({ quorum: 3 }, [s, scored(e[0], s, 0.5), scored(e[1], s, 0.9)])
    expect(view.candidate(s.idHex)).toMatchObject({ evaluations: 2, score: undefined, status: 'pending' })
    expect(view.score(s.idHex)).toBeUndefined()
    const before = view.digest()
    view.add(scored(e[2], s, 0.6))
    expect(view.candidate(s.idHex)).toMatchObject({ evaluations: 3, score: 0.6, status: 'admitted' })
    expect(view.digest()).not.toBe(before)
  })

  it('evaluations that arrive before their candidate count once it arrives', () => {
    const { p, e } = cast()
    const s = candidate(p)
    const view = viewOf({}, twoScores(e, s, 0.4))
    expect(view.candidate(s.idHex)).toBeUndefined()
    view.add(s)
    expect(view.score(s.idHex)).toBe(0.4)
  })

  it('one vote per evaluator: its lowest-seq evaluation, whatever arrived first', () => {
    const { p, e } = cast()
    const s = candidate(p)
    const late = scored(e[0], s, 0.2, { seq: 10 })
    const early = scored(e[0], s, 0.8, { seq: 3 })
    for (const order of [[late, early], [early, late]]) {
      const view = viewOf({ quorum: 1 }, [s, ...order])
      expect(view.candidate(s.idHex)).toMatchObject({ evaluations: 1, score: 0.8 })
    }
  })

  it('evaluations of an optimizer prompt give it no score', () => {
    const { p, e } = cast()
    const o = candidate(p, { role: 'optimizer' })
    const view = viewOf({ quorum: 1 }, [o, ...twoScores(e, o, 0.9)])
    expect(view.candidate(o.idHex)).toMatchObject({ evaluations: 0, score: undefined, status: 'admitted' })
  })

  it('the eligibility rule decides which evaluations count', () => {
    const { p, e } = cast()
    const s = candidate(p)
    const records = [s, scored(e[0], s, 0.1), scored(e[1], s, 0.5), scored(e[2], s, 0.9)]
    const view = viewOf({ quorum: 1, eligible: (_c, ev) => ev.authorHex !== e[0].hex }, records)
    expect(view.candidate(s.idHex)).toMatchObject({ evaluations: 2, score: 0.7 })
  })
})

describe('ArchiveView: admission against the parent', () => {
  it('admitted, rejected, pending, orphan and invalid-lineage', () => {
    const { p, e } = cast()
    const seed = candidate(p, { text: 'seed' })
    const ok = candidate(p, { parent: seed, text: 'within tolerance' })
    const bad = candidate(p, { parent: seed, text: 'worse' })
    const waiting = candidate(p, { parent: seed, text: 'one evaluation' })
    const grandchild = candidate(p, { parent: waiting, text: 'parent unscored' })
    const missing = candidate(p, { text: 'never published' })
    const orphan = candidate(p, { parent: missing, text: 'orphan' })
    const optimizer = candidate(p, { role: 'optimizer', text: 'optimizer' })
    const wrongRole = candidate(p, { parent: optimizer, text: 'task prompt under an optimizer' })
    const wrongTask = candidate(p, { parent: seed, task: 'other-task', text: 'other task' })
    const unscoredSeed = candidate(p, { text: 'unscored seed' })
    const view = viewOf({}, [
      seed, ok, bad, waiting, grandchild, orphan, optimizer, wrongRole, wrongTask, unscoredSeed,
      ...twoScores(e, seed, 0.6), ...twoScores(e, ok, 0.56), ...twoScores(e, bad, 0.5), scored(e[0], waiting, 0.9),
      ...twoScores(e, grandchild, 0.9), ...twoScores(e, orphan, 0.9), ...twoScores(e, wrongRole, 0.9), ...twoScores(e, wrongTask, 0.9)
    ])
    const status = (r: VerifiedRecord): string | undefined => view.candidate(r.idHex)?.status
    expect(status(seed)).toBe('admitted')
    expect(status(ok)).toBe('admitted')
    expect(status(bad)).toBe('rejected')
    expect(status(waiting)).toBe('pending')
    expect(status(grandchild)).toBe('pending')
    expect(status(orphan)).toBe('orphan')
    expect(status(optimizer)).toBe('admitted')
    expect(status(wrongRole)).toBe('invalid-lineage')
    expect(status(wrongTask)).toBe('invalid-lineage')
    expect(status(unscoredSeed)).toBe('pending')
    expect(view.status('no-such-id')).toBe('orphan')
    // The parent arrives: the orphan is judged against it (unscored, so pending), then admitted once scored.
    view.add(missing)
    expect(status(orphan)).toBe('pending')
    for (const r of twoScores(e.slice(2), missing, 0.95)) view.add(r)
    expect(status(orphan)).toBe('admitted')
    expect(view.candidates({ status: 'rejected' }).map(c => c.id)).toEqual([bad.idHex])
    expect(view.candidates({ role: 'optimizer' }).map(c => c.id)).toEqual([optimizer.idHex])
    expect(view.candidates({ task: 'other-task' }).map(c => c.id)).toEqual([wrongTask.idHex])
  })

  it('a child exactly at parent score minus tolerance is admitted, one step below is not', () => {
    const { p, e } = cast()
    const seed = candidate(p)
    const edge = candidate(p, { parent: seed, text: 'edge' })
    const below = candidate(p, { parent: seed, text: 'below' })
    const view = viewOf({ tolerance: 0.25 }, [seed, edge, below, ...twoScores(e, seed, 0.75), ...twoScores(e, edge, 0.5), ...twoScores(e, below, 0.375)])
    expect(view.status(edge.idHex)).toBe('admitted')
    expect(view.status(below.idHex)).toBe('rejected')
  })

  it('a parent written by a banned author makes its children invalid-lineage', () => {
    const { p, e, x } = cast()
    const parent = candidate(x)
    const child = candidate(p, { parent })
    const view = viewOf({}, [parent, child, ...twoScores(e, parent, 0.5), ...twoScores(e, child, 0.6)])
    expect(view.status(child.idHex)).toBe('admitted')
    for (const r of equivocate(x)) view.add(r)
    expect(view.status(parent.idHex)).toBe('banned')
    expect(view.status(child.idHex)).toBe('invalid-lineage')
  })
})

describe('ArchiveView: children and optimizer fitness', () => {
  it('children counts exclude banned authors', () => {
    const { p, x } = cast()
    const seed = candidate(p)
    const view = viewOf({}, [seed, candidate(p, { parent: seed }), candidate(p, { parent: seed }), candidate(x, { parent: seed })])
    expect(view.candidate(seed.idHex)?.children).toBe(3)
    for (const r of equivocate(x)) view.add(r)
    expect(view.candidate(seed.idHex)?.children).toBe(2)
  })

  it("fitness is the mean improvement of an optimizer's scored children over their parents", () => {
    const { p, e } = cast()
    const o = candidate(p, { role: 'optimizer', text: 'optimizer 0' })
    const p1 = candidate(p, { text: 'p1' })
    const p2 = candidate(p, { text: 'p2' })
    const c1 = candidate(p, { parent: p1, optimizer: o, text: 'c1' })
    const c2 = candidate(p, { parent: p2, optimizer: o, text: 'c2' })
    const unscored = candidate(p, { parent: p1, optimizer: o, text: 'c3' })
    const view = viewOf({}, [o, p1, p2, c1, c2, unscored, ...twoScores(e, p1, 0.5), ...twoScores(e, p2, 0.25), ...twoScores(e, c1, 0.75), ...twoScores(e, c2, 0.125), scored(e[0], unscored, 1)])
    // (0.75 - 0.5) and (0.125 - 0.25): mean 0.0625, exact in binary.
    expect(view.fitness(o.idHex)).toEqual({ value: 0.0625, samples: 2 })
    expect(view.candidate(o.idHex)).toMatchObject({ fitness: 0.0625, fitnessSamples: 2, status: 'admitted', score: undefined })
    expect(view.candidate(c1.idHex)?.fitness).toBeUndefined()

    // An optimizer prompt derived from o is judged on its own fitness against o's.
    const better = candidate(p, { role: 'optimizer', parent: o, text: 'optimizer 1' })
    const worse = candidate(p, { role: 'optimizer', parent: o, text: 'optimizer 2' })
    const c4 = candidate(p, { parent: p2, optimizer: better, text: 'c4' })
    const c5 = candidate(p, { parent: p1, optimizer: worse, text: 'c5' })
    for (const r of [better, worse]) view.add(r)
    expect(view.status(better.idHex)).toBe('pending')
    for (const r of [c4, c5, ...twoScores(e, c4, 0.5), ...twoScores(e, c5, 0.25)]) view.add(r)
    expect(view.fitness(better.idHex)).toEqual({ value: 0.25, samples: 1 })
    expect(view.fitness(worse.idHex)).toEqual({ value: -0.25, samples: 1 })
    expect(view.status(better.idHex)).toBe('admitted')
    expect(view.status(worse.idHex)).toBe('rejected')
    expect(view.candidate(o.idHex)?.children).toBe(2)

    // With minFitnessSamples 2, one scored child is not enough.
    const strict = viewOf({ minFitnessSamples: 2 }, [...view.ids()].map(id => view.get(id) as VerifiedRecord))
    expect(strict.status(better.idHex)).toBe('pending')
    expect(strict.fitness(better.idHex)).toEqual({ value: 0.25, samples: 1 })
  })
})

describe('ArchiveView: self-evaluations and bans', () => {
  it("an author's evaluations of its own candidates do not count by default", () => {
    const { p, e } = cast()
    const s = candidate(p)
    const records = [s, scored(p, s, 1), scored(e[0], s, 0.2)]
    expect(viewOf({ quorum: 1 }, records).candidate(s.idHex)).toMatchObject({ evaluations: 1, score: 0.2 })
    expect(viewOf({ quorum: 1, countSelfEvaluations: true }, records).candidate(s.idHex)).toMatchObject({ evaluations: 2, score: 0.6 })
  })

  it("a banned author's evaluations stop counting, its candidates show 'banned' and its reputation is 0", () => {
    const { p, e, x } = cast()
    const s = candidate(p)
    const other = candidate(p, { text: 'second' })
    const own = candidate(x)
    const records = [s, other, own, scored(e[0], s, 0.5), scored(e[1], s, 0.75), scored(e[2], s, 1), scored(x, s, 0), scored(e[0], other, 0.5), scored(x, other, 0.5), ...twoScores(e, own, 0.5)]
    const view = viewOf({ aggregator: { kind: 'mean' } }, records)
    expect(view.candidate(s.idHex)).toMatchObject({ evaluations: 4, score: 0.5625 })
    expect(view.evaluators()).toContain(x.hex)
    expect(view.reputation(x.hex)).toBeGreaterThan(0)
    for (const r of equivocate(x)) view.add(r)
    expect(view.candidate(s.idHex)).toMatchObject({ evaluations: 3, score: 0.75 })
    expect(view.candidate(other.idHex)).toMatchObject({ evaluations: 1, score: undefined })
    expect(view.candidate(own.idHex)).toMatchObject({ status: 'banned', evaluations: 0, score: undefined })
    expect(view.reputation(x.hex)).toBe(0)
    expect(view.evaluators()).not.toContain(x.hex)
    // Evaluations it publishes after the ban do not count either.
    const late = candidate(p, { text: 'third' })
    view.add(late)
    view.add(scored(x, late, 1))
    view.add(scored(e[3], late, 0.25))
    expect(view.candidate(late.idHex)).toMatchObject({ evaluations: 1 })
  })

  it('peers() lists the latest hello of each unbanned author', () => {
    const { p, x } = cast()
    const view = viewOf({}, [hello(p, { peerId: 'old' }), hello(p, { peerId: 'new' }), hello(x)])
    expect(view.peers().map(h => h.peerId).sort()).toEqual(['new', 'peer-205'])
    for (const r of equivocate(x)) view.add(r)
    expect(view.peers().map(h => h.peerId)).toEqual(['new'])
  })
})

describe('ArchiveView: evaluation-mismatch accusations and the judge', () => {
  /** A judge whose answers the test sets per accusation: it stands in for re-execution. */
  class ScriptedJudge implements EvidenceJudge {
    readonly verdicts = new Map<string, Verdict>()
    asked = 0
    judge (accusation: VerifiedRecord<AccusationRecord>): Verdict {
      this.asked++
      return this.verdicts.get(accusation.idHex) ?? 'undecided'
    }
  }

  function setup (): { view: ArchiveView, judge: ScriptedJudge, accusation: VerifiedRecord<AccusationRecord>, liar: Author, s: VerifiedRecord } {
    const { p, e, x } = cast()
    const s = candidate(p)
    const lie = evaluation(x, s, [1, 1])
    const accusation = mismatch(e[0], lie, [1], [0])
    const judge = new ScriptedJudge()
    const view = viewOf({ aggregator: { kind: 'mean' }, judge }, [s, lie, ...twoScores(e.slice(1), s, 0.5)])
    return { view, judge, accusation, liar: x, s }
  }

  it("'proven' bans the accused", () => {
    const { view, judge, accusation, liar, s } = setup()
    expect(view.score(s.idHex)).toBeCloseTo(2 / 3, 15)
    judge.verdicts.set(accusation.idHex, 'proven')
    view.add(accusation)
    expect(view.banned()).toEqual([{ author: liar.hex, reasons: ['accusation'] }])
    expect(view.accusationViews()).toMatchObject([{ id: accusation.idHex, accused: liar.hex, kind: 'evaluation-mismatch', verdict: 'proven' }])
    expect(view.score(s.idHex)).toBe(0.5)
  })

  it("'refuted' does not ban the accused (it bans the accuser: see committees and membership)", () => {
    const { view, judge, accusation } = setup()
    judge.verdicts.set(accusation.idHex, 'refuted')
    view.add(accusation)
    expect(view.isBanned(toHexKey(accusation.record.accused))).toBe(false)
    expect(view.accusationViews()[0]?.verdict).toBe('refuted')
    // A decided accusation is not asked about again.
    const asked = judge.asked
    judge.verdicts.set(accusation.idHex, 'proven')
    view.rejudge()
    expect(judge.asked).toBe(asked)
    expect(view.isBanned(toHexKey(accusation.record.accused))).toBe(false)
  })

  it("'undecided' waits, and rejudge() applies a later verdict", () => {
    const { view, judge, accusation, liar, s } = setup()
    view.add(accusation)
    expect(view.accusationViews()[0]?.verdict).toBe('undecided')
    expect(view.banned()).toEqual([])
    const digest = view.digest()
    view.rejudge()
    expect(view.digest()).toBe(digest)
    judge.verdicts.set(accusation.idHex, 'proven')
    view.rejudge()
    expect(view.accusationViews()[0]?.verdict).toBe('proven')
    expect(view.isBanned(liar.hex)).toBe(true)
    expect(view.score(s.idHex)).toBe(0.5)
    expect(view.digest()).not.toBe(digest)
  })

  it('without a judge a mismatch accusation stays undecided', () => {
    const { p, e, x } = cast()
    const s = candidate(p)
    const lie = evaluation(x, s, [1])
    const view = viewOf({}, [s, lie, mismatch(e[0], lie, [0], [0])])
    expect(view.accusationViews()[0]?.verdict).toBe('undecided')
    expect(view.banned()).toEqual([])
  })
})

describe('ArchiveView: reputation', () => {
  it('an evaluator that always deviates from the consensus falls below one that agrees', () => {
    const { p, e, x } = cast()
    const view = viewOf({ quorum: 3 })
    expect(view.reputation(x.hex)).toBe(0)
    for (let i = 0; i < 5; i++) {
      const t = candidate(p, { text: `task ${i}` })
      const truth = (i % 4) / 4
      for (const r of [t, scored(e[0], t, truth), scored(e[1], t, truth), scored(x, t, truth >= 0.5 ? truth - 0.5 : truth + 0.5)]) view.add(r)
    }
    // (samples - deviation) / (PRIOR + samples) with PRIOR = 2, 5 samples.
    expect(view.reputation(e[0].hex)).toBe(5 / 7)
    expect(view.reputation(x.hex)).toBe(2.5 / 7)
    expect(view.reputation(x.hex)).toBeLessThan(view.reputation(e[0].hex))
    expect(view.reputation(e[3].hex)).toBe(0)
    expect(view.evaluators()).toEqual([e[0].hex, e[1].hex, x.hex].sort())
  })

  it('the reputation-weighted median follows reputations as they change', () => {
    const { p, e, x } = cast()
    const view = viewOf({ aggregator: { kind: 'reputation-median' }, quorum: 2 })
    const target = candidate(p, { text: 'target' })
    view.add(target)
    view.add(scored(e[0], target, 0.25))
    view.add(scored(x, target, 1))
    // Each deviates equally from this candidate's consensus: equal weights, the lower weighted median is e0's.
    expect(view.score(target.idHex)).toBe(0.25)
    // x agrees with the consensus elsewhere while e0 does not: x's weight grows past e0's.
    for (let i = 0; i < 4; i++) {
      const t = candidate(p, { text: `calibration ${i}` })
      for (const r of [t, scored(e[1], t, 0.5), scored(e[2], t, 0.5), scored(x, t, 0.5), scored(e[0], t, 0)]) view.add(r)
    }
    expect(view.reputation(x.hex)).toBeGreaterThan(view.reputation(e[0].hex))
    expect(view.score(target.idHex)).toBe(1)
  })
})

describe('ArchiveView: paired evaluation', () => {
  it('admits a child on its paired improvement, not on scores measured on different items', () => {
    const { p, e } = cast()
    const seed = candidate(p, { text: 'seed' })
    const child = candidate(p, { text: 'child', parent: seed })
    // The parent got lucky on its own minibatch (0.9); on the child's items it scores 0.25 and the child 0.5.
    const view = viewOf({ quorum: 1, tolerance: 0 }, [
      seed, child,
      evaluation(e[0], seed, [1, 1, 1, 0.6]),
      evaluation(e[0], child, [0.5, 0.5], { baseline: [0.25, 0.25] })
    ])
    expect(view.candidate(child.idHex)).toMatchObject({ score: 0.5, improvement: 0.25, status: 'admitted' })
    // Without the baseline the same scores would reject it.
    const unpaired = viewOf({ quorum: 1, tolerance: 0 }, [seed, child, evaluation(e[0], seed, [1, 1, 1, 0.6]), evaluation(e[0], child, [0.5, 0.5])])
    expect(unpaired.candidate(child.idHex)).toMatchObject({ improvement: undefined, status: 'rejected' })
  })

  it('an optimizer prompt\'s fitness is the mean paired improvement of its children', () => {
    const { p, e } = cast()
    const optimizer = candidate(p, { role: 'optimizer', task: '', text: 'improve prompts' })
    const seed = candidate(p, { text: 'seed' })
    const a = candidate(p, { text: 'a', parent: seed, optimizer: optimizer })
    const b = candidate(p, { text: 'b', parent: seed, optimizer: optimizer })
    const view = viewOf({ quorum: 1 }, [optimizer, seed, a, b,
      evaluation(e[0], seed, [0.5]),
      evaluation(e[0], a, [1], { baseline: [0.5] }),
      evaluation(e[0], b, [0.25], { baseline: [0.5] })])
    expect(view.fitness(optimizer.idHex)).toEqual({ value: (0.5 - 0.25) / 2, samples: 2 })
  })

  it('pools a parent\'s own outcomes with the baselines its children recorded for it', () => {
    const { p, e } = cast()
    const seed = candidate(p, { text: 'seed' })
    const child = candidate(p, { text: 'child', parent: seed })
    const view = viewOf({ quorum: 1 }, [seed, child,
      evaluation(e[0], seed, [1, 1]),
      evaluation(e[0], child, [0, 0], { baseline: [0, 0.5], items: ['x', 'y'] })])
    expect(view.score(seed.idHex)).toBe(1)
    expect(view.pooledScore(seed.idHex)).toBe((1 + 1 + 0 + 0.5) / 4)
  })

  it('pools per measurement: each committee\'s values on its own items are aggregated first, so a liar in a minority moves nothing', () => {
    const { p, e } = cast()
    const seed = candidate(p, { text: 'seed' })
    const child = candidate(p, { text: 'child', parent: seed })
    const honest = (view: ReturnType<typeof viewOf>): void => {
      for (const ev of [e[0], e[1]]) view.add(evaluation(ev, seed, [1, 0, 1, 1]))
      for (const ev of [e[0], e[1]]) view.add(evaluation(ev, child, [0, 0], { baseline: [1, 0], items: ['x', 'y'] }))
    }
    const clean = viewOf({ quorum: 3, aggregator: { kind: 'median' } }, [seed, child])
    honest(clean)
    clean.add(evaluation(e[2], seed, [1, 0, 1, 1]))
    clean.add(evaluation(e[2], child, [0, 0], { baseline: [1, 0], items: ['x', 'y'] }))
    // (0.75 on 4 items + 0.5 on 2 items) / 6 items
    expect(clean.pooledScore(seed.idHex)).toBeCloseTo((0.75 * 4 + 0.5 * 2) / 6, 12)

    // The third evaluator lies on both measurements, inflating the parent: the medians stay honest.
    const attacked = viewOf({ quorum: 3, aggregator: { kind: 'median' } }, [seed, child])
    honest(attacked)
    attacked.add(evaluation(e[2], seed, [1, 1, 1, 1]))
    attacked.add(evaluation(e[2], child, [0, 0], { baseline: [1, 1], items: ['x', 'y'] }))
    expect(attacked.pooledScore(seed.idHex)).toBe(clean.pooledScore(seed.idHex))

    // A child measurement below quorum is left out, not half-counted.
    const partial = viewOf({ quorum: 3, aggregator: { kind: 'median' } }, [seed, child])
    for (const ev of [e[0], e[1], e[2]]) partial.add(evaluation(ev, seed, [1, 0, 1, 1]))
    partial.add(evaluation(e[0], child, [0, 0], { baseline: [0, 0], items: ['x', 'y'] }))
    expect(partial.pooledScore(seed.idHex)).toBe(0.75)
  })
})

describe('ArchiveView: Sybils', () => {
  it('fresh identities weigh nothing in the reputation-weighted median', () => {
    const { p, e } = cast()
    const sybils = makeAuthors(4, 900)
    const view = viewOf({ aggregator: { kind: 'reputation-median' }, quorum: 2 })
    // Two honest evaluators earn reputation on calibration candidates.
    for (let i = 0; i < 6; i++) {
      const t = candidate(p, { text: `calibration ${i}` })
      for (const r of [t, scored(e[0], t, 0.5), scored(e[1], t, 0.5)]) view.add(r)
    }
    const target = candidate(p, { text: 'target' })
    for (const r of [target, scored(e[0], target, 0.3), scored(e[1], target, 0.3), ...sybils.map(s => scored(s, target, 1))]) view.add(r)
    // Four Sybils outnumber two honest evaluators two to one, yet the honest score stands.
    expect(view.score(target.idHex)).toBe(0.3)
  })
})

describe('ArchiveView: committees and membership', () => {
  it('counts only the evaluations of the candidate\'s committee, drawn from the hello authors', () => {
    const authors = makeAuthors(8, 300)
    const [p] = authors as [Author]
    const view = viewOf({ quorum: 2, committee: { size: 2, backups: 1 } })
    for (const a of authors) view.add(hello(a))
    const t = candidate(p)
    view.add(t)
    const committee = view.committee(t.idHex)
    expect(committee).toHaveLength(3)
    expect(committee).not.toContain(p.hex)
    for (const a of authors.slice(1)) view.add(scored(a, t, committee.includes(a.hex) ? 0.5 : 0))
    expect(view.candidate(t.idHex)).toMatchObject({ evaluations: 3, score: 0.5 })
    // Another peer computes the same committee from the same members.
    const other = viewOf({ quorum: 2, committee: { size: 2, backups: 1 } }, [...authors].reverse().map(a => hello(a, { seq: 1 })))
    other.add(t)
    expect(other.committee(t.idHex)).toEqual(committee)
  })

  it('a banned member leaves every committee, and a backup takes its seat', () => {
    const authors = makeAuthors(6, 400)
    const [p] = authors as [Author]
    const view = viewOf({ quorum: 1, committee: { size: 1, backups: 0 } })
    for (const a of authors) view.add(hello(a))
    const t = candidate(p)
    view.add(t)
    const [first] = view.committee(t.idHex)
    const seat = authors.find(a => a.hex === first) as Author
    for (const r of equivocate(seat)) view.add(r)
    expect(view.committee(t.idHex)).not.toContain(first)
    expect(view.committee(t.idHex)).toHaveLength(1)
  })

  it('an allow-list swarm ignores outsiders\' candidates and evaluations', () => {
    const [p, e0, e1, outsider] = makeAuthors(4, 500) as [Author, Author, Author, Author]
    const view = viewOf({ quorum: 1, membership: { kind: 'allow-list', keys: [p.hex, e0.hex, e1.hex] } })
    const t = candidate(p)
    const theirs = candidate(outsider)
    for (const r of [t, theirs, scored(e0, t, 0.4), scored(outsider, t, 1), scored(e0, theirs, 1)]) view.add(r)
    expect(view.candidate(t.idHex)).toMatchObject({ evaluations: 1, score: 0.4, status: 'admitted' })
    expect(view.candidate(theirs.idHex)?.status).toBe('outsider')
    expect(view.isMember(outsider.hex)).toBe(false)
    expect(view.committeePool()).toEqual([p.hex, e0.hex, e1.hex].sort())
  })

  it('bans the author of an accusation the judge refutes, unless configured not to', () => {
    const { p, e, x } = cast()
    const s = candidate(p)
    const honest = evaluation(e[0], s, [1])
    const falseClaim = mismatch(x, honest, [0], [0])
    const judge: EvidenceJudge = { judge: () => 'refuted' }
    const view = viewOf({ judge }, [s, honest, falseClaim])
    expect(view.banned()).toEqual([{ author: x.hex, reasons: ['false-accusation'] }])
    expect(view.isBanned(e[0].hex)).toBe(false)
    expect(viewOf({ judge, banFalseAccusers: false }, [s, honest, falseClaim]).banned()).toEqual([])
  })

  it('rejects malformed committee and membership settings', () => {
    expect(() => viewOf({ committee: { size: 0 } })).toThrow(/committee\.size/)
    expect(() => viewOf({ membership: { kind: 'allow-list', keys: [] } })).toThrow(/membership\.keys/)
    expect(() => viewOf({ membership: { kind: 'allow-list', keys: ['XYZ'] } })).toThrow(/membership\.keys\[0\]/)
  })
})

describe('ArchiveView: configuration', () => {
  it('rejects invalid configurations with a ConfigError naming the field', () => {
    const bad: Array<[Partial<ViewConfig>, RegExp]> = [
      [{ quorum: 0 }, /quorum/],
      [{ quorum: 1.5 }, /quorum/],
      [{ tolerance: -0.1 }, /tolerance/],
      [{ tolerance: Number.NaN }, /tolerance/],
      [{ minFitnessSamples: 0 }, /minFitnessSamples/],
      [{ aggregator: { kind: 'trimmed-mean', trim: 0.7 } }, /aggregator\.trim/]
    ]
    for (const [config, field] of bad) {
      expect(() => new ArchiveView({ ...BASE, ...config })).toThrow(ConfigError)
      expect(() => new ArchiveView({ ...BASE, ...config })).toThrow(field)
    }
  })
})
