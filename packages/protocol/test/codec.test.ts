import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeBatch,
  decodeRecord,
  encodeBatch,
  encodeRecord,
  EncodeError,
  LIMITS,
  PROTOCOL_VERSION,
  scoreOf,
  validateRecord,
  type AccusationRecord,
  type CandidateRecord,
  type EvaluationRecord,
  type HelloRecord,
  type ProtocolRecord
} from '../src/index.js'
// The raw writer crafts byte strings the record encoder would refuse to produce.
import { Writer } from '../src/codec/writer.js'
import { accusationArb, candidateArb, evaluationArb, helloArb, recordArb } from './arbitraries.js'

const AUTHOR = new Uint8Array(32).fill(7)
const ID = new Uint8Array(32).fill(9)
const head = { version: PROTOCOL_VERSION, author: AUTHOR, seq: 5, time: 1000 } as const

const helloRecord: HelloRecord = { ...head, kind: 'hello', peerId: 'peer', tasks: ['t1', 't2'], model: 'm', addresses: ['/ip4/1.2.3.4/tcp/1'] }
const candidateRecord: CandidateRecord = { ...head, kind: 'candidate', role: 'task', task: 'gsm8k', text: 'AAAA be precise', parent: null, optimizer: null }
const evaluationRecord: EvaluationRecord = {
  ...head, kind: 'evaluation', candidate: ID, items: ['a', 'b'], outcomes: [0.25, 0.75], score: 0.5, baseline: [], model: 'm', usage: { promptTokens: 3, completionTokens: 4 }
}
const mismatchRecord: AccusationRecord = {
  ...head, kind: 'accusation', accused: ID, evidence: { kind: 'evaluation-mismatch', evaluation: Uint8Array.of(1, 2, 3), indices: [0, 2], expected: [1, 0], expectedBaseline: [] }
}

type Failure = { field: string, reason: string }

function rejects (bytes: Uint8Array): Failure {
  const r = decodeRecord(bytes)
  if (r.ok) throw new Error('expected the decoder to reject the bytes')
  return r.error
}

/** Position of the first occurrence of `needle` in `hay`; fails the test if absent or ambiguous. */
function find (hay: Uint8Array, needle: Uint8Array): number {
  const at = Buffer.from(hay).indexOf(Buffer.from(needle))
  expect(at, 'pattern present').toBeGreaterThanOrEqual(0)
  expect(Buffer.from(hay).indexOf(Buffer.from(needle), at + 1), 'pattern unique').toBe(-1)
  return at
}

function f64 (x: number): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setFloat64(0, x, false)
  return b
}

function replaceAt (bytes: Uint8Array, at: number, removed: number, inserted: Uint8Array | number[]): Uint8Array {
  return Uint8Array.from([...bytes.subarray(0, at), ...inserted, ...bytes.subarray(at + removed)])
}

/** A record body written field by field with no validation (the header of `head`). */
function rawBody (kind: number, write: (w: Writer) => void, seq = 5): Uint8Array {
  const w = new Writer().u8(PROTOCOL_VERSION).u8(kind).fixed(AUTHOR, 32, 'author').uint(seq, 'seq').uint(1000, 'time')
  write(w)
  return w.finish()
}

