import { groundTruthOf } from '../model/ground-truth.js'
import type { CompletionRequest, LanguageModel, TokenUsage } from '../model/language-model.js'
import type { ScoreResult, Task, TaskItem } from '../tasks/task.js'

/** One item's result: the best of its pass@k samples, with the reply that earned it. */
export interface ItemResult {
  readonly item: TaskItem
  readonly outcome: number
  readonly reply: string
  readonly reason?: string
}

export interface PromptEvaluation {
  readonly results: readonly ItemResult[]
  /** Mean outcome over the items. */
  readonly score: number
  readonly usage: TokenUsage
}

export interface EvaluateOptions {
  /** Items solved at once (default 4). */
  readonly concurrency?: number
  /** Independent attempts per item, averaged (default 1). */
  readonly repeats?: number
}

/**
 * The task agent: a system prompt answering task items. Each reply goes through the task's own
 * parser and scorer; with pass@k an item is solved if any of its k samples is.
 */
export class TaskAgent {
  constructor (private readonly model: LanguageModel) {}

  async answer (task: Task, systemPrompt: string, item: TaskItem, sample = 0): Promise<{ reply: string, score: ScoreResult, usage: TokenUsage }> {
    const completion = await this.model.complete(itemRequest(task, systemPrompt, item, sample))
    const score = await task.score(item, completion.text)
    return { reply: completion.text, score, usage: completion.usage }
  }

  /** One attempt at an item: pass@k over samples `first` .. `first + k - 1`. */
  async solve (task: Task, systemPrompt: string, item: TaskItem, first = 0): Promise<ItemResult & { usage: TokenUsage }> {
    const k = Math.max(1, task.passAtK ?? 1)
    let promptTokens = 0
    let completionTokens = 0
    let best: ItemResult | undefined
    for (let sample = first; sample < first + k; sample++) {
      const { reply, score, usage } = await this.answer(task, systemPrompt, item, sample)
      promptTokens += usage.promptTokens
      completionTokens += usage.completionTokens
      if (best === undefined || score.outcome > best.outcome) {
        best = { item, outcome: score.outcome, reply, ...(score.reason === undefined ? {} : { reason: score.reason }) }
      }
      if (score.outcome >= 1) break
    }
    return { ...(best as ItemResult), usage: { promptTokens, completionTokens } }
  }

  /**
   * Evaluates a prompt on items, a few at a time (sandboxed scorers run in parallel). With
   * `repeats` > 1 each item's outcome is the mean of that many independent attempts (avg@k), which
   * is how small test sets such as AIME's 30 problems are scored without drowning in sampling noise.
   */
  async evaluate (task: Task, systemPrompt: string, items: readonly TaskItem[], options: EvaluateOptions = {}): Promise<PromptEvaluation> {
    const repeats = Math.max(1, options.repeats ?? 1)
    const k = Math.max(1, task.passAtK ?? 1)
    const results: ItemResult[] = new Array(items.length)
    let promptTokens = 0
    let completionTokens = 0
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++
        let total = 0
        let first: ItemResult | undefined
        for (let r = 0; r < repeats; r++) {
          const attempt = await this.solve(task, systemPrompt, items[i] as TaskItem, r * k)
          promptTokens += attempt.usage.promptTokens
          completionTokens += attempt.usage.completionTokens
          total += attempt.outcome
          first ??= attempt
        }
        const shown = first as ItemResult
        results[i] = { item: shown.item, outcome: total / repeats, reply: shown.reply, ...(shown.reason === undefined ? {} : { reason: shown.reason }) }
      }
    }
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, items.length) }, worker))
    let sum = 0
    for (const r of results) sum += r.outcome
    return { results, score: items.length === 0 ? 0 : sum / items.length, usage: { promptTokens, completionTokens } }
  }

  /**
   * The exact expected score of a prompt on items (pass@k included), when the model knows its own
   * odds (the simulator); undefined for a real endpoint. What `evaluate` converges to as repeats
   * grow, without its sampling noise: the trusted auditor's ground truth on the simulator.
   */
  expectedScore (task: Task, systemPrompt: string, items: readonly TaskItem[]): number | undefined {
    const truth = groundTruthOf(this.model)
    if (truth === undefined) return undefined
    const k = Math.max(1, task.passAtK ?? 1)
    let sum = 0
    for (const item of items) {
      const p = truth.expectedOutcome(itemRequest(task, systemPrompt, item, 0))
      if (p === undefined) return undefined
      sum += 1 - (1 - p) ** k
    }
    return items.length === 0 ? 0 : sum / items.length
  }
}

/** The request that carries one item to the model: the same for answering and for ground truth. */
function itemRequest (task: Task, systemPrompt: string, item: TaskItem, sample: number): CompletionRequest {
  return {
    messages: [
      { role: 'system', content: systemPrompt },
      { role: 'user', content: task.userMessage(item) }
    ],
    temperature: sample === 0 ? 0 : 0.7,
    sample,
    hint: { kind: 'task-item', task: task.id, itemId: item.id, gold: item.gold }
  }
}
