import { ModelError, type Completion, type CompletionRequest, type LanguageModel } from './language-model.js'

/** Limits on model use for a run; undefined means unlimited. */
export interface ModelBudget {
  readonly maxCalls?: number
  readonly maxTokens?: number
}

export interface ModelUsage {
  calls: number
  promptTokens: number
  completionTokens: number
  cachedCalls: number
}

/**
 * Wraps any backend to count calls and tokens and to stop cleanly at a budget: once it is
 * spent, `complete()` rejects with `ModelError('budget-exhausted')` before calling the backend.
 * Several wrappers can share one `ModelUsage` to enforce a run-wide budget.
 */
export class MeteredModel implements LanguageModel {
  readonly id: string
  readonly simulated: boolean

  constructor (
    private readonly inner: LanguageModel,
    private readonly budget: ModelBudget = {},
    readonly usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }
  ) {
    this.id = inner.id
    this.simulated = inner.simulated
  }

  get tokens (): number {
    return this.usage.promptTokens + this.usage.completionTokens
  }

  exhausted (): boolean {
    return (this.budget.maxCalls !== undefined && this.usage.calls >= this.budget.maxCalls) ||
      (this.budget.maxTokens !== undefined && this.tokens >= this.budget.maxTokens)
  }

  async complete (request: CompletionRequest): Promise<Completion> {
    if (this.exhausted()) {
      throw new ModelError('budget-exhausted', `model budget spent: ${this.usage.calls} calls, ${this.tokens} tokens`)
    }
    this.usage.calls++
    const completion = await this.inner.complete(request)
    this.usage.promptTokens += completion.usage.promptTokens
    this.usage.completionTokens += completion.usage.completionTokens
    if (completion.cached) this.usage.cachedCalls++
    return completion
  }
}
