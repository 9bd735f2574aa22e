import { MetricsRegistry } from '../metrics/metrics-registry.js'
import { trackModelUsage } from '../metrics/model-metrics.js'
import { PeerMetrics } from '../metrics/peer-metrics.js'
import type { ModelUsage } from '../model/metered-model.js'
import type { Peer } from '../peer/peer.js'
import type { AttackTimeline } from './attack-timeline.js'
import { DashboardServer } from './dashboard-server.js'
import { LiveSwarmSource } from './live-source.js'

/**
 * The live dashboard of peers in this process, wired up: a source for the page, a registry with
 * every attached peer's metrics, and the HTTP server that serves both. `attach` each peer as it
 * starts; `usage` (a `MeteredModel`'s) adds the model counters, labelled `peer="swarm"` since an
 * in-process swarm meters all its peers together.
 */
export interface LiveDashboardOptions {
  readonly title?: string
  readonly host?: string
  readonly port?: number
  readonly usage?: ModelUsage
  readonly timeline?: AttackTimeline
  /** Label of the usage series. Default `swarm`. */
  readonly usageLabel?: string
}

export class LiveDashboard {
  private readonly peerMetrics = new Map<string, PeerMetrics>()
  private readonly usageTracked = new Set<string>()

  private constructor (readonly source: LiveSwarmSource, readonly metrics: MetricsRegistry, readonly server: DashboardServer) {}

  static async start (options: LiveDashboardOptions = {}): Promise<LiveDashboard> {
    const source = new LiveSwarmSource({
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.usage !== undefined ? { usage: options.usage } : {}),
      ...(options.timeline !== undefined ? { timeline: options.timeline } : {})
    })
    const metrics = new MetricsRegistry()
    if (options.usage !== undefined) trackModelUsage(metrics, options.usage, { peer: options.usageLabel ?? 'swarm' })
    try {
      const server = await DashboardServer.start({
        source,
        metrics,
        ...(options.host !== undefined ? { host: options.host } : {}),
        ...(options.port !== undefined ? { port: options.port } : {})
      })
      return new LiveDashboard(source, metrics, server)
    } catch (err) {
      source.close()
      throw err
    }
  }

  get url (): string {
    return this.server.url
  }

  get timeline (): AttackTimeline {
    return this.source.timeline
  }

  /** Shows a running peer and exports its metrics. */
  attach (peer: Peer, label?: string): void {
    const id = peer.peerId.toString()
    const known = this.peerMetrics.get(id)
    if (known?.peer === peer) return
    // A restarted peer is a new object with the same id: its metrics follow it.
    known?.close()
    this.source.add(peer, label)
    this.peerMetrics.set(id, new PeerMetrics(this.metrics, peer))
  }

  /** Exports a peer's model use (its `MeteredModel`'s usage object). */
  trackUsage (peerId: string, usage: ModelUsage): void {
    if (this.usageTracked.has(peerId)) return
    this.usageTracked.add(peerId)
    trackModelUsage(this.metrics, usage, { peer: peerId })
    this.source.addUsage(usage)
  }

  async close (): Promise<void> {
    await this.server.close()
    this.source.close()
    for (const m of this.peerMetrics.values()) m.close()
  }
}
