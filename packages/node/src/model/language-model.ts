/**
 * The seam every model backend implements: chat messages in, text and token usage out.
 * A new backend is one new file implementing `LanguageModel`.
 */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant'
  readonly content: string
}

export interface TokenUsage {
  readonly promptTokens: number
  readonly completionTokens: number
  /** True when the counts were estimated from text length because the server reported none. */
  readonly estimated?: boolean
}

/**
 * What the simulator may know beyond the messages: the gold answer it needs to render a correct
 * reply and the item id for seeding (see shared/notes/synthetic-model.md). Real backends ignore it,
 * and the simulator uses nothing else: scoring stays in the task's own scorer.
 */
export type SimulatorHint =
  | { readonly kind: 'task-item', readonly task: string, readonly itemId: string, readonly gold: string }
  | { readonly kind: 'prompt-edit', readonly task: string, readonly target: 'task-prompt' | 'optimizer-prompt' }

export interface CompletionRequest {
  readonly messages: readonly ChatMessage[]
  readonly temperature?: number
  readonly maxTokens?: number
  /** Index of this sample when a caller draws several answers for one input (pass@k). */
  readonly sample?: number
  readonly hint?: SimulatorHint
  readonly signal?: AbortSignal
}

export interface Completion {
  readonly text: string
  readonly usage: TokenUsage
  /** The model that answered, e.g. `synthetic:small` or the endpoint's model name. */
  readonly model: string
  /** True when served from the on-disk response cache. */
  readonly cached: boolean
}

export interface LanguageModel {
  /** Stable id, recorded in evaluation records, e.g. `synthetic:small` or `openai:<model>@<baseURL>`. */
  readonly id: string
  /** True for the embedded simulator: every result made with it must say so. */
  readonly simulated: boolean
  complete (request: CompletionRequest): Promise<Completion>
}

export type ModelErrorKind = 'budget-exhausted' | 'rate-limited' | 'server' | 'timeout' | 'malformed-response' | 'aborted' | 'config' | 'network'

export class ModelError extends Error {
  override readonly name = 'ModelError'
  constructor (readonly kind: ModelErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
