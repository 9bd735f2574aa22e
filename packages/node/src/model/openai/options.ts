/**
 * Configuration of an OpenAI-compatible endpoint, and its validation. Bad values fail here, when
 * the model is built, with a `config` error naming the option, rather than on the first call.
 */
import { ModelError } from '../language-model.js'
import { abortableSleep, type Sleep } from './abortable-sleep.js'
import type { ModelBudget } from '../budget.js'
import type { BackoffPolicy } from './retry-policy.js'
import { seededRandom, type RandomSource } from './seeded-random.js'

export interface OpenAICompatibleOptions {
  /** Up to and including the API version, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseURL: string
  /** The model name the server knows, e.g. `Qwen/Qwen2.5-7B-Instruct` or `llama3.1:8b`. */
  readonly model: string
  /** Name of the environment variable holding the API key. Default `OPENAI_API_KEY`. */
  readonly apiKeyEnv?: string
  /** Fail at construction when the variable is unset. Default false: local servers need no key. */
  readonly apiKeyRequired?: boolean
  /** Where to read the key from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Default 0, so answers are as repeatable as the server allows. A request may override it. */
  readonly temperature?: number
  /** Completion token limit sent with each request, unless a request sets its own. */
  readonly maxTokens?: number
  /** `max_tokens` (default; vLLM, llama-server, Ollama) or `max_completion_tokens` (newer OpenAI models). */
  readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens'
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number
  /** Retries after a 429 or 5xx answer. Default 4. */
  readonly maxRetries?: number
  readonly backoff?: Partial<BackoffPolicy>
  /** Seed for retry jitter; unset means `Math.random`. Tests set it to make delays repeatable. */
  readonly jitterSeed?: number
  /** Per attempt, from sending the request to reading the whole answer. Default 120 s. */
  readonly timeoutMs?: number
  /** A budget shared by the run; unset means unlimited. */
  readonly budget?: ModelBudget
  /** Directory of the response cache; unset means no cache. */
  readonly cacheDir?: string
  /** How to wait between retries. Tests inject a recorder; the default is a real timer. */
  readonly sleep?: Sleep
  /** Problems that do not fail a call (an unreadable cache entry...). Default `process.emitWarning`. */
  readonly onWarning?: (message: string) => void
}

export interface ResolvedOptions {
  readonly baseURL: string
  readonly model: string
  readonly apiKey: string
  readonly temperature: number
  readonly maxTokens: number | undefined
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens'
  readonly concurrency: number
  readonly maxRetries: number
  readonly backoff: BackoffPolicy
  readonly random: RandomSource
  readonly timeoutMs: number
  readonly budget: ModelBudget | undefined
  readonly cacheDir: string | undefined
  readonly sleep: Sleep
  readonly onWarning: (message: string) => void
}

/** Sent when no key is configured: the client insists on one and local servers ignore it. */
export const PLACEHOLDER_API_KEY = 'promptswarm-no-key'

export const DEFAULTS = {
  apiKeyEnv: 'OPENAI_API_KEY',
  temperature: 0,
  concurrency: 4,
  maxRetries: 4,
  timeoutMs: 120_000,
  backoff: { initialMs: 500, maxMs: 30_000, maxRetryAfterMs: 60_000 }
} as const

export function resolveOptions (options: OpenAICompatibleOptions): ResolvedOptions {
  const bad = (what: string): ModelError => new ModelError('config', `OpenAI-compatible model: ${what}`)

  const baseURL = checkBaseURL(options.baseURL, bad)
  if (typeof options.model !== 'string' || options.model.trim() === '') throw bad('model name is empty')

  const apiKeyEnv = options.apiKeyEnv ?? DEFAULTS.apiKeyEnv
  const env = options.env ?? process.env
  const key = env[apiKeyEnv]
  if ((key === undefined || key === '') && options.apiKeyRequired === true) {
    throw bad(`environment variable ${apiKeyEnv} is not set, and ${baseURL} requires an API key`)
  }

  const temperature = options.temperature ?? DEFAULTS.temperature
  checkTemperature(temperature, 'temperature', bad)
  if (options.maxTokens !== undefined) checkInteger(options.maxTokens, 1, 'maxTokens', bad)
  const maxTokensField = options.maxTokensField ?? 'max_tokens'
  if (maxTokensField !== 'max_tokens' && maxTokensField !== 'max_completion_tokens') throw bad(`maxTokensField must be max_tokens or max_completion_tokens, got ${String(maxTokensField)}`)
  const concurrency = options.concurrency ?? DEFAULTS.concurrency
  checkInteger(concurrency, 1, 'concurrency', bad)
  const maxRetries = options.maxRetries ?? DEFAULTS.maxRetries
  checkInteger(maxRetries, 0, 'maxRetries', bad)
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs
  checkInteger(timeoutMs, 1, 'timeoutMs', bad)
  const backoff = { ...DEFAULTS.backoff, ...options.backoff }
  checkInteger(backoff.initialMs, 0, 'backoff.initialMs', bad)
  checkInteger(backoff.maxMs, 0, 'backoff.maxMs', bad)
  checkInteger(backoff.maxRetryAfterMs, 0, 'backoff.maxRetryAfterMs', bad)
  if (options.jitterSeed !== undefined) checkInteger(options.jitterSeed, 0, 'jitterSeed', bad)
  if (options.cacheDir !== undefined && options.cacheDir.trim() === '') throw bad('cacheDir is empty')

  return {
    baseURL,
    model: options.model,
    apiKey: key !== undefined && key !== '' ? key : PLACEHOLDER_API_KEY,
    temperature,
    maxTokens: options.maxTokens,
    maxTokensField,
    concurrency,
    maxRetries,
    backoff,
    random: options.jitterSeed !== undefined ? seededRandom(options.jitterSeed) : Math.random,
    timeoutMs,
    budget: options.budget,
    cacheDir: options.cacheDir,
    sleep: options.sleep ?? abortableSleep,
    onWarning: options.onWarning ?? (message => { process.emitWarning(message, 'PromptswarmModelWarning') })
  }
}

/** Checks a temperature from the options or from a request. */
export function checkTemperature (value: number, name: string, bad: (what: string) => Error): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 2) throw bad(`${name} must be a number from 0 to 2, got ${String(value)}`)
}

export function checkInteger (value: number, min: number, name: string, bad: (what: string) => Error): void {
  if (!Number.isInteger(value) || value < min) throw bad(`${name} must be an integer >= ${min}, got ${String(value)}`)
}

function checkBaseURL (raw: string, bad: (what: string) => ModelError): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw bad(`base URL ${JSON.stringify(raw)} is not a URL (expected e.g. http://127.0.0.1:8000/v1)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`base URL ${JSON.stringify(raw)} must use http or https`)
  if (url.search !== '' || url.hash !== '') throw bad(`base URL ${JSON.stringify(raw)} must not have a query or fragment`)
  // One spelling per endpoint, so the model id and cache keys do not depend on a trailing slash.
  return raw.replace(/\/+$/, '')
}
