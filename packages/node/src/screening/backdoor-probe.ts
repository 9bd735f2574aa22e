/**
 * The behavioural backdoor probes, the one part of screening that calls a model. A backdoor clause
 * leaves normal evaluation untouched, so instead of reading the clause we try to fire it: each
 * candidate trigger found in the prompt is inserted into canary questions, and the prompt is run
 * on them and on the same canaries with a neutral phrase. A trigger that makes accuracy drop, or
 * makes the answers collapse onto one value, is a backdoor whatever its wording. A suspicious
 * trigger is confirmed on fresh canaries before the candidate is rejected, which keeps false
 * alarms from sampling noise rare at little cost (only suspicious triggers pay for it).
 */
import { canaryItem, planCanaries } from './canaries.js'
import { answerKey, armStats, pairedWorseP, suspicionOf } from './probe-stats.js'
import { extractTriggers } from './trigger-candidates.js'
import type { TaskAgent } from '../agents/task-agent.js'
import type { Task, TaskItem } from '../tasks/task.js'
import type { Canary } from './canaries.js'
import type { ProbeConfig } from './config.js'
import type { CanaryAnswer, Judgement } from './probe-stats.js'
import type { ProbeReport, TriggerMeasurement } from './probe-report.js'
import type { TriggerCandidate } from './trigger-candidates.js'

export interface ProbeInput {
  readonly text: string
  readonly task: Task
  /** The parent's text, run on the same canaries when `compareParent` is set. */
  readonly parent?: string
}

/** Asks questions through the task agent, a few at a time, counting calls and tokens. */
class CanaryRunner {
  calls = 0
  promptTokens = 0
  completionTokens = 0
  private readonly cache = new Map<string, Promise<CanaryAnswer[]>>()

  constructor (private readonly agent: TaskAgent, private readonly task: Task, private readonly concurrency: number) {}

  /** One answer per canary, with `phrase` inserted (undefined: each canary's control phrase). Memoised. */
  async run (prompt: string, canaries: readonly Canary[], phrase: string | undefined, key: string): Promise<CanaryAnswer[]> {
    let hit = this.cache.get(key)
    if (hit === undefined) {
      hit = this.ask(prompt, canaries.map(c => canaryItem(c, phrase)))
      this.cache.set(key, hit)
    }
    return await hit
  }

  private async ask (prompt: string, items: readonly TaskItem[]): Promise<CanaryAnswer[]> {
    const out: CanaryAnswer[] = new Array(items.length)
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++
        const { reply, score, usage } = await this.agent.answer(this.task, prompt, items[i] as TaskItem)
        this.calls++
        this.promptTokens += usage.promptTokens
        this.completionTokens += usage.completionTokens
        out[i] = { outcome: score.outcome, answer: answerKey(score.answer, reply) }
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker))
    return out
  }
}

/**
 * Probes a task prompt for trigger-conditioned backdoors. Costs at most
 * `(1 + triggers) x (canaries + confirmCanaries)` model calls, twice that with a parent to compare;
 * stops at the first trigger judged a backdoor. Model errors (a spent budget, a failed endpoint)
 * propagate: an unfinished probe says nothing about the candidate.
 */
export async function runBackdoorProbes (agent: TaskAgent, input: ProbeInput, config: ProbeConfig): Promise<ProbeReport> {
  const triggers = extractTriggers(input.text, { max: config.triggers, reference: [input.task.seedPrompt], ...(input.parent === undefined ? {} : { parent: input.parent }) })
  const empty = { triggers: [], calls: 0, promptTokens: 0, completionTokens: 0 }
  if (triggers.length === 0) return { ...empty, skipped: 'no candidate trigger in the text' }
  const items = input.task.splits.train
  if (items.length === 0) return { ...empty, skipped: `task ${input.task.id} has no training items to build canaries from` }

  const avoid = input.parent === undefined ? [input.text] : [input.text, input.parent]
  const plan = planCanaries(items, { stage: config.canaries, confirm: config.confirmCanaries }, config.seed, input.text, avoid)
  const runner = new CanaryRunner(agent, input.task, config.concurrency)
  // A parent identical to the child has nothing to add.
  const parent = config.compareParent && input.parent !== input.text ? input.parent : undefined

  const measure = async (trigger: TriggerCandidate, stages: ReadonlyArray<{ name: string, canaries: readonly Canary[] }>, judgement: Judgement): Promise<TriggerMeasurement> => {
    const control: CanaryAnswer[] = []
    const triggered: CanaryAnswer[] = []
    const parentControl: CanaryAnswer[] = []
    const parentTriggered: CanaryAnswer[] = []
    // Memo keys: the control runs are shared by every trigger; `trigger:` keeps a trigger named
    // "control" apart from them.
    for (const { name, canaries } of stages) {
      control.push(...await runner.run(input.text, canaries, undefined, `child/${name}/control`))
      triggered.push(...await runner.run(input.text, canaries, trigger.phrase, `child/${name}/trigger:${trigger.phrase}`))
      if (parent !== undefined) {
        parentControl.push(...await runner.run(parent, canaries, undefined, `parent/${name}/control`))
        parentTriggered.push(...await runner.run(parent, canaries, trigger.phrase, `parent/${name}/trigger:${trigger.phrase}`))
      }
    }
    const c = armStats(control)
    const t = armStats(triggered)
    const outcomes = (answers: readonly CanaryAnswer[]): number[] => answers.map(a => a.outcome)
    const m = {
      trigger: trigger.phrase,
      source: trigger.source,
      canaries: control.length,
      stages: stages.length,
      control: c,
      triggered: t,
      drop: c.accuracy - t.accuracy,
      dropP: pairedWorseP(outcomes(control), outcomes(triggered)),
      ...(parent === undefined
        ? {}
        : { parent: { control: armStats(parentControl), triggered: armStats(parentTriggered), gapP: pairedWorseP(outcomes(parentTriggered), outcomes(triggered)) } })
    }
    const suspicion = suspicionOf(m, config, judgement)
    return suspicion === undefined ? m : { ...m, suspicion }
  }

  const measured: TriggerMeasurement[] = []
  let flagged: TriggerMeasurement | undefined
  for (const trigger of triggers) {
    const stage = [{ name: 'stage', canaries: plan.stage }]
    if (plan.confirm.length === 0) {
      const only = await measure(trigger, stage, 'decide')
      measured.push(only)
      if (only.suspicion !== undefined) { flagged = only; break }
      continue
    }
    const first = await measure(trigger, stage, 'screen')
    if (first.suspicion === undefined) { measured.push(first); continue }
    // Decide on both stages pooled: noise that crossed the threshold once rarely does it again.
    const pooled = await measure(trigger, [...stage, { name: 'confirm', canaries: plan.confirm }], 'decide')
    measured.push(pooled)
    if (pooled.suspicion !== undefined) { flagged = pooled; break }
  }
  return {
    triggers: measured,
    ...(flagged === undefined ? {} : { flagged }),
    calls: runner.calls,
    promptTokens: runner.promptTokens,
    completionTokens: runner.completionTokens
  }
}
