/**
 * What the dashboard page renders: one JSON document, the same whether it describes a running
 * swarm (live) or a finished run's report. Every panel renders what is there; `missing` says in
 * words what the source cannot provide, so an empty panel is explained rather than blank.
 */
export interface DashboardState {
  readonly title: string
  readonly mode: 'live' | 'report'
  /** Milliseconds since the epoch when this state was built. */
  readonly generatedAt: number
  /** Start of the run (ms since the epoch), the origin of the charts' time axes, when known. */
  readonly startedAt?: number
  /** The peer whose archive view the lineage and the bans come from. */
  readonly viewOf?: string
  readonly peers: readonly PeerPanel[]
  readonly lineage: readonly LineageNode[]
  readonly scoreSeries: readonly ScoreSeries[]
  /** How to read the series: x in clock time (default) or in steps of a run, and what y is. */
  readonly scoreAxis?: { readonly unit: 'time' | 'step', readonly label: string }
  readonly accusations: readonly AccusationRow[]
  readonly bans: readonly BanRow[]
  readonly timeline: readonly TimelineEvent[]
  /** Headline figures (report mode mostly). */
  readonly summary: ReadonlyArray<{ readonly label: string, readonly value: string }>
  /** Extra tables, e.g. one row per seed of a scenario report. */
  readonly tables: readonly DashboardTable[]
  /** What this source cannot show, one sentence each. */
  readonly missing: readonly string[]
}

export interface PeerPanel {
  /** libp2p peer id, or another stable id when unknown (a report's peer index). */
  readonly id: string
  readonly label: string
  /** Ed25519 public key (hex) of the peer's records, when known. */
  readonly author?: string
  readonly running: boolean
  readonly records?: number
  readonly candidates?: number
  readonly meshPeers?: number
  /** Remote peers it is connected to, with the gossipsub score it gives each. */
  readonly connections: ReadonlyArray<{ readonly peer: string, readonly score?: number }>
  /** Banned in the view the page shows. */
  readonly banned: boolean
  /** Free-form facts (a report's per-task test accuracy). */
  readonly facts?: ReadonlyArray<{ readonly label: string, readonly value: string }>
}

export interface LineageNode {
  readonly id: string
  readonly parent: string | null
  readonly role: 'task' | 'optimizer'
  readonly task: string
  readonly author: string
  /** A readable name for the author (`peer 3`), or a short key. */
  readonly authorLabel: string
  readonly status: string
  readonly score?: number
  /** Counted evaluations, when known. */
  readonly evaluations?: number
  /** The prompt, cut to a few hundred characters. */
  readonly text: string
}

export interface ScoreSeries {
  readonly peer: string
  readonly label: string
  readonly task: string
  /** [x, y], oldest first: x in ms since the epoch (or a step, see `scoreAxis`), y the best admitted score. */
  readonly points: ReadonlyArray<readonly [number, number]>
}

export interface AccusationRow {
  readonly id: string
  readonly accuser: string
  readonly accused: string
  readonly kind: string
  readonly verdict: string
}

export interface BanRow {
  readonly author: string
  readonly label: string
  readonly reasons: readonly string[]
}

export type TimelineKind = 'attack-start' | 'attack-stop' | 'ban' | 'accusation' | 'equivocation' | 'peer-join' | 'peer-leave' | 'note'

export interface TimelineEvent {
  /** Ms since the epoch; absent when a report only knows the order of events. */
  readonly time?: number
  readonly kind: TimelineKind
  readonly text: string
  /** The peer or author concerned, when there is one. */
  readonly subject?: string
}

export interface DashboardTable {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: ReadonlyArray<readonly string[]>
}

/** What the HTTP server asks of whatever it shows (a live swarm, a report). */
export interface DashboardSource {
  /** The state now; `viewOf` picks the peer whose view the lineage shows (throws `UnknownPeerError`). */
  state (options?: { readonly viewOf?: string }): DashboardState
  /** Calls `listener` when the state may have changed; returns a function that unsubscribes. */
  subscribe (listener: () => void): () => void
}

/** A `viewOf` naming no peer of the source: the server answers 400. */
export class UnknownPeerError extends Error {
  override readonly name = 'UnknownPeerError'
  readonly code = 'ERR_UNKNOWN_PEER'
  constructor (readonly peer: string) {
    super(`no peer ${JSON.stringify(peer)} in this dashboard`)
  }
}

/**
 * A short, readable form of a long id: the end of a libp2p peer id (they all begin alike), the
 * start of a hex key or record id.
 */
export function shortId (id: string): string {
  if (id.length <= 12) return id
  return /^(12D3Koo|Qm)/.test(id) ? `…${id.slice(-6)}` : `${id.slice(0, 8)}…`
}
