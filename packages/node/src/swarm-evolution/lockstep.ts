import type { Peer } from '../peer/peer.js'
import { waitUntil } from '../swarm/wait.js'

export interface LockstepOptions {
  /** Logical milliseconds a round lasts (what timers such as backup seats count in). Default 100. */
  readonly tickMs?: number
  /**
   * How long one settle waits for agreement before going on regardless (a partition, a peer that
   * drops records). Default 5 s.
   */
  readonly settleTimeoutMs?: number
  /**
   * How long a settle waits for gossip before it asks every waiting peer to sync with its
   * neighbours now, and again after each such interval. Default 50 ms (a settle on a healthy swarm takes 10 to 25 ms).
   */
  readonly nudgeAfterMs?: number
}

/** Something whose background work can still change a peer's view (a judge re-executing). */
export interface Busy {
  readonly busy: boolean
}

/**
 * Makes a swarm run repeat exactly. Gossip arrives when it arrives; so that no decision depends on
 * when, the driver lets one peer act at a time and then `settle`s: it waits until every connected
 * group of peers derives the same view and no judge is still re-executing. Every peer then decides
 * on the same view it would have in any other run with the same seed. Timers count logical time
 * (`now`), advanced a tick per round, never the wall clock.
 */
export class Lockstep {
  round = 0
  readonly tickMs: number
  private readonly settleTimeoutMs: number
  private readonly nudgeAfterMs: number
  private lastNudge = 0
  /** Settles that timed out: a run with any is no longer guaranteed to repeat. */
  unsettled = 0

  constructor (
    /** The groups of peers that can reach each other now (one group unless partitioned). */
    private readonly groups: () => ReadonlyArray<readonly Peer[]>,
    private readonly busy: readonly Busy[] = [],
    options: LockstepOptions = {}
  ) {
    this.tickMs = options.tickMs ?? 100
    this.settleTimeoutMs = options.settleTimeoutMs ?? 5_000
    this.nudgeAfterMs = options.nudgeAfterMs ?? 50
  }

  /** The logical time, in milliseconds. */
  now (): number {
    return this.round * this.tickMs
  }

  tick (): void {
    this.round++
  }

  /** Waits until each group agrees on its records and no judge is busy; false if it timed out. */
  async settle (): Promise<boolean> {
    const started = Date.now()
    const settled = await waitUntil(() => {
      if (this.settled()) return true
      if (Date.now() - started >= this.nudgeAfterMs) this.nudge()
      return false
    }, { timeoutMs: this.settleTimeoutMs, intervalMs: 2 })
    if (!settled) this.unsettled++
    return settled
  }

  /**
   * Gossip did not bring agreement: has every peer sync with its neighbours now (at most once per
   * `nudgeAfterMs`). Without this a record that missed gossip (a sender graylisted for an invalid
   * message, a banned author, a restarted or healed peer) waits for the periodic sync, one random
   * neighbour every 2 s, at every hop: a peer passes on by gossip only records whose time is near
   * its clock, and lockstep records carry logical time.
   */
  nudge (): void {
    if (Date.now() - this.lastNudge < this.nudgeAfterMs) return
    this.lastNudge = Date.now()
    for (const group of this.groups()) {
      for (const peer of group) {
        if (!peer.isRunning) continue
        for (const other of peer.connectedPeers()) void peer.syncWith(other).catch(() => {})
      }
    }
  }

  private settled (): boolean {
    if (this.busy.some(b => b.busy)) return false
    for (const group of this.groups()) {
      // Banned peers are left out: the others graylist them, so they catch up only by sync, and
      // what they decide no longer counts anywhere.
      const up = group.filter(p => p.isRunning)
      const reference = up.find(p => !p.view.isBanned(p.author))?.view
      const running = reference === undefined ? up : up.filter(p => !reference.isBanned(p.author))
      if (running.length < 2) continue
      // The derived view, not the record set: a banned author's records travel only by sync
      // (gossip drops them) and may arrive seconds later, but they change no view. The view
      // caches its digest until a record changes it, so polling is cheap.
      const first = running[0]?.view.digest()
      if (running.some(p => p.view.digest() !== first)) return false
    }
    return true
  }
}
