import type { VerifiedRecord } from './envelope.js'
import { stillVouches, verificationCacheCapacity, verificationToken } from './verification-cache.js'

/**
 * Openings (decoded, validated, verified records) filed by their exact wire bytes, so that a
 * process that opens the same bytes again gets the same record back without copying, decoding or
 * hashing them: in-process peers each opening every record, or a record arriving twice.
 *
 * An opening rests on the verification cache: it is answered only while the verification entry
 * it was derived from is held (so `setVerificationCacheSize` governs both, and eviction stays
 * exact), and only for the same swarm and byte-identical body and signature. Lookups allocate
 * nothing: the key is 30 bits of the signature (of R, which is uniformly spread), and a key that
 * two signatures share only costs a miss.
 */
interface Opening {
  readonly swarm: string
  readonly record: VerifiedRecord
  /** The verification entry it rests on. */
  readonly token: object
}

const openings = new Map<number, Opening>()

const compareBytes = Buffer.prototype.compare

/** 30 bits of the signature that starts at `at`: a small-integer Map key that needs no allocation. */
export function signatureKey (bytes: Uint8Array, at: number): number {
  return ((bytes[at] as number) << 22) | ((bytes[at + 1] as number) << 14) | ((bytes[at + 2] as number) << 6) | ((bytes[at + 3] as number) >> 2)
}

/** True when `part` equals `bytes[start, end)`. */
export function sameBytes (part: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  return part.length === end - start && compareBytes.call(part, bytes, start, end) === 0
}

/**
 * The opening held for the wire record in `bytes` whose body is `[bodyStart, sigStart)` and whose
 * signature is the 64 bytes at `sigStart`, opened for `swarm`; undefined if none.
 */
export function heldOpening (bytes: Uint8Array, bodyStart: number, sigStart: number, swarm: string): VerifiedRecord | undefined {
  if (openings.size === 0) return undefined
  if (verificationCacheCapacity() === 0) { openings.clear(); return undefined }
  const key = signatureKey(bytes, sigStart)
  const opening = openings.get(key)
  if (opening === undefined || opening.swarm !== swarm) return undefined
  const record = opening.record
  if (!sameBytes(record.signature, bytes, sigStart, sigStart + 64) || !sameBytes(record.body, bytes, bodyStart, sigStart)) return undefined
  if (!stillVouches(record.idHex, opening.token)) {
    openings.delete(key)
    return undefined
  }
  return opening.record
}

/** Files a record just opened for `swarm`, if the verification cache holds its verification. */
export function rememberOpening (record: VerifiedRecord, swarm: string): void {
  const capacity = verificationCacheCapacity()
  if (capacity === 0) return
  const token = verificationToken(record.idHex, swarm, record.signature)
  if (token === undefined) return
  const key = signatureKey(record.signature, 0)
  openings.delete(key)
  // The oldest go first (a smaller capacity set since then is caught up with here).
  for (const oldest of openings.keys()) {
    if (openings.size < capacity) break
    openings.delete(oldest)
  }
  openings.set(key, { swarm, record, token })
}
