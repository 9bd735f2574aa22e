import { execFile } from 'node:child_process'
import { SandboxError } from './errors.js'

/**
 * Finds the real interpreter behind `python3` once. Wrappers such as pyenv shims need the user's
 * environment to work, and sandboxed runs get a scrubbed one, so runs spawn `sys.executable`
 * directly (which also skips the wrapper's start-up cost).
 */
const resolved = new Map<string, Promise<string>>()

/** Python 3.8 added audit hooks, which the bootstrap relies on. */
const MIN_VERSION: readonly [number, number] = [3, 8]

export async function resolvePython (command: string = process.env.PROMPTSWARM_PYTHON ?? 'python3'): Promise<string> {
  let pending = resolved.get(command)
  if (pending === undefined) {
    pending = probe(command)
    resolved.set(command, pending)
    // Forget failures so that installing Python later does not need a restart.
    pending.catch(() => { resolved.delete(command) })
  }
  return await pending
}

async function probe (command: string): Promise<string> {
  const script = 'import sys; print(sys.executable); print(sys.version_info[0], sys.version_info[1])'
  const output = await new Promise<string>((resolve, reject) => {
    execFile(command, ['-c', script], { timeout: 15_000, encoding: 'utf8' }, (err, stdout) => {
      if (err !== null) {
        reject(new SandboxError('python-unavailable',
          `cannot run "${command}" (${err.message.split('\n')[0] ?? ''}); install Python 3 (e.g. apt-get install python3) or set PROMPTSWARM_PYTHON to an interpreter`,
          { cause: err }))
      } else {
        resolve(stdout)
      }
    })
  })
  const [executable, version] = output.trim().split('\n')
  const [major, minor] = (version ?? '').trim().split(' ').map(Number)
  if (executable === undefined || executable === '' || major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) {
    throw new SandboxError('python-unavailable', `"${command}" did not report its executable and version`)
  }
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    throw new SandboxError('python-unavailable', `"${command}" is Python ${major}.${minor}; the sandbox needs Python ${MIN_VERSION.join('.')} or newer`)
  }
  return executable
}
