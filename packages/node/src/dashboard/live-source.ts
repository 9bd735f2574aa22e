import type { ArchiveView } from '@promptswarm/protocol'
import { toHex } from '@promptswarm/protocol'
import type { ModelUsage } from '../model/metered-model.js'
import type { Peer } from '../peer/peer.js'
import { AttackTimeline } from './attack-timeline.js'
import {
  shortId, UnknownPeerError,
  type DashboardSource, type DashboardState, type LineageNode, type PeerPanel, type ScoreSeries
} from './dashboard-state.js'

/**
 * The dashboard of running peers in this process (a whole in-process swarm, or the one peer of
 * `promptswarm peer`). It listens to each peer, samples the best admitted score per task once a
 * second while records arrive, writes bans, accusations, equivocations and joins to the attack
 * timeline, and builds the state on demand. Stopped peers keep their last known panel.
 */
export interface LiveSourceOptions {
  readonly title?: string
  /** Share a timeline to let others (a scenario runner) push events into it. */
  readonly timeline?: AttackTimeline
  /** Model use to show in the summary. */
  readonly usage?: ModelUsage
  /** Period of the best-score sampler. Default 1 s. */
  readonly sampleIntervalMs?: number
  /** Lineage nodes sent at most (the rest are left out and the page says so). Default 2000. */
  readonly maxLineageNodes?: number
  readonly now?: () => number
}

interface Tracked {
  peer: Peer
  readonly id: string
  readonly label: string
  readonly author: string
  dirty: boolean
  /** Running at the last sample (a stop goes on the timeline once). */
  up: boolean
  /** Candidates in its view at the last sample (counting them costs a pass over the archive). */
  candidates: number
  last?: PeerPanel
  /** task -> series points, a point per change of the best score. */
  readonly best: Map<string, Array<[number, number]>>
  readonly detach: Array<() => void>
}

const MAX_POINTS = 2000
const TEXT_CHARS = 320

export class LiveSwarmSource implements DashboardSource {
  readonly timeline: AttackTimeline
  readonly startedAt: number
  private readonly tracked = new Map<string, Tracked>()
  private readonly listeners = new Set<() => void>()
  private readonly bannedSeen = new Set<string>()
  private readonly accusationsSeen = new Set<string>()
  private readonly labels = new Map<string, string>()
  private readonly now: () => number
  private readonly timer: NodeJS.Timeout
  private readonly unsubscribeTimeline: () => void
  private note: string | undefined
  private readonly usages: ModelUsage[] = []

  constructor (private readonly options: LiveSourceOptions = {}) {
    this.now = options.now ?? Date.now
    if (options.usage !== undefined) this.usages.push(options.usage)
    this.startedAt = this.now()
    this.timeline = options.timeline ?? new AttackTimeline(500, this.now)
    this.unsubscribeTimeline = this.timeline.subscribe(() => this.changed())
    // A timer callback that throws would take the process down: a failed sample is skipped.
    this.timer = setInterval(() => { try { this.sample() } catch {} }, options.sampleIntervalMs ?? 1000)
    this.timer.unref()
  }

  /** Adds a model's usage to the summary's model calls and tokens (several add up). */
  addUsage (usage: ModelUsage): void {
    if (!this.usages.includes(usage)) this.usages.push(usage)
  }

  /** A line shown above the panels (e.g. "starting 8 peers…"), or undefined to clear it. */
  setNote (note: string | undefined): void {
    this.note = note
    this.changed()
  }

  /**
   * Starts showing a running peer. `label` defaults to `peer <n>` in the order added. Adding a
   * restarted peer (same id, new object) moves the panel over to it.
   */
  add (peer: Peer, label?: string): void {
    const id = peer.peerId.toString()
    const known = this.tracked.get(id)
    if (known?.peer === peer) return
    if (known !== undefined) {
      for (const d of known.detach.splice(0)) d()
      known.peer = peer
      known.dirty = true
      known.up = true
      this.listenTo(known)
      this.timeline.push({ kind: 'peer-join', text: `${known.label} restarted`, subject: id })
      return
    }
    const t: Tracked = { peer, id, label: label ?? `peer ${this.tracked.size}`, author: peer.author, dirty: true, up: true, candidates: 0, best: new Map(), detach: [] }
    this.tracked.set(id, t)
    this.listenTo(t)
    this.timeline.push({ kind: 'peer-join', text: `${t.label} joined (${shortId(id)})`, subject: id })
  }

