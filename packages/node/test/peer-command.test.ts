import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parsePeerArgs, peerCommand, RecordStore, runPeer, waitUntil, type Peer } from '@promptswarm/node'
import { PeerHelpRequested } from '../src/commands/peer.js'
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

  it('parses --seed-prompt, --status-every and --help, naming what is wrong', async () => {
    const o = parsePeerArgs(['--swarm', 's', '--data-dir', 'd', '--seed-prompt', 'math=/p/a.txt', '--seed-prompt', 'gpqa=b.txt', '--status-every', '0.5'])
    expect(o.seedPrompts).toEqual([{ task: 'math', file: '/p/a.txt' }, { task: 'gpqa', file: 'b.txt' }])
    expect(o.statusEverySeconds).toBe(0.5)
    expect(parsePeerArgs(['--swarm', 's', '--data-dir', 'd']).statusEverySeconds).toBeUndefined()
    const bad = (...extra: string[]): () => unknown => () => parsePeerArgs(['--swarm', 's', '--data-dir', 'd', ...extra])
    expect(bad('--seed-prompt', 'nope=a.txt')).toThrow(/unknown task "nope" \(known: math/)
    expect(bad('--seed-prompt', 'math')).toThrow(/expects <task>=<file>/)
    expect(bad('--seed-prompt', 'math=')).toThrow(/expects <task>=<file>/)
    expect(bad('--status-every', '0')).toThrow(/--status-every must be a number of seconds/)
    expect(bad('--status-every', 'soon')).toThrow(UsageError)
    expect(() => parsePeerArgs(['--help'])).toThrow(PeerHelpRequested)
    const out: string[] = []
    const code = await peerCommand.run(['-h'], { out: l => out.push(l), err: l => out.push(l), signal: new AbortController().signal })
    expect(code).toBe(0)
    expect(out.join('\n')).toContain('--seed-prompt <task>=<file>')
  })

  it('publishes a seed prompt once across restarts and prints status lines whose digest matches its archive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptswarm-seed-'))
    dirs.push(dir)
    const prompt = join(dir, 'prompt.txt')
    await writeFile(prompt, 'Check every step before answering.\n')
    const once = async (): Promise<{ out: string[], ids: string[] }> => {
      const out: string[] = []
      const controller = new AbortController()
      let ids: string[] = []
      await runPeer(parsePeerArgs(['--swarm', 'seed-test', '--data-dir', join(dir, 'data'), '--seed-prompt', `math=${prompt}`, '--status-every', '60']), {
        out: line => out.push(line), err: line => out.push(`ERR ${line}`), signal: controller.signal
      }, {
        onReady: peer => {
          ids = peer.view.candidates({ role: 'task', task: 'math' }).map(c => c.id)
          expect(peer.view.candidate(ids[0] as string)?.text).toBe('Check every step before answering.')
          controller.abort()
        }
      })
      return { out, ids }
    }
    const first = await once()
    const second = await once()
    expect(first.ids).toHaveLength(1)
    expect(second.ids).toEqual(first.ids)
    expect(first.out).toContain(`published seed prompt for math from ${prompt}: ${first.ids[0] as string}`)
    expect(second.out).toContain(`already published seed prompt for math from ${prompt}: ${first.ids[0] as string}`)
    // The status line printed at start carries the same record digest as the final report.
    const status = first.out.find(l => l.startsWith('status '))
    expect(status).toMatch(/^status records=2 digest=[0-9a-f]{64} connections=0 /)
    const digest = /digest=([0-9a-f]+)/.exec(status as string)?.[1] as string
    expect(first.out).toContain(`stopped; 2 records held, digest ${digest}`)
    // A missing prompt file fails before the peer starts (no database is created).
    const missing = parsePeerArgs(['--swarm', 'seed-test', '--data-dir', join(dir, 'never'), '--seed-prompt', `math=${join(dir, 'absent.txt')}`])
    await expect(runPeer(missing, { out: () => {}, err: () => {}, signal: new AbortController().signal })).rejects.toThrow(/absent\.txt: cannot read the file \(ENOENT\)/)
    expect(existsSync(join(dir, 'never'))).toBe(false)
  })

  it('says what to check when its bootstrap peer cannot be reached (a closed port here)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptswarm-hint-'))
    dirs.push(dir)
    // A port that was free a moment ago: dials to it are refused.
    const server = createServer()
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>(resolve => server.close(() => resolve()))
    const errors: string[] = []
    const controller = new AbortController()
    const options = parsePeerArgs(['--swarm', 'hint-test', '--data-dir', dir, '--bootstrap', `/ip4/127.0.0.1/tcp/${port}/p2p/12D3KooWAarXv1g5i172nGkyPcnQ7Nf7mih9o1UBXNdAPD4fbDS6`])
    const running = runPeer(options, { out: () => {}, err: line => errors.push(line), signal: controller.signal }, { noPeerHintMs: 300 })
    expect(await waitUntil(() => errors.some(l => l.startsWith('warning: no peer connected after 0.3 s')), { timeoutMs: 10_000 })).toBe(true)
    expect(errors.find(l => l.startsWith('warning: no peer'))).toMatch(/--bootstrap address is reachable .* \/p2p\/ id/)
    controller.abort()
    expect(await running).toBe(130)
  })

  it('names the listen address and what to do when its port is taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptswarm-busy-'))
    dirs.push(dir)
    const server = createServer()
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const options = parsePeerArgs(['--swarm', 'busy-test', '--data-dir', dir, '--listen', `/ip4/127.0.0.1/tcp/${port}`])
      const failure = runPeer(options, { out: () => {}, err: () => {}, signal: new AbortController().signal })
      await expect(failure).rejects.toThrow(new RegExp(`^cannot listen on /ip4/127\\.0\\.0\\.1/tcp/${port}: listen EADDRINUSE.* \\(another process on this machine has this port`))
      await expect(failure).rejects.toMatchObject({ name: 'ListenError', failures: [{ address: `/ip4/127.0.0.1/tcp/${port}`, code: 'EADDRINUSE' }] })
    } finally {
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
    // The database was closed on the way out: the directory opens again.
    const store = await RecordStore.open(dir, { swarm: 'busy-test' })
    await store.close()
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
      const args = [cli, 'peer', '--swarm', 'cli-test', '--data-dir', join(base, name), '--status-every', '0.2', ...bootstrap.flatMap(b => ['--bootstrap', b])]
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
      // Each side gets the other's hello, by gossip or by the sync that follows the connection
      // (which one wins is a race), and both then report the same digest.
      const digestWithBoth = (lines: string[]): string | undefined =>
        lines.findLast(l => l.startsWith('status records=2 '))?.match(/digest=(\w+)/)?.[1]
      expect(await waitUntil(() => {
        const a = digestWithBoth(first.lines)
        return a !== undefined && a === digestWithBoth(second.lines)
      }, { timeoutMs: 20_000 })).toBe(true)
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
