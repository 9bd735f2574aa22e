import type { GossipVerdictEvent } from '../net/gossip-channel.js'
import type { EventEmitter } from 'node:events'
import type { EquivocationEvent, Peer, PeerEvents, RecordEvent, SyncEvent } from '../peer/peer.js'
import type { Labels, MetricsRegistry } from './metrics-registry.js'

/**
 * A peer's Prometheus metrics. Event counters (records, rejections, evaluations, sync sessions)
 * move as the peer emits; scrape-time gauges (connections, gossip scores, archive, bans, sync lag)
 * are read from the peer when the registry is scraped. Every series carries `peer` (the local
 * libp2p peer id), so one registry can expose a whole in-process swarm.
 *
 * Sync lag is measured two ways, both observable without trusting the remote:
 * - `promptswarm_sync_last_missing_records`: how many records the last completed session found
 *   the partner held and this peer lacked (what gossip had not delivered by then);
 * - `promptswarm_sync_seconds_since_success`: time since a session last completed.
 */
export interface PeerMetricsOptions {
  /** Injectable clock (ms) for the seconds-since gauges. */
  readonly now?: () => number
}

/** `batch.records[12].signature` -> `batch.records[].signature`: a bounded set of label values. */
export function rejectionReason (field: string): string {
  return field.replace(/\[\d+\]/g, '[]').slice(0, 80)
}

export class PeerMetrics {
  readonly peerId: string
  private readonly base: Labels
  private readonly now: () => number
  private readonly detach: Array<() => void> = []
  private readonly remotes = new Set<string>()
  private readonly tasks = new Set<string>()
  private lastSyncSuccess: number | undefined

  constructor (private readonly registry: MetricsRegistry, readonly peer: Peer, options: PeerMetricsOptions = {}) {
    this.peerId = peer.peerId.toString()
    this.base = { peer: this.peerId }
    this.now = options.now ?? Date.now
    const r = registry
    const accepted = r.counter('promptswarm_records_accepted_total', 'Records new to this peer that it accepted, by how they arrived and their kind.', ['peer', 'source', 'kind'])
    const rejected = r.counter('promptswarm_records_rejected_total', 'Gossip messages and sync sessions rejected for invalid records, by where they came from and the field that failed.', ['peer', 'source', 'reason'])
    const messages = r.counter('promptswarm_gossip_messages_total', 'Gossip messages validated, by verdict (accept: new records, ignore: all known, reject: invalid).', ['peer', 'verdict'])
    const published = r.counter('promptswarm_evaluations_published_total', 'Evaluation records this peer signed and published.', ['peer'])
    const received = r.counter('promptswarm_evaluations_received_total', 'Evaluation records by other authors accepted from the network.', ['peer', 'source'])
    const equivocations = r.counter('promptswarm_equivocations_total', 'Equivocations detected (two records, one author, one sequence number).', ['peer'])
    const sessions = r.counter('promptswarm_sync_sessions_total', 'Anti-entropy sessions, by role and outcome.', ['peer', 'role', 'status'])
    const syncReceived = r.counter('promptswarm_sync_records_received_total', 'Records obtained by anti-entropy sync (missed by gossip).', ['peer'])
    const lastMissing = r.gauge('promptswarm_sync_last_missing_records', 'Records the last completed sync session found missing locally (held by the partner, not here).', ['peer'])
    // Series that exist from the start, so a scrape shows 0 rather than nothing.
    published.inc(this.base, 0)
    equivocations.inc(this.base, 0)
    syncReceived.inc(this.base, 0)

    this.listen('record', ({ record, source }: RecordEvent) => {
      accepted.inc({ peer: this.peerId, source, kind: record.record.kind })
      if (record.record.kind === 'evaluation') {
        if (source === 'local') published.inc(this.base)
        else if (record.authorHex !== this.peer.author) received.inc({ peer: this.peerId, source })
      }
    })
    this.listen('verdict', ({ classification }: GossipVerdictEvent) => {
      messages.inc({ peer: this.peerId, verdict: classification.verdict })
      if (classification.verdict === 'reject') {
        rejected.inc({ peer: this.peerId, source: 'gossip', reason: rejectionReason(classification.reason?.field ?? 'unknown') })
      }
    })
    this.listen('equivocation', (_: EquivocationEvent) => { equivocations.inc(this.base) })
    this.listen('sync', ({ role, outcome }: SyncEvent) => {
      sessions.inc({ peer: this.peerId, role, status: outcome.status })
      if (outcome.status === 'done') {
        this.lastSyncSuccess = this.now()
        syncReceived.inc(this.base, outcome.received)
        lastMissing.set(this.base, outcome.received)
      } else if (outcome.status === 'violation') {
        rejected.inc({ peer: this.peerId, source: 'sync', reason: rejectionReason(outcome.error.field) })
      }
    })
    this.detach.push(registry.onCollect(() => this.collect()))
  }

