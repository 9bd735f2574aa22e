import type { SandboxLimits } from './python-sandbox.js'
import type { SandboxResult, TestOutcome } from './result.js'

/**
 * Turning what a sandboxed run left behind (the bootstrap's JSON-lines reports on fd 3, the exit
 * code or signal, whether the parent killed it) into a typed result. Pure, so every case is
 * decided the same way on every peer.
 */
export interface ChannelEvent {
  readonly t?: unknown
  readonly i?: unknown
  readonly ok?: unknown
  readonly kind?: unknown
  readonly error?: unknown
  readonly event?: unknown
  readonly detail?: unknown
  readonly dropped?: unknown
}

export function parseChannel (text: string): ChannelEvent[] {
  const events: ChannelEvent[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      const value: unknown = JSON.parse(line)
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) events.push(value as ChannelEvent)
    } catch {
      // A torn line (process killed mid-write) or garbage written by the code: ignored.
    }
  }
  return events
}

export interface Ending {
  readonly events: readonly ChannelEvent[]
  readonly tests: readonly string[]
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly killedByWall: boolean
  readonly limits: SandboxLimits
  readonly base: Omit<SandboxResult, 'status'>
}

/** Decides the status from the bootstrap's reports and how the process ended. */
export function classify (ending: Ending): SandboxResult {
  const { events, limits } = ending
  const outcomes: TestOutcome[] = []
  const violations: string[] = []
  let privilegesDropped = false
  let done = false
  let codeFailure: ChannelEvent | undefined
  let setupFailure: ChannelEvent | undefined
  for (const e of events) {
    if (e.t === 'start') privilegesDropped = e.dropped === true
    else if (e.t === 'violation' && typeof e.event === 'string') violations.push(e.event)
    else if (e.t === 'code' && e.ok === false) codeFailure = e
    else if (e.t === 'setup' && e.ok === false) setupFailure = e
    else if (e.t === 'test' && typeof e.i === 'number' && Number.isInteger(e.i) && e.i >= 0 && e.i < ending.tests.length) {
      const kind = e.kind === 'assert' || e.kind === 'error' || e.kind === 'memory' ? e.kind : undefined
      outcomes.push({
        index: e.i,
        ok: e.ok === true,
        ...(kind === undefined || e.ok === true ? {} : { kind }),
        ...(typeof e.error === 'string' ? { error: e.error } : {})
      })
    } else if (e.t === 'done') done = true
  }
  const base = { ...ending.base, tests: outcomes, violations, privilegesDropped }
  const message = (e: ChannelEvent): string => typeof e.error === 'string' ? e.error : 'unknown error'

  if (done) {
    if (codeFailure !== undefined) {
      return codeFailure.kind === 'memory'
        ? { ...base, status: 'memory', message: message(codeFailure) }
        : { ...base, status: 'error', phase: 'code', message: message(codeFailure) }
    }
    if (setupFailure !== undefined) {
      return setupFailure.kind === 'memory'
        ? { ...base, status: 'memory', message: message(setupFailure) }
        : { ...base, status: 'error', phase: 'setup', message: message(setupFailure) }
    }
    const firstBad = outcomes.find(o => !o.ok)
    if (firstBad === undefined) {
      if (outcomes.length < ending.tests.length) {
        return { ...base, status: 'error', phase: 'process', message: `only ${outcomes.length} of ${ending.tests.length} tests reported` }
      }
      return { ...base, status: 'passed' }
    }
    const text = firstBad.error ?? 'unknown error'
    if (firstBad.kind === 'assert') {
      return { ...base, status: 'failed', test: firstBad.index, source: ending.tests[firstBad.index] ?? '', message: text }
    }
    if (firstBad.kind === 'memory') return { ...base, status: 'memory', message: text }
    return { ...base, status: 'error', phase: 'test', test: firstBad.index, message: text }
  }
  if (ending.killedByWall) {
    return { ...base, status: 'timeout', limit: 'wall', message: `no result within ${limits.wallMs} ms (wall clock)` }
  }
  if (ending.signal === 'SIGXCPU') {
    return { ...base, status: 'timeout', limit: 'cpu', message: `CPU time limit of ${limits.cpuSeconds} s exceeded` }
  }
  if (ending.signal !== null) {
    return { ...base, status: 'killed', signal: ending.signal, message: ending.signal === 'SIGKILL' ? 'killed (CPU hard limit or out of memory)' : 'the interpreter crashed' }
  }
  if (/\bMemoryError\b/.test(ending.base.stderr)) {
    return { ...base, status: 'memory', message: 'MemoryError' }
  }
  const lastLine = ending.base.stderr.trim().split('\n').pop() ?? ''
  return {
    ...base,
    status: 'error',
    phase: 'process',
    message: `exited with code ${String(ending.code)} before finishing the tests${lastLine === '' ? '' : `: ${lastLine.slice(0, 500)}`}`
  }
}
