import { LiveDashboard } from '../dashboard/live-dashboard.js'
import type { LanguageModel } from '../model/language-model.js'
import { MeteredModel, type ModelUsage } from '../model/metered-model.js'
import type { Peer } from '../peer/peer.js'
import type { CommandIO } from './command.js'

/** What the dashboard needs of a running swarm: its size and its peers (see `SwarmControl`). */
export interface SwarmPeers {
  readonly size: number
  peer (index: number): Peer
  isUp (index: number): boolean
}

/**
 * `promptswarm swarm --dashboard`: the live dashboard of a decentralized SePO run. The run owns
 * its peers, so the dashboard reaches them through the run's seams: `onRound` (the peers as they
 * run, restarts included) and `modelFor` (a meter per peer for the model metrics).
 */
export class SwarmDashboard {
  private readonly usages: ModelUsage[]

  private constructor (readonly dashboard: LiveDashboard, peers: number) {
    this.usages = Array.from({ length: peers }, () => ({ calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }))
  }

  static async open (options: { readonly peers: number, readonly port: number, readonly host?: string, readonly title: string }, io: Pick<CommandIO, 'err'>): Promise<SwarmDashboard> {
    const dashboard = await LiveDashboard.start({ title: options.title, port: options.port, ...(options.host !== undefined ? { host: options.host } : {}) })
    dashboard.source.setNote(`Starting ${options.peers} peers: they appear once they have met and the evolution begins.`)
    io.err(`dashboard: ${dashboard.url} (metrics: ${dashboard.url}metrics)`)
    return new SwarmDashboard(dashboard, options.peers)
  }

  /** Options to merge into the run's `SwarmSepoOptions`. */
  runHooks (): { onRound: (swarm: SwarmPeers) => Promise<void>, modelFor: (index: number, model: LanguageModel) => LanguageModel } {
    let noted = true
    return {
      onRound: async swarm => {
        for (let i = 0; i < swarm.size; i++) {
          if (!swarm.isUp(i)) continue
          const peer = swarm.peer(i)
          this.dashboard.attach(peer, `peer ${i}`)
          const usage = this.usages[i]
          if (usage !== undefined) this.dashboard.trackUsage(peer.peerId.toString(), usage)
        }
        if (noted) { noted = false; this.dashboard.source.setNote(undefined) }
      },
      modelFor: (index, model) => new MeteredModel(model, undefined, this.usages[index])
    }
  }

  /** After the run: the page keeps its final state until Ctrl-C. */
  async holdUntilInterrupted (io: Pick<CommandIO, 'err' | 'signal'>): Promise<void> {
    this.dashboard.source.setNote('The run has finished: its peers are stopped and this is their final state.')
    io.err(`Run finished; the dashboard stays up at ${this.dashboard.url} until Ctrl-C.`)
    if (!io.signal.aborted) await new Promise<void>(resolve => io.signal.addEventListener('abort', () => resolve(), { once: true }))
  }

  async close (): Promise<void> {
    await this.dashboard.close()
  }
}
