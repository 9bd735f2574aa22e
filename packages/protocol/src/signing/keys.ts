import { createPrivateKey, createPublicKey, randomBytes, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto'
import { toHex } from '../bytes.js'

/**
 * Ed25519 keys in tweetnacl's format: a 32-byte public key and a 64-byte secret key made of the
 * 32-byte seed followed by the public key. node:crypto does the signing and verifying: it is two
 * orders of magnitude faster than tweetnacl and, both being RFC 8032, byte-for-byte compatible.
 */
export interface KeyPair {
  readonly publicKey: Uint8Array
  readonly secretKey: Uint8Array
}

// DER headers that wrap a raw Ed25519 seed (PKCS#8) or public key (SPKI) for node:crypto.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex')

export class KeyError extends Error {
  override readonly name = 'KeyError'
}

export function keyPairFromSeed (seed: Uint8Array): KeyPair {
  if (seed.length !== 32) throw new KeyError(`an Ed25519 seed is 32 bytes, got ${seed.length}`)
  const priv = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' })
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' })
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32))
  const secretKey = new Uint8Array(64)
  secretKey.set(seed, 0)
  secretKey.set(publicKey, 32)
  return { publicKey, secretKey }
}

export function generateKeyPair (): KeyPair {
  return keyPairFromSeed(new Uint8Array(randomBytes(32)))
}

/** Checks a tweetnacl-format key pair: sizes, and that the public half matches the seed. */
export function checkKeyPair (pair: KeyPair): void {
  if (pair.publicKey.length !== 32) throw new KeyError(`public key must be 32 bytes, got ${pair.publicKey.length}`)
  if (pair.secretKey.length !== 64) throw new KeyError(`secret key must be 64 bytes, got ${pair.secretKey.length}`)
  const derived = keyPairFromSeed(pair.secretKey.subarray(0, 32))
  if (Buffer.compare(derived.publicKey, pair.publicKey) !== 0 || Buffer.compare(derived.publicKey, pair.secretKey.subarray(32)) !== 0) {
    throw new KeyError('public key does not match the secret key')
  }
}

/** Holds a private KeyObject so signing does not re-parse the key each time. */
export class Signer {
  readonly publicKey: Uint8Array
  readonly publicKeyHex: string
  private readonly key: KeyObject

  constructor (pair: KeyPair) {
    checkKeyPair(pair)
    this.publicKey = pair.publicKey
    this.publicKeyHex = toHex(pair.publicKey)
    this.key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, pair.secretKey.subarray(0, 32)]), format: 'der', type: 'pkcs8' })
  }

  sign (message: Uint8Array): Uint8Array {
    return new Uint8Array(edSign(null, message, this.key))
  }

  /**
   * Signs with `sign`, handing it the private key as node:crypto holds it: a KeyObject can be
   * posted to a worker thread of this process, so signing can happen off the calling thread.
   * Resolves with the signature once it is a 64-byte string; what `sign` computes is trusted.
   */
  async signWith (message: Uint8Array, sign: KeySigner): Promise<Uint8Array> {
    const signature = await sign(this.key, message)
    if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new KeyError('the signing function returned no 64-byte signature')
    return signature
  }
}

/** Ed25519 signing (RFC 8032) of a message with a private key, here or on another thread. */
export type KeySigner = (key: KeyObject, message: Uint8Array) => Uint8Array | Promise<Uint8Array>

/**
 * Public KeyObjects cached by key. Parsing a key costs more than verifying with it; a swarm has
 * few authors, so a bounded cache makes verification run at node:crypto's raw speed.
 */
const MAX_CACHED_KEYS = 8192
const publicKeys = new Map<string, KeyObject | null>()

function publicKeyObject (publicKey: Uint8Array): KeyObject | null {
  const hex = toHex(publicKey)
  let key = publicKeys.get(hex)
  if (key !== undefined) return key
  try {
    key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' })
  } catch {
    key = null // not a valid curve point: every signature under it is invalid
  }
  if (publicKeys.size >= MAX_CACHED_KEYS) {
    const oldest = publicKeys.keys().next().value
    if (oldest !== undefined) publicKeys.delete(oldest)
  }
  publicKeys.set(hex, key)
  return key
}

/**
 * The y-coordinates (little-endian, sign bit ignored) of the Ed25519 points of small order, and
 * their non-canonical aliases y + p. A key of small order has no secret behind it: with the
 * identity point, one signature verifies for every message. RFC 8032 verification (OpenSSL's)
 * does not refuse them, so we do, as libsodium does.
 */
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000', // y = 0, order 4
  '0100000000000000000000000000000000000000000000000000000000000000', // y = 1, the identity
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p - 1, order 2
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p, alias of 0
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f' // y = p + 1, alias of 1
].map(h => Buffer.from(h, 'hex'))

/** True for keys no honest signer can hold: small-order points and non-canonical encodings (y >= p). */
export function isWeakPublicKey (publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return true
  const y = Buffer.from(publicKey)
  y[31] = (y[31] as number) & 0x7f
  if (SMALL_ORDER_Y.some(bad => bad.equals(y))) return true
  // y >= p = 2^255 - 19: bytes 1..30 all 0xff, top byte 0x7f, low byte >= 0xed.
  return y[31] === 0x7f && (y[0] as number) >= 0xed && y.subarray(1, 31).every(b => b === 0xff)
}

/** Ed25519 verification (RFC 8032) refusing weak keys. Never throws: malformed keys or signatures are just invalid. */
export function verifySignature (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  if (isWeakPublicKey(publicKey)) return false
  const key = publicKeyObject(publicKey)
  if (key === null) return false
  try {
    return edVerify(null, message, key, signature)
  } catch {
    return false
  }
}
