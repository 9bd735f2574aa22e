/**
 * Writes the reply to a task item once the draws are made: reasoning shaped by the prompt, then
 * the gold or a wrong value, stated in the task's format or (unparseable) in prose.
 */
import { ANSWER_STYLES } from './answer-styles.js'
import { reasoningFor } from './reasoning.js'
import type { TaskKey } from './profile.js'
import type { Rng } from './random.js'

export interface ReplyOutcome {
  readonly correct: boolean
  readonly parseable: boolean
}

export function writeItemReply (task: TaskKey, gold: string, outcome: ReplyOutcome, families: ReadonlySet<string>, rng: Rng): string {
  const style = ANSWER_STYLES[task]
  const value = outcome.correct ? gold : style.wrong(gold, rng)
  const reasoning = reasoningFor(task, families, rng)
  return `${reasoning}\n\n${outcome.parseable ? style.render(value) : style.prose(value, gold, rng)}`
}

/** The reply of a model that obeys an injected or backdoor payload. */
export function writePayloadReply (task: TaskKey, payload: string, gold: string): string {
  return ANSWER_STYLES[task].payload(payload, gold)
}