  private listenTo (t: Tracked): void {
    const peer = t.peer
    const onRecord = (): void => { t.dirty = true }
    const onEquivocation = ({ first }: { first: { authorHex: string } }): void => {
      this.timeline.push({ kind: 'equivocation', text: `${t.label} saw ${this.authorLabel(first.authorHex)} sign two records with one sequence number`, subject: first.authorHex })
    }
    const onConnection = (): void => this.changed()
    peer.on('record', onRecord)
    peer.on('equivocation', onEquivocation)
    peer.libp2p.addEventListener('peer:connect', onConnection)
    peer.libp2p.addEventListener('peer:disconnect', onConnection)
    t.detach.push(() => {
      peer.off('record', onRecord)
      peer.off('equivocation', onEquivocation)
      peer.libp2p.removeEventListener('peer:connect', onConnection)
      peer.libp2p.removeEventListener('peer:disconnect', onConnection)
    })
  }

  subscribe (listener: () => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** Stops listening to the peers and sampling. */
  close (): void {
    clearInterval(this.timer)
    this.unsubscribeTimeline()
    for (const t of this.tracked.values()) for (const d of t.detach.splice(0)) d()
    this.listeners.clear()
  }

  state (options: { readonly viewOf?: string } = {}): DashboardState {
    const all = [...this.tracked.values()]
    let reference: Tracked | undefined
    if (options.viewOf !== undefined) {
      reference = this.tracked.get(options.viewOf) ?? all.find(t => t.label === options.viewOf)
      if (reference === undefined) throw new UnknownPeerError(options.viewOf)
    } else {
      reference = all.find(t => t.peer.isRunning) ?? all[0]
    }
    const view = reference?.peer.view
    const bannedAuthors = new Set(view?.banned().map(b => b.author) ?? [])
    const peers = all.map(t => this.panel(t, bannedAuthors))
    const candidates = view?.candidates() ?? []
    const max = this.options.maxLineageNodes ?? 2000
    // Past the cap, the most recent candidates by their authors' clocks (ids order nothing).
    const shown = candidates.length <= max
      ? candidates
      : candidates.map(c => ({ c, time: view?.get(c.id)?.record.time ?? 0 })).sort((a, b) => b.time - a.time).slice(0, max).map(x => x.c)
    const lineage: LineageNode[] = shown.map(c => ({
      id: c.id,
      parent: c.parent,
      role: c.role,
      task: c.role === 'optimizer' ? 'optimizer' : c.task,
      author: c.author,
      authorLabel: this.authorLabel(c.author, view),
      status: c.status,
      ...(c.score !== undefined ? { score: c.score } : {}),
      evaluations: c.evaluations,
      text: c.text.length > TEXT_CHARS ? `${c.text.slice(0, TEXT_CHARS)}…` : c.text
    }))
    const scoreSeries: ScoreSeries[] = all.flatMap(t => [...t.best.entries()].map(([task, points]) => ({ peer: t.id, label: t.label, task, points: [...points] })))
    const missing: string[] = []
    if (this.note !== undefined) missing.push(this.note)
    if (all.length === 0) missing.push('No peer is running yet: peers appear here as they join.')
    if (candidates.length > max) missing.push(`The lineage shows the ${max} most recent of ${candidates.length} candidates.`)
    const usage = this.usages.length === 0
      ? undefined
      : this.usages.reduce((sum, u) => ({ calls: sum.calls + u.calls, tokens: sum.tokens + u.promptTokens + u.completionTokens }), { calls: 0, tokens: 0 })
    return {
      title: this.options.title ?? 'promptswarm',
      mode: 'live',
      generatedAt: this.now(),
      startedAt: this.startedAt,
      ...(reference !== undefined ? { viewOf: reference.id } : {}),
      peers,
      lineage,
      scoreSeries,
      accusations: (view?.accusationViews() ?? []).map(a => ({
        id: a.id, accuser: this.authorLabel(a.accuser, view), accused: this.authorLabel(a.accused, view), kind: a.kind, verdict: a.verdict
      })),
      bans: (view?.banned() ?? []).map(b => ({ author: b.author, label: this.authorLabel(b.author, view), reasons: b.reasons })),
      timeline: this.timeline.list(),
      summary: [
        { label: 'peers running', value: `${all.filter(t => t.peer.isRunning).length} of ${all.length}` },
        { label: 'records', value: String(view?.size ?? 0) },
        { label: 'candidates', value: String(candidates.length) },
        { label: 'admitted', value: String(candidates.filter(c => c.status === 'admitted').length) },
        ...(usage !== undefined
          ? [{ label: 'model calls', value: usage.calls.toLocaleString('en-US') }, { label: 'model tokens', value: usage.tokens.toLocaleString('en-US') }]
          : [])
      ],
      tables: [],
      missing
    }
  }

  private panel (t: Tracked, bannedAuthors: ReadonlySet<string>): PeerPanel {
    if (!t.peer.isRunning) {
      const { meshPeers: _, ...last } = t.last ?? { id: t.id, label: t.label, author: t.author, connections: [], banned: false }
      return { ...last, running: false, connections: [], banned: bannedAuthors.has(t.author) }
    }
    const status = t.peer.status()
    const panel: PeerPanel = {
      id: t.id,
      label: t.label,
      author: t.author,
      running: true,
      records: status.records,
      candidates: t.candidates,
      meshPeers: status.meshPeers,
      connections: t.peer.connectedPeers().sort().map(remote => ({ peer: remote, score: round(t.peer.gossipScore(remote)) })),
      banned: bannedAuthors.has(t.author)
    }
    t.last = panel
    return panel
  }

  /** `peer 3` for a tracked peer's key; otherwise the hello's peer id or the key, shortened. */
  private authorLabel (author: string, view?: ArchiveView): string {
    const known = this.labels.get(author)
    if (known !== undefined) return known
    for (const t of this.tracked.values()) if (t.author === author) return this.remember(author, t.label)
    const hello = view?.peers().find(h => toHex(h.author) === author)
    // Unknown keys are not remembered: their hello may arrive later.
    return hello !== undefined ? this.remember(author, shortId(hello.peerId)) : shortId(author)
  }

  private remember (author: string, label: string): string {
    this.labels.set(author, label)
    return label
  }

  /** Best-score points for peers that received records, and newly seen bans and accusations. */
  private sample (): void {
    let changed = false
    const time = this.now()
    for (const t of this.tracked.values()) {
      if (t.up && !t.peer.isRunning) {
        t.up = false
        changed = true
        this.timeline.push({ kind: 'peer-leave', text: `${t.label} stopped`, subject: t.id, time })
      }
      // A stopped peer's view stays readable: records that came just before the stop still count.
      if (!t.dirty) continue
      t.dirty = false
      changed = true
      const view = t.peer.view
      const best = new Map<string, number>()
      const candidates = view.candidates()
      t.candidates = candidates.length
      for (const c of candidates) {
        if (c.role === 'task' && c.status === 'admitted' && c.score !== undefined) best.set(c.task, Math.max(c.score, best.get(c.task) ?? -Infinity))
      }
      for (const [task, score] of best) {
        let points = t.best.get(task)
        if (points === undefined) t.best.set(task, points = [])
        if (points.at(-1)?.[1] !== score) points.push([time, score])
        if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS)
      }
      for (const b of view.banned()) {
        if (this.bannedSeen.has(b.author)) continue
        this.bannedSeen.add(b.author)
        this.timeline.push({ kind: 'ban', text: `${this.authorLabel(b.author, view)} banned (${b.reasons.join(', ')}), first seen by ${t.label}`, subject: b.author, time })
      }
      for (const a of view.accusationViews()) {
        if (this.accusationsSeen.has(a.id)) continue
        this.accusationsSeen.add(a.id)
        this.timeline.push({ kind: 'accusation', text: `${this.authorLabel(a.accuser, view)} accused ${this.authorLabel(a.accused, view)} (${a.kind}); verdict ${a.verdict}`, subject: a.accused, time })
      }
    }
    if (changed) this.changed()
  }

  private changed (): void {
    for (const listener of this.listeners) {
      try { listener() } catch { /* one broken subscriber must not stop the others */ }
    }
  }
}

function round (x: number): number {
  return Math.round(x * 1000) / 1000
}
