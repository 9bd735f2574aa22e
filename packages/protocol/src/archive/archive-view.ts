import { createAggregator, type Aggregator, type ScoreInput } from '../aggregation/index.js'
import { median } from '../aggregation/median.js'
import { toHex } from '../bytes.js'
import { scoreOf } from '../records/validate.js'
import type { AccusationRecord, CandidateRecord, CandidateRole, EvaluationRecord, HelloRecord } from '../records/types.js'
import type { VerifiedRecord } from '../signing/envelope.js'
import { committeeOf } from '../committee/committee.js'
import { checkViewConfig, type ViewConfig, type Verdict } from './config.js'
import { hasIdentityWork } from '../identity/identity-work.js'
import { viewDigest, recordSetDigest } from './digest.js'
import { ReputationLedger } from './reputation.js'

/**
 * - admitted: scored and at least its parent's score minus the tolerance (seeds: once scored)
 * - rejected: scored below that
 * - pending: waiting for its own or its parent's score (or fitness samples)
 * - orphan: its parent has not arrived
 * - invalid-lineage: its parent is of another role or task, or was written by a banned author
 * - banned: its author is banned
 * - outsider: its author is not a member of the swarm (allow-list or proof-of-work membership)
 */
export type CandidateStatus = 'admitted' | 'rejected' | 'pending' | 'orphan' | 'invalid-lineage' | 'banned' | 'outsider'
export const CANDIDATE_STATUSES: readonly CandidateStatus[] = ['admitted', 'rejected', 'pending', 'orphan', 'invalid-lineage', 'banned', 'outsider']

export interface CandidateView {
  readonly id: string
  readonly author: string
  readonly role: CandidateRole
  readonly task: string
  readonly text: string
  readonly parent: string | null
  readonly optimizer: string | null
  /** Evaluations that count (one per eligible, unbanned evaluator). */
  readonly evaluations: number
  /** Aggregated score of a task prompt, once it has a quorum. */
  readonly score: number | undefined
  /**
   * Aggregated paired improvement over the parent (score minus the parent's score on the same
   * items), once a quorum of evaluations carried a baseline; undefined for seeds.
   */
  readonly improvement: number | undefined
  /**
   * The score over every item the candidate was run on: its own evaluations plus the baselines
   * its children's evaluations recorded for it. Paired evaluation re-runs a parent on each child's
   * minibatch, so a parent with many children is measured on many more items than its own batch.
   * Each measurement (one item set) is aggregated across its committee, then they are averaged by
   * item count.
   */
  readonly pooledScore: number | undefined
  /** Optimizer prompts: mean improvement of their children over the children's parents. */
  readonly fitness: number | undefined
  readonly fitnessSamples: number
  /** Candidates by unbanned authors that name this one as parent. */
  readonly children: number
  readonly status: CandidateStatus
}

export type BanReason = 'equivocation' | 'accusation' | 'false-accusation'

export interface AccusationView {
  readonly id: string
  readonly accuser: string
  readonly accused: string
  readonly kind: AccusationRecord['evidence']['kind']
  readonly verdict: Verdict
}

export interface AddResult {
  readonly status: 'added' | 'duplicate'
  /** Set when this record and an earlier one share an author and a sequence number. */
  readonly equivocation?: { readonly first: VerifiedRecord, readonly second: VerifiedRecord }
}

interface CandidateState {
  readonly signed: VerifiedRecord<CandidateRecord>
  /** Evaluator -> score of its counted evaluation. */
  counted: Map<string, number>
  /** Evaluator -> paired improvement of its counted evaluation, when it carried a baseline. */
  paired: Map<string, number>
  /** Evaluator -> its counted evaluation. */
  votes: Map<string, VerifiedRecord<EvaluationRecord>>
  /** The candidate's committee (when committees are configured), computed on first use. */
  committee?: Set<string>
  cache?: { epoch: number, score: number | undefined, improvement: number | undefined }
  pooled?: { version: number, epoch: number, score: number | undefined }
}

