import type { LoadReport, PeerStatus, PublishInit } from '../peer/peer.js'

/** One peer of a launched swarm, in this process or in a child process. */
export interface SwarmMember {
  readonly index: number
  readonly dataDir: string
  readonly running: boolean
  /** Set once started; survives restarts (same data directory, same key). */
  readonly peerId: string
  readonly multiaddrs: readonly string[]
  /** What the peer loaded from disk at its latest start. */
  readonly loadReport: LoadReport | undefined
  status (): Promise<PeerStatus>
  /** Ids of every record the peer holds, sorted. */
  recordIds (): Promise<string[]>
  /** Publishes records signed by this peer; resolves with their ids. */
  publish (inits: readonly PublishInit[]): Promise<string[]>
  dial (address: string): Promise<void>
  /** Clean stop. */
  stop (): Promise<void>
  /** Starts again with the same data directory and bootstrap list. */
  restart (): Promise<void>
}