describe('codec round trip', () => {
  for (const [name, arb] of [['hello', helloArb], ['candidate', candidateArb], ['evaluation', evaluationArb], ['accusation', accusationArb]] as const) {
    it(`decodeRecord(encodeRecord(r)) deep-equals r for every ${name}, and re-encodes to the same bytes`, () => {
      fc.assert(fc.property(arb as fc.Arbitrary<ProtocolRecord>, r => {
        const bytes = encodeRecord(r)
        const decoded = decodeRecord(bytes)
        expect(decoded.ok).toBe(true)
        if (!decoded.ok) return
        expect(decoded.value).toStrictEqual(r)
        expect(Buffer.from(encodeRecord(decoded.value)).equals(Buffer.from(bytes))).toBe(true)
      }), { seed: 42, numRuns: 300 })
    })
  }

  it('keeps a leading byte-order mark and astral characters in text', () => {
    const r: CandidateRecord = { ...candidateRecord, text: '\uFEFF\u{1F600} prompt\u0000with NUL', task: 'ta\u00dfk' }
    const decoded = decodeRecord(encodeRecord(r))
    expect(decoded.ok && decoded.value).toStrictEqual(r)
  })

  it('encodes limits at their exact maximum', () => {
    const maxName = 'n'.repeat(LIMITS.maxNameBytes)
    const hello: HelloRecord = { ...helloRecord, seq: LIMITS.maxSeq, time: LIMITS.maxTime, peerId: maxName, tasks: Array.from({ length: LIMITS.maxTasks }, (_, i) => `t${i}`) }
    expect(decodeRecord(encodeRecord(hello))).toStrictEqual({ ok: true, value: hello })
    const cand: CandidateRecord = { ...candidateRecord, text: '\u00e9'.repeat(LIMITS.maxPromptBytes / 2) }
    expect(decodeRecord(encodeRecord(cand)).ok).toBe(true)
    const items = Array.from({ length: LIMITS.maxItems }, (_, i) => `i${i}`)
    const outcomes = items.map((_, i) => (i % 3) / 2)
    const ev: EvaluationRecord = { ...evaluationRecord, items, outcomes, score: scoreOf(outcomes) }
    expect(decodeRecord(encodeRecord(ev)).ok).toBe(true)
  })

  it('keeps a paired baseline and rejects a bad baseline presence flag', () => {
    const paired: EvaluationRecord = { ...evaluationRecord, baseline: [1, 0.125] }
    const bytes = encodeRecord(paired)
    expect(decodeRecord(bytes)).toEqual({ ok: true, value: paired })
    const flagAt = bytes.length - (8 * 2 + 1 + 1 + 1 + 1 + 1) // flag, 2 floats, model "m", usage 3 and 4
    expect(bytes[flagAt]).toBe(1)
    expect(rejects(replaceAt(bytes, flagAt, 1, [2]))).toMatchObject({ field: 'evaluation.baseline' })
  })

  it('batches round-trip and reject trailing bytes', () => {
    fc.assert(fc.property(fc.array(recordArb, { maxLength: 6 }), records => {
      const bodies = records.map(encodeRecord)
      const batch = encodeBatch(bodies)
      const decoded = decodeBatch(batch)
      expect(decoded.ok).toBe(true)
      if (!decoded.ok) return
      expect(decoded.value.map(b => Buffer.from(b).toString('hex'))).toEqual(bodies.map(b => Buffer.from(b).toString('hex')))
      expect(decodeBatch(Uint8Array.from([...batch, 0]))).toMatchObject({ ok: false, error: { field: 'batch' } })
    }), { seed: 42, numRuns: 100 })
  })
})