/**
 * The archive view: a pure function of a set of verified records and a configuration, maintained
 * incrementally. Two peers holding the same records compute the same view, and the same digest,
 * whatever order the records arrived in and however often each arrived.
 *
 * Ingestion (`add`) keeps indices, per-candidate counted evaluations, the median consensus and
 * reputations up to date in O(evaluations of the touched candidate). Aggregated scores, statuses
 * and fitness are derived lazily when read.
 */
export class ArchiveView {
  readonly config: ViewConfig
  private readonly aggregator: Aggregator
  private readonly records = new Map<string, VerifiedRecord>()
  private readonly seqIndex = new Map<string, Map<number, string>>()
  private readonly byAuthor = new Map<string, string[]>()
  private readonly candidateStates = new Map<string, CandidateState>()
  private readonly evaluationsOf = new Map<string, Array<VerifiedRecord<EvaluationRecord>>>()
  private readonly childrenOf = new Map<string, Set<string>>()
  private readonly childrenByOptimizer = new Map<string, Set<string>>()
  private readonly bans = new Map<string, Set<BanReason>>()
  private readonly accusations = new Map<string, { signed: VerifiedRecord<AccusationRecord>, verdict: Verdict }>()
  private readonly hellos = new Map<string, VerifiedRecord<HelloRecord>>()
  private readonly ledger = new ReputationLedger()
  /** Allow-listed keys, keys that proved identity work so far, or undefined for open membership. */
  private readonly members: Set<string> | undefined
  private version = 0
  private digestCache: { version: number, digest: string } | undefined

  constructor (config: ViewConfig) {
    checkViewConfig(config)
    this.config = config
    this.aggregator = createAggregator(config.aggregator)
    const membership = config.membership
    this.members = membership?.kind === 'allow-list' ? new Set(membership.keys) : membership?.kind === 'proof-of-work' ? new Set() : undefined
  }

  get size (): number {
    return this.records.size
  }

  has (id: string): boolean {
    return this.records.has(id)
  }

  get (id: string): VerifiedRecord | undefined {
    return this.records.get(id)
  }

  ids (): IterableIterator<string> {
    return this.records.keys()
  }

  /** Adds a verified record. Idempotent: a record already held is a no-op. */
  add (signed: VerifiedRecord): AddResult {
    const id = signed.idHex
    if (this.records.has(id)) return { status: 'duplicate' }
    this.records.set(id, signed)
    this.version++
    const author = signed.authorHex
    let mine = this.byAuthor.get(author)
    if (mine === undefined) this.byAuthor.set(author, mine = [])
    mine.push(id)

    let equivocation: AddResult['equivocation']
    let seqs = this.seqIndex.get(author)
    if (seqs === undefined) this.seqIndex.set(author, seqs = new Map())
    const earlier = seqs.get(signed.record.seq)
    if (earlier === undefined) {
      seqs.set(signed.record.seq, id)
    } else {
      equivocation = { first: this.records.get(earlier) as VerifiedRecord, second: signed }
      this.ban(author, 'equivocation')
    }

    const r = signed.record
    switch (r.kind) {
      case 'hello': {
        const previous = this.hellos.get(author)
        if (previous === undefined || r.seq > previous.record.seq) this.hellos.set(author, signed as VerifiedRecord<HelloRecord>)
        // In an open swarm a new member joins every committee pool.
        if (previous === undefined && this.members === undefined && this.config.committee !== undefined && !this.bans.has(author)) this.repool()
        const work = this.config.membership
        if (work?.kind === 'proof-of-work' && r.identityNonce !== undefined && !this.isMember(author) && hasIdentityWork(work.swarm, r.author, r.identityNonce, work.bits)) this.admit(author)
        break
      }
      case 'candidate':
        this.candidateStates.set(id, { signed: signed as VerifiedRecord<CandidateRecord>, counted: NO_SCORES, paired: NO_SCORES, votes: NO_VOTES })
        if (r.parent !== null) setOf(this.childrenOf, toHex(r.parent)).add(id)
        if (r.optimizer !== null) setOf(this.childrenByOptimizer, toHex(r.optimizer)).add(id)
        this.recount(id)
        break
      case 'evaluation': {
        const target = toHex(r.candidate)
        let list = this.evaluationsOf.get(target)
        if (list === undefined) this.evaluationsOf.set(target, list = [])
        list.push(signed as VerifiedRecord<EvaluationRecord>)
        if (this.candidateStates.has(target)) this.recount(target)
        break
      }
      case 'accusation':
        this.accusations.set(id, { signed: signed as VerifiedRecord<AccusationRecord>, verdict: 'undecided' })
        this.decide(id)
        break
    }
    return equivocation === undefined ? { status: 'added' } : { status: 'added', equivocation }
  }

