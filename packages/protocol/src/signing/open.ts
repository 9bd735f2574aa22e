import { concatBytes, equalBytes } from '../bytes.js'
import { DecodeError, EncodeError, fail, ok, type Result } from '../errors.js'
import { LIMITS } from '../limits.js'
import { ownCopy } from '../codec/byte-slab.js'
import { hex } from '../codec/hex.js'
import { Reader } from '../codec/reader.js'
import { Writer } from '../codec/writer.js'
import { decodeRecord } from '../records/codec.js'
import type { ProtocolRecord } from '../records/types.js'
import { domainPrefix } from './domain.js'
import type { VerifiedRecord } from './envelope.js'
import { isWeakPublicKey, verifySignature } from './keys.js'
import { heldOpening, rememberOpening, sameBytes, signatureKey } from './opening-cache.js'
import { bodyDigest } from './record-id.js'
import { verificationCacheCapacity, verifyOnce, verifyOnceDeferred } from './verification-cache.js'

/**
 * Opening a wire record `uint len | body | signature[64]`: split, decode and validate, hash,
 * verify (here or through a deferred verifier), check an accusation's evidence. Successful
 * openings are filed with the process's verification cache (`opening-cache.ts`), so a process that
 * opens the same bytes again (in-process peers, a record arriving twice) gets the same record back.
 */
export interface OpenOptions {
  /** Reject accusations (used for evidence embedded in an accusation: no nesting). */
  readonly allowAccusations?: boolean
}

/**
 * Decodes, validates and verifies a wire record for a swarm. Never throws; the error names the
 * field. Accusations are opened with their evidence, which must itself verify.
 */
export function openRecord (bytes: Uint8Array, swarm: string, options: OpenOptions = {}): Result<VerifiedRecord> {
  const wire = splitWire(bytes)
  if (!wire.ok) return wire
  const held = heldOpening(bytes, wire.value.bodyStart, wire.value.sigStart, swarm)
  if (held !== undefined) return admit(held, options)
  const read = readWire(bytes, wire.value, swarm)
  if (!read.ok) return read
  const u = read.value
  // Cached process-wide: a process that opens one record many times (in-process swarms) verifies
  // it once. The id (sha256 of the body, which names the author key) and the swarm (whose prefix
  // with the body is the signed message) determine the key and the message, as sha256 of the
  // message would; the id is needed anyway, so a cache hit costs no extra hash.
  const valid = verifyOnce(u.idHex, swarm, u.signature, () => verifySignature(u.record.author, concatBytes([u.prefix, u.body]), u.signature))
  return settle(u, valid, swarm, options)
}

/**
 * Plain Ed25519 verification (RFC 8032) of a 32-byte key and a 64-byte signature, possibly
 * elsewhere (a worker thread). It never sees a weak key: `openRecordDeferred` refuses those first.
 * A key that is not a curve point, or any failure to verify, is `false`; the promise may reject
 * only if the verifier itself broke (the record is then neither accepted nor refused).
 */
export type Ed25519Verifier = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>

/**
 * `openRecord` with the signature check handed to `verify` when the verification cache does not
 * already hold it. Returns the result at once when no verification is left to wait for (cached,
 * malformed, or `verify` answered synchronously), else a promise of it. Accusations, whose
 * evidence holds more signatures, are opened synchronously, exactly as `openRecord` does.
 */
export function openRecordDeferred (bytes: Uint8Array, swarm: string, verify: Ed25519Verifier): Result<VerifiedRecord> | Promise<Result<VerifiedRecord>> {
  const wire = splitWire(bytes)
  if (!wire.ok) return wire
  const held = heldOpening(bytes, wire.value.bodyStart, wire.value.sigStart, swarm)
  if (held !== undefined) return ok(held)
  const read = readWire(bytes, wire.value, swarm)
  if (!read.ok) return read
  const u = read.value
  if (u.record.kind === 'accusation') {
    const valid = verifyOnce(u.idHex, swarm, u.signature, () => verifySignature(u.record.author, concatBytes([u.prefix, u.body]), u.signature))
    return settle(u, valid, swarm, {})
  }
  const author = u.record.author
  const valid = verifyOnceDeferred(u.idHex, swarm, u.signature, () => isWeakPublicKey(author) ? false : verify(author, concatBytes([u.prefix, u.body]), u.signature))
  if (typeof valid === 'boolean') return settle(u, valid, swarm, {})
  const result = valid.then(v => settle(u, v, swarm, {}))
  awaitingVerdict(u, swarm, result)
  return result
}

