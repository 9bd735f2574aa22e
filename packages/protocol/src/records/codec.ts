import { DecodeError, EncodeError, fail, ok, type Result } from '../errors.js'
import { LIMITS } from '../limits.js'
import { Reader } from '../codec/reader.js'
import { Writer } from '../codec/writer.js'
import { MAX_IDENTITY_NONCE } from '../identity/identity-work.js'
import { PROTOCOL_VERSION, type Evidence, type HelloRecord, type ProtocolRecord, type RecordKind } from './types.js'
import { validateRecord } from './validate.js'

/**
 * Canonical body encoding of a record:
 *   u8 version | u8 kind | author[32] | uint seq | uint time | kind-specific fields
 * Field order is fixed, every primitive has one encoding (see `Writer`), so
 * `decodeRecord(encodeRecord(r))` equals `r` and any other byte string is rejected.
 */
const KIND_CODES: Record<RecordKind, number> = { hello: 1, candidate: 2, evaluation: 3, accusation: 4 }
const KINDS: readonly (RecordKind | undefined)[] = [undefined, 'hello', 'candidate', 'evaluation', 'accusation']
const EVIDENCE_CODES = { equivocation: 0, 'evaluation-mismatch': 1 } as const
/**
 * Optional trailing fields of a hello, each `u8 tag | value`, in increasing tag order. A hello
 * without any keeps the version-1 bytes exactly (no version bump, no changed ids); a decoder that
 * does not know a tag rejects the record, as it rejects any trailing bytes.
 */
const HELLO_EXTENSIONS = { identityNonce: 1 } as const

/** Encodes a record's canonical body bytes. Throws `EncodeError` if the record breaks a rule. */
export function encodeRecord (r: ProtocolRecord): Uint8Array {
  const valid = validateRecord(r)
  if (!valid.ok) throw new EncodeError(valid.error.field, valid.error.reason)
  const w = new Writer(r.kind === 'candidate' ? 128 + r.text.length * 3 : 256)
  w.u8(PROTOCOL_VERSION).u8(KIND_CODES[r.kind])
  w.fixed(r.author, 32, 'author').uint(r.seq, 'seq').uint(r.time, 'time')
  switch (r.kind) {
    case 'hello':
      w.string(r.peerId, 'peerId')
      writeStrings(w, r.tasks, 'tasks')
      w.string(r.model, 'model')
      writeStrings(w, r.addresses, 'addresses')
      if (r.identityNonce !== undefined) w.u8(HELLO_EXTENSIONS.identityNonce).uint(r.identityNonce, 'identityNonce')
      break
    case 'candidate':
      w.u8(r.role === 'task' ? 0 : 1).string(r.task, 'task').string(r.text, 'text')
      writeOptionalId(w, r.parent, 'parent')
      writeOptionalId(w, r.optimizer, 'optimizer')
      break
    case 'evaluation':
      w.fixed(r.candidate, 32, 'candidate').uint(r.items.length, 'items')
      for (const item of r.items) w.string(item, 'items')
      for (const o of r.outcomes) w.f64(o, 'outcomes')
      w.f64(r.score, 'score')
      w.u8(r.baseline.length === 0 ? 0 : 1)
      for (const b of r.baseline) w.f64(b, 'baseline')
      w.string(r.model, 'model')
      w.uint(r.usage.promptTokens, 'usage.promptTokens').uint(r.usage.completionTokens, 'usage.completionTokens')
      break
    case 'accusation':
      w.fixed(r.accused, 32, 'accused')
      writeEvidence(w, r.evidence)
      break
  }
  return w.finish()
}

export interface DecodeOptions {
  /**
   * Byte fields (author, ids) as views of `bytes` instead of copies. Only for bytes the caller
   * owns and never changes, e.g. `openRecord`'s private copy: saves an allocation per field.
   */
  readonly views?: boolean
}

/** Decodes and validates canonical body bytes. Never throws. */
export function decodeRecord (bytes: Uint8Array, options: DecodeOptions = {}): Result<ProtocolRecord> {
  if (!(bytes instanceof Uint8Array)) return fail('record', 'expected bytes')
  if (bytes.length > LIMITS.maxRecordBytes) return fail('record', `larger than ${LIMITS.maxRecordBytes} bytes`)
  let record: ProtocolRecord
  try {
    record = readRecord(new Reader(bytes, options.views === true))
  } catch (err) {
    if (err instanceof DecodeError) return fail(err.field, err.reason)
    return fail('record', `malformed: ${err instanceof Error ? err.message : String(err)}`)
  }
  return validateRecord(record)
}

