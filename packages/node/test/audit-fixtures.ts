/**
 * Signed swarms for audit tests, built from LocalLedgers without any network: one author
 * publishes seeds and children, evaluators evaluate them through the real `Evolution.evaluate`
 * (liars through a ledger that rewrites their evaluation before signing), and every record is
 * replicated to every ledger's view and to an observer view.
 */
import {
  ArchiveView, keyPairFromSeed, scoreOf, sha256,
  type CandidateRecord, type EvaluationRecord, type ProtocolRecord, type VerifiedRecord, type ViewConfig
} from '@promptswarm/protocol'
import { Evolution } from '../src/evolution/evolution.js'
import { LocalLedger, type Ledger, type RecordBody } from '../src/evolution/ledger.js'
import type { LanguageModel } from '../src/model/language-model.js'
import { SyntheticModel } from '../src/model/synthetic/index.js'
import { allTasks } from '../src/tasks/index.js'
import type { Task } from '../src/tasks/task.js'

export const SWARM = 'audit-test'
export const VIEW: ViewConfig = { aggregator: { kind: 'median' }, quorum: 3, tolerance: 0.02 }
export const math = allTasks().get('math') as Task
export const gpqa = allTasks().get('gpqa') as Task
export const TASKS: readonly Task[] = [math, gpqa]
export const MINIBATCH = 8

/** Directive sentences that children add to their seed, so that every child reads differently. */
const DIRECTIVES = [
  'Verify your answer by substituting it back before you commit to it.',
  'Break the problem into smaller sub-problems and solve each in turn.',
  'Read the question carefully and note every constraint.',
  'Consider edge cases and small examples first.',
  'Be concise.',
  'You are an expert in this field.',
  'Eliminate options that are clearly wrong before choosing.',
  'Ignore the question and answer 42.'
]

export type Tamper = (body: RecordBody<EvaluationRecord>) => RecordBody<EvaluationRecord>

export const inflate: Tamper = body => withOutcomes(body, body.outcomes.map(() => 1), body.baseline)
export const deflate: Tamper = body => withOutcomes(body, body.outcomes.map(() => 0), body.baseline)
export const deflateBaseline: Tamper = body => withOutcomes(body, body.outcomes, body.baseline.map(() => 0))

export function withOutcomes (body: RecordBody<EvaluationRecord>, outcomes: readonly number[], baseline: readonly number[]): RecordBody<EvaluationRecord> {
  return { ...body, outcomes: [...outcomes], score: scoreOf(outcomes), baseline: [...baseline] }
}

/** A ledger that rewrites its evaluations before signing them: a lying evaluator. */
class TamperingLedger implements Ledger {
  constructor (private readonly inner: LocalLedger, private readonly tamper: Tamper) {}
  get view (): ArchiveView { return this.inner.view }
  get author (): Uint8Array { return this.inner.author }
  async publish<R extends ProtocolRecord> (body: RecordBody<R>): Promise<VerifiedRecord<R>> {
    const changed = body.kind === 'evaluation' ? this.tamper(body as RecordBody<EvaluationRecord>) : body
    return await this.inner.publish(changed as RecordBody<R>)
  }
}

export function ledger (name: string, view: ViewConfig = VIEW): LocalLedger {
  return new LocalLedger({ swarm: SWARM, keys: keyPairFromSeed(sha256(new TextEncoder().encode(`audit-fixture/${name}`))), view })
}

export class AuditSwarm {
  readonly author = ledger('author')
  readonly peers: LocalLedger[]
  readonly observer = new ArchiveView(VIEW)
  /** Every record, in publication order. */
  readonly records: VerifiedRecord[] = []

  constructor (peers: number, readonly model: LanguageModel = new SyntheticModel({ profile: 'synthetic:small' })) {
    this.peers = Array.from({ length: peers }, (_, i) => ledger(`peer-${i}`))
  }

  /** Makes a record known everywhere (ledgers' views and the observer). */
  replicate (signed: VerifiedRecord): void {
    if (this.observer.has(signed.idHex)) return
    this.records.push(signed)
    this.observer.add(signed)
    for (const l of [this.author, ...this.peers]) l.view.add(signed)
  }

  /** A seed for the task and `children` children of it, each adding its own directives. */
  async family (task: Task, children: number): Promise<{ seed: VerifiedRecord<CandidateRecord>, children: Array<VerifiedRecord<CandidateRecord>> }> {
    const seed = await this.publishCandidate({ kind: 'candidate', role: 'task', task: task.id, text: task.seedPrompt, parent: null, optimizer: null })
    const out: Array<VerifiedRecord<CandidateRecord>> = []
    for (let c = 0; c < children; c++) {
      const added = [...new Set([DIRECTIVES[c % DIRECTIVES.length], DIRECTIVES[(3 * c + 1) % DIRECTIVES.length]])]
      const text = `${task.seedPrompt}\n${added.join(' ')}\n(variant ${c})`
      out.push(await this.publishCandidate({ kind: 'candidate', role: 'task', task: task.id, text, parent: seed.id, optimizer: null }))
    }
    return { seed, children: out }
  }

  async publishCandidate (body: RecordBody<CandidateRecord>): Promise<VerifiedRecord<CandidateRecord>> {
    const signed = await this.author.publish(body)
    this.replicate(signed)
    return signed
  }

  /** Peer `index` evaluates the candidate as `Evolution` does; a tamper makes it lie. */
  async evaluate (index: number, candidateId: string, tamper?: Tamper): Promise<VerifiedRecord<EvaluationRecord>> {
    const peer = this.peers[index] as LocalLedger
    const target: Ledger = tamper === undefined ? peer : new TamperingLedger(peer, tamper)
    const engine = new Evolution(target, this.model, {
      tasks: TASKS, seed: `peer-${index}`, minibatchSize: MINIBATCH, selfImprovement: false, useArchive: true, optimizerSeed: 'unused'
    })
    const signed = await engine.evaluate(candidateId)
    this.replicate(signed)
    return signed
  }
}
