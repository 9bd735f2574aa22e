/**
 * A `LanguageModel` backed by any server that speaks the OpenAI chat-completions protocol: vLLM,
 * llama.cpp's llama-server, Ollama, or a hosted API. The `openai` client builds and sends the
 * requests; this class adds what a swarm run needs around them: a response cache, a shared budget,
 * a concurrency limit, its own retries (the client's are off, so there is one retry policy and
 * tests can count requests), a per-attempt timeout, and typed errors that name the endpoint.
 *
 * Order of a call: cache lookup (a hit is free, even when the budget is spent, since nothing is
 * sent), budget admission, a concurrency slot, then up to 1 + maxRetries attempts.
 */
import OpenAI from 'openai'
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import { ModelError, type ChatMessage, type Completion, type CompletionRequest, type LanguageModel } from '../language-model.js'
import { parseChatResponse, type ChatResponse } from './chat-response.js'
import { classifyFailure, type AttemptFailure } from './failure.js'
import { checkInteger, checkTemperature, resolveOptions, type OpenAICompatibleOptions, type ResolvedOptions } from './options.js'
import { cacheKey, ResponseCache, type CacheKeyFields, type CachedCompletion } from './response-cache.js'
import { backoffDelayMs, retryAfterMs } from './retry-policy.js'
import { Semaphore } from './semaphore.js'
import { estimatePromptTokens, estimateTextTokens } from './token-estimate.js'

/** Counters for reports: what this model cost and how the endpoint behaved. */
export interface EndpointStats {
  /** HTTP requests sent, retries included. */
  readonly requests: number
  readonly retries: number
  readonly cacheHits: number
  readonly cacheMisses: number
  /** Tokens of answers fetched from the endpoint (cache hits excluded). */
  readonly promptTokens: number
  readonly completionTokens: number
  /** Answers whose token counts were estimated because the server sent no `usage`. */
  readonly estimatedUsage: number
}

type AttemptResult =
  | { readonly ok: true, readonly body: string }
  | { readonly ok: false, readonly failure: AttemptFailure, readonly cause: unknown }

const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant'])

export class OpenAICompatibleModel implements LanguageModel {
  readonly id: string
  readonly simulated = false
  private readonly options: ResolvedOptions
  private readonly client: OpenAI
  private readonly slots: Semaphore
  private readonly cache: ResponseCache | undefined
  /** How errors name the endpoint: `POST http://host:port/v1/chat/completions`. */
  private readonly where: string
  private counters = { requests: 0, retries: 0, cacheHits: 0, cacheMisses: 0, promptTokens: 0, completionTokens: 0, estimatedUsage: 0 }

  constructor (options: OpenAICompatibleOptions) {
    this.options = resolveOptions(options)
    const { baseURL, model, apiKey, timeoutMs, concurrency, cacheDir, onWarning } = this.options
    this.id = `openai:${model}@${baseURL}`
    this.where = `POST ${baseURL}/chat/completions`
    // organization and project are pinned so the client does not pick them up from OPENAI_* variables.
    this.client = new OpenAI({ baseURL, apiKey, organization: null, project: null, maxRetries: 0, timeout: timeoutMs, logLevel: 'off' })
    this.slots = new Semaphore(concurrency)
    this.cache = cacheDir !== undefined ? new ResponseCache(cacheDir, onWarning) : undefined
  }

  get stats (): EndpointStats {
    return { ...this.counters }
  }

  async complete (request: CompletionRequest): Promise<Completion> {
    const signal = request.signal
    if (signal?.aborted === true) throw this.aborted(signal.reason)
    const fields = this.keyFields(request)
    const key = cacheKey(fields)

    if (this.cache !== undefined) {
      const hit = await this.cache.get(key)
      if (hit !== undefined) {
        this.counters.cacheHits++
        return { ...hit, cached: true }
      }
      this.counters.cacheMisses++
    }

    const budget = this.options.budget
    budget?.admitCall(this.id)
    const release = await this.slots.acquire(signal).catch((err: unknown) => { throw this.aborted(err) })
    let answer: CachedCompletion
    try {
      // Tokens may have run out while this call waited for a slot.
      budget?.checkTokens(this.id)
      const response = await this.sendWithRetries(fields, signal)
      answer = this.accountFor(response, fields.messages)
    } finally {
      release()
    }
    await this.cache?.put(key, fields, answer)
    return { ...answer, cached: false }
  }

