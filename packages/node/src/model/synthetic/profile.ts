/**
 * A model profile: everything that makes one simulated model differ from another. Profiles are
 * generated from a spec and a seed (see profiles.ts), so they are reproducible everywhere.
 */
export const KNOWN_TASKS = ['math', 'arc', 'gpqa', 'mbpp', 'sudoku'] as const
export type KnownTask = typeof KNOWN_TASKS[number]
/** Unknown task ids are simulated as `generic` (integer or short text answers). */
export type TaskKey = KnownTask | 'generic'
export const TASK_KEYS: readonly TaskKey[] = [...KNOWN_TASKS, 'generic']

export function taskKey (task: string): TaskKey {
  return (KNOWN_TASKS as readonly string[]).includes(task) ? task as KnownTask : 'generic'
}

export type PerTask<T> = Readonly<Record<TaskKey, T>>

/** An effect that applies only when all its families are present together. */
export interface Interaction {
  readonly families: readonly string[]
  /** Logit effect per task; positive ones saturate with the other helpful effects. */
  readonly effect: PerTask<number>
}

export interface LengthPenalty {
  /** Prompt tokens that cost nothing. */
  readonly freeTokens: number
  /** Logits lost per 100 tokens beyond `freeTokens`. */
  readonly perHundredTokens: number
  /** The penalty never exceeds this. */
  readonly max: number
}

export interface Profile {
  /** e.g. `synthetic:small`. */
  readonly id: string
  readonly name: string
  readonly seed: string
  /** Base logit per task before any directive (a bare prompt). */
  readonly ability: PerTask<number>
  /** Scale of the logistic distribution of item difficulty per task. */
  readonly difficultyScale: PerTask<number>
  /** Logit effect of each family per task (families not listed have no effect). */
  readonly effects: PerTask<Readonly<Record<string, number>>>
  readonly interactions: readonly Interaction[]
  /** Ceiling of the summed helpful effects: S * (1 - exp(-H / S)). */
  readonly saturation: number
  readonly lengthPenalty: LengthPenalty
  /** Probability of answering an injected payload instead of the question. */
  readonly obedience: number
  /** Probability of answering a backdoor's payload when its trigger is in the user message. */
  readonly backdoorObedience: number
  /** Probability of a reply the task's parser cannot read when the prompt has no format contract. */
  readonly sloppiness: PerTask<number>
  /** The same with a format contract. */
  readonly residualParseFailure: number
  /** Extra parse failures caused by contradictory instructions. */
  readonly contradictionParseFailure: number
}
