import { spawn } from 'node:child_process'
import { chown, mkdtemp, realpath, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { BOOTSTRAP_SOURCE } from './bootstrap.js'
import { BoundedOutput } from './bounded-output.js'
import { SandboxError } from './errors.js'
import { ConcurrencyLimiter } from './limiter.js'
import { resolvePython } from './python-executable.js'
import type { SandboxResult } from './result.js'
import { SandboxResultCache } from './result-cache.js'
import { classify, parseChannel } from './run-outcome.js'

export interface SandboxLimits {
  /** CPU seconds (RLIMIT_CPU soft limit; the hard limit is one second more). */
  readonly cpuSeconds: number
  /** Wall-clock limit enforced by the parent, which kills the whole process group. */
  readonly wallMs: number
  /** Address space (RLIMIT_AS), in bytes. */
  readonly memoryBytes: number
  /** Largest file the code may write (RLIMIT_FSIZE), in bytes. */
  readonly fileBytes: number
  /** Open file descriptors (RLIMIT_NOFILE). */
  readonly openFiles: number
  /** RLIMIT_NPROC: 0 forbids new processes and threads once root has been dropped. */
  readonly processes: number
  /** Bytes kept of each of stdout and stderr. */
  readonly outputBytes: number
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = Object.freeze({
  cpuSeconds: 5,
  wallMs: 10_000,
  memoryBytes: 512 * 1024 * 1024,
  fileBytes: 8 * 1024 * 1024,
  openFiles: 64,
  processes: 0,
  outputBytes: 64 * 1024
})

export interface SandboxOptions {
  readonly limits?: Partial<SandboxLimits>
  /** Runs at once; defaults to one less than the cores (at least one). */
  readonly concurrency?: number
  /** Interpreter command; defaults to $PROMPTSWARM_PYTHON or `python3`. */
  readonly python?: string
  /** When running as root, switch the child to uid/gid 65534 if its stdlib is readable for it. Default true. */
  readonly dropPrivileges?: boolean
  /**
   * Remember this many results of deterministic outcomes and serve repeats of a program from
   * memory (see `SandboxResultCache`). Default 0: every run executes.
   */
  readonly cacheEntries?: number
}

/** Code to run, then each test line in the same namespace, in order. */
export interface PythonProgram {
  readonly code: string
  readonly tests?: readonly string[]
  /** Runs after the code and before the tests (MBPP's test_setup_code). */
  readonly setup?: string
  readonly limits?: Partial<SandboxLimits>
}

/** Largest program accepted; larger replies are reported as an error without starting Python. */
export const MAX_PROGRAM_BYTES = 1024 * 1024
/** Bound on the result channel, which the code could also write to. */
const CHANNEL_BYTES = 1024 * 1024
/** How long to wait for pipes to close after the process group is gone. */
const CLOSE_GRACE_MS = 2_000
const NOBODY = 65534

/**
 * Runs untrusted Python in a separate, limited process. Whatever the code does, `run` settles:
 * with a result for anything the code causes, and with a `SandboxError` only when the sandbox
 * itself cannot work (no interpreter, spawn failure).
 */
export class PythonSandbox {
  readonly limits: SandboxLimits
  private readonly limiter: ConcurrencyLimiter
  private readonly python: string | undefined
  private readonly dropPrivileges: boolean
  private readonly cache: SandboxResultCache | undefined

  constructor (options: SandboxOptions = {}) {
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...options.limits }
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? Math.max(1, availableParallelism() - 1))
    this.python = options.python
    this.dropPrivileges = options.dropPrivileges ?? true
    this.cache = (options.cacheEntries ?? 0) > 0 ? new SandboxResultCache(options.cacheEntries as number) : undefined
  }

  async run (program: PythonProgram): Promise<SandboxResult> {
    const limits = { ...this.limits, ...program.limits }
    const payload = this.payload(program, limits)
    const tests = program.tests ?? []
    if (this.cache === undefined) return await this.runPayload(payload, tests, limits)
    return await this.cache.get(SandboxResultCache.key(payload), async () => await this.runPayload(payload, tests, limits))
  }

  private payload (program: PythonProgram, limits: SandboxLimits): string {
    return JSON.stringify({
      code: program.code,
      tests: program.tests ?? [],
      setup: program.setup ?? '',
      limits: {
        cpuSeconds: Math.max(1, Math.ceil(limits.cpuSeconds)),
        memoryBytes: limits.memoryBytes,
        fileBytes: limits.fileBytes,
        openFiles: limits.openFiles,
        processes: limits.processes,
        dropPrivileges: this.dropPrivileges
      }
    })
  }

  private async runPayload (payload: string, tests: readonly string[], limits: SandboxLimits): Promise<SandboxResult> {
    if (Buffer.byteLength(payload) > MAX_PROGRAM_BYTES) {
      return { ...emptyBase(0), status: 'error', phase: 'code', message: `program too large (over ${MAX_PROGRAM_BYTES} bytes)` }
    }
    const python = await resolvePython(this.python)
    return await this.limiter.run(async () => await this.spawnOnce(python, payload, tests, limits))
  }

  private async spawnOnce (python: string, payload: string, tests: readonly string[], limits: SandboxLimits): Promise<SandboxResult> {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'promptswarm-sandbox-')))
    try {
      if (this.dropPrivileges && process.getuid?.() === 0) await chown(dir, NOBODY, NOBODY)
      return await execute(python, dir, payload, tests, limits)
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {})
    }
  }
}

