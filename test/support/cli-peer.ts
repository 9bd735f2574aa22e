import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built CLI (`npm test` runs `tsc -b` first). */
export const CLI = fileURLToPath(new URL('../../packages/node/dist/cli.js', import.meta.url))

export interface PeerStatusLine {
  readonly records: number
  readonly digest: string
  readonly connections: number
}

const STATUS = /^status records=(\d+) digest=([0-9a-f]+) connections=(\d+)/

export function parseStatusLine (line: string): PeerStatusLine | undefined {
  const m = STATUS.exec(line)
  return m === null ? undefined : { records: Number(m[1]), digest: m[2] as string, connections: Number(m[3]) }
}

/**
 * `promptswarm peer` as an OS process, as an operator runs it, optionally inside a network
 * namespace (`ip netns exec` replaces itself with node, so the child is the peer). It must be
 * started with `--status-every`: the first status line marks it ready.
 */
export class CliPeer {
  readonly lines: string[] = []
  private stderr = ''
  private readonly exited: Promise<number | null>

  private constructor (readonly name: string, private readonly child: ChildProcess) {
    let buffer = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const parts = buffer.split('\n')
      buffer = parts.pop() ?? ''
      this.lines.push(...parts)
    })
    child.stderr?.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-4000) })
    this.exited = new Promise(resolve => child.once('exit', code => resolve(code)))
  }

  static async start (name: string, args: readonly string[], options: { netns?: string, readyTimeoutMs?: number } = {}): Promise<CliPeer> {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -b)`)
    const command = [process.execPath, CLI, 'peer', ...args]
    const child = options.netns === undefined
      ? spawn(command[0] as string, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('ip', ['netns', 'exec', options.netns, ...command], { stdio: ['ignore', 'pipe', 'pipe'] })
    const peer = new CliPeer(name, child)
    await peer.waitFor(l => parseStatusLine(l) !== undefined, options.readyTimeoutMs ?? 20_000, 'its first status line')
    return peer
  }

  get running (): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  get peerId (): string {
    const line = this.lines.find(l => l.startsWith('peer '))
    return line?.split(' ')[1] ?? ''
  }

  /** The multiaddrs it printed under "listening on:". */
  get addresses (): string[] {
    return this.lines.filter(l => /^\s+\/ip[46]\//.test(l)).map(l => l.trim())
  }

  latestStatus (): PeerStatusLine | undefined {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const status = parseStatusLine(this.lines[i] as string)
      if (status !== undefined) return status
    }
    return undefined
  }

  /** Resolves with the first line matching, or rejects naming what was awaited and what it printed. */
  async waitFor (match: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const line = this.lines.find(match)
      if (line !== undefined) return line
      if (!this.running) throw new Error(`peer ${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}:\n${this.output()}`)
      if (Date.now() > deadline) throw new Error(`peer ${this.name} did not print ${what} within ${timeoutMs} ms:\n${this.output()}`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }

  output (): string {
    return [...this.lines.slice(-30), this.stderr === '' ? '' : `stderr: ${this.stderr}`].join('\n')
  }

  /** SIGTERM, as an operator's Ctrl-C or systemd stop: resolves with the exit code. */
  async stop (): Promise<number | null> {
    if (this.running) this.child.kill('SIGTERM')
    return await this.exited
  }

  async kill (): Promise<void> {
    if (this.running) this.child.kill('SIGKILL')
    await this.exited
  }
}
