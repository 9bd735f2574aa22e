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
}

class VerificationCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the least recently used first.
  // Keyed by the subject alone (for records, an id string the caller uses for its own maps too,
  // whose hash V8 then computes once); the entry must match context and signature exactly.
  private readonly entries = new Map<string, Entry>()
  private hits = 0
  private misses = 0

  constructor (private capacity: number) {}

  verify (subject: string, context: string, signature: Uint8Array, verify: () => boolean): boolean {
    const held = this.entries.get(subject)
    if (held !== undefined && held.context === context && equalBytes(held.signature, signature)) {
      this.entries.delete(subject)
      this.entries.set(subject, held)
      this.hits++
      return true
    }
    this.misses++
    if (!verify()) return false
    if (this.capacity === 0) return true
    // One entry per subject: a second valid signature (or context) replaces the first.
    this.entries.delete(subject)
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next()
      if (oldest.done !== true) this.entries.delete(oldest.value)
    }
    this.entries.set(subject, { context, signature: signature.slice() })
    return true
  }

  resize (capacity: number): void {
    this.capacity = capacity
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