  /** Asks the judge again about undecided accusations (e.g. after an asynchronous re-execution finished). */
  rejudge (): void {
    for (const [id, a] of this.accusations) if (a.verdict === 'undecided') this.decide(id)
  }

  isBanned (author: string): boolean {
    return this.bans.has(author)
  }

  /** False for keys outside an allow-list or without identity work; every key is a member of an open swarm. */
  isMember (author: string): boolean {
    return this.members === undefined || this.members.has(author)
  }

  /**
   * Keys that may sit on committees: the members (allow-list, or keys with identity work), or in
   * an open swarm every author of a hello; banned keys never.
   */
  committeePool (): string[] {
    const pool = this.members ?? this.hellos.keys()
    return [...pool].filter(k => !this.bans.has(k)).sort()
  }

  /** A candidate's committee, best rank first (empty when committees are not configured). */
  committee (candidateId: string): string[] {
    const state = this.candidateStates.get(candidateId)
    if (state === undefined || this.config.committee === undefined) return []
    return [...this.committeeSet(state)]
  }

  /** Banned authors with their reasons, sorted by key. */
  banned (): Array<{ author: string, reasons: BanReason[] }> {
    return [...this.bans.keys()].sort().map(author => ({ author, reasons: [...(this.bans.get(author) as Set<BanReason>)].sort() }))
  }

  /** Agreement with the consensus in [0, 1]; 0 for newcomers and once banned. */
  reputation (evaluator: string): number {
    return this.bans.has(evaluator) ? 0 : this.ledger.reputation(evaluator)
  }

  /** Evaluators with at least one evaluation that met a consensus, sorted. */
  evaluators (): string[] {
    return this.ledger.evaluators()
  }

  accusationViews (): AccusationView[] {
    return [...this.accusations.keys()].sort().map(id => {
      const { signed, verdict } = this.accusations.get(id) as { signed: VerifiedRecord<AccusationRecord>, verdict: Verdict }
      return { id, accuser: signed.authorHex, accused: toHex(signed.record.accused), kind: signed.record.evidence.kind, verdict }
    })
  }

  /** The latest hello of each unbanned author. */
  peers (): HelloRecord[] {
    return [...this.hellos.keys()].sort().filter(a => !this.bans.has(a)).map(a => (this.hellos.get(a) as VerifiedRecord<HelloRecord>).record)
  }

  candidate (id: string): CandidateView | undefined {
    const state = this.candidateStates.get(id)
    if (state === undefined) return undefined
    const r = state.signed.record
    const fitness = r.role === 'optimizer' ? this.fitness(id) : { value: undefined, samples: 0 }
    return {
      id,
      author: state.signed.authorHex,
      role: r.role,
      task: r.task,
      text: r.text,
      parent: r.parent === null ? null : toHex(r.parent),
      optimizer: r.optimizer === null ? null : toHex(r.optimizer),
      evaluations: state.counted.size,
      score: this.score(id),
      improvement: this.improvement(id),
      pooledScore: this.pooledScore(id),
      fitness: fitness.value,
      fitnessSamples: fitness.samples,
      children: this.childCount(id),
      status: this.status(id)
    }
  }

  /** All candidates, sorted by id; optionally only one role and task. */
  candidates (filter: { role?: CandidateRole, task?: string, status?: CandidateStatus } = {}): CandidateView[] {
    const out: CandidateView[] = []
    for (const id of [...this.candidateStates.keys()].sort()) {
      const r = (this.candidateStates.get(id) as CandidateState).signed.record
      if (filter.role !== undefined && r.role !== filter.role) continue
      if (filter.task !== undefined && r.task !== filter.task) continue
      const view = this.candidate(id) as CandidateView
      if (filter.status !== undefined && view.status !== filter.status) continue
      out.push(view)
    }
    return out
  }

