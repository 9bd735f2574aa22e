/**
 * Turns whatever one request attempt threw (an `openai` client error, or a fetch or body-read
 * error) into a `ModelErrorKind` plus a description, and says whether another
 * attempt could help.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import type { ModelErrorKind } from '../language-model.js'
import { isRetryableStatus } from './retry-policy.js'

export interface AttemptFailure {
  readonly kind: ModelErrorKind
  /** What happened, without the endpoint (the caller prefixes it). */
  readonly detail: string
  readonly retryable: boolean
  /** The HTTP status, when the server answered. */
  readonly status?: number
  /** Response headers of an HTTP error, for `Retry-After`. */
  readonly headers?: Headers
}

export interface AttemptContext {
  /** The caller's signal aborted: this wins over every other reading of the error. */
  readonly callerAborted: boolean
  /** Our per-attempt timer fired. */
  readonly timedOut: boolean
  readonly timeoutMs: number
}

export function classifyFailure (err: unknown, context: AttemptContext): AttemptFailure {
  // Aborts surface as several error types depending on the stage (before fetch, during it, while
  // reading the body), so the signals decide, not the error class.
  if (context.callerAborted) return { kind: 'aborted', detail: 'aborted by the caller', retryable: false }
  if (context.timedOut || err instanceof APIConnectionTimeoutError) {
    return { kind: 'timeout', detail: `no complete answer within ${context.timeoutMs} ms; request abandoned`, retryable: false }
  }
  if (err instanceof APIUserAbortError) return { kind: 'aborted', detail: 'aborted', retryable: false }
  if (err instanceof APIConnectionError) return { kind: 'network', detail: `cannot reach the server (${describeCauses(err)})`, retryable: false }
  if (err instanceof APIError && typeof err.status === 'number') {
    const status = err.status
    const said = excerpt(err.message)
    if (status === 429) return { kind: 'rate-limited', detail: `rate limited (${said})`, retryable: true, status, headers: err.headers }
    if (isRetryableStatus(status)) return { kind: 'server', detail: `server error (${said})`, retryable: true, status, headers: err.headers }
    // Other 4xx answers mean this request can never succeed as configured: a wrong key, model
    // name or path, or a parameter the server does not accept.
    return { kind: 'config', detail: `the server rejected the request (${said})${hintFor(status)}`, retryable: false, status }
  }
  // The connection dropped while the body was being read, or a similar transport failure.
  return { kind: 'network', detail: `transport failed (${describeCauses(err)})`, retryable: false }
}

function hintFor (status: number): string {
  if (status === 401 || status === 403) return '; check the API key environment variable'
  if (status === 404) return '; check the model name and that the base URL ends in the API version (e.g. /v1)'
  return ''
}

/** `fetch failed: connect ECONNREFUSED 127.0.0.1:9` from the error and its `cause` chain. */
function describeCauses (err: unknown): string {
  const parts: string[] = []
  let current: unknown = err
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current)
    if (message !== '' && !parts.includes(message)) parts.push(message)
    current = current instanceof Error ? current.cause : undefined
  }
  return excerpt(parts.join(': '))
}

function excerpt (text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text
}