  /** Stops listening and drops this peer's series. */
  close (): void {
    for (const d of this.detach.splice(0)) d()
    for (const name of PEER_FAMILIES) this.registry.gauge(name[0], name[1], name[2]).removeMatching(this.base)
  }

  private listen<K extends keyof PeerEvents> (event: K, handler: (...args: PeerEvents[K]) => void): void {
    const peer = this.peer as unknown as EventEmitter
    const h = handler as (...args: unknown[]) => void
    peer.on(event, h)
    this.detach.push(() => { peer.off(event, h) })
  }

  private gauge (index: number): ReturnType<MetricsRegistry['gauge']> {
    const [name, help, labels] = PEER_FAMILIES[index] as (typeof PEER_FAMILIES)[number]
    return this.registry.gauge(name, help, labels)
  }

  /** Scrape-time gauges, read from the peer as it is now. */
  private collect (): void {
    const [up, connections, mesh, records, candidates, bannedAuthors, bannedPeers, accusations, best, score, penalty, sinceSync] =
      PEER_FAMILIES.map((_, i) => this.gauge(i))
    const b = this.base
    up?.set(b, this.peer.isRunning ? 1 : 0)
    if (!this.peer.isRunning) return
    const status = this.peer.status()
    connections?.set(b, status.connections)
    mesh?.set(b, status.meshPeers)
    records?.set(b, status.records)
    const view = this.peer.view
    const byStatus = new Map<string, number>()
    const bestByTask = new Map<string, number>()
    for (const c of view.candidates()) {
      byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1)
      if (c.role === 'task' && c.status === 'admitted' && c.score !== undefined) bestByTask.set(c.task, Math.max(c.score, bestByTask.get(c.task) ?? -Infinity))
    }
    candidates?.removeMatching(b)
    for (const [s, n] of byStatus) candidates?.set({ ...b, status: s }, n)
    for (const [task, value] of bestByTask) { this.tasks.add(task); best?.set({ ...b, task }, value) }
    bannedAuthors?.set(b, view.banned().length)
    bannedPeers?.set(b, this.peer.penalties.entries().filter(e => e.banned).length)
    accusations?.removeMatching(b)
    const verdicts = new Map<string, number>()
    for (const a of view.accusationViews()) verdicts.set(a.verdict, (verdicts.get(a.verdict) ?? 0) + 1)
    for (const [verdict, n] of verdicts) accusations?.set({ ...b, verdict }, n)
    // Gauges per remote: only connected remotes, dropping those that left.
    const connected = new Set(this.peer.connectedPeers())
    for (const remote of this.remotes) if (!connected.has(remote)) { score?.remove({ ...b, remote }); this.remotes.delete(remote) }
    for (const remote of connected) {
      this.remotes.add(remote)
      score?.set({ ...b, remote }, this.peer.gossipScore(remote))
    }
    penalty?.removeMatching(b)
    for (const e of this.peer.penalties.entries()) if (!e.banned && e.points > 0.01) penalty?.set({ ...b, remote: e.peerId }, e.points)
    if (this.lastSyncSuccess !== undefined) sinceSync?.set(b, (this.now() - this.lastSyncSuccess) / 1000)
  }
}

/** Scrape-time gauge families, in the order `collect` destructures them. */
const PEER_FAMILIES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['promptswarm_peer_up', '1 while the peer runs, 0 once stopped.', ['peer']],
  ['promptswarm_connections', 'Open libp2p connections.', ['peer']],
  ['promptswarm_mesh_peers', 'Gossipsub mesh peers on the records topic.', ['peer']],
  ['promptswarm_archive_records', 'Records held (every kind).', ['peer']],
  ['promptswarm_archive_candidates', 'Candidates in this peer\'s archive view, by status.', ['peer', 'status']],
  ['promptswarm_banned_authors', 'Authors the archive view bans (equivocation, proven accusations).', ['peer']],
  ['promptswarm_banned_peers', 'Remote peers banned in the penalty book (gossipsub score pinned far below graylist).', ['peer']],
  ['promptswarm_accusations', 'Accusations in the archive view, by verdict.', ['peer', 'verdict']],
  ['promptswarm_best_score', 'Best aggregated score of an admitted task prompt, by task.', ['peer', 'task']],
  ['promptswarm_gossip_peer_score', 'Gossipsub score this peer gives each connected remote (P1..P7, with the penalty book as P5).', ['peer', 'remote']],
  ['promptswarm_penalty_points', 'Decaying application penalty points against a remote (unbanned remotes with points only).', ['peer', 'remote']],
  ['promptswarm_sync_seconds_since_success', 'Seconds since a sync session last completed (absent until one has).', ['peer']]
]
