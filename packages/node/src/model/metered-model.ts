import type { ModelBudget } from './budget.js'
import type { Completion, CompletionRequest, LanguageModel } from './language-model.js'

export interface ModelUsage {
  calls: number
  promptTokens: number
  completionTokens: number
  cachedCalls: number
}

/**
 * Wraps any backend to count its calls and tokens, and optionally to draw from a shared
 * `ModelBudget`: once the budget is spent, `complete()` rejects with `budget-exhausted` before
 * calling the backend. Several wrappers can share one `ModelUsage` to account a whole run.
 */
export class MeteredModel implements LanguageModel {
  readonly id: string
  readonly simulated: boolean

  constructor (
    private readonly inner: LanguageModel,
    private readonly budget?: ModelBudget,
    readonly usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }
  ) {
    this.id = inner.id
    this.simulated = inner.simulated
  }

  exhausted (): boolean {
    return this.budget?.exhausted ?? false
  }

  async complete (request: CompletionRequest): Promise<Completion> {
    this.budget?.admitCall(this.id)
    this.usage.calls++
    const completion = await this.inner.complete(request)
    this.usage.promptTokens += completion.usage.promptTokens
    this.usage.completionTokens += completion.usage.completionTokens
    if (completion.cached) this.usage.cachedCalls++
    this.budget?.charge(completion.usage.promptTokens + completion.usage.completionTokens)
    return completion
  }
}
