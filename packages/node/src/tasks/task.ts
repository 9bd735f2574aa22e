/**
 * The seam every task implements: a dataset with fixed splits, how an item is shown to the task
 * agent, and a real scorer for its reply. A new task is one new file implementing `Task`.
 */
export interface TaskItem {
  /** Unique and stable within its task; used for splits, minibatches and seeding. */
  readonly id: string
  /** What the task agent is asked (the user message body). */
  readonly question: string
  /** The reference answer in the task's canonical text form (integer, letter, grid JSON, code, grid). */
  readonly gold: string
  /** Task-specific data the scorer needs (unit tests, sudoku givens, answer options, ...). */
  readonly data?: Readonly<Record<string, unknown>>
}

export interface TaskSplits {
  readonly train: readonly TaskItem[]
  readonly validation: readonly TaskItem[]
  readonly test: readonly TaskItem[]
}

export interface ScoreResult {
  /** In [0, 1]: 1 correct, 0 wrong. */
  readonly outcome: number
  /** Why it failed (parse error, wrong answer, test failure, timeout...), for feedback and reports. */
  readonly reason?: string
  /** The answer the parser extracted, if any. */
  readonly answer?: string
}

export interface Task {
  /** e.g. `math`, `arc`, `gpqa`, `mbpp`, `sudoku`. */
  readonly id: string
  readonly description: string
  /** The Manual-CoT seed system prompt. */
  readonly seedPrompt: string
  /** Samples per item; an item counts as solved if any sample is correct (pass@k). Default 1. */
  readonly passAtK?: number
  readonly splits: TaskSplits
  /** The user message that carries an item to the task agent. */
  userMessage (item: TaskItem): string
  /** Parses a reply and scores it with the task's real scorer. Never throws on malformed replies. */
  score (item: TaskItem, reply: string): Promise<ScoreResult>
}