describe('the decoder rejects non-canonical bytes with an error naming the field', () => {
  it('over-long and oversized varints', () => {
    const bytes = encodeRecord(helloRecord)
    const seqAt = 34 // u8 version, u8 kind, author[32]
    expect(bytes[seqAt]).toBe(5)
    expect(rejects(replaceAt(bytes, seqAt, 1, [0x85, 0x00]))).toEqual({ field: 'hello.seq', reason: 'non-canonical varint' })
    expect(rejects(replaceAt(bytes, seqAt, 1, [0x85, 0x80, 0x00])).field).toBe('hello.seq')
    expect(rejects(replaceAt(bytes, seqAt, 1, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))).toEqual({ field: 'hello.seq', reason: 'varint longer than 8 bytes' })
    // 2^53 fits in 8 varint bytes but is not a safe integer.
    const twoTo53 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]
    expect(rejects(replaceAt(bytes, seqAt, 1, twoTo53))).toEqual({ field: 'hello.seq', reason: 'integer exceeds 2^53 - 1' })
    // time above 2^48
    expect(rejects(rawBody(1, () => {}, 5).subarray(0, 35)).field).toBe('hello.time')
    const late = new Writer().u8(1).u8(1).fixed(AUTHOR, 32, 'a').uint(5, 's').uint(LIMITS.maxTime + 1, 't').finish()
    expect(rejects(late).field).toBe('hello.time')
    expect(rejects(late).reason).toMatch(/exceeds the limit/)
  })

  it('NaN, infinities and negative zero in floats', () => {
    const bytes = encodeRecord(evaluationRecord)
    const at = find(bytes, f64(0.25))
    expect(rejects(replaceAt(bytes, at, 8, f64(Number.NaN)))).toEqual({ field: 'evaluation.outcomes[0]', reason: 'NaN is not allowed' })
    // A NaN with another payload is just as invalid.
    expect(rejects(replaceAt(bytes, at, 8, [0x7f, 0xf8, 0, 0, 0, 0, 0, 1])).field).toBe('evaluation.outcomes[0]')
    expect(rejects(replaceAt(bytes, at, 8, f64(Infinity)))).toEqual({ field: 'evaluation.outcomes[0]', reason: 'infinity is not allowed' })
    expect(rejects(replaceAt(bytes, at, 8, f64(-Infinity))).field).toBe('evaluation.outcomes[0]')
    expect(rejects(replaceAt(bytes, at, 8, f64(-0)))).toEqual({ field: 'evaluation.outcomes[0]', reason: 'negative zero is not canonical' })
    const scoreAt = find(bytes, f64(0.5))
    expect(rejects(replaceAt(bytes, scoreAt, 8, f64(-0))).field).toBe('evaluation.score')
  })

  it('outcomes and scores outside [0, 1], and a score that is not the mean', () => {
    const bytes = encodeRecord(evaluationRecord)
    const at = find(bytes, f64(0.75))
    expect(rejects(replaceAt(bytes, at, 8, f64(1.5))).field).toBe('evaluation.outcomes[1]')
    expect(rejects(replaceAt(bytes, at, 8, f64(-0.25))).field).toBe('evaluation.outcomes[1]')
    const scoreAt = find(bytes, f64(0.5))
    expect(rejects(replaceAt(bytes, scoreAt, 8, f64(2)))).toMatchObject({ field: 'evaluation.score' })
    expect(rejects(replaceAt(bytes, scoreAt, 8, f64(0.375)))).toEqual({ field: 'evaluation.score', reason: 'does not equal the mean of the outcomes' })
    // One ulp away from the mean is still not the mean.
    expect(rejects(replaceAt(bytes, scoreAt, 8, f64(0.5 + Number.EPSILON / 2))).field).toBe('evaluation.score')
    const mis = encodeRecord(mismatchRecord)
    const expAt = find(mis, f64(1))
    expect(rejects(replaceAt(mis, expAt, 8, f64(1.0000000000000002))).field).toBe('accusation.evidence.expected[0]')
  })

  it('invalid UTF-8: stray continuation bytes, overlong forms, encoded surrogates, truncated sequences', () => {
    const bytes = encodeRecord(candidateRecord)
    const at = find(bytes, Buffer.from('AAAA'))
    for (const bad of [[0xff, 0x41, 0x41, 0x41], [0xc0, 0x80, 0x41, 0x41], [0xed, 0xa0, 0x80, 0x41], [0x41, 0x41, 0x41, 0xe2], [0xf8, 0x88, 0x80, 0x80]]) {
      expect(rejects(replaceAt(bytes, at, 4, bad))).toEqual({ field: 'candidate.text', reason: 'invalid UTF-8' })
    }
    const taskAt = find(bytes, Buffer.from('gsm8k'))
    expect(rejects(replaceAt(bytes, taskAt, 1, [0x80])).field).toBe('candidate.task')
  })

  it('trailing bytes, truncation, unknown version, kind, role, evidence kind and bad presence flags', () => {
    const bytes = encodeRecord(candidateRecord)
    expect(rejects(Uint8Array.from([...bytes, 0]))).toEqual({ field: 'candidate', reason: '1 trailing bytes' })
    expect(rejects(bytes.subarray(0, bytes.length - 1))).toMatchObject({ field: 'candidate.optimizer', reason: 'unexpected end of input' })
    expect(rejects(new Uint8Array(0))).toMatchObject({ field: 'version' })
    expect(rejects(replaceAt(bytes, 0, 1, [2]))).toEqual({ field: 'version', reason: 'unsupported version 2' })
    expect(rejects(replaceAt(bytes, 0, 1, [0])).field).toBe('version')
    expect(rejects(replaceAt(bytes, 1, 1, [0])).field).toBe('kind')
    expect(rejects(replaceAt(bytes, 1, 1, [5])).field).toBe('kind')
    expect(rejects(replaceAt(bytes, 1, 1, [0xff])).field).toBe('kind')
    // The role byte follows the 1-byte seq and the 2-byte time.
    const roleAt = 2 + 32 + 1 + 2
    expect(bytes[roleAt]).toBe(0)
    expect(rejects(replaceAt(bytes, roleAt, 1, [2]))).toEqual({ field: 'candidate.role', reason: 'unknown role 2' })
    // Presence flags: parent and optimizer are the last two bytes (both null).
    expect([...bytes.subarray(-2)]).toEqual([0, 0])
    expect(rejects(replaceAt(bytes, bytes.length - 2, 1, [2]))).toEqual({ field: 'candidate.parent', reason: 'presence flag must be 0 or 1, got 2' })
    expect(rejects(replaceAt(bytes, bytes.length - 1, 1, [0xff])).field).toBe('candidate.optimizer')
    expect(rejects(replaceAt(bytes, bytes.length - 1, 1, [1])).field).toBe('candidate.optimizer')
    const acc = encodeRecord(mismatchRecord)
    const evKindAt = 2 + 32 + 1 + 2 + 32
    expect(acc[evKindAt]).toBe(1)
    expect(rejects(replaceAt(acc, evKindAt, 1, [2]))).toEqual({ field: 'accusation.evidence.kind', reason: 'unknown evidence kind 2' })
  })

  it('semantic rules: duplicate item ids, empty lists and names, control characters, role/task mismatch, evidence indices', () => {
    const bytes = encodeRecord(evaluationRecord)
    // items "a" then "b": make the second "a" too.
    const itemsAt = find(bytes, Uint8Array.of(2, 1, 0x61, 1, 0x62))
    expect(rejects(replaceAt(bytes, itemsAt + 4, 1, [0x61]))).toEqual({ field: 'evaluation.items[1]', reason: 'duplicate entry "a"' })
    const noItems = rawBody(3, w => { w.fixed(ID, 32, 'c').uint(0, 'n').f64(0, 'score').u8(0).string('m', 'model').uint(0, 'p').uint(0, 'c') })
    expect(rejects(noItems)).toEqual({ field: 'evaluation.items', reason: 'an evaluation needs at least one item' })
    const emptyPeer = rawBody(1, w => { w.string('', 'p').uint(0, 't').string('m', 'm').uint(0, 'a') })
    expect(rejects(emptyPeer)).toEqual({ field: 'hello.peerId', reason: 'must not be empty' })
    const ctrl = rawBody(1, w => { w.string('peer\n', 'p').uint(0, 't').string('m', 'm').uint(0, 'a') })
    expect(rejects(ctrl)).toEqual({ field: 'hello.peerId', reason: 'contains a control character' })
    const dupTasks = rawBody(1, w => { w.string('p', 'p').uint(2, 't').string('x', 't').string('x', 't').string('m', 'm').uint(0, 'a') })
    expect(rejects(dupTasks).field).toBe('hello.tasks[1]')
    const optimizerWithTask = rawBody(2, w => { w.u8(1).string('gsm8k', 'task').string('text', 'text').u8(0).u8(0) })
    expect(rejects(optimizerWithTask).field).toBe('candidate.task')
    const taskWithoutTask = rawBody(2, w => { w.u8(0).string('', 'task').string('text', 'text').u8(0).u8(0) })
    expect(rejects(taskWithoutTask).field).toBe('candidate.task')
    const emptyText = rawBody(2, w => { w.u8(0).string('t', 'task').string('', 'text').u8(0).u8(0) })
    expect(rejects(emptyText)).toEqual({ field: 'candidate.text', reason: 'must not be empty' })
    const indices = (xs: number[]): Uint8Array => rawBody(4, w => {
      w.fixed(ID, 32, 'accused').u8(1).bytes(Uint8Array.of(1), 'ev').uint(xs.length, 'n')
      for (const x of xs) w.uint(x, 'i')
      for (const _ of xs) w.f64(1, 'e')
      w.u8(0) // no expected baseline
    })
    expect(rejects(indices([2, 2])).field).toBe('accusation.evidence.indices[1]')
    expect(rejects(indices([3, 1])).field).toBe('accusation.evidence.indices[1]')
    expect(rejects(indices([])).field).toBe('accusation.evidence.indices')
    expect(rejects(indices([LIMITS.maxItems])).field).toBe('accusation.evidence.indices[0]')
    const emptyEvidence = rawBody(4, w => { w.fixed(ID, 32, 'accused').u8(0).bytes(new Uint8Array(0), 'a').bytes(Uint8Array.of(1), 'b') })
    expect(rejects(emptyEvidence).field).toBe('accusation.evidence.first')
  })

  it('lengths and counts over LIMITS', () => {
    const longName = 'n'.repeat(LIMITS.maxNameBytes + 1)
    expect(rejects(rawBody(1, w => { w.string(longName, 'p').uint(0, 't').string('m', 'm').uint(0, 'a') }))).toMatchObject({ field: 'hello.peerId', reason: `${LIMITS.maxNameBytes + 1} exceeds the limit of ${LIMITS.maxNameBytes}` })
    expect(rejects(rawBody(1, w => { w.string('p', 'p').uint(LIMITS.maxTasks + 1, 't') })).field).toBe('hello.tasks')
    expect(rejects(rawBody(1, w => { w.string('p', 'p').uint(0, 't').string('m', 'm').uint(LIMITS.maxAddresses + 1, 'a') })).field).toBe('hello.addresses')
    expect(rejects(rawBody(1, w => { w.string('p', 'p').uint(0, 't').string('m', 'm').uint(1, 'a').string('a'.repeat(LIMITS.maxAddressBytes + 1), 'a') })).field).toBe('hello.addresses[0]')
    expect(rejects(rawBody(2, w => { w.u8(0).string('t', 'task').string('x'.repeat(LIMITS.maxPromptBytes + 1), 'text') })).field).toBe('candidate.text')
    expect(rejects(rawBody(3, w => { w.fixed(ID, 32, 'c').uint(LIMITS.maxItems + 1, 'n') })).field).toBe('evaluation.items')
    expect(rejects(rawBody(4, w => { w.fixed(ID, 32, 'a').u8(0).bytes(new Uint8Array(LIMITS.maxEvidenceRecordBytes + 1), 'first') })).field).toBe('accusation.evidence.first')
    expect(rejects(rawBody(3, w => { w.fixed(ID, 32, 'c').uint(1, 'n').string('i', 'i').f64(1, 'o').f64(1, 's').u8(0).string('m', 'm').uint(LIMITS.maxTokens + 1, 'p') })).field).toBe('evaluation.usage.promptTokens')
    // A length prefix that points past the end.
    expect(rejects(rawBody(1, w => { w.uint(50, 'p').u8(0x61) }))).toMatchObject({ field: 'hello.peerId', reason: 'expected 50 bytes, 1 left' })
    expect(rejects(new Uint8Array(LIMITS.maxRecordBytes + 1))).toMatchObject({ field: 'record' })
    expect(decodeRecord('not bytes' as unknown as Uint8Array)).toMatchObject({ ok: false, error: { field: 'record' } })
    expect(decodeBatch(new Writer().uint(LIMITS.maxBatchRecords + 1, 'n').finish())).toMatchObject({ ok: false, error: { field: 'batch.count' } })
    expect(decodeBatch(new Uint8Array(LIMITS.maxBatchBytes + 1))).toMatchObject({ ok: false, error: { field: 'batch' } })
  })
})

