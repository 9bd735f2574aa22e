import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { LoadReport, PeerStatus, PublishInit } from '../peer/peer.js'
import type { ControlReply, ControlRequest, ProcessPeerConfig } from './ipc.js'
import type { SwarmMember } from './member.js'

/** The built child entry; source and dist modules both sit two levels below the package root. */
export const PEER_PROCESS_ENTRY = fileURLToPath(new URL('../../dist/swarm/peer-process.js', import.meta.url))

export class SwarmProcessError extends Error {
  override readonly name = 'SwarmProcessError'
  readonly code = 'ERR_SWARM_PROCESS'
}

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never

/** A swarm member in its own OS process, controlled over the fork IPC channel. */
export class ProcessMember implements SwarmMember {
  private child: ChildProcess | undefined
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void, reject: (e: Error) => void }>()
  private stderr = ''
  private id = ''
  private addresses: string[] = []
  private load: LoadReport | undefined

  constructor (readonly index: number, private readonly config: ProcessPeerConfig, private readonly startTimeoutMs = 30_000) {}

  get dataDir (): string { return this.config.dataDir }
  get running (): boolean { return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null }
  get peerId (): string { return this.id }
  get multiaddrs (): string[] { return this.addresses }
  get loadReport (): LoadReport | undefined { return this.load }
  /** The child's OS process id. */
  get pid (): number | undefined { return this.child?.pid }

  async start (): Promise<void> {
    if (!existsSync(PEER_PROCESS_ENTRY)) {
      throw new SwarmProcessError(`${PEER_PROCESS_ENTRY} is missing: build first (npx tsc -b)`)
    }
    this.stderr = ''
    const child = fork(PEER_PROCESS_ENTRY, [JSON.stringify(this.config)], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc']
    })
    this.child = child
    child.stderr?.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-4000) })
    child.on('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new SwarmProcessError(`member ${this.index} exited (${signal ?? code}) before answering`))
      this.waiting.clear()
    })
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SwarmProcessError(`member ${this.index} did not start within ${this.startTimeoutMs} ms: ${this.stderr}`)), this.startTimeoutMs)
      child.on('message', (msg: ControlReply) => {
        switch (msg.type) {
          case 'ready':
            clearTimeout(timer)
            this.id = msg.peerId
            this.addresses = msg.multiaddrs
            this.load = msg.load
            resolve()
            break
          case 'fatal':
            clearTimeout(timer)
            reject(new SwarmProcessError(`member ${this.index} failed: ${msg.message}`))
            break
          case 'result':
          case 'error': {
            const w = this.waiting.get(msg.id)
            this.waiting.delete(msg.id)
            if (msg.type === 'result') w?.resolve(msg.value)
            else w?.reject(new SwarmProcessError(`member ${this.index}: ${msg.message}`))
            break
          }
        }
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new SwarmProcessError(`member ${this.index} exited (${signal ?? code}) during start: ${this.stderr}`))
      })
    })
    await ready
  }

  private async request<T> (req: Distributive<ControlRequest>): Promise<T> {
    const child = this.child
    if (child === undefined || !this.running) throw new SwarmProcessError(`member ${this.index} is not running`)
    const id = this.nextId++
    return await new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: v => resolve(v as T), reject })
      child.send({ ...req, id } as ControlRequest, err => {
        if (err != null) { this.waiting.delete(id); reject(err) }
      })
    })
  }

  async status (): Promise<PeerStatus> {
    return await this.request<PeerStatus>({ type: 'status' })
  }

  async recordIds (): Promise<string[]> {
    return await this.request<string[]>({ type: 'ids' })
  }

  async publish (inits: readonly PublishInit[]): Promise<string[]> {
    return await this.request<string[]>({ type: 'publish', inits })
  }

  async dial (address: string): Promise<void> {
    await this.request<null>({ type: 'dial', address })
  }

  /** Clean stop: the child closes libp2p and its database, then exits. */
  async stop (): Promise<void> {
    const child = this.child
    if (child === undefined || !this.running) return
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
    await this.request<null>({ type: 'stop' }).catch(() => {})
    await exited
  }

  /** SIGKILL: no shutdown code runs, as in a crash or power cut of the process. */
  async kill (): Promise<void> {
    const child = this.child
    if (child === undefined || !this.running) return
    const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
    child.kill('SIGKILL')
    await exited
  }

  async restart (): Promise<void> {
    await this.stop()
    await this.start()
  }
}
