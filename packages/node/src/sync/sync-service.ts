import { lpStream } from '@libp2p/utils'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { NetworkNode } from '../net/libp2p-node.js'
import { SyncProtocolError } from './errors.js'
import { decodeTurn, encodeTurn, DEFAULT_TURN_LIMITS } from './messages.js'
import { DEFAULT_SESSION_LIMITS, SyncSession, type SessionLimits, type SyncHost } from './session.js'

/**
 * Anti-entropy over libp2p streams. A session runs when a connection opens (started by the side
 * with the smaller peer id, so two peers do not sync the same difference twice) and periodically
 * with a random connected peer. Turns alternate on one length-prefixed stream (see `SyncSession`).
 * A remote that breaks the protocol has its stream aborted and is penalised; timeouts and closed
 * connections are not its fault and cost nothing.
 */
export interface SyncServiceOptions {
  readonly protocol: string
  readonly intervalMs: number
  /** Per-read timeout: a silent remote loses its session. */
  readonly turnTimeoutMs: number
  readonly maxMessageBytes: number
  readonly maxInboundSessions: number
  readonly maxOutboundSessions: number
  readonly penaltyPoints: number
  readonly session: SessionLimits
}

export const DEFAULT_SYNC_OPTIONS: Omit<SyncServiceOptions, 'protocol'> = {
  intervalMs: 2000,
  turnTimeoutMs: 20_000,
  maxMessageBytes: 4 * 1024 * 1024,
  maxInboundSessions: 8,
  maxOutboundSessions: 2,
  penaltyPoints: 50,
  session: DEFAULT_SESSION_LIMITS
}

export type SyncOutcome =
  | { readonly status: 'done', readonly received: number, readonly sent: number, readonly turns: number }
  | { readonly status: 'violation', readonly error: SyncProtocolError }
  | { readonly status: 'failed', readonly error: Error }
  | { readonly status: 'busy' }

export interface SyncEvents {
  onSession?: (peer: string, role: 'initiator' | 'responder', outcome: SyncOutcome) => void
  penalise: (peer: string, points: number, reason: string) => void
  /**
   * True while the process is overloaded. Periodic rounds are skipped then: gossip is still
   * delivering, and a session would mostly pull records already in flight, adding work where
   * there is too much. Sessions on new connections always run.
   */
  busy?: () => boolean
}

export class SyncService {
  private readonly options: SyncServiceOptions
  private readonly active = new Set<string>()
  private inbound = 0
  private outbound = 0
  private timer: NodeJS.Timeout | undefined
  private stopped = true
  /** Peers that did not speak the protocol, until when to leave them out of periodic rounds. */
  private readonly unsupported = new Map<string, number>()