  /** The aggregated score of a task prompt, or undefined below quorum. */
  score (id: string): number | undefined {
    return this.aggregates(id)?.score
  }

  /** The aggregated paired improvement over the parent, or undefined below quorum or for seeds. */
  improvement (id: string): number | undefined {
    return this.aggregates(id)?.improvement
  }

  /**
   * See `CandidateView.pooledScore`. One measurement per item set: the candidate's own minibatch,
   * then the minibatch of each child whose committee re-ran the candidate as its baseline. Every
   * member of one committee ran the same items, so each measurement is aggregated across its
   * committee first (like with like: honest values agree, and a minority of liars cannot move the
   * median outside them), and the measurements are then averaged by their item counts. Pooling
   * per evaluator first would mix item sets, spreading honest values apart and giving liars room
   * inside that spread.
   */
  pooledScore (id: string): number | undefined {
    const state = this.candidateStates.get(id)
    if (state === undefined || state.counted.size < this.config.quorum) return undefined
    const epoch = this.aggregator.usesWeights ? this.ledger.epoch : -1
    if (state.pooled !== undefined && state.pooled.version === this.version && state.pooled.epoch === epoch) return state.pooled.score
    let total = 0
    let items = 0
    // One measurement: each evaluator's score on the item set, and its size (the smallest claimed).
    const measure = (scores: ReadonlyMap<string, number>, n: number): void => {
      const score = this.aggregateScores(scores)
      if (score === undefined || n === 0) return
      total += score * n
      items += n
    }
    // Canonical order (evaluators, then children by id) keeps the float sums identical on every peer.
    const own = new Map<string, number>()
    let ownItems = Infinity
    for (const evaluator of [...state.votes.keys()].sort()) {
      const r = (state.votes.get(evaluator) as VerifiedRecord<EvaluationRecord>).record
      own.set(evaluator, r.score)
      ownItems = Math.min(ownItems, r.outcomes.length)
    }
    measure(own, ownItems)
    for (const childId of [...(this.childrenOf.get(id) ?? [])].sort()) {
      const child = this.candidateStates.get(childId)
      if (child === undefined) continue
      const baselines = new Map<string, number>()
      let baselineItems = Infinity
      for (const evaluator of [...child.votes.keys()].sort()) {
        const baseline = (child.votes.get(evaluator) as VerifiedRecord<EvaluationRecord>).record.baseline
        if (baseline.length === 0) continue
        baselines.set(evaluator, scoreOf(baseline))
        baselineItems = Math.min(baselineItems, baseline.length)
      }
      measure(baselines, baselineItems)
    }
    const score = items === 0 ? undefined : total / items
    state.pooled = { version: this.version, epoch, score }
    return score
  }

  private aggregates (id: string): { score: number | undefined, improvement: number | undefined } | undefined {
    const state = this.candidateStates.get(id)
    if (state === undefined) return undefined
    const epoch = this.aggregator.usesWeights ? this.ledger.epoch : -1
    if (state.cache !== undefined && state.cache.epoch === epoch) return state.cache
    state.cache = { epoch, score: this.aggregateScores(state.counted), improvement: this.aggregateScores(state.paired) }
    return state.cache
  }

  /** The configured aggregate of evaluators' scores (weighted by reputation when it uses weights), or undefined below quorum. */
  private aggregateScores (scores: ReadonlyMap<string, number>): number | undefined {
    if (scores.size < this.config.quorum) return undefined
    const inputs: ScoreInput[] = []
    for (const [evaluator, score] of scores) {
      inputs.push({ evaluator, score, weight: this.aggregator.usesWeights ? this.reputation(evaluator) : 1 })
    }
    return this.aggregator.aggregate(inputs)
  }

