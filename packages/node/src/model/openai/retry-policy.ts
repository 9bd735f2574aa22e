/**
 * When and how long to wait before retrying a chat-completions request. Pure functions: the model
 * class owns the clock and the loop.
 */
import type { RandomSource } from './seeded-random.js'

export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  readonly initialMs: number
  /** Cap on the exponential delay. */
  readonly maxMs: number
  /** Cap on a server's `Retry-After`, so a misbehaving server cannot park a run for hours. */
  readonly maxRetryAfterMs: number
}

/** Only overload and server faults are worth repeating; other 4xx answers will not change. */
export function isRetryableStatus (status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599)
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random. The fixed half
 * keeps retries from hammering an overloaded server; the random half de-synchronises many peers
 * that were rejected at the same moment.
 */
export function backoffDelayMs (retryIndex: number, policy: BackoffPolicy, random: RandomSource): number {
  const exponential = Math.min(policy.maxMs, policy.initialMs * 2 ** retryIndex)
  return exponential / 2 + (exponential / 2) * random()
}

/**
 * The wait a server asked for, in milliseconds, or undefined when it asked for none (or said
 * something unparseable). Reads `retry-after-ms` (sent by some OpenAI-compatible gateways) and
 * the standard `Retry-After` in either of its forms: delta-seconds or an HTTP date.
 */
export function retryAfterMs (headers: Headers | undefined, nowMs: number, policy: BackoffPolicy): number | undefined {
  if (headers === undefined) return undefined
  const clamp = (ms: number): number => Math.min(policy.maxRetryAfterMs, Math.max(0, ms))
  const ms = headers.get('retry-after-ms')
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return clamp(Number(ms))
  const value = headers.get('retry-after')?.trim()
  if (value === undefined || value === '') return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return clamp(Number(value) * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : clamp(date - nowMs)
}