describe('the encoder refuses invalid records', () => {
  const cases: Array<[string, ProtocolRecord, string]> = [
    ['score not the mean', { ...evaluationRecord, score: 0.4 }, 'evaluation.score'],
    ['baseline of another length', { ...evaluationRecord, baseline: [1] }, 'evaluation.baseline'],
    ['baseline outcome above 1', { ...evaluationRecord, baseline: [0.5, 2] }, 'evaluation.baseline[1]'],
    ['NaN outcome', { ...evaluationRecord, outcomes: [Number.NaN, 0.75] }, 'evaluation.outcomes[0]'],
    ['negative zero outcome', { ...evaluationRecord, outcomes: [-0, 1], score: 0.5 }, 'evaluation.outcomes[0]'],
    ['outcome above 1', { ...evaluationRecord, outcomes: [1.25, -0.25], score: 0.5 }, 'evaluation.outcomes[0]'],
    ['outcome count', { ...evaluationRecord, outcomes: [0.5], score: 0.5 }, 'evaluation.outcomes'],
    ['duplicate items', { ...evaluationRecord, items: ['a', 'a'] }, 'evaluation.items[1]'],
    ['no items', { ...evaluationRecord, items: [], outcomes: [], score: 0 }, 'evaluation.items'],
    ['short author', { ...helloRecord, author: new Uint8Array(31) }, 'hello.author'],
    ['negative seq', { ...helloRecord, seq: -1 }, 'hello.seq'],
    ['fractional seq', { ...helloRecord, seq: 1.5 }, 'hello.seq'],
    ['unsafe seq', { ...helloRecord, seq: 2 ** 53 }, 'hello.seq'],
    ['time past the limit', { ...helloRecord, time: LIMITS.maxTime + 1 }, 'hello.time'],
    ['version', { ...helloRecord, version: 2 as 1 }, 'hello.version'],
    ['unknown kind', { ...helloRecord, kind: 'gossip' } as unknown as ProtocolRecord, 'kind'],
    ['optimizer with a task', { ...candidateRecord, role: 'optimizer' }, 'candidate.task'],
    ['unknown role', { ...candidateRecord, role: 'critic' } as unknown as ProtocolRecord, 'candidate.role'],
    ['empty text', { ...candidateRecord, text: '' }, 'candidate.text'],
    ['lone surrogate', { ...candidateRecord, text: 'a\uD800b' }, 'candidate.text'],
    ['text too long', { ...candidateRecord, text: 'x'.repeat(LIMITS.maxPromptBytes + 1) }, 'candidate.text'],
    ['short parent id', { ...candidateRecord, parent: new Uint8Array(31) }, 'candidate.parent'],
    ['control character in a name', { ...helloRecord, model: 'a\u007fb' }, 'hello.model'],
    ['too many tasks', { ...helloRecord, tasks: Array.from({ length: LIMITS.maxTasks + 1 }, (_, i) => `t${i}`) }, 'hello.tasks'],
    ['decreasing indices', { ...mismatchRecord, evidence: { ...mismatchRecord.evidence, indices: [2, 0] } as AccusationRecord['evidence'] }, 'accusation.evidence.indices[1]'],
    ['expected count', { ...mismatchRecord, evidence: { ...mismatchRecord.evidence, expected: [1] } as AccusationRecord['evidence'] }, 'accusation.evidence.expected'],
    ['empty evidence', { ...mismatchRecord, evidence: { kind: 'equivocation', first: new Uint8Array(0), second: Uint8Array.of(1) } }, 'accusation.evidence.first'],
    ['unknown evidence', { ...mismatchRecord, evidence: { kind: 'rumour' } } as unknown as ProtocolRecord, 'accusation.evidence.kind'],
    ['negative tokens', { ...evaluationRecord, usage: { promptTokens: -1, completionTokens: 0 } }, 'evaluation.usage.promptTokens']
  ]
  for (const [name, record, field] of cases) {
    it(`${name}: EncodeError on ${field}`, () => {
      expect(validateRecord(record)).toMatchObject({ ok: false, error: { field } })
      let thrown: unknown
      try { encodeRecord(record) } catch (err) { thrown = err }
      expect(thrown).toBeInstanceOf(EncodeError)
      expect((thrown as EncodeError).field).toBe(field)
    })
  }
})
