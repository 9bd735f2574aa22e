import { keyPairFromSeed, sha256, type ArchiveView, type CandidateView, type ViewConfig } from '@promptswarm/protocol'
import { BASE_OPTIMIZER_PROMPT, CRITIQUE_REWRITE_PROMPT } from '../agents/optimizer-prompts.js'
import { TaskAgent } from '../agents/task-agent.js'
import type { LanguageModel } from '../model/language-model.js'
import { ModelBudget } from '../model/budget.js'
import { MeteredModel, type ModelUsage } from '../model/metered-model.js'
import type { Task } from '../tasks/task.js'
import { Rng } from '../util/rng.js'
import { Checkpoint, CheckpointError, type CheckpointData } from './checkpoint.js'
import { Evolution, isBudgetExhausted, type EvolutionState } from './evolution.js'
import { LocalLedger } from './ledger.js'
import { bestOptimizer } from './selection.js'

export const METHODS = ['manual-cot', 'textgrad', 'sepo', 'sepo-no-self', 'sepo-no-archive'] as const
export type MethodId = typeof METHODS[number]

export const METHOD_LABELS: Record<MethodId, string> = {
  'manual-cot': 'Manual-CoT (seed prompt)',
  textgrad: 'TextGrad-style critique & rewrite',
  sepo: 'SePO',
  'sepo-no-self': 'SePO w/o self-improvement',
  'sepo-no-archive': 'SePO w/o archive'
}

export interface MethodBudget {
  /** Stage 1 generations over the whole pool. */
  readonly stage1Generations: number
  /** Stage 2 generations per target task. */
  readonly stage2Generations: number
  readonly childrenPerGeneration: number
  /** Optimizer-prompt children per stage-1 generation (SePO's self-improvement). Default 1. */
  readonly optimizerChildren?: number
  readonly minibatchSize: number
  /** Top candidates by minibatch score re-scored on the validation split to pick the final prompt. */
  readonly finalists: number
  /** Attempts per validation item when picking the final prompt (avg@k). Default 4. */
  readonly validationRepeats?: number
  /** Attempts per test item in the audit (avg@k). Default 8. */
  readonly testRepeats?: number
  /** Optional hard caps on evolution's model use; reaching one ends evolution cleanly. */
  readonly maxCalls?: number
  readonly maxTokens?: number
}

export interface TaskOutcome {
  readonly prompt: string
  /** Validation accuracy of the chosen prompt; undefined when no selection ran (Manual-CoT). */
  readonly validation: number | undefined
  readonly test: number
  /**
   * The chosen prompt's exact expected test accuracy, when the audit model knows its own odds
   * (the simulator's ground truth; see `GroundTruth`). `test` is a sampled estimate of it.
   */
  readonly expectedTest?: number
}

export interface MethodRun {
  readonly method: MethodId
  readonly seed: number
  readonly tasks: Record<string, TaskOutcome>
  /** Model use of the method (evolution and validation), not of the test-split audit. */
  readonly usage: ModelUsage
  readonly candidates: number
  readonly budgetExhausted: boolean
}

export interface RunOptions {
  readonly method: MethodId
  readonly seed: number
  readonly tasks: readonly Task[]
  readonly model: LanguageModel
  readonly budget: MethodBudget
  readonly tolerance?: number
  /** A file to checkpoint to after every generation and to resume from. */
  readonly checkpoint?: string
  readonly onProgress?: (message: string) => void
}

/**
 * Runs one method on one seed. Every method spends the same number of task-prompt children per
 * task: SePO's stage-1 children are shared by the pool, so the TextGrad-style loop gets
 * stage1 * children / |tasks| + stage2 * children of them per task.
 */
