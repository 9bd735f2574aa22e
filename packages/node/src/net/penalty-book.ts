/**
 * Per-peer reputation that feeds gossipsub's application-specific score (P5). Misbehaviour that
 * gossipsub cannot see by itself lands here: junk over the sync protocol, equivocation by the peer's
 * own key, and whatever later layers report (bans from the archive view, failed audits).
 *
 * Penalties decay exponentially (a misconfigured but honest peer recovers); bans do not.
 */
export interface PenaltyEntry {
  readonly peerId: string
  /** Current (decayed) penalty points, >= 0. */
  readonly points: number
  readonly banned: boolean
  /** The most recent reasons, newest last. */
  readonly reasons: readonly string[]
}

export interface PenaltyBookOptions {
  /** Time for penalty points to halve. Default 60 s. */
  readonly halfLifeMs?: number
  /** Score reported for a banned peer. Default -1e6 (far below any graylist threshold). */
  readonly bannedScore?: number
  /** Injectable clock for tests. */
  readonly now?: () => number
}

interface Account {
  points: number
  at: number
  banned: boolean
  reasons: string[]
}

const MAX_REASONS = 8

export class PenaltyBook {
  private readonly accounts = new Map<string, Account>()
  private readonly halfLifeMs: number
  private readonly bannedScore: number
  private readonly now: () => number

  constructor (options: PenaltyBookOptions = {}) {
    this.halfLifeMs = options.halfLifeMs ?? 60_000
    this.bannedScore = options.bannedScore ?? -1e6
    this.now = options.now ?? Date.now
    if (!(this.halfLifeMs > 0)) throw new RangeError(`halfLifeMs must be positive, got ${this.halfLifeMs}`)
  }

  /** Adds penalty points (> 0) to a peer, with a reason kept for diagnostics. */
  penalise (peerId: string, points: number, reason: string): void {
    if (!(points > 0) || !Number.isFinite(points)) throw new RangeError(`penalty points must be positive and finite, got ${points}`)
    const account = this.settle(peerId)
    account.points += points
    account.reasons.push(reason)
    if (account.reasons.length > MAX_REASONS) account.reasons.shift()
  }

  /** Bans a peer for good: its score stays at `bannedScore`. */
  ban (peerId: string, reason: string): void {
    const account = this.settle(peerId)
    account.banned = true
    account.reasons.push(`ban: ${reason}`)
    if (account.reasons.length > MAX_REASONS) account.reasons.shift()
  }

  isBanned (peerId: string): boolean {
    return this.accounts.get(peerId)?.banned === true
  }

  /** The application-specific score: 0 for a clean peer, negative for a penalised one. */
  score (peerId: string): number {
    const account = this.accounts.get(peerId)
    if (account === undefined) return 0
    if (account.banned) return this.bannedScore
    return -this.decayed(account)
  }

  entries (): PenaltyEntry[] {
    return [...this.accounts.entries()].map(([peerId, a]) => ({
      peerId, points: a.banned ? Infinity : this.decayed(a), banned: a.banned, reasons: [...a.reasons]
    }))
  }

  private decayed (account: Account): number {
    const elapsed = Math.max(0, this.now() - account.at)
    return account.points * 0.5 ** (elapsed / this.halfLifeMs)
  }

  private settle (peerId: string): Account {
    let account = this.accounts.get(peerId)
    const now = this.now()
    if (account === undefined) {
      account = { points: 0, at: now, banned: false, reasons: [] }
      this.accounts.set(peerId, account)
    } else {
      account.points = this.decayed(account)
      account.at = now
    }
    return account
  }
}