/**
 * The opening this process already made of these exact wire bytes in this swarm: the record, or
 * the promise of an opening still waiting for its signature's verdict (`openRecordDeferred`), or
 * undefined. The cheapest way to recognise a copy of a record opened before: no hash, no
 * decoding, no allocation. Never throws.
 */
export function cachedRecord (bytes: Uint8Array, swarm: string): VerifiedRecord | Promise<Result<VerifiedRecord>> | undefined {
  const bodyStart = bodyOffset(bytes)
  if (bodyStart < 0) return undefined
  const sigStart = bytes.length - 64
  const held = heldOpening(bytes, bodyStart, sigStart, swarm)
  if (held !== undefined || inFlight.size === 0) return held
  const waiting = inFlight.get(signatureKey(bytes, sigStart))
  if (waiting === undefined || waiting.swarm !== swarm) return undefined
  if (!sameBytes(waiting.signature, bytes, sigStart, sigStart + 64) || !sameBytes(waiting.body, bytes, bodyStart, sigStart)) return undefined
  return waiting.result
}

/** Refuses an opening the caller's options forbid (a shared one was opened without them). */
function admit (record: VerifiedRecord, options: OpenOptions): Result<VerifiedRecord> {
  if (record.record.kind === 'accusation' && options.allowAccusations === false) return fail('evidence', 'evidence records may not be accusations')
  return ok(record)
}

/**
 * Openings waiting for their signature's verdict, while the verification cache is enabled: a
 * second opening of the same bytes meanwhile (another in-process peer) waits for the first
 * instead of copying, decoding and hashing them again.
 */
const inFlight = new Map<number, { readonly swarm: string, readonly body: Uint8Array, readonly signature: Uint8Array, readonly result: Promise<Result<VerifiedRecord>> }>()

function awaitingVerdict (u: Unverified, swarm: string, result: Promise<Result<VerifiedRecord>>): void {
  if (verificationCacheCapacity() === 0) return
  const key = signatureKey(u.signature, 0)
  inFlight.set(key, { swarm, body: u.body, signature: u.signature, result })
  const done = (): void => { if (inFlight.get(key)?.result === result) inFlight.delete(key) }
  result.then(done, done)
}

/**
 * Where the body starts if `bytes` is a well-formed envelope (canonical length varint within the
 * limit, then the body, then exactly 64 bytes), else -1. Accepts exactly what `splitWire` does.
 */
function bodyOffset (bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array) || bytes.length > LIMITS.maxRecordBytes + 80) return -1
  let length = 0
  let scale = 1
  for (let i = 0; i < 8; i++) {
    if (i >= bytes.length) return -1
    const byte = bytes[i] as number
    length += (byte & 0x7f) * scale
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 0) return -1
      return length <= LIMITS.maxRecordBytes && i + 1 + length + 64 === bytes.length ? i + 1 : -1
    }
    scale *= 0x80
  }
  return -1
}

/** Offsets of the body `[bodyStart, sigStart)` and of the 64-byte signature at `sigStart`. */
interface WireParts {
  readonly bodyStart: number
  readonly sigStart: number
}

/** Splits `uint len | body | signature[64]`, with the reader's checks and messages. */
function splitWire (bytes: Uint8Array): Result<WireParts> {
  if (!(bytes instanceof Uint8Array)) return fail('envelope', 'expected bytes')
  if (bytes.length > LIMITS.maxRecordBytes + 80) return fail('envelope', `larger than ${LIMITS.maxRecordBytes} bytes`)
  try {
    const r = new Reader(bytes)
    const length = r.uint('envelope.body', LIMITS.maxRecordBytes)
    const left = r.remaining
    if (left < length) throw new DecodeError('envelope.body', `expected ${length} bytes, ${left} left`)
    if (left - length < 64) throw new DecodeError('envelope.signature', `expected 64 bytes, ${left - length} left`)
    if (left - length > 64) throw new DecodeError('envelope', `${left - length - 64} trailing bytes`)
    const bodyStart = bytes.length - left
    return ok({ bodyStart, sigStart: bodyStart + length })
  } catch (err) {
    if (err instanceof DecodeError) return fail(err.field, err.reason)
    return fail('envelope', 'malformed')
  }
}

/** A wire record decoded, validated and hashed; its signature not yet checked. */
interface Unverified {
  readonly record: ProtocolRecord
  readonly body: Uint8Array
  readonly signature: Uint8Array
  readonly id: Uint8Array
  readonly idHex: string
  /** The swarm's domain prefix: with the body, the signed message. */
  readonly prefix: Uint8Array
}

