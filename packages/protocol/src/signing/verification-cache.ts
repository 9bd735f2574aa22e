import { equalBytes } from '../bytes.js'

/**
 * A process-wide cache of successful signature verifications (what blockchain clients call a
 * sigcache). Ed25519 verification is a pure function of (public key, message, signature), so once
 * a triple has verified it verifies forever. An entry is filed under a subject and a context that
 * together determine the public key and the message (for records: the record id, sha256 of a body
 * that names its author, and the swarm, whose domain prefix with the body is the signed message),
 * and holds the exact signature bytes that verified. Failures are never cached: a forged
 * signature costs a full verification every time, and no sequence of calls can make an invalid
 * triple look valid.
 *
 * What it saves: one process that opens the same record many times (in-process swarms, where every
 * peer shares the thread; a record that arrives by gossip and again by sync). Peers on separate
 * machines each verify on their own: the cache does not change what a real peer pays per record.
 * While it is enabled, a verification running elsewhere (a worker thread) is shared with later
 * askers for the same triple, and `opening-cache.ts` files whole openings on its entries.
 */
export const DEFAULT_VERIFICATION_CACHE_SIZE = 32_768

export interface VerificationCacheStats {
  /** Entries held now. */
  readonly size: number
  readonly capacity: number
  /** Verifications answered from the cache since the process started. */
  readonly hits: number
  /** Verifications that ran (not held, or the cache disabled) since the process started. */
  readonly misses: number
}

interface Entry {
  readonly context: string
  readonly signature: Uint8Array
  /** The cache's clock when the entry was last moved to the back. */
  stamp: number
}

interface InFlight {
  readonly context: string
  readonly signature: Uint8Array
  readonly verdict: Promise<boolean>
}

class VerificationCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used first.
  // Keyed by the subject alone (for records, an id string the caller uses for its own maps too,
  // whose hash V8 then computes once); the entry must match context and signature exactly.
  private readonly entries = new Map<string, Entry>()
  /** Verifications running elsewhere (a worker thread), so that a second asker waits for the first. */
  private readonly inFlight = new Map<string, InFlight>()
  private clock = 0
  private hits = 0
  private misses = 0

  constructor (private capacity: number) {}

  /** True, counting a hit, when `signature` verified before for `subject` in `context`. */
  private held (subject: string, context: string, signature: Uint8Array): boolean {
    const held = this.entries.get(subject)
    if (held === undefined || held.context !== context || !equalBytes(held.signature, signature)) return false
    this.touch(subject, held)
    return true
  }

  /** Counts a hit on an entry and keeps it among the recently used. */
  private touch (subject: string, held: Entry): void {
    // Move a hit to the back only once it has drifted out of the newest quarter: eviction order
    // among recent entries does not matter, and a delete and a set on every hit were most of a
    // hit's cost (and make V8 rehash the table now and then). Small caches stay exact LRU.
    if (this.clock - held.stamp > this.capacity >> 2) {
      this.entries.delete(subject)
      this.entries.set(subject, held)
      held.stamp = this.clock++
    }
    this.hits++
  }

  private remember (subject: string, context: string, signature: Uint8Array): void {
    if (this.capacity === 0) return
    // One entry per subject: a second valid signature (or context) replaces the first.
    this.entries.delete(subject)
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next()
      if (oldest.done !== true) this.entries.delete(oldest.value)
    }
    this.entries.set(subject, { context, signature: signature.slice(), stamp: this.clock++ })
  }

  verify (subject: string, context: string, signature: Uint8Array, verify: () => boolean): boolean {
    if (this.held(subject, context, signature)) return true
    this.misses++
    if (!verify()) return false
    this.remember(subject, context, signature)
    return true
  }

  /**
   * Like `verify`, for a verifier that may answer later (a worker thread). While one verification
   * of a triple runs, later askers for the same triple wait for it instead of starting another
   * (only while the cache is enabled: disabled, every asker verifies, as separate peers do).
   */
  verifyDeferred (subject: string, context: string, signature: Uint8Array, verify: () => boolean | Promise<boolean>): boolean | Promise<boolean> {
    if (this.held(subject, context, signature)) return true
    const running = this.inFlight.get(subject)
    if (running !== undefined && running.context === context && equalBytes(running.signature, signature)) {
      this.hits++
      return running.verdict
    }
    this.misses++
    const verdict = verify()
    if (typeof verdict === 'boolean') {
      if (verdict) this.remember(subject, context, signature)
      return verdict
    }
    if (this.capacity === 0) return verdict
    const flight: InFlight = {
      context,
      signature: signature.slice(),
      verdict: verdict.then(valid => {
        if (this.inFlight.get(subject) === flight) this.inFlight.delete(subject)
        if (valid) this.remember(subject, context, signature)
        return valid
      }, err => {
        if (this.inFlight.get(subject) === flight) this.inFlight.delete(subject)
        throw err
      })
    }
    this.inFlight.set(subject, flight)
    return flight.verdict
  }

  /** The entry that vouches for this exact triple, as an opaque token, or undefined. */
  token (subject: string, context: string, signature: Uint8Array): object | undefined {
    const held = this.entries.get(subject)
    return held !== undefined && held.context === context && equalBytes(held.signature, signature) ? held : undefined
  }

  /** True, counting a hit and refreshing the entry, while `token` is still the entry for `subject`. */
  vouches (subject: string, token: object): boolean {
    const held = this.entries.get(subject)
    if (held === undefined || held !== token) return false
    this.touch(subject, held)
    return true
  }

  get limit (): number {
    return this.capacity
  }

  resize (capacity: number): void {
    this.capacity = capacity
    if (capacity === 0) this.inFlight.clear()
    for (const key of this.entries.keys()) {
      if (this.entries.size <= capacity) break
      this.entries.delete(key)
    }
  }

  stats (): VerificationCacheStats {
    return { size: this.entries.size, capacity: this.capacity, hits: this.hits, misses: this.misses }
  }
}

