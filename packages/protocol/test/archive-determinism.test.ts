import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ArchiveView, CANDIDATE_STATUSES, encodeSigned, openRecord, type CandidateStatus, type VerifiedRecord, type ViewConfig } from '../src/index.js'
import { prng, SWARM } from './fixtures.js'
import { buildSwarm, planJudge, swarmPlanArb, type SwarmPlan } from './swarm-plan.js'

/**
 * The archive view is a pure function of the record set: any permutation of the records, any
 * number of duplicates (including re-opened copies from the wire) and any interleaving of reads
 * (which fill the view's caches) give the same digest and record digest.
 */

function configOf (plan: SwarmPlan, records: readonly VerifiedRecord[]): ViewConfig {
  // Every other plan uses committees drawn from the hello authors: the pool grows as hellos
  // arrive, the riskiest path for order independence. Some plans allow-list all authors but one.
  const committee = plan.quorum % 2 === 0 ? { committee: { size: 2, backups: 1 } } : {}
  const authors = [...new Set(records.map(r => r.authorHex))].sort()
  const membership = plan.tolerance > 0.05 && authors.length > 2 ? { membership: { kind: 'allow-list' as const, keys: authors.slice(1) } } : {}
  return { aggregator: plan.aggregator, quorum: plan.quorum, tolerance: plan.tolerance, countSelfEvaluations: plan.countSelfEvaluations, judge: planJudge, ...committee, ...membership }
}

function snapshot (view: ArchiveView): unknown {
  return {
    digest: view.digest(),
    records: view.recordDigest(),
    candidates: view.candidates(),
    banned: view.banned(),
    accusations: view.accusationViews(),
    reputations: view.evaluators().map(e => [e, view.reputation(e)])
  }
}

function shuffled<T> (xs: readonly T[], rand: () => number): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const t = out[i] as T
    out[i] = out[j] as T
    out[j] = t
  }
  return out
}

/** Feeds records in a shuffled order with duplicates, reading the view at random points. */
function scrambledView (plan: SwarmPlan, records: readonly VerifiedRecord[], seed: number): ArchiveView {
  const rand = prng(seed)
  const order = shuffled(records, rand)
  // Re-send some records later: some as the same object, some re-opened from their wire bytes.
  for (let i = 0; i < records.length / 2; i++) {
    const r = records[Math.floor(rand() * records.length)] as VerifiedRecord
    const copy = rand() < 0.5 ? r : (openRecord(encodeSigned(r), SWARM) as { ok: true, value: VerifiedRecord }).value
    order.splice(Math.floor(rand() * (order.length + 1)), 0, copy)
  }
  const view = new ArchiveView(configOf(plan, records))
  const seen = new Set<string>()
  for (const r of order) {
    const result = view.add(r)
    expect(result.status).toBe(seen.has(r.idHex) ? 'duplicate' : 'added')
    seen.add(r.idHex)
    const p = rand()
    if (p < 0.15) view.digest()
    else if (p < 0.3) view.candidates()
    else if (p < 0.35) for (const c of view.candidates()) view.fitness(c.id)
  }
  return view
}

describe('ArchiveView digests are independent of arrival order and duplication', () => {
  it('any permutation and duplication of a generated swarm gives identical digest() and recordDigest()', () => {
    const statuses = new Map<CandidateStatus, number>()
    const verdicts = new Map<string, number>()
    const aggregators = new Set<string>()
    let bans = 0
    let scored = 0
    let fitness = 0
    fc.assert(fc.property(swarmPlanArb, fc.integer(), (plan, shuffleSeed) => {
      const records = buildSwarm(plan)
      const reference = new ArchiveView(configOf(plan, records))
      for (const r of records) reference.add(r)
      const expected = snapshot(reference)
      expect(snapshot(scrambledView(plan, records, shuffleSeed))).toEqual(expected)
      const reversed = new ArchiveView(configOf(plan, records))
      for (const r of [...records].reverse()) reversed.add(r)
      expect(snapshot(reversed)).toEqual(expected)
      // The record digest names the set: dropping any record changes it.
      const partial = new ArchiveView(configOf(plan, records))
      for (const r of records.slice(1)) partial.add(r)
      expect(partial.recordDigest()).not.toBe(reference.recordDigest())

      aggregators.add(plan.aggregator.kind)
      for (const c of reference.candidates()) {
        statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1)
        if (c.score !== undefined) scored++
        if (c.fitness !== undefined) fitness++
      }
      for (const a of reference.accusationViews()) verdicts.set(`${a.kind}:${a.verdict}`, (verdicts.get(`${a.kind}:${a.verdict}`) ?? 0) + 1)
      bans += reference.banned().length
    }), { seed: 42, numRuns: 100 })

    // The generated swarms reach every status, verdict and aggregator: the property was not vacuous.
    for (const s of CANDIDATE_STATUSES) expect(statuses.get(s) ?? 0, `status ${s}`).toBeGreaterThan(0)
    for (const v of ['equivocation:proven', 'evaluation-mismatch:proven', 'evaluation-mismatch:refuted', 'evaluation-mismatch:undecided']) {
      expect(verdicts.get(v) ?? 0, v).toBeGreaterThan(0)
    }
    expect(aggregators.size).toBe(6)
    expect(bans).toBeGreaterThan(10)
    expect(scored).toBeGreaterThan(100)
    expect(fitness).toBeGreaterThan(5)
  })
})