function readRecord (r: Reader): ProtocolRecord {
  const version = r.u8('version')
  if (version !== PROTOCOL_VERSION) throw new DecodeError('version', `unsupported version ${version}`)
  const kind = KINDS[r.u8('kind')]
  if (kind === undefined) throw new DecodeError('kind', 'unknown record kind')
  const header = {
    version: PROTOCOL_VERSION,
    author: r.fixed(32, `${kind}.author`),
    seq: r.uint(`${kind}.seq`, LIMITS.maxSeq),
    time: r.uint(`${kind}.time`, LIMITS.maxTime)
  } as const
  let record: ProtocolRecord
  switch (kind) {
    case 'hello': {
      const hello: HelloRecord = {
        kind,
        ...header,
        peerId: r.string('hello.peerId', LIMITS.maxNameBytes),
        tasks: readStrings(r, 'hello.tasks', LIMITS.maxTasks, LIMITS.maxNameBytes),
        model: r.string('hello.model', LIMITS.maxNameBytes),
        addresses: readStrings(r, 'hello.addresses', LIMITS.maxAddresses, LIMITS.maxAddressBytes)
      }
      if (r.remaining > 0) {
        const tag = r.u8('hello.extension')
        if (tag !== HELLO_EXTENSIONS.identityNonce) throw new DecodeError('hello.extension', `unknown hello extension ${tag}`)
        record = { ...hello, identityNonce: r.uint('hello.identityNonce', MAX_IDENTITY_NONCE) }
      } else {
        record = hello
      }
      break
    }
    case 'candidate': {
      const roleCode = r.u8('candidate.role')
      if (roleCode > 1) throw new DecodeError('candidate.role', `unknown role ${roleCode}`)
      record = {
        kind,
        ...header,
        role: roleCode === 0 ? 'task' : 'optimizer',
        task: r.string('candidate.task', LIMITS.maxNameBytes),
        text: r.string('candidate.text', LIMITS.maxPromptBytes),
        parent: readOptionalId(r, 'candidate.parent'),
        optimizer: readOptionalId(r, 'candidate.optimizer')
      }
      break
    }
    case 'evaluation': {
      const candidate = r.fixed(32, 'evaluation.candidate')
      const n = r.uint('evaluation.items', LIMITS.maxItems)
      const items: string[] = []
      for (let i = 0; i < n; i++) items.push(r.string(`evaluation.items[${i}]`, LIMITS.maxNameBytes))
      const outcomes: number[] = []
      for (let i = 0; i < n; i++) outcomes.push(r.f64(`evaluation.outcomes[${i}]`))
      const score = r.f64('evaluation.score')
      const paired = r.u8('evaluation.baseline')
      if (paired > 1) throw new DecodeError('evaluation.baseline', `presence flag must be 0 or 1, got ${paired}`)
      const baseline: number[] = []
      for (let i = 0; i < (paired === 1 ? n : 0); i++) baseline.push(r.f64(`evaluation.baseline[${i}]`))
      record = {
        kind,
        ...header,
        candidate,
        items,
        outcomes,
        score,
        baseline,
        model: r.string('evaluation.model', LIMITS.maxNameBytes),
        usage: {
          promptTokens: r.uint('evaluation.usage.promptTokens', LIMITS.maxTokens),
          completionTokens: r.uint('evaluation.usage.completionTokens', LIMITS.maxTokens)
        }
      }
      break
    }
    case 'accusation':
      record = { kind, ...header, accused: r.fixed(32, 'accusation.accused'), evidence: readEvidence(r) }
      break
  }
  r.end(kind)
  return record
}

function writeStrings (w: Writer, values: readonly string[], field: string): void {
  w.uint(values.length, field)
  for (const v of values) w.string(v, field)
}

function readStrings (r: Reader, field: string, maxCount: number, maxBytes: number): string[] {
  const n = r.uint(field, maxCount)
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(r.string(`${field}[${i}]`, maxBytes))
  return out
}

function writeOptionalId (w: Writer, id: Uint8Array | null, field: string): void {
  if (id === null) w.u8(0)
  else w.u8(1).fixed(id, 32, field)
}

function readOptionalId (r: Reader, field: string): Uint8Array | null {
  const flag = r.u8(field)
  if (flag === 0) return null
  if (flag !== 1) throw new DecodeError(field, `presence flag must be 0 or 1, got ${flag}`)
  return r.fixed(32, field)
}

function writeEvidence (w: Writer, ev: Evidence): void {
  if (ev.kind === 'equivocation') {
    w.u8(EVIDENCE_CODES.equivocation).bytes(ev.first, 'evidence.first').bytes(ev.second, 'evidence.second')
  } else {
    w.u8(EVIDENCE_CODES['evaluation-mismatch']).bytes(ev.evaluation, 'evidence.evaluation')
    w.uint(ev.indices.length, 'evidence.indices')
    for (const i of ev.indices) w.uint(i, 'evidence.indices')
    for (const e of ev.expected) w.f64(e, 'evidence.expected')
    w.u8(ev.expectedBaseline.length === 0 ? 0 : 1)
    for (const b of ev.expectedBaseline) w.f64(b, 'evidence.expectedBaseline')
  }
}

function readEvidence (r: Reader): Evidence {
  const code = r.u8('accusation.evidence.kind')
  if (code === EVIDENCE_CODES.equivocation) {
    return {
      kind: 'equivocation',
      first: r.bytes('accusation.evidence.first', LIMITS.maxEvidenceRecordBytes),
      second: r.bytes('accusation.evidence.second', LIMITS.maxEvidenceRecordBytes)
    }
  }
  if (code === EVIDENCE_CODES['evaluation-mismatch']) {
    const evaluation = r.bytes('accusation.evidence.evaluation', LIMITS.maxEvidenceRecordBytes)
    const n = r.uint('accusation.evidence.indices', LIMITS.maxItems)
    const indices: number[] = []
    for (let i = 0; i < n; i++) indices.push(r.uint(`accusation.evidence.indices[${i}]`, LIMITS.maxItems - 1))
    const expected: number[] = []
    for (let i = 0; i < n; i++) expected.push(r.f64(`accusation.evidence.expected[${i}]`))
    const paired = r.u8('accusation.evidence.expectedBaseline')
    if (paired > 1) throw new DecodeError('accusation.evidence.expectedBaseline', `presence flag must be 0 or 1, got ${paired}`)
    const expectedBaseline: number[] = []
    for (let i = 0; i < (paired === 1 ? n : 0); i++) expectedBaseline.push(r.f64(`accusation.evidence.expectedBaseline[${i}]`))
    return { kind: 'evaluation-mismatch', evaluation, indices, expected, expectedBaseline }
  }
  throw new DecodeError('accusation.evidence.kind', `unknown evidence kind ${code}`)
}