  status (id: string): CandidateStatus {
    const state = this.candidateStates.get(id)
    if (state === undefined) return 'orphan'
    const r = state.signed.record
    if (this.bans.has(state.signed.authorHex)) return 'banned'
    if (!this.isMember(state.signed.authorHex)) return 'outsider'
    const own = r.role === 'task' ? this.score(id) : undefined
    if (r.parent === null) return r.role === 'optimizer' || own !== undefined ? 'admitted' : 'pending'
    const parentId = toHex(r.parent)
    const parent = this.candidateStates.get(parentId)
    if (parent === undefined) return 'orphan'
    const p = parent.signed.record
    if (p.role !== r.role || p.task !== r.task || this.bans.has(parent.signed.authorHex)) return 'invalid-lineage'
    if (r.role === 'task') {
      const gain = this.gain(id, parentId)
      if (gain === undefined) return 'pending'
      return gain >= -this.config.tolerance ? 'admitted' : 'rejected'
    }
    const mine = this.fitness(id)
    const theirs = this.fitness(parentId)
    const min = this.config.minFitnessSamples ?? 1
    if (mine.value === undefined || mine.samples < min || theirs.value === undefined || theirs.samples < min) return 'pending'
    return mine.value >= theirs.value - this.config.tolerance ? 'admitted' : 'rejected'
  }

  /** Mean of score(child) - score(child's parent) over an optimizer prompt's scored children. */
  fitness (optimizerId: string): { value: number | undefined, samples: number } {
    const children = this.childrenByOptimizer.get(optimizerId)
    if (children === undefined) return { value: undefined, samples: 0 }
    let total = 0
    let samples = 0
    for (const childId of [...children].sort()) {
      const child = this.candidateStates.get(childId) as CandidateState
      const r = child.signed.record
      if (r.role !== 'task' || r.parent === null || this.bans.has(child.signed.authorHex)) continue
      const gain = this.gain(childId, toHex(r.parent))
      if (gain === undefined) continue
      total += gain
      samples++
    }
    return { value: samples === 0 ? undefined : total / samples, samples }
  }

  /** Digest of the derived view: equal digests mean equal scores, statuses, bans and reputations. */
  digest (): string {
    if (this.digestCache?.version !== this.version) {
      this.digestCache = { version: this.version, digest: viewDigest(this) }
    }
    return this.digestCache.digest
  }

  /** Digest of the record set alone (sorted ids). */
  recordDigest (): string {
    return recordSetDigest(this.records.keys())
  }

  /**
   * How much a child improved on its parent: the paired improvement when its evaluations carried
   * baselines, otherwise the difference of the two aggregated scores.
   */
  private gain (childId: string, parentId: string): number | undefined {
    const paired = this.improvement(childId)
    if (paired !== undefined) return paired
    const own = this.score(childId)
    const theirs = this.score(parentId)
    return own === undefined || theirs === undefined ? undefined : own - theirs
  }

  private childCount (id: string): number {
    let n = 0
    for (const child of this.childrenOf.get(id) ?? []) {
      const state = this.candidateStates.get(child)
      if (state !== undefined && !this.bans.has(state.signed.authorHex)) n++
    }
    return n
  }

  /** Recomputes which evaluations of a candidate count, its consensus and its evaluators' reputations. */
  private recount (candidateId: string): void {
    const state = this.candidateStates.get(candidateId)
    if (state === undefined) return
    // Nothing to count and nothing counted before (a candidate just added): the counts stay empty
    // and the ledger has nothing to change. Saves four Maps per candidate on the ingest path.
    if (state.counted.size === 0 && this.config.committee === undefined && (this.evaluationsOf.get(candidateId)?.length ?? 0) === 0) {
      state.cache = undefined
      return
    }
    const candidate = state.signed
    const counted = new Map<string, number>()
    const paired = new Map<string, number>()
    const votes = new Map<string, VerifiedRecord<EvaluationRecord>>()
    if (candidate.record.role === 'task' && !this.bans.has(candidate.authorHex) && this.isMember(candidate.authorHex)) {
      const committee = this.config.committee === undefined ? undefined : this.committeeSet(state)
      const best = new Map<string, VerifiedRecord<EvaluationRecord>>()
      for (const ev of this.evaluationsOf.get(candidateId) ?? []) {
        const evaluator = ev.authorHex
        if (this.bans.has(evaluator) || !this.isMember(evaluator)) continue
        if (committee !== undefined && !committee.has(evaluator)) continue
        if (this.config.countSelfEvaluations !== true && evaluator === candidate.authorHex) continue
        if (this.config.eligible !== undefined && !this.config.eligible(candidate, ev)) continue
        // One vote per evaluator: its lowest-seq evaluation (ties by id), whatever arrived first.
        const held = best.get(evaluator)
        if (held === undefined || ev.record.seq < held.record.seq || (ev.record.seq === held.record.seq && ev.idHex < held.idHex)) {
          best.set(evaluator, ev)
        }
      }
      for (const [evaluator, ev] of best) {
        votes.set(evaluator, ev)
        counted.set(evaluator, ev.record.score)
        if (ev.record.baseline.length > 0) paired.set(evaluator, ev.record.score - scoreOf(ev.record.baseline))
      }
    }
    const consensus = counted.size >= Math.max(2, this.config.quorum) ? median([...counted.values()]) : undefined
    this.ledger.update(candidateId, state.counted.keys(), counted, consensus)
    state.counted = counted
    state.paired = paired
    state.votes = votes
    state.cache = undefined
  }

