/**
 * A spending limit shared by every model call of a run: a number of calls, a number of tokens, or
 * both. One instance is handed to every model that should draw from it.
 *
 * Calls are counted when admitted, before anything is sent, so concurrent callers can never exceed
 * `maxCalls`. Tokens are only known once a call returns, so the token limit is checked before each
 * call and charged after it: calls already in flight when it is reached still complete, and a run
 * may overshoot `maxTokens` by at most what those calls use.
 */
import { ModelError } from './language-model.js'

export interface BudgetLimits {
  readonly maxCalls?: number
  readonly maxTokens?: number
}

export interface BudgetUsage {
  readonly calls: number
  readonly tokens: number
}

export class ModelBudget {
  private calls = 0
  private tokens = 0

  constructor (readonly limits: BudgetLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new ModelError('config', `budget ${name} must be a non-negative integer, got ${String(value)}`)
      }
    }
  }

  get used (): BudgetUsage {
    return { calls: this.calls, tokens: this.tokens }
  }

  get exhausted (): boolean {
    return (this.callsExhaustion() ?? this.tokensExhaustion()) !== undefined
  }

  /** Counts one call, or throws `budget-exhausted` (naming `who`) without counting it. */
  admitCall (who: string): void {
    this.throwIf(who, this.callsExhaustion() ?? this.tokensExhaustion())
    this.calls++
  }

  /** Re-checks only the token limit, for an admitted call that waited (e.g. for a concurrency slot). */
  checkTokens (who: string): void {
    this.throwIf(who, this.tokensExhaustion())
  }

  charge (tokens: number): void {
    this.tokens += tokens
  }

  private throwIf (who: string, reason: string | undefined): void {
    if (reason !== undefined) throw new ModelError('budget-exhausted', `${who}: model budget exhausted (${reason}); nothing was sent`)
  }

  private callsExhaustion (): string | undefined {
    const { maxCalls } = this.limits
    return maxCalls !== undefined && this.calls >= maxCalls ? `${this.calls} of ${maxCalls} calls used` : undefined
  }

  private tokensExhaustion (): string | undefined {
    const { maxTokens } = this.limits
    return maxTokens !== undefined && this.tokens >= maxTokens ? `${this.tokens} of ${maxTokens} tokens used` : undefined
  }
}
