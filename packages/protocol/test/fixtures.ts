/**
 * Shared test fixtures: deterministic keys, a seeded PRNG and builders for valid records.
 * Nothing here is random at run time: every key comes from a fixed seed.
 */
import {
  encodeSigned,
  keyPairFromSeed,
  scoreOf,
  sha256,
  signRecord,
  Signer,
  type AccusationRecord,
  type CandidateRecord,
  type EvaluationRecord,
  type HelloRecord,
  type KeyPair,
  type RecordInit,
  type VerifiedRecord
} from '../src/index.js'

export const SWARM = 'test-swarm'

export interface Author {
  readonly index: number
  readonly pair: KeyPair
  readonly signer: Signer
  readonly key: Uint8Array
  readonly hex: string
  /** Next sequence number this author will use. */
  seq: number
}

/** The 32-byte seed of test author `i`: sha256 of a fixed label, so keys are stable across runs. */
export function seedOf (i: number): Uint8Array {
  return sha256(new TextEncoder().encode(`promptswarm test author ${i}`))
}

export function makeAuthor (i: number): Author {
  const pair = keyPairFromSeed(seedOf(i))
  const signer = new Signer(pair)
  return { index: i, pair, signer, key: pair.publicKey, hex: signer.publicKeyHex, seq: 0 }
}

/** `n` fresh authors (seq counters start at 0). Signers are cheap to rebuild, so each call is independent. */
export function makeAuthors (n: number, offset = 0): Author[] {
  return Array.from({ length: n }, (_, i) => makeAuthor(i + offset))
}

/** mulberry32: a tiny deterministic PRNG for fuzzing loops (fast-check drives the property tests). */
export function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function nextSeq (a: Author, seq?: number): number {
  if (seq !== undefined) return seq
  return a.seq++
}

export function hello (a: Author, opts: { seq?: number, time?: number, peerId?: string, identityNonce?: number } = {}, swarm = SWARM): VerifiedRecord<HelloRecord> {
  const init: RecordInit<HelloRecord> = {
    kind: 'hello',
    author: a.key,
    seq: nextSeq(a, opts.seq),
    time: opts.time ?? 1_700_000_000_000,
    peerId: opts.peerId ?? `peer-${a.index}`,
    tasks: ['gsm8k', 'arith'],
    model: 'synthetic-1',
    addresses: [`/ip4/127.0.0.1/tcp/${4000 + a.index}`],
    ...(opts.identityNonce === undefined ? {} : { identityNonce: opts.identityNonce })
  }
  return signRecord(init, a.signer, swarm)
}

export interface CandidateOptions {
  readonly seq?: number
  readonly role?: 'task' | 'optimizer'
  readonly task?: string
  readonly text?: string
  readonly parent?: VerifiedRecord | null
  readonly optimizer?: VerifiedRecord | null
  readonly time?: number
}

export function candidate (a: Author, opts: CandidateOptions = {}, swarm = SWARM): VerifiedRecord<CandidateRecord> {
  const role = opts.role ?? 'task'
  const seq = nextSeq(a, opts.seq)
  const init: RecordInit<CandidateRecord> = {
    kind: 'candidate',
    author: a.key,
    seq,
    time: opts.time ?? 1_700_000_000_000 + seq,
    role,
    task: role === 'task' ? (opts.task ?? 'gsm8k') : '',
    text: opts.text ?? `You are prompt ${a.index}/${seq}. Think step by step.`,
    parent: opts.parent?.id ?? null,
    optimizer: opts.optimizer?.id ?? null
  }
  return signRecord(init, a.signer, swarm)
}

export interface EvaluationOptions {
  readonly seq?: number
  readonly items?: readonly string[]
  readonly model?: string
  readonly time?: number
  /** The parent's outcomes on the same items (paired evaluation); default none. */
  readonly baseline?: readonly number[]
}

/** An evaluation of `target` with the given per-item outcomes (items default to `item-0..n-1`). */
export function evaluation (a: Author, target: VerifiedRecord | Uint8Array, outcomes: readonly number[], opts: EvaluationOptions = {}, swarm = SWARM): VerifiedRecord<EvaluationRecord> {
  const seq = nextSeq(a, opts.seq)
  const init: RecordInit<EvaluationRecord> = {
    kind: 'evaluation',
    author: a.key,
    seq,
    time: opts.time ?? 1_700_000_000_000 + seq,
    candidate: target instanceof Uint8Array ? target : target.id,
    items: opts.items ?? outcomes.map((_, i) => `item-${i}`),
    outcomes,
    score: scoreOf(outcomes),
    baseline: opts.baseline ?? [],
    model: opts.model ?? 'synthetic-1',
    usage: { promptTokens: 100 * outcomes.length, completionTokens: 20 * outcomes.length }
  }
  return signRecord(init, a.signer, swarm)
}

/** A single-item evaluation whose score is exactly `score` (one outcome). */
export function scored (a: Author, target: VerifiedRecord, score: number, opts: EvaluationOptions = {}, swarm = SWARM): VerifiedRecord<EvaluationRecord> {
  return evaluation(a, target, [score], opts, swarm)
}

export function mismatch (accuser: Author, accused: VerifiedRecord<EvaluationRecord>, indices: number[], expected: number[], opts: { seq?: number, expectedBaseline?: number[] } = {}, swarm = SWARM): VerifiedRecord<AccusationRecord> {
  const init: RecordInit<AccusationRecord> = {
    kind: 'accusation',
    author: accuser.key,
    seq: nextSeq(accuser, opts.seq),
    time: 1_700_000_000_000,
    accused: accused.record.author,
    evidence: { kind: 'evaluation-mismatch', evaluation: encodeSigned(accused), indices, expected, expectedBaseline: opts.expectedBaseline ?? [] }
  }
  return signRecord(init, accuser.signer, swarm)
}

export function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

export function bytesOf (hexString: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hexString, 'hex'))
}