export async function runMethod (options: RunOptions): Promise<MethodRun> {
  const { method, seed, tasks, budget } = options
  const viewConfig: ViewConfig = { aggregator: { kind: 'mean' }, quorum: 1, tolerance: options.tolerance ?? 0.02, countSelfEvaluations: true, minFitnessSamples: 2 }
  const checkpoint = options.checkpoint === undefined ? undefined : new Checkpoint(options.checkpoint)
  const saved = await checkpoint?.load()
  const usage: ModelUsage = saved?.usage ?? { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }
  const limits = { ...(budget.maxCalls === undefined ? {} : { maxCalls: budget.maxCalls }), ...(budget.maxTokens === undefined ? {} : { maxTokens: budget.maxTokens }) }
  const model = new MeteredModel(options.model, new ModelBudget(limits), usage)
  const ledger = new LocalLedger({ swarm: `promptswarm-local/${method}/${seed}`, keys: keyPairFromSeed(sha256(Buffer.from(`promptswarm/run/${seed}`))), view: viewConfig })
  if (saved !== undefined && (saved.method !== method || saved.seed !== seed)) {
    throw new CheckpointError(`${options.checkpoint as string}: holds ${saved.method} seed ${saved.seed}, not ${method} seed ${seed}`)
  }
  if (saved !== undefined) ledger.import(saved.records.map(r => Buffer.from(r, 'base64')))
  const progress: CheckpointData = saved ?? { method, seed, records: [], usage, steps: {}, states: {} }
  let budgetExhausted = false

  /** Runs `generations` generations of an engine, skipping those a checkpoint already holds. */
  const evolve = async (key: string, engine: Evolution, generations: number, children: number): Promise<void> => {
    for (let g = progress.steps[key] ?? 0; g < generations && !budgetExhausted; g++) {
      try {
        await engine.generation(g, children)
      } catch (err) {
        if (!isBudgetExhausted(err)) throw err
        budgetExhausted = true
      }
      progress.steps[key] = g + 1
      progress.states[key] = engine.state
      progress.records = ledger.export().map(r => Buffer.from(r).toString('base64'))
      await checkpoint?.save(progress)
      options.onProgress?.(`${method} seed ${seed}: ${key} generation ${g + 1}/${generations}`)
    }
  }
  const engine = (key: string, engineTasks: readonly Task[], settings: { selfImprovement: boolean, useArchive: boolean, optimizerSeed: string }, inherit?: EvolutionState): Evolution => {
    const state = progress.states[key] ?? (inherit === undefined
      ? undefined
      : { ...structuredClone(inherit), rng: Rng.from('evolution', seed, key).state(), proposalsFailed: 0 })
    return new Evolution(ledger, model, { tasks: engineTasks, seed: `${seed}/${key}`, minibatchSize: budget.minibatchSize, optimizerChildren: budget.optimizerChildren ?? 1, ...settings }, state)
  }

  if (method === 'textgrad') {
    const perTask = Math.ceil(budget.stage1Generations * budget.childrenPerGeneration / tasks.length) + budget.stage2Generations * budget.childrenPerGeneration
    for (const task of tasks) {
      const loop = engine(`textgrad/${task.id}`, [task], { selfImprovement: false, useArchive: false, optimizerSeed: CRITIQUE_REWRITE_PROMPT })
      await loop.seed()
      await evolve(`textgrad/${task.id}`, loop, Math.ceil(perTask / budget.childrenPerGeneration), budget.childrenPerGeneration)
    }
  } else if (method !== 'manual-cot') {
    const settings = { selfImprovement: method !== 'sepo-no-self', useArchive: method !== 'sepo-no-archive', optimizerSeed: BASE_OPTIMIZER_PROMPT }
    const stage1 = engine('stage1', tasks, settings)
    await stage1.seed()
    await evolve('stage1', stage1, budget.stage1Generations, budget.childrenPerGeneration)
    // Stage 2: the evolved prompt agent is frozen; each target task's prompt is fine-tuned.
    const frozen = bestOptimizer(stage1.optimizers(), 2) ?? stage1.optimizers().find(o => o.parent === null)
    for (const task of tasks) {
      const key = `stage2/${task.id}`
      const stage2 = engine(key, [task], { ...settings, selfImprovement: false }, stage1.state)
      if (frozen !== undefined) stage2.freezeOptimizer(frozen.id)
      await evolve(key, stage2, budget.stage2Generations, budget.childrenPerGeneration)
    }
  } else {
    for (const task of tasks) await engine(`seed/${task.id}`, [task], { selfImprovement: false, useArchive: true, optimizerSeed: BASE_OPTIMIZER_PROMPT }).seed()
  }

  const results: Record<string, TaskOutcome> = {}
  // Selection is part of the method's cost but not of the evolution budget: it always completes.
  const selection = new MeteredModel(options.model, undefined, usage)
  for (const task of tasks) results[task.id] = await selectFinalPrompt(ledger.view, task, selection, options.model, method === 'manual-cot' ? 0 : budget.finalists, budget)
  await checkpoint?.remove()
  return { method, seed, tasks: results, usage: { ...usage }, candidates: ledger.view.candidates().length, budgetExhausted }
}

/**
 * Picks a task's final prompt: the admitted candidates with the best pooled scores are
 * re-scored on the validation split and the best is kept (with no finalists: the seed prompt).
 * Its test accuracy comes from the unmetered model: the trusted audit, not part of the method.
 */
export async function selectFinalPrompt (view: ArchiveView, task: Task, selectionModel: LanguageModel, auditModel: LanguageModel, finalists: number, budget: MethodBudget, refuse?: (candidate: CandidateView) => boolean): Promise<TaskOutcome> {
  let best: { text: string, validation: number | undefined } = { text: task.seedPrompt, validation: undefined }
  if (finalists > 0) {
    const admitted = view.candidates({ role: 'task', task: task.id, status: 'admitted' })
      .filter(c => refuse === undefined || !refuse(c))
      .sort((a, b) => (b.pooledScore ?? 0) - (a.pooledScore ?? 0) || (a.id < b.id ? -1 : 1))
      .slice(0, finalists)
    const selector = new TaskAgent(selectionModel)
    for (const c of admitted) {
      const validation = (await selector.evaluate(task, c.text, task.splits.validation, { repeats: budget.validationRepeats ?? 4 })).score
      if (best.validation === undefined || validation > best.validation) best = { text: c.text, validation }
    }
  }
  const auditor = new TaskAgent(auditModel)
  const test = await auditor.evaluate(task, best.text, task.splits.test, { repeats: budget.testRepeats ?? 8 })
  const expectedTest = auditor.expectedScore(task, best.text, task.splits.test)
  return { prompt: best.text, validation: best.validation, test: test.score, ...(expectedTest === undefined ? {} : { expectedTest }) }
}
