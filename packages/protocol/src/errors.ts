/**
 * Typed failures. Decoding and validation never throw on hostile input: they return a
 * `Result` whose error names the offending field and the reason.
 */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `evaluation.outcomes[3]`. */
  readonly field: string
  readonly reason: string
}

export type Result<T, E = FieldError> =
  | { readonly ok: true, readonly value: T }
  | { readonly ok: false, readonly error: E }

export function ok<T> (value: T): Result<T, never> {
  return { ok: true, value }
}

export function fail (field: string, reason: string): Result<never> {
  return { ok: false, error: { field, reason } }
}

/** Thrown inside the codec and caught at its public boundary; never escapes the package. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError'
  constructor (readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`)
  }
}

/** Thrown by encoders when asked to encode a value that breaks a protocol rule (a local programming error). */
export class EncodeError extends Error {
  override readonly name = 'EncodeError'
  constructor (readonly field: string, readonly reason: string) {
    super(`cannot encode ${field}: ${reason}`)
  }
}

/** Thrown when a configuration (aggregator, view) is invalid. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor (readonly field: string, readonly reason: string) {
    super(`invalid configuration ${field}: ${reason}`)
  }
}
