import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parsePeerArgs, RecordStore, runPeer, waitUntil, type Peer } from '@promptswarm/node'
import { UsageError } from '../src/commands/usage-error.js'

const dirs: string[] = []
afterEach(async () => { await Promise.all(dirs.splice(0).map(async d => await rm(d, { recursive: true, force: true }))) })

describe('peer command', () => {
  it('parses its options and names what is missing or wrong', () => {
    const o = parsePeerArgs(['--swarm', 's', '--data-dir', '/tmp/x', '--bootstrap', '/ip4/10.0.0.1/tcp/4001,/ip4/10.0.0.2/tcp/4001', '--listen', '/ip4/0.0.0.0/tcp/4001', '--tasks', 'gsm8k,bbh'])
    expect(o.bootstrap).toEqual(['/ip4/10.0.0.1/tcp/4001', '/ip4/10.0.0.2/tcp/4001'])
    expect(o.listen).toEqual(['/ip4/0.0.0.0/tcp/4001'])
    expect(o.tasks).toEqual(['gsm8k', 'bbh'])
    expect(o.trustedRanges).toEqual(['127.0.0.0/8'])
    expect(() => parsePeerArgs(['--data-dir', 'd'])).toThrow(/--swarm is required/)
    expect(() => parsePeerArgs(['--swarm', 's'])).toThrow(/--data-dir is required/)
    expect(() => parsePeerArgs(['--swarm', 's', '--data-dir', 'd', '--nope'])).toThrow(UsageError)
  })

  it('prints its multiaddrs, runs until aborted, then closes libp2p and the database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptswarm-cmd-'))
    dirs.push(dir)
    const out: string[] = []
    const controller = new AbortController()
    let running: Peer | undefined
    const code = await runPeer(parsePeerArgs(['--swarm', 'cmd-test', '--data-dir', dir]), {
      out: line => out.push(line),
      err: line => out.push(`ERR ${line}`),
      signal: controller.signal
    }, { onReady: peer => { running = peer; setTimeout(() => controller.abort(), 10) } })
    expect(code).toBe(130)
    expect(out.some(l => /^\s+\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/.test(l))).toBe(true)
    expect(out.some(l => l.startsWith('peer 12D3Koo'))).toBe(true)
    expect(running?.isRunning).toBe(false)
    // The database lock is released: the directory opens again.
    const store = await RecordStore.open(dir, { swarm: 'cmd-test' })
    expect(store.nextSeq).toBe(1) // the hello took seq 0
    await store.close()
  })

  it('runs as two OS processes of the built CLI that find each other and stop cleanly on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
    const base = await mkdtemp(join(tmpdir(), 'promptswarm-cli-'))
    dirs.push(base)
    const children: ChildProcess[] = []
    const launch = async (name: string, bootstrap: string[]): Promise<{ child: ChildProcess, lines: string[], address: string }> => {
      const args = [cli, 'peer', '--swarm', 'cli-test', '--data-dir', join(base, name), ...bootstrap.flatMap(b => ['--bootstrap', b])]
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      const lines: string[] = []
      let buffer = ''
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          buffer += chunk.toString()
          const parts = buffer.split('\n')
          buffer = parts.pop() ?? ''
          for (const line of parts) {
            lines.push(line)
            if (/^\s+\/ip4\/.*\/p2p\//.test(line)) resolve(line.trim())
          }
        })
        child.once('exit', code => reject(new Error(`peer ${name} exited early (${code})`)))
      })
      return { child, lines, address }
    }
    try {
      const first = await launch('first', [])
      const second = await launch('second', [first.address])
      // Each side pulls the other's hello in the sync session that follows the connection.
      const synced = (lines: string[]): boolean => lines.some(l => l.startsWith('synced 1 record from'))
      expect(await waitUntil(() => synced(first.lines) && synced(second.lines), { timeoutMs: 20_000 })).toBe(true)
      const exit = async (p: { child: ChildProcess }): Promise<number | null> => await new Promise(resolve => {
        p.child.once('exit', code => resolve(code))
        p.child.kill('SIGTERM')
      })
      expect(await exit(second)).toBe(130)
      expect(await exit(first)).toBe(130)
      expect(second.lines.some(l => /^stopped; 2 records held/.test(l))).toBe(true)
      expect(first.lines.some(l => /^stopped; 2 records held/.test(l))).toBe(true)
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
    }
  })
})
