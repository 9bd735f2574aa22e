import { multiaddr } from '@multiformats/multiaddr'
import { checkViewConfig, LIMITS, type ViewConfig } from '@promptswarm/protocol'
import type { ConnectionGater } from '@libp2p/interface'
import type { BatcherOptions } from '../net/batcher.js'
import { parseCidr } from '../net/cidr.js'
import type { MeshDegree } from '../net/libp2p-node.js'
import type { RedialOptions } from '../net/redialer.js'
import type { SyncServiceOptions } from '../sync/sync-service.js'
import { PeerConfigError } from './errors.js'

export interface PeerOptions {
  /** The swarm's name: records are signed for it, topics and protocols are named after it. */
  readonly swarm: string
  /** Where the peer keeps its key and records (a level database). */
  readonly dataDir: string
  /** Listen multiaddrs. Default `/ip4/127.0.0.1/tcp/0`. */
  readonly listen?: readonly string[]
  /** Multiaddrs to dial at start and keep redialling (ideally with a `/p2p/<peer id>` suffix). */
  readonly bootstrap?: readonly string[]
  /** Archive view configuration. Default: median, quorum 1, tolerance 0. */
  readonly view?: ViewConfig
  /** What the signed hello record announces; `false` publishes none. */
  readonly hello?: { readonly tasks: readonly string[], readonly model: string } | false
  /** CIDR ranges exempt from inbound rate limits and IP-colocation scoring. Default 127.0.0.0/8. */
  readonly trustedRanges?: readonly string[]
  readonly mesh?: Partial<MeshDegree>
  readonly batcher?: Partial<BatcherOptions>
  readonly sync?: Partial<Omit<SyncServiceOptions, 'protocol'>>
  readonly redial?: Partial<RedialOptions>
  /** Gossip messages above this are rejected (and their sender charged). Default 1 MiB. */
  readonly maxGossipMessageBytes?: number
  readonly connectionGater?: ConnectionGater
  /** Randomness for sync partner choice and jitter; pass a seeded one for reproducible runs. */
  readonly random?: () => number
  /**
   * 32 bytes from which a *new* data directory derives its key (an existing directory keeps its
   * key). For reproducible lab runs only: anyone who knows the seed holds the key.
   */
  readonly identitySeed?: Uint8Array
  /** fsync every write, not only own records. Default false. */
  readonly syncAllWrites?: boolean
  /**
   * Records received by sync whose author's timestamp is within this window of now are passed on
   * by gossip (they missed it somewhere); older ones are catch-up and are not. Default 60 s.
   */
  readonly regossipWindowMs?: number
}

export interface ResolvedPeerOptions extends PeerOptions {
  readonly listen: readonly string[]
  readonly bootstrap: readonly string[]
  readonly view: ViewConfig
  readonly trustedRanges: readonly string[]
  readonly mesh: MeshDegree
  readonly maxGossipMessageBytes: number
  readonly random: () => number
  readonly regossipWindowMs: number
}

export const DEFAULT_MESH: MeshDegree = { D: 6, Dlo: 4, Dhi: 10, Dout: 2 }
export const DEFAULT_VIEW: ViewConfig = { aggregator: { kind: 'median' }, quorum: 1, tolerance: 0 }

/** Fills defaults and checks every option, throwing `PeerConfigError` naming the bad one. */
export function resolvePeerOptions (options: PeerOptions): ResolvedPeerOptions {
  const swarmBytes = Buffer.byteLength(options.swarm ?? '', 'utf8')
  if (typeof options.swarm !== 'string' || swarmBytes === 0 || swarmBytes > LIMITS.maxNameBytes) {
    throw new PeerConfigError('swarm', `a swarm name is 1 to ${LIMITS.maxNameBytes} bytes`)
  }
  if (typeof options.dataDir !== 'string' || options.dataDir === '') throw new PeerConfigError('dataDir', 'a directory path is required')
  const listen = options.listen ?? ['/ip4/127.0.0.1/tcp/0']
  const bootstrap = options.bootstrap ?? []
  for (const [name, list] of [['listen', listen], ['bootstrap', bootstrap]] as const) {
    list.forEach((a, i) => {
      try { multiaddr(a) } catch (err) { throw new PeerConfigError(`${name}[${i}]`, `not a multiaddr: ${JSON.stringify(a)} (${(err as Error).message})`) }
    })
  }
  const trustedRanges = options.trustedRanges ?? ['127.0.0.0/8']
  trustedRanges.forEach((c, i) => {
    try { parseCidr(c) } catch (err) { throw new PeerConfigError(`trustedRanges[${i}]`, (err as Error).message) }
  })
  const view = options.view ?? DEFAULT_VIEW
  try { checkViewConfig(view) } catch (err) { throw new PeerConfigError('view', (err as Error).message) }
  // Identity work is bound to a swarm name: work for another swarm would admit nobody, this peer included.
  if (view.membership?.kind === 'proof-of-work' && view.membership.swarm !== options.swarm) {
    throw new PeerConfigError('view.membership.swarm', `identity work must be for this swarm (${JSON.stringify(options.swarm)}), got ${JSON.stringify(view.membership.swarm)}`)
  }
  const mesh = { ...DEFAULT_MESH, ...options.mesh }
  if (!(mesh.Dlo <= mesh.D && mesh.D <= mesh.Dhi && mesh.Dout < mesh.Dlo && mesh.Dout <= mesh.D / 2)) {
    throw new PeerConfigError('mesh', `need Dlo <= D <= Dhi and Dout < Dlo, Dout <= D/2; got ${JSON.stringify(mesh)}`)
  }
  const maxGossipMessageBytes = options.maxGossipMessageBytes ?? 1024 * 1024
  if (!Number.isSafeInteger(maxGossipMessageBytes) || maxGossipMessageBytes < 1024 || maxGossipMessageBytes > LIMITS.maxBatchBytes) {
    throw new PeerConfigError('maxGossipMessageBytes', `must be an integer in [1024, ${LIMITS.maxBatchBytes}]`)
  }
  const batchBytes = options.batcher?.maxBatchBytes
  if (batchBytes !== undefined && batchBytes > maxGossipMessageBytes - 1024) {
    throw new PeerConfigError('batcher.maxBatchBytes', `must leave room under maxGossipMessageBytes (${maxGossipMessageBytes})`)
  }
  if (options.hello !== undefined && options.hello !== false) {
    if (!Array.isArray(options.hello.tasks) || typeof options.hello.model !== 'string') throw new PeerConfigError('hello', 'expected { tasks: string[], model: string }')
  }
  if (options.identitySeed !== undefined && !(options.identitySeed instanceof Uint8Array && options.identitySeed.length === 32)) {
    throw new PeerConfigError('identitySeed', 'must be 32 bytes')
  }
  const regossipWindowMs = options.regossipWindowMs ?? 60_000
  if (!(regossipWindowMs >= 0)) throw new PeerConfigError('regossipWindowMs', 'must be a non-negative number of milliseconds')
  return { ...options, listen, bootstrap, view, trustedRanges, mesh, maxGossipMessageBytes, random: options.random ?? Math.random, regossipWindowMs }
}
