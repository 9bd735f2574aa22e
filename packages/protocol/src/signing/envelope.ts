import * as nodeCrypto from 'node:crypto'
import { concatBytes, equalBytes, toHex } from '../bytes.js'
import { DecodeError, EncodeError, fail, ok, type Result } from '../errors.js'
import { LIMITS } from '../limits.js'
import { Reader } from '../codec/reader.js'
import { Writer } from '../codec/writer.js'
import { decodeRecord, encodeRecord } from '../records/codec.js'
import { PROTOCOL_VERSION, type ProtocolRecord, type RecordInit } from '../records/types.js'
import { domainPrefix, signingMessage } from './domain.js'
import { verifySignature, type Signer } from './keys.js'
import { verifyOnce } from './verification-cache.js'

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
  return bodyDigest(body)
}

function assemble<R extends ProtocolRecord> (record: R, body: Uint8Array, signature: Uint8Array): VerifiedRecord<R> {
  const id = recordId(body)
  return { record, body, signature, id, idHex: toHex(id), authorHex: toHex(record.author) } as VerifiedRecord<R>
}

// crypto.hash (Node >= 20.12) skips building a Hash object: about a third faster on record-sized input.
const oneShotHash = typeof nodeCrypto.hash === 'function' ? nodeCrypto.hash : undefined

function bodyDigest (body: Uint8Array): Uint8Array {
  const digest = oneShotHash !== undefined ? oneShotHash('sha256', body, 'buffer') : nodeCrypto.createHash('sha256').update(body).digest()
  // A digest owns its 32-byte ArrayBuffer: view it rather than copy. Were it ever carved from a
  // shared pool, a view would pin the pool, so then copy.
  return digest.buffer.byteLength === digest.byteLength ? new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength) : new Uint8Array(digest)
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
    const own = bytes.slice(bytes.length - left)
    body = own.subarray(0, length)
    signature = own.subarray(length)
  } catch (err) {
    if (err instanceof DecodeError) return fail(err.field, err.reason)
    return fail('envelope', 'malformed')
  }
  const decoded = decodeRecord(body)
  if (!decoded.ok) return decoded
  const record = decoded.value
  let prefix: Uint8Array
  try {
    prefix = domainPrefix(swarm)
  } catch (err) {
    // A bad swarm name is the caller's, but "never throws" holds for every argument.
    return fail('swarm', err instanceof EncodeError ? err.reason : 'invalid swarm name')
  }
  const id = bodyDigest(body)
  const idHex = toHex(id)
  // Cached process-wide: a process that opens one record many times (in-process swarms) verifies
  // it once. The id (sha256 of the body, which names the author key) and the swarm (whose prefix
  // with the body is the signed message) determine the key and the message, as sha256 of the
  // message would; the id is needed anyway, so a cache hit costs no extra hash.
  const valid = verifyOnce(idHex, swarm, signature, () => verifySignature(record.author, concatBytes([prefix, body]), signature))
  if (!valid) return fail('envelope.signature', `invalid signature for swarm ${JSON.stringify(swarm)}`)
  if (record.kind === 'accusation') {
    if (options.allowAccusations === false) return fail('evidence', 'evidence records may not be accusations')
    const evidence = checkEvidence(record, swarm)
    if (!evidence.ok) return evidence
  }
  return ok({ record, body, signature, id, idHex, authorHex: toHex(record.author) } as VerifiedRecord<ProtocolRecord>)
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
