/**
 * fast-check arbitraries for valid records of every kind (within LIMITS, obeying every rule of
 * `validateRecord`), used by the codec round-trip properties and the fuzzer's seed corpus.
 */
import fc from 'fast-check'
import {
  LIMITS,
  PROTOCOL_VERSION,
  scoreOf,
  type AccusationRecord,
  type CandidateRecord,
  type EvaluationRecord,
  type HelloRecord,
  type ProtocolRecord
} from '../src/index.js'

/** Records decode to plain objects, so generate plain objects (fast-check defaults to null prototypes). */
const PLAIN = { noNullPrototype: true } as const
const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8')
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** Any well-formed Unicode (astral planes included), non-empty. */
export const textArb = (maxLength = 200): fc.Arbitrary<string> =>
  fc.string({ unit: 'binary', minLength: 1, maxLength }).filter(s => byteLength(s) <= LIMITS.maxPromptBytes)

/** Names: non-empty, no control characters, at most maxNameBytes of UTF-8. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.stringMatching(/^[a-z0-9/_.-]{1,20}$/)
).filter(s => !CONTROL.test(s) && byteLength(s) <= LIMITS.maxNameBytes)

export const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 })
/** Values in [0, 1] with +0 only (the codec's one encoding of zero). */
export const unitArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map(x => x === 0 ? 0 : x),
  fc.integer({ min: 0, max: 8 }).map(k => k / 8)
)

const header = fc.record({
  version: fc.constant(PROTOCOL_VERSION),
  author: keyArb,
  seq: fc.oneof(fc.nat(1000), fc.constant(LIMITS.maxSeq), fc.maxSafeNat()),
  time: fc.oneof(fc.constant(0), fc.constant(LIMITS.maxTime), fc.integer({ min: 0, max: LIMITS.maxTime }))
})

export const helloArb: fc.Arbitrary<HelloRecord> = fc.record({
  kind: fc.constant('hello' as const),
  peerId: nameArb,
  tasks: fc.uniqueArray(nameArb, { maxLength: 6 }),
  model: nameArb,
  addresses: fc.uniqueArray(nameArb, { maxLength: 4 })
}).chain(body => header.map(h => ({ ...h, ...body })))

export const candidateArb: fc.Arbitrary<CandidateRecord> = fc.record({
  kind: fc.constant('candidate' as const),
  role: fc.constantFrom('task' as const, 'optimizer' as const),
  task: nameArb,
  text: textArb(),
  parent: fc.option(keyArb, { nil: null }),
  optimizer: fc.option(keyArb, { nil: null })
}).chain(body => header.map(h => ({ ...h, ...body, task: body.role === 'optimizer' ? '' : body.task })))

export const evaluationArb: fc.Arbitrary<EvaluationRecord> = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 10 })
  .chain(items => fc.record({
    kind: fc.constant('evaluation' as const),
    candidate: keyArb,
    items: fc.constant(items),
    outcomes: fc.array(unitArb, { minLength: items.length, maxLength: items.length }),
    baseline: fc.oneof(fc.constant([]), fc.array(unitArb, { minLength: items.length, maxLength: items.length })),
    model: nameArb,
    usage: fc.record({ promptTokens: fc.integer({ min: 0, max: LIMITS.maxTokens }), completionTokens: fc.integer({ min: 0, max: LIMITS.maxTokens }) }, PLAIN)
  }))
  .chain(body => header.map(h => ({ ...h, ...body, score: scoreOf(body.outcomes) })))

const evidenceBytes = fc.uint8Array({ minLength: 1, maxLength: 120 })

export const accusationArb: fc.Arbitrary<AccusationRecord> = fc.record({
  kind: fc.constant('accusation' as const),
  accused: keyArb,
  evidence: fc.oneof(
    fc.record({ kind: fc.constant('equivocation' as const), first: evidenceBytes, second: evidenceBytes }, PLAIN),
    fc.uniqueArray(fc.integer({ min: 0, max: LIMITS.maxItems - 1 }), { minLength: 1, maxLength: 8 })
      .map(xs => [...xs].sort((a, b) => a - b))
      .chain(indices => fc.record({
        kind: fc.constant('evaluation-mismatch' as const),
        evaluation: evidenceBytes,
        indices: fc.constant(indices),
        expected: fc.array(unitArb, { minLength: indices.length, maxLength: indices.length }),
        expectedBaseline: fc.oneof(fc.constant([]), fc.array(unitArb, { minLength: indices.length, maxLength: indices.length }))
      }, PLAIN))
  )
}).chain(body => header.map(h => ({ ...h, ...body })))

export const recordArb: fc.Arbitrary<ProtocolRecord> = fc.oneof(helloArb, candidateArb, evaluationArb, accusationArb)
