import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { swarmCommand } from '../src/commands/swarm.js'
import { UsageError } from '../src/commands/usage-error.js'

const dirs: string[] = []
afterAll(async () => { await Promise.all(dirs.map(async d => await rm(d, { recursive: true, force: true }))) })

async function run (args: string[]): Promise<{ code: number | undefined, error: unknown, out: string[], err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const dir = await mkdtemp(join(tmpdir(), 'promptswarm-swarm-cmd-'))
  dirs.push(dir)
  try {
    const code = await swarmCommand.run([...args, '--out', dir], { out: t => out.push(t), err: t => err.push(t), signal: new AbortController().signal })
    return { code, error: undefined, out, err }
  } catch (error) {
    return { code: undefined, error, out, err }
  }
}

describe('swarm command options', () => {
  it('documents --minibatches and refuses an unknown policy or two of them before any peer starts', async () => {
    const help = await run(['--help'])
    expect(help.out.join('\n')).toMatch(/--minibatches POLICY\s+shared: one minibatch per candidate/)
    const unknown = await run(['--minibatches', 'private'])
    expect(unknown.error).toBeInstanceOf(UsageError)
    expect((unknown.error as Error).message).toBe('--minibatches: unknown value "private"; expected one of shared, per-evaluator')
    expect(unknown.err.some(l => l.startsWith('Starting'))).toBe(false)
    const two = await run(['--minibatches', 'shared,per-evaluator'])
    expect((two.error as Error).message).toBe('--minibatches takes one policy')
  })

  it('runs a tiny swarm with per-evaluator minibatches to agreement (simulator)', async () => {
    const r = await run(['--peers', '4', '--tasks', 'math', '--stage1', '1', '--stage2', '0', '--children', '2', '--committee', '2', '--minibatches', 'per-evaluator'])
    expect(r.error).toBeUndefined()
    expect(r.code).toBe(0)
    expect(r.err).toContain('Starting 4 peers (aggregator median, committee 2, quorum 2, per-evaluator minibatches)...')
    expect(r.out.join('\n')).toMatch(/SIMULATOR/)
  })
})
