import { createHash } from 'node:crypto'
import { toHex, type CandidateRecord, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { TaskAgent } from '../agents/task-agent.js'
import { ModelError, type LanguageModel } from '../model/language-model.js'
import type { ModelBudget } from '../model/budget.js'
import { MeteredModel } from '../model/metered-model.js'
import type { Task, TaskItem } from '../tasks/task.js'
import { AuditConfigError } from './errors.js'
import { OutcomeCache } from './outcome-cache.js'
import { checkTolerance, REAL_MODEL_TOLERANCE, toleranceFor, type Tolerance } from './tolerance.js'

/** Where candidate records are found by id. `ArchiveView` is one. */
export interface RecordLookup {
  get (id: string): VerifiedRecord | undefined
}

/**
 * Why a re-execution could not be done. None of these is evidence against the evaluator: an
 * audit that cannot re-run an item accuses nobody.
 */
export type InconclusiveReason =
  | 'unknown-candidate' | 'not-a-task-prompt' | 'unknown-task' | 'unknown-item'
  | 'no-parent' | 'unknown-parent' | 'unknown-model' | 'bad-index' | 'execution-error'

/** Reasons that may go away later: a record still on its way, a model endpoint that failed. */
const RETRYABLE: ReadonlySet<InconclusiveReason> = new Set(['unknown-candidate', 'unknown-parent', 'execution-error'])

export type ReExecution =
  | {
    readonly status: 'done'
    /** The evaluation's item positions that were re-run, as asked. */
    readonly indices: readonly number[]
    /** Recomputed outcomes, aligned with `indices`. */
    readonly outcomes: readonly number[]
    /** Recomputed parent outcomes, aligned with `indices`; empty when no baseline was asked for or claimed. */
    readonly baseline: readonly number[]
    /** Model calls this re-execution made. */
    readonly calls: number
    /** Item runs answered from the cache. */
    readonly reused: number
  }
  | {
    readonly status: 'inconclusive'
    readonly reason: InconclusiveReason
    readonly detail: string
    readonly retryable: boolean
    readonly calls: number
  }

export interface ReExecutorOptions {
  /** Candidate records (the evaluated prompt and its parent). */
  readonly records: RecordLookup
  readonly tasks: Iterable<Task>
  /** Models to re-execute with, matched by id against the evaluation's `model`. */
  readonly models: LanguageModel | readonly LanguageModel[]
  /** Tolerance for models that are not simulators (default `REAL_MODEL_TOLERANCE`). */
  readonly realTolerance?: Tolerance
  /** Items run at once (default 4). */
  readonly concurrency?: number
  /** Shared spending limit: audits draw from the same budget as evaluations when given. */
  readonly budget?: ModelBudget
  /** Item outcomes kept for reuse (default 20,000). */
  readonly cacheSize?: number
}

/**
 * Re-runs the items of someone else's evaluation, with a task agent and repeats 1 exactly as
 * evaluations are made (`Evolution.evaluate`): the candidate's text on the named items, and, when
 * the evaluation carries a baseline, the parent's text on the same items.
 */
export class ReExecutor {
  /** Model calls made by every re-execution so far. */
  calls = 0
  private readonly records: RecordLookup
  private readonly tasks = new Map<string, Task>()
  private readonly itemIndex = new Map<string, Map<string, TaskItem>>()
  private readonly models = new Map<string, LanguageModel>()
  private readonly realTolerance: Tolerance
  private readonly concurrency: number
  private readonly budget: ModelBudget | undefined
  private readonly cache: OutcomeCache
  // A small semaphore: item runs of every concurrent re-execution share `concurrency` slots.
  private running = 0
  private readonly waiting: Array<() => void> = []
  private readonly promptKeys = new Map<string, string>()

  constructor (options: ReExecutorOptions) {
    this.records = options.records
    for (const task of options.tasks) this.tasks.set(task.id, task)
    const models = Array.isArray(options.models) ? options.models as readonly LanguageModel[] : [options.models as LanguageModel]
    if (models.length === 0) throw new AuditConfigError('models', 'at least one model is needed to re-execute evaluations')
    for (const model of models) this.models.set(model.id, model)
    this.realTolerance = checkTolerance(options.realTolerance ?? REAL_MODEL_TOLERANCE, 'realTolerance')
    this.concurrency = options.concurrency ?? 4
    if (!Number.isSafeInteger(this.concurrency) || this.concurrency < 1) throw new AuditConfigError('concurrency', `must be a positive integer, got ${String(options.concurrency)}`)
    const cacheSize = options.cacheSize ?? 20_000
    if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new AuditConfigError('cacheSize', `must be a non-negative integer, got ${String(options.cacheSize)}`)
    this.budget = options.budget
    this.cache = new OutcomeCache(cacheSize)
  }

  /** The tolerance for an evaluation made with `modelId`, or undefined when this peer lacks that model. */
  toleranceFor (modelId: string): Tolerance | undefined {
    const model = this.models.get(modelId)
    return model === undefined ? undefined : toleranceFor(model, this.realTolerance)
  }

  /**
   * Re-runs the evaluation's items at `indices` (default: all). The baseline is re-run too when the
   * evaluation carries one, unless `baseline: false`.
   */
  async reExecute (evaluation: EvaluationRecord, indices?: readonly number[], options: { baseline?: boolean } = {}): Promise<ReExecution> {
    const at = indices ?? evaluation.items.map((_, i) => i)
    const inputs = this.resolve(evaluation, at, options.baseline !== false)
    if (inputs.status === 'inconclusive') return inputs
    const { task, model, items, candidateText, parentText } = inputs
    const metered = new MeteredModel(model, this.budget)
    const agent = new TaskAgent(metered)
    let reused = 0
    const runAll = async (prompt: string): Promise<number[]> => {
      const pending = items.map(item => {
        const got = this.cache.getOrRun(this.keyOf(model, task, prompt, item), async () => {
          await this.slot()
          try {
            // Sample 0 of one attempt: what `TaskAgent.evaluate` does with repeats 1.
            return (await agent.solve(task, prompt, item, 0)).outcome
          } finally {
            this.release()
          }
        })
        if (got.reused) reused++
        return got.outcome
      })
      return await Promise.all(pending)
    }
    try {
      const [outcomes, baseline] = await Promise.all([runAll(candidateText), parentText === undefined ? [] : runAll(parentText)])
      return { status: 'done', indices: [...at], outcomes, baseline, calls: metered.usage.calls, reused }
    } catch (err) {
      const detail = err instanceof ModelError ? `model ${model.id} failed (${err.kind}): ${err.message}` : `re-execution failed: ${err instanceof Error ? err.message : String(err)}`
      return inconclusive('execution-error', detail, metered.usage.calls)
    } finally {
      this.calls += metered.usage.calls
    }
  }

  /** Everything a re-execution needs, or why this peer cannot re-execute. */
  private resolve (evaluation: EvaluationRecord, at: readonly number[], withBaseline: boolean):
  | { status: 'ready', task: Task, model: LanguageModel, items: TaskItem[], candidateText: string, parentText: string | undefined }
  | Extract<ReExecution, { status: 'inconclusive' }> {
    for (const [i, index] of at.entries()) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= evaluation.items.length) {
        return inconclusive('bad-index', `indices[${i}] = ${String(index)} is not an item position of an evaluation with ${evaluation.items.length} items`)
      }
    }
    const candidateId = toHex(evaluation.candidate)
    const candidate = this.candidateRecord(candidateId)
    if (candidate === undefined) return inconclusive('unknown-candidate', `candidate ${short(candidateId)} is not held here`)
    if (candidate.role !== 'task') return inconclusive('not-a-task-prompt', `candidate ${short(candidateId)} is an optimizer prompt, which is not evaluated on items`)
    const task = this.tasks.get(candidate.task)
    if (task === undefined) return inconclusive('unknown-task', `candidate ${short(candidateId)} is for task "${candidate.task}", which this peer does not run`)
    const model = this.models.get(evaluation.model)
    if (model === undefined) return inconclusive('unknown-model', `the evaluation was made with model "${evaluation.model}", which this peer does not have`)

    const items: TaskItem[] = []
    for (const index of at) {
      const itemId = evaluation.items[index] as string
      const item = this.itemOf(task, itemId)
      if (item === undefined) return inconclusive('unknown-item', `task "${task.id}" has no item "${itemId}" (evaluation item ${index})`)
      items.push(item)
    }

    let parentText: string | undefined
    if (withBaseline && evaluation.baseline.length > 0) {
      if (candidate.parent === null) return inconclusive('no-parent', `the evaluation claims a baseline, but candidate ${short(candidateId)} is a seed`)
      const parentId = toHex(candidate.parent)
      const parent = this.candidateRecord(parentId)
      if (parent === undefined) return inconclusive('unknown-parent', `parent ${short(parentId)} of candidate ${short(candidateId)} is not held here`)
      parentText = parent.text
    }
    return { status: 'ready', task, model, items, candidateText: candidate.text, parentText }
  }

  private keyOf (model: LanguageModel, task: Task, prompt: string, item: TaskItem): string {
    let promptKey = this.promptKeys.get(prompt)
    if (promptKey === undefined) {
      promptKey = createHash('sha256').update(prompt).digest('hex')
      // Prompt hashes are cheap to recompute: forget them all rather than track their use.
      if (this.promptKeys.size >= 1024) this.promptKeys.clear()
      this.promptKeys.set(prompt, promptKey)
    }
    return `${model.id}\u0000${task.id}\u0000${promptKey}\u0000${item.id}`
  }

  private candidateRecord (id: string): CandidateRecord | undefined {
    const record = this.records.get(id)?.record
    return record?.kind === 'candidate' ? record : undefined
  }

  private itemOf (task: Task, itemId: string): TaskItem | undefined {
    let index = this.itemIndex.get(task.id)
    if (index === undefined) {
      index = new Map()
      // Evaluations run on training minibatches; validation and test items are accepted too.
      for (const split of [task.splits.test, task.splits.validation, task.splits.train]) {
        for (const item of split) index.set(item.id, item)
      }
      this.itemIndex.set(task.id, index)
    }
    return index.get(itemId)
  }

  private async slot (): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++
      return
    }
    await new Promise<void>(resolve => this.waiting.push(resolve))
  }

  private release (): void {
    const next = this.waiting.shift()
    if (next !== undefined) next()
    else this.running--
  }
}

function inconclusive (reason: InconclusiveReason, detail: string, calls = 0): Extract<ReExecution, { status: 'inconclusive' }> {
  return { status: 'inconclusive', reason, detail, retryable: RETRYABLE.has(reason), calls }
}

function short (id: string): string {
  return id.slice(0, 12)
}