const cache = new VerificationCache(DEFAULT_VERIFICATION_CACHE_SIZE)

/**
 * Returns true at once if `signature` verified before for `subject` in `context`; otherwise runs
 * `verify` and remembers a success. Subject and context together must determine the public key
 * and the message that `verify` checks.
 */
export function verifyOnce (subject: string, context: string, signature: Uint8Array, verify: () => boolean): boolean {
  return cache.verify(subject, context, signature, verify)
}

/**
 * `verifyOnce` for a verifier that may answer asynchronously: returns a boolean when the answer is
 * known at once (cached, or `verify` answered synchronously), else a promise. Concurrent askers
 * for one triple share one verification while the cache is enabled.
 */
export function verifyOnceDeferred (subject: string, context: string, signature: Uint8Array, verify: () => boolean | Promise<boolean>): boolean | Promise<boolean> {
  return cache.verifyDeferred(subject, context, signature, verify)
}

/**
 * The cache entry that vouches for this exact triple (a verification that succeeded and is still
 * held), as an opaque token for `stillVouches`, or undefined.
 */
export function verificationToken (subject: string, context: string, signature: Uint8Array): object | undefined {
  return cache.token(subject, context, signature)
}

/**
 * True while `token` is still the cache's entry for `subject` (not evicted, not replaced): then
 * what was derived from that verification may be reused. Counts a hit and refreshes the entry.
 */
export function stillVouches (subject: string, token: object): boolean {
  return cache.vouches(subject, token)
}

/** How many verifications the cache holds at most (0: disabled). */
export function verificationCacheCapacity (): number {
  return cache.limit
}

/**
 * Sets how many verified signatures the process remembers (least recently used go first).
 * 0 disables the cache and empties it: every verification then runs Ed25519, as it would for
 * peers that do not share a process (benchmarks use it to show the per-peer cost).
 */
export function setVerificationCacheSize (entries: number): void {
  if (!Number.isSafeInteger(entries) || entries < 0) throw new RangeError(`verification cache size must be a non-negative integer, got ${entries}`)
  cache.resize(entries)
}

export function verificationCacheStats (): VerificationCacheStats {
  return cache.stats()
}
