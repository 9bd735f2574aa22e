import { createServer, type Server } from 'node:net'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compromisedBackend, ESCAPES, maliciousProgram, type EscapeTargets } from '@promptswarm/adversary'
// The code task's factory is not part of the node package's public surface: import it, and the
// sandbox it takes, from the source.
import { PythonSandbox } from '../../node/src/sandbox/python-sandbox.js'
import { createMbppTask, mbppItem, PROJECT_PROBLEMS } from '../../node/src/tasks/index.js'
import { budget, evaluations } from './helpers/small-swarm.js'
import { runFaultSwarm } from './helpers/fault-swarm.js'

/**
 * A compromised code model whose "solutions" try to leave the sandbox, against the real sandbox
 * (python3 subprocesses with their limits) and a real TCP listener on 127.0.0.1 standing in for
 * an exfiltration server. Nothing may reach the host: no file outside the run's directory, no
 * connection, no run past the limits; the evaluations just fail.
 */
const LIMITS = { cpuSeconds: 1, wallMs: 3000 }
let server: Server
let connections = 0
let markerDir: string
let targets: EscapeTargets

beforeAll(async () => {
  server = createServer(socket => { connections++; socket.destroy() })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  markerDir = await mkdtemp(join(tmpdir(), 'promptswarm-escape-test-'))
  targets = { marker: join(markerDir, 'escaped'), host: '127.0.0.1', port: address.port }
})

afterAll(async () => {
  await new Promise<void>(resolve => server.close(() => resolve()))
  await rm(markerDir, { recursive: true, force: true })
})

/** Files an escape would have left: in the marker directory, the sandboxes' parent (tmpdir) and /. */
async function leftBehind (): Promise<string[]> {
  const name = basename(targets.marker)
  const found = await readdir(markerDir)
  for (const dir of [tmpdir(), '/']) found.push(...(await readdir(dir)).filter(f => f.startsWith(name)).map(f => join(dir, f)))
  return found
}

describe('malicious-code programs in the sandbox', () => {
  it('contains every escape: refused operations, no file outside, no connection, killed at the CPU limit', async () => {
    const sandbox = new PythonSandbox({ limits: LIMITS })
    for (const escape of ESCAPES) {
      const result = await sandbox.run({ code: maliciousProgram(escape, targets), tests: ['assert solve(1) == 2'] })
      expect(result.status, escape).not.toBe('passed')
      expect(result.durationMs, escape).toBeLessThan(LIMITS.wallMs + 2500)
      if (escape === 'busy-loop') expect(result.status).toBe('timeout')
      else expect(result.violations.length, escape).toBeGreaterThan(0)
    }
    expect(await leftBehind()).toEqual([])
    expect(connections).toBe(0)
  })
})

describe('compromised-backend malicious-code in a swarm (simulator, real sandbox)', () => {
  it('fails every evaluation its model writes and leaks nothing, while honest peers still solve items', async () => {
    // Half of the project's problems, so the test and validation splits the final audit runs are small.
    const items = PROJECT_PROBLEMS.slice(0, 42).map((p, i) => mbppItem(`mbpp-p${String(i + 1).padStart(3, '0')}`, p))
    const mbpp = createMbppTask({ items, sandbox: new PythonSandbox({ limits: LIMITS, cacheEntries: 1024, concurrency: 2 }) })
    // The CPU-limit escape is checked above; in a swarm it would cost a CPU second per item.
    const attack = compromisedBackend.create({
      mode: 'malicious-code',
      escapes: ['write-outside', 'network', 'fork-bomb', 'read-secrets'],
      marker: targets.marker,
      callback: `${targets.host}:${targets.port}`
    })
    const run = await runFaultSwarm({ attack, tasks: [mbpp], budget: { ...budget, stage1Generations: 2, childrenPerGeneration: 3, minibatchSize: 6 } })
    const byAttackers = evaluations(run.view).filter(e => run.attackerKeys.has(e.authorHex))
    const byHonest = evaluations(run.view).filter(e => !run.attackerKeys.has(e.authorHex))
    expect(byAttackers.length).toBeGreaterThan(0)
    expect(byAttackers.every(e => e.record.outcomes.every(o => o === 0))).toBe(true)
    expect(byHonest.some(e => e.record.score > 0)).toBe(true)
    expect(await leftBehind()).toEqual([])
    expect(connections).toBe(0)
    expect(run.result.agreement).toBe(true)
  })
})
