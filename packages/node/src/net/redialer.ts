import { KEEP_ALIVE, type PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { NetworkNode } from './libp2p-node.js'

/**
 * Keeps a peer connected to the peers it knows: its bootstrap addresses and every peer it has been
 * connected to. A loop (not libp2p's reconnect queue alone, which gives up after a few retries)
 * redials what is disconnected, with exponential backoff and jitter per target, a few dials at a
 * time. Bootstrap peers are also tagged KEEP_ALIVE so libp2p reconnects them at once.
 */
export interface RedialOptions {
  readonly intervalMs: number
  readonly minBackoffMs: number
  readonly maxBackoffMs: number
  readonly maxConcurrentDials: number
  /** Learned peers beyond this are not redialled (bootstrap addresses always are). */
  readonly maxLearnedPeers: number
}

export const DEFAULT_REDIAL_OPTIONS: RedialOptions = {
  intervalMs: 1000,
  minBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxConcurrentDials: 4,
  maxLearnedPeers: 32
}

interface Target {
  readonly address?: Multiaddr
  peerId?: PeerId
  backoffMs: number
  nextAt: number
  dialing: boolean
  readonly bootstrap: boolean
}

export class Redialer {
  private readonly targets = new Map<string, Target>()
  private timer: NodeJS.Timeout | undefined
  private dials = 0
  private stopped = false
  private readonly options: RedialOptions

  constructor (
    private readonly node: NetworkNode,
    options: Partial<RedialOptions> = {},
    private readonly random: () => number = Math.random,
    private readonly onError: (target: string, err: unknown) => void = () => {}
  ) {
    this.options = { ...DEFAULT_REDIAL_OPTIONS, ...options }
    this.node.addEventListener('peer:connect', this.onConnect)
  }

  /** A bootstrap address; with a `/p2p/<id>` suffix the peer's identity is known up front. */
  addBootstrap (address: string): void {
    const ma = multiaddr(address)
    const id = ma.getComponents().find(c => c.name === 'p2p')?.value
    const peerId = id === undefined ? undefined : peerIdFromString(id)
    if (peerId?.equals(this.node.peerId) === true) return
    this.targets.set(`addr:${address}`, { address: ma, ...(peerId !== undefined ? { peerId } : {}), backoffMs: this.options.minBackoffMs, nextAt: 0, dialing: false, bootstrap: true })
  }

  start (): void {
    this.stopped = false
    this.tick()
    this.timer = setInterval(() => this.tick(), this.options.intervalMs)
    this.timer.unref()
  }

  stop (): void {
    this.stopped = true
    if (this.timer !== undefined) clearInterval(this.timer)
    this.node.removeEventListener('peer:connect', this.onConnect)
  }

  private readonly onConnect = (evt: CustomEvent<PeerId>): void => {
    const peerId = evt.detail
    const key = peerId.toString()
    for (const t of this.targets.values()) {
      if (t.peerId?.equals(peerId) === true) { this.reset(t); return }
    }
    let learned = 0
    for (const t of this.targets.values()) if (!t.bootstrap) learned++
    if (learned >= this.options.maxLearnedPeers) return
    this.targets.set(`peer:${key}`, { peerId, backoffMs: this.options.minBackoffMs, nextAt: 0, dialing: false, bootstrap: false })
  }

  private reset (t: Target): void {
    t.backoffMs = this.options.minBackoffMs
    t.nextAt = 0
  }

  private connected (t: Target): boolean {
    return t.peerId !== undefined && this.node.getConnections(t.peerId).length > 0
  }

  private tick (): void {
    if (this.stopped) return
    const now = Date.now()
    for (const [key, t] of this.targets) {
      if (this.dials >= this.options.maxConcurrentDials) break
      if (t.dialing || now < t.nextAt) continue
      if (this.connected(t)) { this.reset(t); continue }
      this.dial(key, t)
    }
  }

  private dial (key: string, t: Target): void {
    t.dialing = true
    this.dials++
    const target = t.address ?? t.peerId as PeerId
    this.node.dial(target, { signal: AbortSignal.timeout(10_000) })
      .then(async connection => {
        t.peerId = connection.remotePeer
        this.reset(t)
        if (t.bootstrap) {
          await this.node.peerStore.merge(connection.remotePeer, { tags: { [KEEP_ALIVE]: { value: 1 } } })
        }
      })
      .catch(err => {
        if (this.stopped) return
        t.nextAt = Date.now() + t.backoffMs * (0.5 + this.random() * 0.5)
        t.backoffMs = Math.min(this.options.maxBackoffMs, t.backoffMs * 2)
        this.onError(key, err)
      })
      .finally(() => {
        t.dialing = false
        this.dials--
      })
  }
}