  constructor (
    private readonly node: NetworkNode,
    private readonly host: SyncHost,
    options: Partial<SyncServiceOptions> & { protocol: string },
    private readonly events: SyncEvents,
    private readonly random: () => number = Math.random
  ) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options }
  }

  async start (): Promise<void> {
    this.stopped = false
    await this.node.handle(this.options.protocol, (stream, connection) => { void this.respond(stream, connection) }, {
      maxInboundStreams: 2,
      maxOutboundStreams: 2
    })
    this.node.addEventListener('peer:connect', this.onConnect)
    this.schedule()
  }

  async stop (): Promise<void> {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.node.removeEventListener('peer:connect', this.onConnect)
    await this.node.unhandle(this.options.protocol).catch(() => {})
  }

  /** Runs one session with a peer as initiator. */
  async syncWith (peer: PeerId): Promise<SyncOutcome> {
    const key = `out:${peer.toString()}`
    if (this.active.has(key) || this.outbound >= this.options.maxOutboundSessions) return { status: 'busy' }
    this.active.add(key)
    this.outbound++
    let stream: Stream | undefined
    try {
      stream = await this.node.dialProtocol(peer, this.options.protocol, { signal: AbortSignal.timeout(this.options.turnTimeoutMs) })
      return await this.run(stream, peer.toString(), 'initiator')
    } catch (err) {
      if ((err as Error).name === 'UnsupportedProtocolError') this.unsupported.set(peer.toString(), Date.now() + 60_000)
      const outcome: SyncOutcome = { status: 'failed', error: err as Error }
      this.events.onSession?.(peer.toString(), 'initiator', outcome)
      return outcome
    } finally {
      this.active.delete(key)
      this.outbound--
    }
  }

  private readonly onConnect = (evt: CustomEvent<PeerId>): void => {
    const peer = evt.detail
    if (this.node.peerId.toString() < peer.toString()) {
      setTimeout(() => { if (!this.stopped) void this.syncWith(peer) }, 50).unref()
    }
  }

  private schedule (): void {
    if (this.stopped) return
    const delay = this.options.intervalMs * (0.75 + this.random() * 0.5)
    this.timer = setTimeout(() => {
      const now = Date.now()
      const peers = this.events.busy?.() === true ? [] : this.node.getPeers().filter(p => (this.unsupported.get(p.toString()) ?? 0) < now)
      const peer = peers[Math.floor(this.random() * peers.length)]
      const done = peer === undefined ? Promise.resolve() : this.syncWith(peer).then(() => {})
      void done.finally(() => this.schedule())
    }, delay)
    this.timer.unref()
  }

  private async respond (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (this.stopped || this.inbound >= this.options.maxInboundSessions || this.active.has(`in:${peer}`)) {
      stream.abort(new Error('sync busy'))
      this.events.onSession?.(peer, 'responder', { status: 'busy' })
      return
    }
    this.active.add(`in:${peer}`)
    this.inbound++
    try {
      await this.run(stream, peer, 'responder')
    } finally {
      this.active.delete(`in:${peer}`)
      this.inbound--
    }
  }

  private async run (stream: Stream, peer: string, role: 'initiator' | 'responder'): Promise<SyncOutcome> {
    const lp = lpStream(stream, { maxDataLength: this.options.maxMessageBytes })
    const session = new SyncSession(this.host, this.options.session, peer)
    const turnLimits = { ...DEFAULT_TURN_LIMITS, maxWant: this.options.session.maxWant * 2 }
    let lastSentQuiet = false
    let outcome: SyncOutcome
    try {
      if (role === 'initiator') await lp.write(encodeTurn(session.open()))
      for (;;) {
        let bytes: Uint8Array
        try {
          bytes = (await lp.read({ signal: AbortSignal.timeout(this.options.turnTimeoutMs) })).subarray()
        } catch (err) {
          // The other side closes once both had nothing left to say; anything else is a failure.
          if (lastSentQuiet && !isFramingError(err)) break
          throw err
        }
        const reply = session.next(decodeTurn(bytes, turnLimits))
        if (reply === undefined) break
        lastSentQuiet = reply.ranges.length === 0 && reply.want.length === 0 && reply.records.length === 0
        await lp.write(encodeTurn(reply))
      }
      await stream.close().catch(() => stream.abort(new Error('close failed')))
      outcome = { status: 'done', received: session.stats.received, sent: session.stats.sent, turns: session.stats.turns }
    } catch (err) {
      if (err instanceof SyncProtocolError || isFramingError(err)) {
        const error = err instanceof SyncProtocolError ? err : new SyncProtocolError('frame', (err as Error).message)
        stream.abort(error)
        this.events.penalise(peer, this.options.penaltyPoints, `sync: ${error.message}`)
        outcome = { status: 'violation', error }
      } else {
        stream.abort(err as Error)
        outcome = { status: 'failed', error: err as Error }
      }
    }
    this.events.onSession?.(peer, role, outcome)
    return outcome
  }
}

/** Length-prefix violations from lpStream: the remote sent an oversized or malformed frame. */
function isFramingError (err: unknown): boolean {
  const name = (err as Error)?.name
  return name === 'InvalidDataLengthError' || name === 'InvalidDataLengthLengthError' || name === 'InvalidMessageLengthError'
}
