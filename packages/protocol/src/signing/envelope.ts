import * as nodeCrypto from 'node:crypto'
import { concatBytes, equalBytes } from '../bytes.js'
import { DecodeError, EncodeError, fail, ok, type Result } from '../errors.js'
import { LIMITS } from '../limits.js'
import { carve, ownCopy } from '../codec/byte-slab.js'
import { hex } from '../codec/hex.js'
import { Reader } from '../codec/reader.js'
import { Writer } from '../codec/writer.js'
import { decodeRecord, encodeRecord } from '../records/codec.js'
import { PROTOCOL_VERSION, type ProtocolRecord, type RecordInit } from '../records/types.js'
import { domainPrefix, signingMessage } from './domain.js'
import { isWeakPublicKey, verifySignature, type Signer } from './keys.js'
import { verifyOnce, verifyOnceDeferred } from './verification-cache.js'

/**
 * A record with its canonical body bytes and signature. The id is sha256(body): the signature is
 * not part of it, so one statement has one id however many valid signatures it has.
 */
export interface SignedRecord<R extends ProtocolRecord = ProtocolRecord> {
  readonly record: R
  readonly body: Uint8Array
  readonly signature: Uint8Array
  readonly id: Uint8Array
  readonly idHex: string
  readonly authorHex: string
}

declare const verified: unique symbol
/** A signed record whose signature (and, for accusations, whose evidence) was checked for one swarm. */
export type VerifiedRecord<R extends ProtocolRecord = ProtocolRecord> = SignedRecord<R> & { readonly [verified]: true }

export function recordId (body: Uint8Array): Uint8Array {
  return bodyDigest(body).id
}

function assemble<R extends ProtocolRecord> (record: R, body: Uint8Array, signature: Uint8Array): VerifiedRecord<R> {
  const { id, idHex } = bodyDigest(body)
  return { record, body, signature, id, idHex, authorHex: hex(record.author) } as VerifiedRecord<R>
}

// crypto.hash (Node >= 20.12) skips building a Hash object: about a third faster on record-sized input.
const oneShotHash = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

/**
 * sha256 of a body: the id's bytes and its hex. The digest comes back as a 'binary' string and is
 * written into slab memory: a digest Buffer would be a separate 32-byte off-heap allocation per
 * record, each tracked and swept by the GC (twice the hash's own time, on the gossip path).
 */
function bodyDigest (body: Uint8Array): { id: Uint8Array, idHex: string } {
  const digest = oneShotHash !== undefined ? oneShotHash('sha256', body, 'binary') : nodeCrypto.createHash('sha256').update(body).digest('binary')
  const id = carve(32)
  for (let i = 0; i < 32; i++) id[i] = digest.charCodeAt(i)
  return { id, idHex: hex(id) }
}

/** Signs a record for a swarm. Throws `EncodeError` if the record breaks a protocol rule. */
export function signRecord<R extends ProtocolRecord> (init: RecordInit<R>, signer: Signer, swarm: string): VerifiedRecord<R> {
  const record = { version: PROTOCOL_VERSION, ...init } as unknown as R
  if (!equalBytes(record.author, signer.publicKey)) {
    throw new EncodeError('author', 'the record names another author than the signing key')
  }
  const body = encodeRecord(record)
  return assemble(record, body, signer.sign(signingMessage(swarm, body)))
}

/** Wire form of a signed record: `uint len | body | signature[64]`. */
export function encodeSigned (signed: SignedRecord): Uint8Array {
  const w = new Writer(signed.body.length + 72)
  w.bytes(signed.body, 'body').fixed(signed.signature, 64, 'signature')
  return w.finish()
}

export interface OpenOptions {
  /** Reject accusations (used for evidence embedded in an accusation: no nesting). */
  readonly allowAccusations?: boolean
}

/**
 * Decodes, validates and verifies a wire record for a swarm. Never throws; the error names the
 * field. Accusations are opened with their evidence, which must itself verify.
 */
export function openRecord (bytes: Uint8Array, swarm: string, options: OpenOptions = {}): Result<VerifiedRecord> {
  const read = readWire(bytes, swarm)
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
  const read = readWire(bytes, swarm)
  if (!read.ok) return read
  const u = read.value
  if (u.record.kind === 'accusation') {
    const valid = verifyOnce(u.idHex, swarm, u.signature, () => verifySignature(u.record.author, concatBytes([u.prefix, u.body]), u.signature))
    return settle(u, valid, swarm, {})
  }
  const author = u.record.author
  const valid = verifyOnceDeferred(u.idHex, swarm, u.signature, () => isWeakPublicKey(author) ? false : verify(author, concatBytes([u.prefix, u.body]), u.signature))
  return typeof valid === 'boolean' ? settle(u, valid, swarm, {}) : valid.then(v => settle(u, v, swarm, {}))
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

function readWire (bytes: Uint8Array, swarm: string): Result<Unverified> {
  if (!(bytes instanceof Uint8Array)) return fail('envelope', 'expected bytes')
  if (bytes.length > LIMITS.maxRecordBytes + 80) return fail('envelope', `larger than ${LIMITS.maxRecordBytes} bytes`)
  let body: Uint8Array
  let signature: Uint8Array
  try {
    // `uint len | body | signature[64]`, with the reader's checks and messages. Body and signature
    // are views of one private copy: one allocation rather than two on the gossip hot path.
    const r = new Reader(bytes)
    const length = r.uint('envelope.body', LIMITS.maxRecordBytes)
    const left = r.remaining
    if (left < length) throw new DecodeError('envelope.body', `expected ${length} bytes, ${left} left`)
    if (left - length < 64) throw new DecodeError('envelope.signature', `expected 64 bytes, ${left - length} left`)
    if (left - length > 64) throw new DecodeError('envelope', `${left - length - 64} trailing bytes`)
    const own = ownCopy(bytes.subarray(bytes.length - left))
    body = own.subarray(0, length)
    signature = own.subarray(length)
  } catch (err) {
    if (err instanceof DecodeError) return fail(err.field, err.reason)
    return fail('envelope', 'malformed')
  }
  // The body is our own copy and never changes: its byte fields can be views of it.
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

/** Finishes an opening once the signature's verdict is known. */
function settle (u: Unverified, valid: boolean, swarm: string, options: OpenOptions): Result<VerifiedRecord> {
  if (!valid) return fail('envelope.signature', `invalid signature for swarm ${JSON.stringify(swarm)}`)
  const record = u.record
  if (record.kind === 'accusation') {
    if (options.allowAccusations === false) return fail('evidence', 'evidence records may not be accusations')
    const evidence = checkEvidence(record, swarm)
    if (!evidence.ok) return evidence
  }
  return ok({ record, body: u.body, signature: u.signature, id: u.id, idHex: u.idHex, authorHex: hex(record.author) } as VerifiedRecord<ProtocolRecord>)
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
