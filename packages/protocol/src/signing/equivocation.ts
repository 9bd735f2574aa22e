import { toHex } from '../bytes.js'
import { EncodeError } from '../errors.js'
import type { AccusationRecord, RecordInit } from '../records/types.js'
import { encodeSigned, type SignedRecord } from './envelope.js'

/**
 * Builds the accusation an honest peer publishes when it holds two records by one author with one
 * sequence number: the pair is the proof, and any peer can check it without trusting the accuser.
 */
export function equivocationProof (
  first: SignedRecord,
  second: SignedRecord,
  accuser: { author: Uint8Array, seq: number, time: number }
): RecordInit<AccusationRecord> {
  if (first.authorHex !== second.authorHex) throw new EncodeError('evidence', 'the records have different authors')
  if (first.record.seq !== second.record.seq) throw new EncodeError('evidence', 'the records have different sequence numbers')
  if (first.idHex === second.idHex) throw new EncodeError('evidence', `the records are one statement (${toHex(first.id).slice(0, 12)})`)
  return {
    kind: 'accusation',
    author: accuser.author,
    seq: accuser.seq,
    time: accuser.time,
    accused: first.record.author,
    evidence: { kind: 'equivocation', first: encodeSigned(first), second: encodeSigned(second) }
  }
}