function readWire (bytes: Uint8Array, wire: WireParts, swarm: string): Result<Unverified> {
  // Body and signature become views of one private copy (one allocation on the gossip hot path),
  // which never changes: the record's byte fields can be views of it too.
  const own = ownCopy(bytes.subarray(wire.bodyStart))
  const bodyLength = wire.sigStart - wire.bodyStart
  const body = own.subarray(0, bodyLength)
  const signature = own.subarray(bodyLength)
  const decoded = decodeRecord(body, { views: true })
  if (!decoded.ok) return decoded
  let prefix: Uint8Array
  try {
    prefix = domainPrefix(swarm)
  } catch (err) {
    // A bad swarm name is the caller's, but "never throws" holds for every argument.
    return fail('swarm', err instanceof EncodeError ? err.reason : 'invalid swarm name')
  }
  const { id, idHex } = bodyDigest(body)
  return ok({ record: decoded.value, body, signature, id, idHex, prefix })
}

/** Finishes an opening once the signature's verdict is known, and files a success for reuse. */
function settle (u: Unverified, valid: boolean, swarm: string, options: OpenOptions): Result<VerifiedRecord> {
  if (!valid) return fail('envelope.signature', `invalid signature for swarm ${JSON.stringify(swarm)}`)
  const record = u.record
  if (record.kind === 'accusation') {
    if (options.allowAccusations === false) return fail('evidence', 'evidence records may not be accusations')
    const evidence = checkEvidence(record, swarm)
    if (!evidence.ok) return evidence
  }
  const opened = { record, body: u.body, signature: u.signature, id: u.id, idHex: u.idHex, authorHex: hex(record.author) } as VerifiedRecord<ProtocolRecord>
  rememberOpening(opened, swarm)
  return ok(opened)
}

/** Same as `openRecord` for records already split into body and signature (e.g. from storage). */
export function verifyRecord (body: Uint8Array, signature: Uint8Array, swarm: string): Result<VerifiedRecord> {
  const w = new Writer(body.length + 72)
  w.bytes(body, 'body').fixed(signature, 64, 'signature')
  return openRecord(w.finish(), swarm)
}

/**
 * Accusation evidence must be authentic and must say what it claims:
 * - equivocation: two valid records by the accused with one seq and different ids (a proof);
 * - evaluation mismatch: a valid evaluation by the accused whose outcomes differ from the
 *   accuser's at the named items (a claim that peers check by re-executing).
 */
function checkEvidence (record: Extract<ProtocolRecord, { kind: 'accusation' }>, swarm: string): Result<true> {
  const ev = record.evidence
  const embedded = (bytes: Uint8Array, field: string): Result<VerifiedRecord> => {
    const opened = openRecord(bytes, swarm, { allowAccusations: false })
    if (!opened.ok) return fail(`accusation.evidence.${field}`, `${opened.error.field}: ${opened.error.reason}`)
    if (!equalBytes(opened.value.record.author, record.accused)) return fail(`accusation.evidence.${field}`, 'not signed by the accused')
    return opened
  }
  if (ev.kind === 'equivocation') {
    const a = embedded(ev.first, 'first')
    if (!a.ok) return a
    const b = embedded(ev.second, 'second')
    if (!b.ok) return b
    if (a.value.record.seq !== b.value.record.seq) return fail('accusation.evidence', 'the two records have different sequence numbers')
    if (equalBytes(a.value.id, b.value.id)) return fail('accusation.evidence', 'the two records are the same statement')
    return ok(true)
  }
  const e = embedded(ev.evaluation, 'evaluation')
  if (!e.ok) return e
  const evaluation = e.value.record
  if (evaluation.kind !== 'evaluation') return fail('accusation.evidence.evaluation', `expected an evaluation, got a ${evaluation.kind}`)
  if (ev.expectedBaseline.length > 0 && evaluation.baseline.length === 0) {
    return fail('accusation.evidence.expectedBaseline', 'the evaluation carries no baseline to contradict')
  }
  let differs = false
  for (let i = 0; i < ev.indices.length; i++) {
    const index = ev.indices[i] as number
    if (index >= evaluation.items.length) return fail(`accusation.evidence.indices[${i}]`, `no item ${index} in the evaluation`)
    if (evaluation.outcomes[index] !== ev.expected[i]) differs = true
    if (ev.expectedBaseline.length > 0 && evaluation.baseline[index] !== ev.expectedBaseline[i]) differs = true
  }
  if (!differs) return fail('accusation.evidence.expected', 'agrees with the evaluation: nothing is contradicted')
  return ok(true)
}
