import type { LanguageModel, TokenUsage } from '../model/language-model.js'
import { LIMITS } from '@promptswarm/protocol'
import type { Task } from '../tasks/task.js'
import type { ItemResult } from './task-agent.js'
import { extractPrompt, optimizerPromptEditMessage, taskPromptEditMessage, type FeedbackCase } from './messages.js'

export interface Proposal {
  /** The child prompt, or undefined when the reply held no usable prompt. */
  readonly text: string | undefined
  readonly usage: TokenUsage
  readonly reply: string
}

/**
 * The prompt agent: runs with an optimizer prompt as its system prompt. It proposes a child of a
 * task prompt from feedback (failed and passed cases, 1:1), and rewrites optimizer prompts,
 * including a copy of its own (SePO's self-referential step).
 */
export class PromptAgent {
  constructor (private readonly model: LanguageModel) {}

  /**
   * `sample` tells repeated requests apart: the same optimizer prompt, parent and feedback would
   * otherwise be one request, answered identically by a response cache or a seeded simulator.
   */
  async proposeTaskPrompt (optimizerPrompt: string, task: Task, parent: string, results: readonly ItemResult[], casesPerSide = 3, sample = 0): Promise<Proposal> {
    const { failed, passed } = feedback(results, casesPerSide)
    const completion = await this.model.complete({
      messages: [
        { role: 'system', content: optimizerPrompt },
        { role: 'user', content: taskPromptEditMessage({ task: task.id, taskDescription: task.description, parent, failed, passed }) }
      ],
      temperature: 0.7,
      sample,
      hint: { kind: 'prompt-edit', task: task.id, target: 'task-prompt' }
    })
    return { text: usable(extractPrompt(completion.text), parent), usage: completion.usage, reply: completion.text }
  }

  async proposeOptimizerPrompt (optimizerPrompt: string, parent: string, fitness: number | undefined, samples: number, notes: readonly string[] = [], sample = 0): Promise<Proposal> {
    const completion = await this.model.complete({
      messages: [
        { role: 'system', content: optimizerPrompt },
        { role: 'user', content: optimizerPromptEditMessage({ parent, fitness, samples, notes }) }
      ],
      temperature: 0.7,
      sample,
      hint: { kind: 'prompt-edit', task: '', target: 'optimizer-prompt' }
    })
    return { text: usable(extractPrompt(completion.text), parent), usage: completion.usage, reply: completion.text }
  }
}

/**
 * Failed and passed cases in equal numbers, so the agent sees what to fix and what to keep.
 * Deterministic: the first cases in minibatch order.
 */
export function feedback (results: readonly ItemResult[], perSide: number): { failed: FeedbackCase[], passed: FeedbackCase[] } {
  const failedAll = results.filter(r => r.outcome < 1)
  const passedAll = results.filter(r => r.outcome >= 1)
  // 1:1 when both sides exist; when one side is empty, show what there is of the other.
  const both = Math.min(perSide, failedAll.length, passedAll.length)
  const nf = both > 0 ? both : Math.min(perSide, failedAll.length)
  const np = both > 0 ? both : Math.min(perSide, passedAll.length)
  return {
    failed: failedAll.slice(0, nf).map(r => ({ question: r.item.question, reply: r.reply, problem: r.reason ?? 'wrong answer' })),
    passed: passedAll.slice(0, np).map(r => ({ question: r.item.question, reply: r.reply }))
  }
}

/** A child must be a new prompt that fits in a candidate record. */
function usable (text: string | undefined, parent: string): string | undefined {
  if (text === undefined || text === parent.trim()) return undefined
  return Buffer.byteLength(text, 'utf8') <= LIMITS.maxPromptBytes ? text : undefined
}
