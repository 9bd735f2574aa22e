/**
 * What a sandboxed run reports. The parent derives the status from the bootstrap's result channel
 * and from how the process ended; the untrusted code's own output never decides it.
 */
export type SandboxStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'memory' | 'killed'

/** One test line as the bootstrap reported it. */
export interface TestOutcome {
  readonly index: number
  readonly ok: boolean
  /** `assert` when an AssertionError was raised, `error` for any other exception, `memory` for MemoryError. */
  readonly kind?: 'assert' | 'error' | 'memory'
  readonly error?: string
}

interface SandboxResultBase {
  /** Wall-clock time from spawn to exit, in milliseconds. */
  readonly durationMs: number
  /** Outcomes of the test lines that ran, in order. */
  readonly tests: readonly TestOutcome[]
  /** Operations the sandbox refused (audit events), e.g. `os.fork`, `open`. */
  readonly violations: readonly string[]
  /** Captured output, cut at the sandbox's output limit. */
  readonly stdout: string
  readonly stderr: string
  readonly outputTruncated: boolean
  /** Whether the bootstrap dropped root privileges for the run. */
  readonly privilegesDropped: boolean
}

export type SandboxResult =
  | SandboxResultBase & { readonly status: 'passed' }
  /** A test's assert did not hold: `test` is its index, `source` its text. */
  | SandboxResultBase & { readonly status: 'failed', readonly test: number, readonly source: string, readonly message: string }
  /** An exception: in the code (`phase: 'code'`), the setup, or a test (`test` set). */
  | SandboxResultBase & { readonly status: 'error', readonly phase: 'code' | 'setup' | 'test' | 'process', readonly message: string, readonly test?: number }
  /** Wall-clock timeout (killed by the parent) or CPU-time limit (killed by the kernel). */
  | SandboxResultBase & { readonly status: 'timeout', readonly limit: 'wall' | 'cpu', readonly message: string }
  | SandboxResultBase & { readonly status: 'memory', readonly message: string }
  /** Ended by a signal the sandbox did not send for a limit (e.g. a crash). */
  | SandboxResultBase & { readonly status: 'killed', readonly signal: string, readonly message: string }

/** A short, single-line description of a result, for scorer reasons and logs. */
export function describeSandboxResult (result: SandboxResult): string {
  switch (result.status) {
    case 'passed': return `passed ${result.tests.length} test(s)`
    case 'failed': return `failed test ${result.test + 1}: ${result.source}${result.message === 'AssertionError' ? '' : ` (${result.message})`}`
    case 'error': return result.test === undefined ? `${result.phase} error: ${result.message}` : `error in test ${result.test + 1}: ${result.message}`
    case 'timeout': return `timeout: ${result.message}`
    case 'memory': return `memory limit: ${result.message}`
    case 'killed': return `killed by ${result.signal}: ${result.message}`
  }
}
