import type { ConnectionGater, PeerId } from '@libp2p/interface'
import type { Peer } from '../peer/peer.js'
import type { InProcessMember } from '../swarm/in-process-member.js'

/**
 * What a fault or an attack can do to a running swarm from outside its peers: crash and restart
 * peers, cut the network into groups and heal it. The swarm run owns it; attacks reach it through
 * their `onRound` hook.
 */
export interface SwarmControl {
  readonly size: number
  /** The current round of the run (logical time in lockstep runs). */
  readonly round: number
  /** Peer `index` as it runs now (a restart makes a new one). */
  peer (index: number): Peer
  isUp (index: number): boolean
  /** Stops peer `index` abruptly: what it had not stored is lost, its work pauses. */
  crash (index: number): Promise<void>
  /** Starts a crashed peer again from its data directory; it resumes its work from its store. */
  restart (index: number): Promise<void>
  /** Cuts the swarm into `groups` (peer indices; peers in no group form one more group). */
  partition (groups: ReadonlyArray<readonly number[]>): Promise<void>
  /** Lets every peer reach every other again and reconnects them. */
  heal (): Promise<void>
  /** The groups of peers that can reach each other now. */
  groups (): number[][]
}

/**
 * Connection gaters that enforce a partition: each peer refuses peers outside its group. Made
 * before the swarm starts (gaters are peer options) and driven by `SwarmController` afterwards.
 */
export class PartitionGaters {
  private readonly groupOf = new Map<number, number>()
  private readonly indexOf = new Map<string, number>()

  gater (index: number): ConnectionGater {
    const refuse = (peer: PeerId): boolean => this.separated(index, peer.toString())
    return { denyDialPeer: refuse, denyInboundEncryptedConnection: refuse, denyOutboundEncryptedConnection: refuse }
  }

  /** Learns peer ids (again after a restart, which keeps the id: it is derived from the stored key). */
  learn (index: number, peerId: string): void {
    this.indexOf.set(peerId, index)
  }

  cut (size: number, groups: ReadonlyArray<readonly number[]>): void {
    this.groupOf.clear()
    groups.forEach((group, g) => group.forEach(i => this.groupOf.set(i, g)))
    for (let i = 0; i < size; i++) if (!this.groupOf.has(i)) this.groupOf.set(i, groups.length)
  }

  heal (): void {
    this.groupOf.clear()
  }

  get active (): boolean {
    return this.groupOf.size > 0
  }

  separated (index: number, peerId: string): boolean {
    if (!this.active) return false
    const other = this.indexOf.get(peerId)
    return other !== undefined && this.groupOf.get(other) !== this.groupOf.get(index)
  }

  groups (size: number): number[][] {
    if (!this.active) return [[...Array(size).keys()]]
    const byGroup = new Map<number, number[]>()
    for (let i = 0; i < size; i++) {
      const g = this.groupOf.get(i) as number
      byGroup.set(g, [...(byGroup.get(g) ?? []), i])
    }
    return [...byGroup.values()]
  }
}

/** `SwarmControl` over in-process members; `onRestart` rebuilds what ran on the old peer. */
export class SwarmController implements SwarmControl {
  round = 0

  constructor (
    private readonly members: readonly InProcessMember[],
    private readonly gaters: PartitionGaters,
    private readonly onRestart: (index: number, peer: Peer) => void
  ) {
    members.forEach((m, i) => gaters.learn(i, m.peerId))
  }

  get size (): number {
    return this.members.length
  }

  peer (index: number): Peer {
    return this.member(index).peer
  }

  isUp (index: number): boolean {
    return this.member(index).running
  }

  async crash (index: number): Promise<void> {
    if (this.isUp(index)) await this.member(index).stop()
  }

  async restart (index: number): Promise<void> {
    const member = this.member(index)
    if (member.running) return
    await member.start()
    this.gaters.learn(index, member.peerId)
    this.onRestart(index, member.peer)
    await this.reconnect(index)
  }

  async partition (groups: ReadonlyArray<readonly number[]>): Promise<void> {
    this.gaters.cut(this.size, groups)
    await Promise.all(this.members.map(async (m, i) => {
      if (!m.running) return
      for (const other of m.peer.connectedPeers()) {
        if (this.gaters.separated(i, other)) await m.peer.hangUp(other).catch(() => {})
      }
    }))
  }

  async heal (): Promise<void> {
    this.gaters.heal()
    for (let i = 0; i < this.size; i++) await this.reconnect(i)
  }

  groups (): number[][] {
    return this.gaters.groups(this.size).map(g => g.filter(i => this.isUp(i)))
  }

  /** Dials the next running peers in index order (a ring, so the whole swarm is connected again). */
  private async reconnect (index: number): Promise<void> {
    if (!this.isUp(index)) return
    const self = this.peer(index)
    for (let step = 1; step < Math.min(this.size, 4); step++) {
      const other = this.members[(index + step) % this.size] as InProcessMember
      if (!other.running || this.gaters.separated(index, other.peerId)) continue
      const address = other.multiaddrs[0]
      if (address !== undefined) await self.dial(address).catch(() => {})
    }
  }

  private member (index: number): InProcessMember {
    const member = this.members[index]
    if (member === undefined) throw new RangeError(`no peer ${index} in a swarm of ${this.members.length}`)
    return member
  }
}
