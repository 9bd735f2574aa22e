import { describe, expect, it } from 'vitest'
import { PythonSandbox } from '../src/sandbox/python-sandbox.js'
import { SandboxResultCache } from '../src/sandbox/result-cache.js'
import type { SandboxResult } from '../src/sandbox/result.js'

const base = { durationMs: 1, tests: [], violations: [], stdout: '', stderr: '', outputTruncated: false, privilegesDropped: false }

describe('SandboxResultCache', () => {
  it('runs a program once for repeated and concurrent requests', async () => {
    const cache = new SandboxResultCache(8)
    let runs = 0
    const run = async (): Promise<SandboxResult> => { runs++; return { ...base, status: 'passed' } }
    const results = await Promise.all([cache.get('k', run), cache.get('k', run), cache.get('k', run)])
    expect(runs).toBe(1)
    expect(results[0]).toBe(results[2])
    await cache.get('k', run)
    expect(runs).toBe(1)
  })

  it('never keeps load-dependent outcomes (timeouts, memory, kills) or errors thrown by the sandbox', async () => {
    const cache = new SandboxResultCache(8)
    let runs = 0
    const timeout = async (): Promise<SandboxResult> => { runs++; return { ...base, status: 'timeout', limit: 'wall', message: 'slow' } }
    await cache.get('t', timeout)
    await cache.get('t', timeout)
    expect(runs).toBe(2)
    const broken = async (): Promise<SandboxResult> => { runs++; throw new Error('no interpreter') }
    await expect(cache.get('b', broken)).rejects.toThrow('no interpreter')
    await expect(cache.get('b', broken)).rejects.toThrow('no interpreter')
    expect(runs).toBe(4)
  })

  it('evicts the least recently used entry past its capacity', async () => {
    const cache = new SandboxResultCache(2)
    let runs = 0
    const run = async (): Promise<SandboxResult> => { runs++; return { ...base, status: 'passed' } }
    await cache.get('a', run)
    await cache.get('b', run)
    await cache.get('a', run) // a is now the most recent
    await cache.get('c', run) // evicts b
    await cache.get('a', run)
    expect(runs).toBe(3)
    await cache.get('b', run)
    expect(runs).toBe(4)
  })
})

describe('PythonSandbox with a result cache (real python3)', () => {
  it('serves a repeated program from the cache and runs a different one', async () => {
    const sandbox = new PythonSandbox({ cacheEntries: 4 })
    const program = { code: 'def add(a, b):\n    return a + b\n', tests: ['assert add(1, 2) == 3'] }
    const first = await sandbox.run(program)
    expect(first.status).toBe('passed')
    expect(await sandbox.run({ ...program })).toBe(first)
    const wrong = await sandbox.run({ ...program, tests: ['assert add(1, 2) == 4'] })
    expect(wrong.status).toBe('failed')
    expect(wrong).not.toBe(first)
  })
})
