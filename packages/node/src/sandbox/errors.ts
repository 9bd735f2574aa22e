/**
 * Failures of the sandbox itself (not of the code it runs): no interpreter, or the process could
 * not be started. These are thrown, because scoring a reply as wrong when the environment is at
 * fault would publish a false evaluation.
 */
export type SandboxErrorKind = 'python-unavailable' | 'spawn-failed' | 'invalid-program'

export class SandboxError extends Error {
  override readonly name = 'SandboxError'
  constructor (readonly kind: SandboxErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
