import { Peer, type LoadReport, type PeerStatus, type PublishInit } from '../peer/peer.js'
import type { PeerOptions } from '../peer/options.js'
import type { SwarmMember } from './member.js'

export class InProcessMember implements SwarmMember {
  private current: Peer | undefined

  constructor (readonly index: number, private readonly options: PeerOptions) {}

  get dataDir (): string { return this.options.dataDir }
  get running (): boolean { return this.current?.isRunning === true }
  get peerId (): string { return this.peer.peerId.toString() }
  get multiaddrs (): string[] { return this.peer.multiaddrs }
  get loadReport (): LoadReport | undefined { return this.current?.loadReport }

  /** The running peer (throws if never started). */
  get peer (): Peer {
    if (this.current === undefined) throw new Error(`member ${this.index} has not started`)
    return this.current
  }

  async start (): Promise<void> {
    this.current = await Peer.start(this.options)
  }

  async status (): Promise<PeerStatus> {
    return this.peer.status()
  }

  async recordIds (): Promise<string[]> {
    return [...this.peer.view.ids()].sort()
  }

  async publish (inits: readonly PublishInit[]): Promise<string[]> {
    const signed = await Promise.all(inits.map(async init => await this.peer.publish(init)))
    return signed.map(s => s.idHex)
  }

  async dial (address: string): Promise<void> {
    await this.peer.dial(address)
  }

  async stop (): Promise<void> {
    await this.current?.stop()
  }

  async restart (): Promise<void> {
    await this.stop()
    await this.start()
  }
}