  private ban (author: string, reason: BanReason): void {
    const reasons = this.bans.get(author)
    if (reasons !== undefined) {
      if (!reasons.has(reason)) { reasons.add(reason); this.version++ }
      return
    }
    this.bans.set(author, new Set([reason]))
    this.version++
    if (this.config.committee !== undefined) {
      // A banned key leaves the committee pool: committees, and so every count, may change.
      this.repool()
      this.ledger.epoch++
      return
    }
    this.recountAuthor(author)
    this.ledger.epoch++
  }

  /**
   * A key proved its identity work: it joins the members, and what it wrote starts to count (the
   * reverse of a ban, by the same path). Any one valid hello suffices, whatever order they came in.
   */
  private admit (author: string): void {
    (this.members as Set<string>).add(author)
    if (this.bans.has(author)) return
    if (this.config.committee !== undefined) {
      this.repool()
      return
    }
    this.recountAuthor(author)
  }

  /** Recounts every candidate an author wrote or evaluated (its standing changed). */
  private recountAuthor (author: string): void {
    const affected = new Set<string>()
    for (const id of this.byAuthor.get(author) ?? []) {
      const r = (this.records.get(id) as VerifiedRecord).record
      if (r.kind === 'candidate') affected.add(id)
      else if (r.kind === 'evaluation') affected.add(toHex(r.candidate))
    }
    for (const id of affected) this.recount(id)
  }

  private decide (accusationId: string): void {
    const entry = this.accusations.get(accusationId)
    if (entry === undefined || entry.verdict !== 'undecided') return
    const evidence = entry.signed.record.evidence
    // Equivocation evidence was verified when the record was opened: it proves itself.
    const verdict: Verdict = evidence.kind === 'equivocation' ? 'proven' : (this.config.judge?.judge(entry.signed) ?? 'undecided')
    if (verdict === 'undecided') return
    entry.verdict = verdict
    this.version++
    if (verdict === 'proven') this.ban(toHex(entry.signed.record.accused), evidence.kind === 'equivocation' ? 'equivocation' : 'accusation')
    if (verdict === 'refuted' && this.config.banFalseAccusers !== false) this.ban(entry.signed.authorHex, 'false-accusation')
  }

  private committeeSet (state: CandidateState): Set<string> {
    state.committee ??= new Set(committeeOf(state.signed.idHex, state.signed.authorHex, this.committeePool(), this.config.committee ?? { size: 0 }))
    return state.committee
  }

  /** The committee pool changed: recompute every committee and count. */
  private repool (): void {
    for (const [id, state] of this.candidateStates) {
      state.committee = undefined
      if (state.signed.record.role === 'task') this.recount(id)
    }
  }
}

/**
 * The empty counts a new candidate starts with, shared: `recount` replaces a state's maps and
 * never changes one in place, so one empty instance serves every candidate without evaluations.
 */
const NO_SCORES: Map<string, number> = new Map()
const NO_VOTES: Map<string, VerifiedRecord<EvaluationRecord>> = new Map()

function setOf (map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key)
  if (set === undefined) map.set(key, set = new Set())
  return set
}
