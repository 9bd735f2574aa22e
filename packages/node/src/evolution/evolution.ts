import { fromHex, scoreOf, toHex, type CandidateRecord, type CandidateView, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { PromptAgent } from '../agents/prompt-agent.js'
import { TaskAgent, type ItemResult, type PromptEvaluation } from '../agents/task-agent.js'
import { ModelError, type LanguageModel } from '../model/language-model.js'
import type { Task, TaskItem } from '../tasks/task.js'
import { Rng } from '../util/rng.js'
import type { Ledger } from './ledger.js'
import { minibatch, minibatchKey, type MinibatchPolicy } from './minibatch.js'
import { selectOptimizer, selectParent } from './selection.js'

export interface EvolutionOptions {
  /** The tasks this engine evolves prompts for (stage 1: the pool; stage 2: one target). */
  readonly tasks: readonly Task[]
  readonly seed: string | number
  /** Training items each candidate is evaluated on. */
  readonly minibatchSize: number
  /** Whether a committee shares one minibatch per candidate (default) or each member has its own. */
  readonly minibatches?: MinibatchPolicy
  /** Evolve the prompt agent's own system prompt too (SePO's self-referential step). */
  readonly selfImprovement: boolean
  /** Select parents from the whole archive of stepping stones; false: always mutate the latest admitted prompt. */
  readonly useArchive: boolean
  /** Text of the seed optimizer prompt. */
  readonly optimizerSeed: string
  /** Optimizer-prompt children per generation when self-improving (default 1). */
  readonly optimizerChildren?: number
  /** Failed and passed cases shown to the prompt agent (each side). */
  readonly casesPerSide?: number
  /** Items evaluated concurrently (sandboxed scorers overlap). */
  readonly concurrency?: number
  /** Candidates this peer refuses to build on (e.g. screened out); default none. */
  readonly refuse?: (candidate: CandidateView) => boolean
}

/** What the engine keeps between calls; saved in checkpoints so a resumed run continues exactly. */
export interface EvolutionState {
  rng: number[]
  /** Task id -> id of the latest admitted task prompt (for the no-archive ablation). */
  latest: Record<string, string>
  /** Optimizer prompt id fixed for this engine (stage 2), if any. */
  frozenOptimizer?: string
  /** Per-candidate minibatch results, the feedback for its children. */
  results: Record<string, Array<{ itemId: string, outcome: number, reply: string, reason?: string }>>
  proposalsFailed: number
}

/**
 * SePO on one ledger. Each child: pick a task, a parent task prompt (DGM-style selection over the
 * archive) and an optimizer prompt (by fitness); show the prompt agent the parent's failed and
 * passed cases; publish the child; evaluate it on a minibatch fixed by its id; publish the
 * evaluation. The view decides admission, and an optimizer prompt's fitness is the improvement
 * its children achieved. Every configuration (ablations, the TextGrad-style loop) is this engine.
 */
export class Evolution {
  readonly state: EvolutionState
  private readonly taskAgent: TaskAgent
  private readonly promptAgent: PromptAgent
  private readonly tasks: Map<string, Task>
  private rng: Rng

  constructor (readonly ledger: Ledger, readonly model: LanguageModel, readonly options: EvolutionOptions, state?: EvolutionState) {
    if (options.tasks.length === 0) throw new RangeError('evolution needs at least one task')
    this.taskAgent = new TaskAgent(model)
    this.promptAgent = new PromptAgent(model)
    this.tasks = new Map(options.tasks.map(t => [t.id, t]))
    this.state = state ?? { rng: Rng.from('evolution', options.seed).state(), latest: {}, results: {}, proposalsFailed: 0 }
    this.rng = Rng.restore(this.state.rng)
  }

  /**
   * Publishes the seed optimizer prompt and each task's seed prompt, unless present, and
   * evaluates the seeds (a lone peer; in a swarm the seeds' committees do, `evaluate: false`).
   */
  async seed (options: { evaluate?: boolean } = {}): Promise<void> {
    if (this.optimizers().length === 0) {
      await this.ledger.publish<CandidateRecord>({ kind: 'candidate', role: 'optimizer', task: '', text: this.options.optimizerSeed, parent: null, optimizer: null })
    }
    for (const task of this.options.tasks) {
      const existing = this.ledger.view.candidates({ role: 'task', task: task.id }).find(c => c.parent === null)
      if (existing !== undefined) {
        this.state.latest[task.id] ??= existing.id
        continue
      }
      const seed = await this.ledger.publish<CandidateRecord>({ kind: 'candidate', role: 'task', task: task.id, text: task.seedPrompt, parent: null, optimizer: null })
      if (options.evaluate !== false) await this.evaluate(seed.idHex)
      this.state.latest[task.id] = seed.idHex
    }
  }

  /** Fixes the optimizer prompt used for all children (stage 2 freezes the evolved prompt agent). */
  freezeOptimizer (id: string): void {
    const c = this.ledger.view.candidate(id)
    if (c?.role !== 'optimizer') throw new RangeError(`no optimizer prompt ${id}`)
    this.state.frozenOptimizer = id
  }

  /** One generation: `children` task-prompt children round-robin over the tasks, then one optimizer child. */
  async generation (index: number, children: number): Promise<void> {
    const ids = [...this.tasks.keys()]
    for (let c = 0; c < children; c++) {
      await this.child(this.tasks.get(ids[(index * children + c) % ids.length] as string) as Task)
    }
    if (this.options.selfImprovement && this.state.frozenOptimizer === undefined) {
      for (let o = 0; o < (this.options.optimizerChildren ?? 1); o++) await this.improveOptimizer()
    }
    this.state.rng = this.rng.state()
  }

  /** Proposes, publishes and evaluates one child task prompt. Returns its id, or undefined if the proposal was unusable. */
  async child (task: Task): Promise<string | undefined> {
    const child = await this.propose(task)
    if (child === undefined) return undefined
    await this.evaluate(child)
    if (this.ledger.view.status(child) === 'admitted') this.state.latest[task.id] = child
    return child
  }

  /**
   * Proposes and publishes one child task prompt without evaluating it: in a swarm, the child's
   * committee evaluates it. Returns its id, or undefined if the proposal was unusable.
   */
  async propose (task: Task): Promise<string | undefined> {
    const parent = this.chooseParent(task)
    const optimizer = this.chooseOptimizer()
    const feedback = await this.feedbackFor(parent.id)
    const proposal = await this.promptAgent.proposeTaskPrompt(optimizer.text, task, parent.text, feedback, this.options.casesPerSide ?? 3, this.attempt())
    if (proposal.text === undefined) {
      this.state.proposalsFailed++
      return undefined
    }
    const child = await this.ledger.publish<CandidateRecord>({
      kind: 'candidate', role: 'task', task: task.id, text: proposal.text, parent: hex(parent.id), optimizer: hex(optimizer.id)
    })
    return child.idHex
  }

  /** The prompt agent rewrites a copy of its own system prompt. */
  async improveOptimizer (): Promise<string | undefined> {
    const parent = selectOptimizer(this.optimizers(), this.rng)
    const proposal = await this.promptAgent.proposeOptimizerPrompt(parent.text, parent.text, parent.fitness, parent.fitnessSamples, [], this.attempt())
    if (proposal.text === undefined) {
      this.state.proposalsFailed++
      return undefined
    }
    const child = await this.ledger.publish<CandidateRecord>({
      kind: 'candidate', role: 'optimizer', task: '', text: proposal.text, parent: hex(parent.id), optimizer: hex(parent.id)
    })
    return child.idHex
  }

  /**
   * Evaluates a task prompt on its minibatch and publishes the evaluation. A child's parent is run
   * on the same items too: its outcomes are the baseline of a paired comparison.
   */
  async evaluate (candidateId: string): Promise<VerifiedRecord<EvaluationRecord>> {
    const { candidate, task, items, evaluation } = await this.runMinibatch(candidateId)
    const parent = candidate.parent === null ? undefined : this.ledger.view.candidate(candidate.parent)
    const baseline = parent === undefined ? undefined : await this.taskAgent.evaluate(task, parent.text, items, { concurrency: this.options.concurrency ?? 4 })
    const outcomes = evaluation.results.map(r => r.outcome)
    return await this.ledger.publish<EvaluationRecord>({
      kind: 'evaluation',
      candidate: hex(candidateId),
      items: items.map(i => i.id),
      outcomes,
      score: scoreOf(outcomes),
      baseline: baseline?.results.map(r => r.outcome) ?? [],
      model: this.model.id,
      usage: {
        promptTokens: evaluation.usage.promptTokens + (baseline?.usage.promptTokens ?? 0),
        completionTokens: evaluation.usage.completionTokens + (baseline?.usage.completionTokens ?? 0)
      }
    })
  }

  /**
   * Optimizer prompts that may write children: admitted ones and pending ones. A new optimizer
   * prompt earns its fitness only through children written under it, so excluding pending prompts
   * would leave every new one untried forever.
   */
  optimizers (): CandidateView[] {
    return this.ledger.view.candidates({ role: 'optimizer' }).filter(c => c.status === 'admitted' || c.status === 'pending')
  }

  /**
   * A fresh sample index for each proposal. Without it, asking the same optimizer prompt about the
   * same parent with the same feedback is the same request, and a response cache or the seeded
   * simulator answers it with the same child every time: duplicates that waste the budget.
   */
  private attempt (): number {
    return this.rng.int(2 ** 31)
  }

  private chooseParent (task: Task): CandidateView {
    const view = this.ledger.view
    if (!this.options.useArchive) {
      const latest = this.state.latest[task.id]
      const c = latest === undefined ? undefined : view.candidate(latest)
      if (c !== undefined && this.options.refuse?.(c) !== true) return c
    }
    const refuse = this.options.refuse
    const admitted = view.candidates({ role: 'task', task: task.id, status: 'admitted' }).filter(c => refuse === undefined || !refuse(c))
    if (admitted.length === 0) throw new RangeError(`no admitted prompt for task ${task.id}: seed first`)
    // Rank by the pooled score: it counts every item a prompt was run on, its children's baselines included.
    return selectParent(admitted.map(c => ({ ...c, score: c.pooledScore ?? c.score })), this.rng)
  }

  private chooseOptimizer (): CandidateView {
    if (this.state.frozenOptimizer !== undefined) return this.ledger.view.candidate(this.state.frozenOptimizer) as CandidateView
    const optimizers = this.optimizers()
    if (!this.options.selfImprovement) {
      // Without self-improvement the prompt agent keeps its seed prompt.
      return optimizers.find(o => o.parent === null) ?? (optimizers[0] as CandidateView)
    }
    return selectOptimizer(optimizers, this.rng)
  }

  /** A parent's minibatch results: from its evaluation if this engine ran it, otherwise re-run. */
  private async feedbackFor (candidateId: string): Promise<ItemResult[]> {
    if (this.state.results[candidateId] === undefined) await this.runMinibatch(candidateId)
    const candidate = this.ledger.view.candidate(candidateId) as CandidateView
    const task = this.taskOf(candidate)
    const byId = new Map(task.splits.train.map(i => [i.id, i]))
    return (this.state.results[candidateId] ?? []).flatMap(r => {
      const item = byId.get(r.itemId)
      return item === undefined ? [] : [{ item, outcome: r.outcome, reply: r.reply, ...(r.reason === undefined ? {} : { reason: r.reason }) }]
    })
  }

  /** Runs a task prompt on the minibatch its id fixes, keeping the results as feedback for its children. */
  private async runMinibatch (candidateId: string): Promise<{ candidate: CandidateView, task: Task, items: TaskItem[], evaluation: PromptEvaluation }> {
    const candidate = this.ledger.view.candidate(candidateId)
    if (candidate === undefined || candidate.role !== 'task') throw new RangeError(`no task prompt ${candidateId}`)
    const task = this.taskOf(candidate)
    // The items are fixed by the candidate (and, per evaluator, by this engine's key): chosen by no one.
    const key = minibatchKey(candidateId, toHex(this.ledger.author), this.options.minibatches ?? 'shared')
    const items = minibatch(task.splits.train, key, this.options.minibatchSize)
    const evaluation = await this.taskAgent.evaluate(task, candidate.text, items, { concurrency: this.options.concurrency ?? 4 })
    this.state.results[candidateId] = evaluation.results.map(r => ({ itemId: r.item.id, outcome: r.outcome, reply: r.reply, ...(r.reason === undefined ? {} : { reason: r.reason }) }))
    return { candidate, task, items, evaluation }
  }

  private taskOf (candidate: CandidateView): Task {
    const task = this.tasks.get(candidate.task)
    if (task === undefined) throw new RangeError(`candidate ${candidate.id.slice(0, 12)} is for task ${candidate.task}, which this engine does not run`)
    return task
  }
}

/** True when an error means the model budget is spent: runs stop cleanly on it. */
export function isBudgetExhausted (err: unknown): boolean {
  return err instanceof ModelError && err.kind === 'budget-exhausted'
}

function hex (id: string): Uint8Array {
  const bytes = fromHex(id)
  if (bytes === undefined || bytes.length !== 32) throw new RangeError(`not a record id: ${id}`)
  return bytes
}
