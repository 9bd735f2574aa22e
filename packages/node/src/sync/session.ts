import { openRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { SyncProtocolError } from './errors.js'
import type { SortedIdIndex } from './id-index.js'
import { Reconciler, type ReconcileLimits } from './reconciler.js'
import type { SyncTurn } from './messages.js'

/**
 * One side of a sync session, free of I/O: turns in, turns out. Both sides reconcile, both pull
 * what they lack, and every record received must be one this side asked for in its previous turn
 * and must open (decode, verify) for the swarm; anything else is a `SyncProtocolError`.
 */
export interface SyncHost {
  readonly swarm: string
  readonly index: SortedIdIndex
  has (idHex: string): boolean
  /** Wire bytes of a held record. */
  wire (idHex: string): Uint8Array | undefined
  /** Takes verified records this side asked for, from the named remote. */
  ingest (records: readonly VerifiedRecord[], from: string): void
}

export interface SessionLimits {
  /** Ids requested per turn. */
  readonly maxWant: number
  /** Records sent per turn (at least one is always sent when any was asked for and is held). */
  readonly maxRecordsPerTurn: number
  readonly maxBytesPerTurn: number
  readonly maxTurns: number
  readonly reconcile?: Partial<ReconcileLimits>
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxWant: 1024,
  maxRecordsPerTurn: 1024,
  maxBytesPerTurn: 1024 * 1024,
  maxTurns: 20_000
}

export interface SessionStats {
  turns: number
  received: number
  sent: number
}

export class SyncSession {
  readonly stats: SessionStats = { turns: 0, received: 0, sent: 0 }
  private readonly reconciler: Reconciler
  private outstanding = new Set<string>()

  constructor (
    private readonly host: SyncHost,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly remote = ''
  ) {
    this.reconciler = new Reconciler(host.index, limits.reconcile)
  }

  /** Ids learned from the other side and still lacked. */
  get needed (): number {
    return this.reconciler.need.size
  }

  /** The initiator's first turn. */
  open (): SyncTurn {
    this.stats.turns++
    return { ranges: this.reconciler.initial(), want: [], records: [] }
  }

  /**
   * Answers a turn: `undefined` means the session is over (both sides had nothing to say).
   * Throws `SyncProtocolError` when the other side broke the protocol.
   */
  next (incoming: SyncTurn): SyncTurn | undefined {
    if (++this.stats.turns > this.limits.maxTurns) throw new SyncProtocolError('session', `more than ${this.limits.maxTurns} turns`)
    this.take(incoming.records)
    const records = this.serve(incoming.want)
    const ranges = incoming.ranges.length > 0 ? this.reconciler.respond(incoming.ranges) : []
    const want = this.chooseWant()
    const quiet = incoming.ranges.length === 0 && incoming.want.length === 0 && incoming.records.length === 0
    if (quiet && ranges.length === 0 && want.length === 0 && records.length === 0) return undefined
    return { ranges, want, records }
  }

  private take (wires: readonly Uint8Array[]): void {
    if (wires.length === 0) {
      if (this.outstanding.size > 0) throw new SyncProtocolError('records', `none of the ${this.outstanding.size} requested records were sent`)
      return
    }
    if (this.outstanding.size === 0) throw new SyncProtocolError('records', 'records sent without a request')
    const verified: VerifiedRecord[] = []
    const seen = new Set<string>()
    for (let i = 0; i < wires.length; i++) {
      const opened = openRecord(wires[i] as Uint8Array, this.host.swarm)
      if (!opened.ok) throw new SyncProtocolError(`records[${i}].${opened.error.field}`, opened.error.reason)
      const id = opened.value.idHex
      if (!this.outstanding.has(id)) throw new SyncProtocolError(`records[${i}]`, `record ${id.slice(0, 16)} was not requested`)
      if (seen.has(id)) throw new SyncProtocolError(`records[${i}]`, 'sent twice')
      seen.add(id)
      verified.push(opened.value)
    }
    for (const id of seen) this.reconciler.need.delete(id)
    this.outstanding = new Set()
    this.stats.received += verified.length
    this.host.ingest(verified, this.remote)
  }

  private serve (want: readonly string[]): Uint8Array[] {
    const out: Uint8Array[] = []
    const asked = new Set<string>()
    let bytes = 0
    for (let i = 0; i < want.length; i++) {
      const id = want[i] as string
      if (asked.has(id)) throw new SyncProtocolError(`want[${i}]`, 'asked twice')
      asked.add(id)
      if (out.length >= this.limits.maxRecordsPerTurn) continue
      const wire = this.host.wire(id)
      if (wire === undefined) continue
      if (out.length > 0 && bytes + wire.length > this.limits.maxBytesPerTurn) continue
      out.push(wire)
      bytes += wire.length
    }
    this.stats.sent += out.length
    return out
  }

  private chooseWant (): string[] {
    const want: string[] = []
    for (const id of this.reconciler.need) {
      if (want.length >= this.limits.maxWant) break
      if (this.host.has(id)) { this.reconciler.need.delete(id); continue }
      want.push(id)
    }
    this.outstanding = new Set(want)
    return want
  }
}