  /** Checks the request and settles every parameter that reaches the server (and the cache key). */
  private keyFields (request: CompletionRequest): CacheKeyFields {
    const bad = (what: string): ModelError => new ModelError('config', `${this.where}: ${what}`)
    if (!Array.isArray(request.messages) || request.messages.length === 0) throw bad('request has no messages')
    request.messages.forEach((m, i) => {
      if (!ROLES.has(m.role)) throw bad(`message ${i} has unknown role ${JSON.stringify(m.role)}`)
      if (typeof m.content !== 'string') throw bad(`message ${i} content is not a string`)
    })
    const temperature = request.temperature ?? this.options.temperature
    checkTemperature(temperature, 'request temperature', bad)
    const maxTokens = request.maxTokens ?? this.options.maxTokens
    if (maxTokens !== undefined) checkInteger(maxTokens, 1, 'request maxTokens', bad)
    const sample = request.sample ?? 0
    checkInteger(sample, 0, 'request sample', bad)
    return {
      baseURL: this.options.baseURL,
      model: this.options.model,
      messages: request.messages,
      temperature,
      maxTokens: maxTokens ?? null,
      maxTokensField: this.options.maxTokensField,
      // Servers are not told the sample index: it only gives each of k samples its own cache entry.
      sample
    }
  }

  private async sendWithRetries (fields: CacheKeyFields, signal: AbortSignal | undefined): Promise<ChatResponse> {
    const { maxRetries, backoff, random, sleep } = this.options
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: fields.model,
      messages: fields.messages.map(m => ({ role: m.role, content: m.content })),
      temperature: fields.temperature
    }
    if (fields.maxTokens !== null) body[this.options.maxTokensField] = fields.maxTokens

    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(body, signal)
      if (result.ok) return parseChatResponse(result.body, this.where)
      const { failure, cause } = result
      if (!failure.retryable) throw new ModelError(failure.kind, `${this.where}: ${failure.detail}`, { cause })
      if (attempt >= maxRetries) {
        throw new ModelError(failure.kind, `${this.where}: ${failure.detail}; gave up after ${attempt + 1} attempts (${maxRetries} retries)`, { cause })
      }
      const delay = retryAfterMs(failure.headers, Date.now(), backoff) ?? backoffDelayMs(attempt, backoff, random)
      this.counters.retries++
      await sleep(delay, signal).catch((err: unknown) => { throw this.aborted(err) })
    }
  }

  /** One HTTP request, bounded by the timeout and the caller's signal, read to the end. */
  private async attempt (body: ChatCompletionCreateParamsNonStreaming, signal: AbortSignal | undefined): Promise<AttemptResult> {
    const { timeoutMs } = this.options
    const controller = new AbortController()
    let timedOut = false
    // Our own timer rather than only the client's: the client's stops once headers arrive, and a
    // server can stall while sending the body.
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort(new Error(`timed out after ${timeoutMs} ms`))
    }, timeoutMs)
    const onCallerAbort = (): void => { controller.abort(signal?.reason) }
    signal?.addEventListener('abort', onCallerAbort, { once: true })
    this.counters.requests++
    try {
      const response = await this.client.chat.completions.create(body, { signal: controller.signal }).asResponse()
      return { ok: true, body: await response.text() }
    } catch (err) {
      return { ok: false, failure: classifyFailure(err, { callerAborted: signal?.aborted === true, timedOut, timeoutMs }), cause: err }
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  /** Token counts from the server, or estimated from text when it sent none; charged to the budget. */
  private accountFor (response: ChatResponse, messages: readonly ChatMessage[]): CachedCompletion {
    const estimated = response.promptTokens === undefined || response.completionTokens === undefined
    const usage = {
      promptTokens: response.promptTokens ?? estimatePromptTokens(messages),
      completionTokens: response.completionTokens ?? estimateTextTokens(response.text),
      estimated
    }
    this.counters.promptTokens += usage.promptTokens
    this.counters.completionTokens += usage.completionTokens
    if (estimated) this.counters.estimatedUsage++
    this.options.budget?.charge(usage.promptTokens + usage.completionTokens)
    return { text: response.text, model: response.model ?? this.options.model, usage }
  }

  private aborted (cause: unknown): ModelError {
    return new ModelError('aborted', `${this.where}: aborted by the caller`, { cause })
  }
}
