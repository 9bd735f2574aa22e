import { equalBytes } from '../bytes.js'
import { EncodeError } from '../errors.js'
import { hex } from '../codec/hex.js'
import { Writer } from '../codec/writer.js'
import { encodeRecord } from '../records/codec.js'
import { PROTOCOL_VERSION, type ProtocolRecord, type RecordInit } from '../records/types.js'
import { signingMessage } from './domain.js'
import type { KeySigner, Signer } from './keys.js'
import { bodyDigest } from './record-id.js'

export { recordId } from './record-id.js'

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

function assemble<R extends ProtocolRecord> (record: R, body: Uint8Array, signature: Uint8Array): VerifiedRecord<R> {
  const { id, idHex } = bodyDigest(body)
  return { record, body, signature, id, idHex, authorHex: hex(record.author) } as VerifiedRecord<R>
}

/** Signs a record for a swarm. Throws `EncodeError` if the record breaks a protocol rule. */
export function signRecord<R extends ProtocolRecord> (init: RecordInit<R>, signer: Signer, swarm: string): VerifiedRecord<R> {
  const { record, body } = prepare(init, signer)
  return assemble(record, body, signer.sign(signingMessage(swarm, body)))
}

/** The record and its body, checked against the protocol's rules and the signing key. */
function prepare<R extends ProtocolRecord> (init: RecordInit<R>, signer: Signer): { record: R, body: Uint8Array } {
  const record = { version: PROTOCOL_VERSION, ...init } as unknown as R
  if (!equalBytes(record.author, signer.publicKey)) {
    throw new EncodeError('author', 'the record names another author than the signing key')
  }
  return { record, body: encodeRecord(record) }
}

/**
 * `signRecord` with the signing done by `sign` (e.g. on a worker thread). A record that breaks a
 * protocol rule throws `EncodeError` at once, as `signRecord` does; the signature comes later.
 */
export function signRecordWith<R extends ProtocolRecord> (init: RecordInit<R>, signer: Signer, swarm: string, sign: KeySigner): Promise<VerifiedRecord<R>> {
  const { record, body } = prepare(init, signer)
  return signer.signWith(signingMessage(swarm, body), sign).then(signature => assemble(record, body, signature))
}

/** Wire form of a signed record: `uint len | body | signature[64]`. */
export function encodeSigned (signed: SignedRecord): Uint8Array {
  const w = new Writer(signed.body.length + 72)
  w.bytes(signed.body, 'body').fixed(signed.signature, 64, 'signature')
  return w.finish()
}
