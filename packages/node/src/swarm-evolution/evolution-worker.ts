import { toHex, type AccusationRecord, type CandidateView, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import type { Auditor } from '../audit/auditor.js'
import type { CandidateScreen, ScreeningInput } from '../screening/candidate-screen.js'
import type { Ledger } from '../evolution/ledger.js'
import { Evolution, isBudgetExhausted, type EvolutionOptions } from '../evolution/evolution.js'
import { bestOptimizer } from '../evolution/selection.js'
import type { LanguageModel } from '../model/language-model.js'
import type { Peer } from '../peer/peer.js'
import type { Task } from '../tasks/task.js'
import { PeerLedger } from './peer-ledger.js'

/** One unit of a peer's share of the swarm's budget. */
export type WorkItem =
  | { readonly kind: 'task-child', readonly stage: 1 | 2, readonly task: string }
  | { readonly kind: 'optimizer-child' }

export interface WorkerOptions extends Omit<EvolutionOptions, 'tasks'> {
  readonly tasks: readonly Task[]
  /** This peer's work, in order. */
  readonly work: readonly WorkItem[]
  /** Committee seats (the rest of the committee are backups). */
  readonly committeeSize: number
  /** A backup evaluates a candidate that has waited this long without a quorum. */
  readonly backupAfterMs: number
  /** Give up waiting for one's own child's score after this long. */
  readonly childTimeoutMs: number
  /** Re-executes a share of others' evaluations and publishes accusations on mismatches. */
  readonly auditor?: Auditor
  /** With an auditor: compare fellow committee members' evaluations with this peer's own (default true). */
  readonly crossCheck?: boolean
  /** Where this peer's records go (default: the peer itself); attacks wrap it. */
  readonly ledger?: Ledger
  /** Screens candidates: the text rules gate everything this peer builds on, the probes its committee duties. */
  readonly screen?: CandidateScreen
  /** Run the screen's behavioural probes (model calls) before evaluating a duty. */
  readonly probe?: boolean
}

/**
 * One peer's part in decentralized SePO. It proposes its share of children, one at a time (the
 * next only once the previous has its committee's score, so every proposal builds on the swarm's
 * latest archive), and it evaluates every candidate whose committee it sits on. Parents, admission
 * and optimizer fitness all come from the peer's replicated view.
 */
export class EvolutionWorker {
  readonly engine: Evolution
  private readonly done = new Set<string>()
  private readonly firstSeen = new Map<string, number>()
  private next = 0
  private outstanding: { id: string, since: number } | undefined
  private frozen = false
  private readonly toAudit: Array<VerifiedRecord<EvaluationRecord>> = []
  /** This peer's own evaluation of each candidate it evaluated: what others' are cross-checked against. */
  private readonly ownEvaluations = new Map<string, EvaluationRecord>()
  /** Others' evaluations by candidate, to cross-check once this peer has evaluated the candidate too. */
  private readonly othersByCandidate = new Map<string, Array<VerifiedRecord<EvaluationRecord>>>()
  private readonly ledger: Ledger
  /** Whether this peer cross-checks fellow committee members (an auditor, cross-checks not turned off). */
  private readonly crossChecks: boolean
  /** Candidate id -> whether this peer's screen accepted it. */
  private readonly screened = new Map<string, boolean>()
  accusations = 0
  budgetExhausted = false

  constructor (readonly peer: Peer, model: LanguageModel, private readonly options: WorkerOptions) {
    this.ledger = options.ledger ?? new PeerLedger(peer)
    this.engine = new Evolution(this.ledger, model, { ...options, tasks: options.tasks, refuse: c => this.refuses(c) })
    this.crossChecks = options.auditor !== undefined && options.crossCheck !== false
    if (options.auditor !== undefined) {
      peer.on('record', event => {
        if (event.record.record.kind !== 'evaluation' || event.source === 'local') return
        const evaluation = event.record as VerifiedRecord<EvaluationRecord>
        this.toAudit.push(evaluation)
        if (!this.crossChecks) return
        const candidate = toHex(evaluation.record.candidate)
        const others = this.othersByCandidate.get(candidate)
        if (others === undefined) this.othersByCandidate.set(candidate, [evaluation])
        else others.push(evaluation)
      })
    }
  }

  get finishedOwnWork (): boolean {
    return this.next >= this.options.work.length && this.outstanding === undefined && this.toAudit.length === 0
  }

  /** Candidates this peer should evaluate now: its committee seats, and backup seats that waited too long. */
  duties (now = Date.now()): string[] {
    const view = this.peer.view
    const me = this.peer.author
    const out: string[] = []
    // Runs on every step: check the (cached) committee seat before asking the view for anything
    // derived, rather than building a full view of every candidate.
    for (const id of view.ids()) {
      if (this.done.has(id)) continue
      const signed = view.get(id)
      if (signed?.record.kind !== 'candidate' || signed.record.role !== 'task' || signed.authorHex === me) continue
      const seat = view.committee(id).indexOf(me)
      if (seat < 0) continue
      const status = view.status(id)
      if (status === 'banned' || status === 'outsider') continue
      if (seat < this.options.committeeSize) {
        out.push(id)
        continue
      }
      if (!this.firstSeen.has(id)) this.firstSeen.set(id, now)
      if (view.score(id) === undefined && now - (this.firstSeen.get(id) as number) >= this.options.backupAfterMs) out.push(id)
    }
    return out.sort()
  }

  /** One step of work; returns false when there is nothing to do right now. */
  async step (now = Date.now()): Promise<boolean> {
    if (this.budgetExhausted) return false
    try {
      const duty = this.duties(now)[0]
      if (duty !== undefined) {
        this.done.add(duty)
        if (await this.screenedOut(duty)) return true
        const own = await this.engine.evaluate(duty)
        if (this.crossChecks) {
          // Members who evaluated before this peer are cross-checked now (their audit draw may have skipped them).
          this.ownEvaluations.set(duty, own.record)
          this.toAudit.push(...(this.othersByCandidate.get(duty) ?? []))
        }
        return true
      }
      // Audits: draws that skip an evaluation cost nothing, so pass over them in one step. In id
      // order, not arrival order, so that a lockstep run repeats whatever the gossip timing.
      if (this.toAudit.length > 1) this.toAudit.sort((a, b) => (a.idHex < b.idHex ? -1 : a.idHex > b.idHex ? 1 : 0))
      for (let audited = this.toAudit.shift(); audited !== undefined && this.options.auditor !== undefined; audited = this.toAudit.shift()) {
        // A banned author's records stop counting; auditing them would spend calls for nothing.
        if (this.peer.view.isBanned(audited.authorHex)) continue
        // A fellow committee member's evaluation is compared with this peer's own for free; the
        // secret draw decides about the rest (and about evaluations on other items).
        const own = this.ownEvaluations.get(toHex(audited.record.candidate))
        const checked = own === undefined ? undefined : this.options.auditor.crossCheck(audited, own)
        if (checked?.kind === 'consistent') continue
        const outcome = checked?.kind === 'mismatch' ? checked : await this.options.auditor.consider(audited)
        if (outcome.kind === 'skipped') continue
        if (outcome.kind === 'mismatch') {
          await this.ledger.publish<AccusationRecord>(outcome.accusation)
          this.accusations++
        }
        return true
      }
      if (this.outstanding !== undefined) {
        const c = this.peer.view.candidate(this.outstanding.id)
        if ((c !== undefined && c.status !== 'pending') || now - this.outstanding.since >= this.options.childTimeoutMs) this.outstanding = undefined
        else return false
      }
      const item = this.options.work[this.next]
      if (item === undefined || !this.seedsReady()) return false
      this.next++
      if (item.kind === 'optimizer-child') {
        await this.engine.improveOptimizer()
        return true
      }
      if (item.stage === 2 && !this.frozen) this.freezeOptimizer()
      const task = this.options.tasks.find(t => t.id === item.task) as Task
      const child = await this.engine.propose(task)
      if (child !== undefined) this.outstanding = { id: child, since: now }
      return true
    } catch (err) {
      if (!isBudgetExhausted(err)) throw err
      this.budgetExhausted = true
      return false
    }
  }

  /**
   * After a restart: takes up the work where this peer's store shows it stopped. Candidates it
   * evaluated are done; each of its own candidates (seeds aside) used up one item of its work.
   */
  resume (): void {
    const view = this.peer.view
    const me = this.peer.author
    let proposed = 0
    for (const id of view.ids()) {
      const signed = view.get(id)
      if (signed === undefined || signed.authorHex !== me) continue
      if (signed.record.kind === 'evaluation') {
        this.done.add(toHex(signed.record.candidate))
        if (this.crossChecks) this.ownEvaluations.set(toHex(signed.record.candidate), signed.record)
      }
      else if (signed.record.kind === 'candidate' && signed.record.parent !== null) proposed++
    }
    this.next = Math.min(proposed, this.options.work.length)
  }

  /** Whether this peer refuses to build on a candidate: its screen's text rules, or its probes' verdict if it ran them. */
  refuses (candidate: CandidateView): boolean {
    const screen = this.options.screen
    if (screen === undefined) return false
    const known = this.screened.get(candidate.id)
    if (known !== undefined) return !known
    const verdict = screen.screenText(this.screeningInput(candidate))
    this.screened.set(candidate.id, verdict.accepted)
    return !verdict.accepted
  }

  private async screenedOut (candidateId: string): Promise<boolean> {
    const candidate = this.peer.view.candidate(candidateId)
    if (candidate === undefined || this.options.screen === undefined) return false
    if (this.options.probe !== true) return this.refuses(candidate)
    const verdict = await this.options.screen.screen(this.screeningInput(candidate))
    this.screened.set(candidateId, verdict.accepted)
    return !verdict.accepted
  }

  private screeningInput (candidate: CandidateView): ScreeningInput {
    const parent = candidate.parent === null ? undefined : this.peer.view.candidate(candidate.parent)?.text
    const task = this.options.tasks.find(t => t.id === candidate.task)
    return { text: candidate.text, role: candidate.role, ...(parent === undefined ? {} : { parent }), ...(task === undefined ? {} : { task }) }
  }

  /** Every task has an admitted seed prompt in this peer's view. */
  private seedsReady (): boolean {
    const view = this.peer.view
    return this.options.tasks.every(t => view.candidates({ role: 'task', task: t.id, status: 'admitted' }).length > 0) &&
      this.engine.optimizers().length > 0
  }

  /** Stage 2: this peer's children are written by the fittest optimizer prompt it knows. */
  private freezeOptimizer (): void {
    this.frozen = true
    const optimizers = this.engine.optimizers()
    const best: CandidateView | undefined = bestOptimizer(optimizers, 2) ?? optimizers.find(o => o.parent === null)
    if (best !== undefined) this.engine.freezeOptimizer(best.id)
  }
}
