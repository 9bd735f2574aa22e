import type { LoadReport, PeerStatus, PublishInit } from '../peer/peer.js'

/** Configuration a child peer process receives (JSON, as its single argument). */
export interface ProcessPeerConfig {
  readonly swarm: string
  readonly dataDir: string
  readonly listen: readonly string[]
  readonly bootstrap: readonly string[]
  readonly seed: number
  readonly syncIntervalMs?: number
}

/** Parent -> child requests; every one is answered with the same `id`. */
export type ControlRequest =
  | { readonly type: 'status', readonly id: number }
  | { readonly type: 'ids', readonly id: number }
  | { readonly type: 'publish', readonly id: number, readonly inits: readonly PublishInit[] }
  | { readonly type: 'dial', readonly id: number, readonly address: string }
  | { readonly type: 'stop', readonly id: number }

export type ControlReply =
  | { readonly type: 'ready', readonly peerId: string, readonly multiaddrs: string[], readonly load: LoadReport }
  | { readonly type: 'fatal', readonly message: string }
  | { readonly type: 'result', readonly id: number, readonly value: PeerStatus | string[] | null }
  | { readonly type: 'error', readonly id: number, readonly message: string }
