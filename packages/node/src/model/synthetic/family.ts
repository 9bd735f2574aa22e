/**
 * A directive family: one kind of instruction a prompt can give, with many natural wordings
 * (paraphrases, used to write prompts) and detectors (used to read any prompt, including ones
 * written by people or by a real model, so they match stems, not exact paraphrases).
 */
export type FamilyKind =
  /** Task-independent advice (reason step by step, verify, answer format...). */
  | 'general'
  /** A strategy for one task (`task` names it). */
  | 'task-strategy'
  /** Instructions that hurt: contradictions, padding, injected payloads, backdoors. */
  | 'harmful'
  /** Advice to the prompt agent on how to edit prompts. */
  | 'optimizer'
  /** Advice to the prompt agent that makes its edits worse. */
  | 'optimizer-harmful'

export interface DirectiveFamily {
  readonly id: string
  readonly kind: FamilyKind
  /** For `task-strategy` families: the task id it is for. */
  readonly task?: string
  /** One line saying what the family asks for (docs, reports). */
  readonly summary: string
  /**
   * Natural wordings. Injection and backdoor families are templates with `{payload}` and
   * `{trigger}` placeholders.
   */
  readonly paraphrases: readonly string[]
  /** The family is present in a text if any detector matches it. */
  readonly detectors: readonly RegExp[]
}

export function family (spec: DirectiveFamily): DirectiveFamily {
  return spec
}