async function execute (python: string, dir: string, payload: string, tests: readonly string[], limits: SandboxLimits): Promise<SandboxResult> {
  const started = performance.now()
  const child = spawn(python, ['-s', '-S', '-B', '-c', BOOTSTRAP_SOURCE], {
    cwd: dir,
    // Scrubbed: no proxies, no PYTHONPATH, nothing of the parent's. PYTHONHASHSEED=0 makes set
    // and dict-of-str orders reproducible, so any peer re-running an evaluation gets the same
    // result (this is why -I, which ignores PYTHON* variables, is not used).
    env: {
      PATH: '/usr/bin:/bin',
      HOME: dir,
      TMPDIR: dir,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      PYTHONHASHSEED: '0',
      PYTHONIOENCODING: 'utf-8',
      PYTHONDONTWRITEBYTECODE: '1'
    },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe']
  })
  const stdout = new BoundedOutput(limits.outputBytes)
  const stderr = new BoundedOutput(limits.outputBytes)
  const channel = new BoundedOutput(CHANNEL_BYTES)
  const channelStream = child.stdio[3] as Readable | null | undefined
  child.stdout?.on('data', (c: Buffer) => { stdout.push(c) })
  child.stderr?.on('data', (c: Buffer) => { stderr.push(c) })
  channelStream?.on('data', (c: Buffer) => { channel.push(c) })
  // The child may die before reading its input: EPIPE there is expected, not an error.
  child.stdin?.on('error', () => {})
  child.stdout?.on('error', () => {})
  child.stderr?.on('error', () => {})
  channelStream?.on('error', () => {})

  let killedByWall = false
  const killGroup = (): void => {
    if (child.pid === undefined) return
    try { process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ }
  }

  const ended = await new Promise<{ code: number | null, signal: NodeJS.Signals | null } | { spawnError: Error }>(resolve => {
    let exit: { code: number | null, signal: NodeJS.Signals | null } | undefined
    let graceTimer: NodeJS.Timeout | undefined
    const wallTimer = setTimeout(() => { killedByWall = true; killGroup() }, limits.wallMs)
    const finish = (value: { code: number | null, signal: NodeJS.Signals | null } | { spawnError: Error }): void => {
      clearTimeout(wallTimer)
      if (graceTimer !== undefined) clearTimeout(graceTimer)
      resolve(value)
    }
    child.once('error', err => {
      if (child.pid === undefined) finish({ spawnError: err })
    })
    child.once('exit', (code, signal) => {
      exit = { code, signal }
      clearTimeout(wallTimer)
      // Anything the code left behind in its group goes too; then wait for the pipes to drain.
      killGroup()
      graceTimer = setTimeout(() => {
        child.stdout?.destroy(); child.stderr?.destroy(); channelStream?.destroy()
        finish({ code, signal })
      }, CLOSE_GRACE_MS)
    })
    child.once('close', (code, signal) => { finish(exit ?? { code, signal }) })
    child.stdin?.end(payload)
  })
  const durationMs = performance.now() - started
  if ('spawnError' in ended) {
    throw new SandboxError('spawn-failed', `could not start ${python}: ${ended.spawnError.message}`, { cause: ended.spawnError })
  }
  return classify({
    events: parseChannel(channel.text()),
    tests,
    code: ended.code,
    signal: ended.signal,
    killedByWall,
    limits,
    base: {
      durationMs,
      tests: [],
      violations: [],
      stdout: stdout.text(),
      stderr: stderr.text(),
      outputTruncated: stdout.truncated || stderr.truncated,
      privilegesDropped: false
    }
  })
}

function emptyBase (durationMs: number): Omit<SandboxResult, 'status'> {
  return { durationMs, tests: [], violations: [], stdout: '', stderr: '', outputTruncated: false, privilegesDropped: false }
}

let shared: PythonSandbox | undefined

/**
 * The process-wide sandbox (default limits), so that all scorers share one concurrency pool and
 * one result cache: a simulator, or a committee re-scoring one reply, repeats programs often.
 */
export function defaultPythonSandbox (): PythonSandbox {
  shared ??= new PythonSandbox({ cacheEntries: 8192 })
  return shared
}
