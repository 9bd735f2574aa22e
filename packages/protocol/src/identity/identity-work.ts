import * as nodeCrypto from 'node:crypto'
import { concatBytes, utf8 } from '../bytes.js'
import { EncodeError } from '../errors.js'
import { LIMITS } from '../limits.js'

/**
 * Identity work: a hashcash-style cost per key. A key is a member of a proof-of-work swarm once
 * one of its hellos carries a nonce with
 *
 *   sha256("promptswarm/identity-work/v1\0" | u8 len(swarm) | swarm | author[32] | u64be nonce)
 *
 * starting with at least `bits` zero bits. The swarm and the key are in the hash, so work done for
 * one key or one swarm is worth nothing for another; the nonce travels in a signed hello, so no
 * one can attach it to a hello of another key either.
 */
const TAG = utf8.encode('promptswarm/identity-work/v1\u0000')

/** Nonces are unsigned safe integers: more than enough attempts for any accepted difficulty. */
export const MAX_IDENTITY_NONCE = Number.MAX_SAFE_INTEGER

/**
 * Accepted difficulties. 2^40 hashes is days of one core; beyond that a swarm would lock out
 * everyone, and the nonce space (2^53) must stay far larger than the expected work.
 */
export const MIN_IDENTITY_WORK_BITS = 1
export const MAX_IDENTITY_WORK_BITS = 40

// crypto.hash (Node >= 20.12) skips building a Hash object per call: it is most of the loop.
const oneShotHash = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

function digest (input: Uint8Array): Uint8Array {
  return oneShotHash !== undefined ? oneShotHash('sha256', input, 'buffer') : nodeCrypto.createHash('sha256').update(input).digest()
}

/** The hash input with room for the nonce in its last 8 bytes. */
function workInput (swarm: string, author: Uint8Array): Uint8Array {
  const name = utf8.encode(swarm)
  if (name.length === 0 || name.length > LIMITS.maxNameBytes) throw new EncodeError('swarm', `a swarm name is 1 to ${LIMITS.maxNameBytes} bytes`)
  if (author.length !== 32) throw new EncodeError('author', `expected a 32-byte public key, got ${author.length} bytes`)
  return concatBytes([TAG, Uint8Array.of(name.length), name, author, new Uint8Array(8)])
}

function writeNonce (input: Uint8Array, nonce: number): void {
  const at = input.length - 8
  const high = Math.floor(nonce / 2 ** 32)
  const low = nonce >>> 0
  input[at] = high >>> 24; input[at + 1] = (high >>> 16) & 0xff; input[at + 2] = (high >>> 8) & 0xff; input[at + 3] = high & 0xff
  input[at + 4] = low >>> 24; input[at + 5] = (low >>> 16) & 0xff; input[at + 6] = (low >>> 8) & 0xff; input[at + 7] = low & 0xff
}

/** Number of leading zero bits of a byte string. */
export function leadingZeroBits (bytes: Uint8Array): number {
  let bits = 0
  for (const byte of bytes) {
    if (byte === 0) { bits += 8; continue }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

/** The work hash of one nonce (see the module comment). Throws `EncodeError` for a bad swarm, key or nonce. */
export function identityWorkHash (swarm: string, author: Uint8Array, nonce: number): Uint8Array {
  if (!Number.isSafeInteger(nonce) || nonce < 0) throw new EncodeError('identityNonce', `expected an unsigned safe integer, got ${nonce}`)
  const input = workInput(swarm, author)
  writeNonce(input, nonce)
  return digest(input)
}

/** Whether `nonce` proves `bits` of identity work for `author` in `swarm`. Never throws: bad input is no proof. */
export function hasIdentityWork (swarm: string, author: Uint8Array, nonce: number, bits: number): boolean {
  if (!Number.isSafeInteger(nonce) || nonce < 0) return false
  let hash: Uint8Array
  try {
    hash = identityWorkHash(swarm, author, nonce)
  } catch {
    return false
  }
  return leadingZeroBits(hash) >= bits
}

export interface MintOptions {
  /** First nonce to try. Default 0. */
  readonly start?: number
  /** Nonces to try before giving up (returns undefined). Default: up to `MAX_IDENTITY_NONCE`. */
  readonly attempts?: number
}

/**
 * Finds a nonce proving `bits` of identity work for `author` in `swarm`: tries `start`,
 * `start + 1`, ... and returns the first that works, or undefined after `attempts` tries (so a
 * caller can mint in slices and yield in between). Pure: the same arguments give the same nonce.
 *
 * Expected cost: each try succeeds with probability 2^-bits, so a mint takes 2^bits hashes on
 * average (geometric: the median is about 0.69 * 2^bits, and one mint in twenty takes more than
 * 3 * 2^bits). Checking a nonce is one hash. An attacker with k identities pays k * 2^bits.
 */
export function mintIdentityWork (swarm: string, author: Uint8Array, bits: number, options: MintOptions = {}): number | undefined {
  if (!Number.isSafeInteger(bits) || bits < 0 || bits > 256) throw new RangeError(`bits must be an integer in [0, 256], got ${bits}`)
  const start = options.start ?? 0
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`start must be an unsigned safe integer, got ${start}`)
  const attempts = options.attempts ?? Infinity
  if (!(attempts >= 0)) throw new RangeError(`attempts must be >= 0, got ${attempts}`)
  const last = Math.min(MAX_IDENTITY_NONCE, start + Math.floor(attempts) - 1)
  const input = workInput(swarm, author)
  // Compare whole zero bytes, then the mask of the partial byte: cheaper than counting every time.
  const zeroBytes = bits >>> 3
  const mask = (0xff00 >>> (bits & 7)) & 0xff
  for (let nonce = start; nonce <= last; nonce++) {
    writeNonce(input, nonce)
    const hash = digest(input)
    let ok = true
    for (let i = 0; i < zeroBytes; i++) if (hash[i] !== 0) { ok = false; break }
    if (ok && (mask === 0 || ((hash[zeroBytes] as number) & mask) === 0)) return nonce
  }
  return undefined
}
