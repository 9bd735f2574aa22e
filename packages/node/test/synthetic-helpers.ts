/** Shared helpers for the synthetic model's tests: requests for task items, scored with the tasks' own answer-line parser. */
import { answerLine } from '../src/tasks/reply.js'
import type { SyntheticModel } from '../src/model/synthetic/index.js'

export const SEED_PROMPT = 'Think step by step. Give the final answer on a last line that starts with `Answer:`.'

export interface ItemRequest {
  readonly system: string
  readonly task?: string
  readonly itemId: string
  readonly gold: string
  readonly question?: string
  readonly sample?: number
  readonly maxTokens?: number
}

export function ask (model: SyntheticModel, r: ItemRequest): string {
  return model.completeSync({
    messages: [{ role: 'system', content: r.system }, { role: 'user', content: r.question ?? `Question ${r.itemId}: compute the value.` }],
    hint: { kind: 'task-item', task: r.task ?? 'math', itemId: r.itemId, gold: r.gold },
    ...(r.sample === undefined ? {} : { sample: r.sample }),
    ...(r.maxTokens === undefined ? {} : { maxTokens: r.maxTokens })
  }).text
}

export interface Tally {
  readonly correct: number
  readonly unparseable: number
  readonly answers: readonly (string | undefined)[]
  readonly replies: readonly string[]
}

/** Asks `n` integer-answer items and scores them with the real `Answer:` parser. */
export function tally (model: SyntheticModel, system: string, n: number, options: { task?: string, question?: (i: number) => string, offset?: number } = {}): Tally {
  let correct = 0
  let unparseable = 0
  const answers: (string | undefined)[] = []
  const replies: string[] = []
  for (let i = 0; i < n; i++) {
    const k = i + (options.offset ?? 0)
    const gold = String(100 + k)
    const reply = ask(model, { system, task: options.task ?? 'math', itemId: `item-${k}`, gold, question: options.question?.(k) ?? `Question ${k}: compute the value.` })
    const answer = answerLine(reply)
    answers.push(answer)
    replies.push(reply)
    if (answer === undefined) unparseable++
    else if (answer === gold) correct++
  }
  return { correct: correct / n, unparseable: unparseable / n, answers, replies }
}
