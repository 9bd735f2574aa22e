import { describe, expect, it } from 'vitest'
import {
  decodeBatch,
  decodeRecord,
  encodeBatch,
  encodeRecord,
  encodeSigned,
  equivocationProof,
  openRecord,
  signRecord,
  validateRecord,
  verifyRecord,
  type AccusationRecord,
  type VerifiedRecord
} from '../src/index.js'
import { candidate, evaluation, hello, makeAuthors, mismatch, prng, SWARM, type Author } from './fixtures.js'

/**
 * Mutation fuzzing of the three decoders that face the network. The oracle: nothing throws, and
 * whatever is accepted is canonical and valid (re-encodes to exactly the input bytes, verifies,
 * passes validateRecord). For signed records, also: no mutation of a valid record verifies.
 */

function corpus (): VerifiedRecord[] {
  const [a, b, c, d] = makeAuthors(4, 40) as [Author, Author, Author, Author]
  const seed = candidate(a, { text: 'Seed prompt: answer with a number.' })
  const opt = candidate(b, { role: 'optimizer', text: 'Rewrite the prompt to be \u00e9l\u00e9gant \u{1F600}.' })
  const child = candidate(c, { parent: seed, optimizer: opt, text: 'Child prompt.\nThink step by step.' })
  const ev = evaluation(d, child, [1, 0, 0.5, 0.25], { items: ['q1', 'q2', 'q3', 'q\u00fc4'] })
  const ev2 = evaluation(a, seed, [1])
  const x1 = candidate(b, { seq: 9, text: 'one' })
  const x2 = candidate(b, { seq: 9, text: 'two' })
  const equivocation = signRecord(equivocationProof(x1, x2, { author: c.key, seq: 50, time: 5 }), c.signer, SWARM)
  return [hello(a), seed, opt, child, ev, ev2, mismatch(a, ev, [1, 3], [1, 0.25]), equivocation]
}

type Mutator = (input: Uint8Array, rand: () => number, pool: readonly Uint8Array[]) => Uint8Array

const int = (rand: () => number, n: number): number => Math.floor(rand() * n)

const MUTATORS: Array<[string, Mutator]> = [
  ['bit flips', (x, rand) => {
    const out = Uint8Array.from(x)
    const flips = 1 + int(rand, 3)
    for (let i = 0; i < flips && out.length > 0; i++) {
      const at = int(rand, out.length)
      out[at] = (out[at] as number) ^ (1 << int(rand, 8))
    }
    return out
  }],
  ['byte overwrite', (x, rand) => {
    const out = Uint8Array.from(x)
    if (out.length > 0) out[int(rand, out.length)] = [0, 1, 0x7f, 0x80, 0xff, int(rand, 256)][int(rand, 6)] as number
    return out
  }],
  ['truncation', (x, rand) => x.slice(0, int(rand, x.length))],
  ['insertion', (x, rand) => {
    const at = int(rand, x.length + 1)
    const extra = Uint8Array.from({ length: 1 + int(rand, 4) }, () => int(rand, 256))
    return Uint8Array.from([...x.subarray(0, at), ...extra, ...x.subarray(at)])
  }],
  ['deletion', (x, rand) => {
    const at = int(rand, x.length)
    return Uint8Array.from([...x.subarray(0, at), ...x.subarray(at + 1 + int(rand, 3))])
  }],
  ['length-field edit', (x, rand) => {
    // The envelope starts with the body length (a 1 to 3 byte varint), and every inner length is a
    // small varint too: nudge a byte by +-1 or turn it into a continuation byte.
    const out = Uint8Array.from(x)
    if (out.length === 0) return out
    const at = rand() < 0.5 ? int(rand, Math.min(3, out.length)) : int(rand, out.length)
    const v = out[at] as number
    out[at] = [v + 1, v - 1, v | 0x80, v & 0x7f, 0][int(rand, 5)] as number & 0xff
    return out
  }],
  ['trailing bytes', (x, rand) => Uint8Array.from([...x, ...Array.from({ length: 1 + int(rand, 3) }, () => int(rand, 256))])],
  ['splice', (x, rand, pool) => {
    const other = pool[int(rand, pool.length)] as Uint8Array
    return Uint8Array.from([...x.subarray(0, int(rand, x.length + 1)), ...other.subarray(int(rand, other.length + 1))])
  }],
  ['random bytes', (x, rand) => Uint8Array.from({ length: int(rand, Math.max(2, x.length)) }, () => int(rand, 256))]
]

function mutate (input: Uint8Array, rand: () => number, pool: readonly Uint8Array[]): Uint8Array {
  let out = input
  const rounds = 1 + (rand() < 0.25 ? int(rand, 3) : 0)
  for (let i = 0; i < rounds; i++) out = (MUTATORS[int(rand, MUTATORS.length)] as [string, Mutator])[1](out, rand, pool)
  return out
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))
const hexOf = (a: Uint8Array): string => Buffer.from(a).toString('hex')

describe('fuzzing the decoders with mutated wire records', () => {
  const records = corpus()
  const wires = records.map(encodeSigned)
  const bodies = records.map(r => r.body)
  const originals = new Set(wires.map(hexOf))

  it('the corpus itself opens (every kind, both evidence kinds)', () => {
    for (const w of wires) expect(openRecord(w, SWARM).ok).toBe(true)
    expect(new Set(records.map(r => r.record.kind))).toEqual(new Set(['hello', 'candidate', 'evaluation', 'accusation']))
  })

  it('openRecord: 12,000 mutated wire records, none throws, none but the originals is accepted', () => {
    const rand = prng(0xC0FFEE)
    let changed = 0
    const rejectedFields = new Map<string, number>()
    for (let i = 0; i < 12_000; i++) {
      const input = mutate(wires[i % wires.length] as Uint8Array, rand, wires)
      if (!originals.has(hexOf(input))) changed++
      const result = openRecord(input, SWARM)
      if (result.ok) {
        // Accepted means canonical, valid and authentic: and then it can only be an original.
        expect(same(encodeSigned(result.value), input)).toBe(true)
        expect(verifyRecord(result.value.body, result.value.signature, SWARM).ok).toBe(true)
        expect(validateRecord(result.value.record).ok).toBe(true)
        expect(originals.has(hexOf(input))).toBe(true)
      } else {
        expect(typeof result.error.field).toBe('string')
        expect(result.error.reason.length).toBeGreaterThan(0)
        const root = result.error.field.split(/[.[]/)[0] as string
        rejectedFields.set(root, (rejectedFields.get(root) ?? 0) + 1)
      }
    }
    // Some mutations give back an original (a splice at one offset, a bit flipped twice); all others are rejected.
    expect(changed).toBeGreaterThanOrEqual(10_000)
    // The mutations reach past the envelope into every record kind's decoder.
    for (const root of ['envelope', 'hello', 'candidate', 'evaluation', 'accusation']) expect(rejectedFields.get(root) ?? 0, root).toBeGreaterThan(0)
  })

  it('decodeRecord: 12,000 mutated bodies and random strings, none throws, every accepted one is canonical and valid', () => {
    const rand = prng(0xBADC0DE)
    const originalBodies = new Set(bodies.map(hexOf))
    let accepted = 0
    let changed = 0
    for (let i = 0; i < 12_000; i++) {
      const input = mutate(bodies[i % bodies.length] as Uint8Array, rand, bodies)
      if (!originalBodies.has(hexOf(input))) changed++
      const result = decodeRecord(input)
      if (!result.ok) continue
      accepted++
      expect(same(encodeRecord(result.value), input)).toBe(true)
      expect(validateRecord(result.value).ok).toBe(true)
    }
    // Flips inside ids, keys and prompt text give other valid records: the oracle was exercised.
    expect(accepted).toBeGreaterThan(500)
    expect(changed).toBeGreaterThanOrEqual(10_000)
  })

  it('decodeBatch: 2,000 mutated batches, none throws, every accepted one re-encodes exactly and its records are checked', () => {
    const rand = prng(0xFEED)
    const batches = [encodeBatch(wires), encodeBatch(wires.slice(0, 3)), encodeBatch([]), encodeBatch([wires[4] as Uint8Array])]
    let accepted = 0
    let opened = 0
    for (let i = 0; i < 2_000; i++) {
      const input = mutate(batches[i % batches.length] as Uint8Array, rand, batches)
      const result = decodeBatch(input)
      if (!result.ok) continue
      accepted++
      expect(same(encodeBatch(result.value), input)).toBe(true)
      for (const wire of result.value) {
        const r = openRecord(wire, SWARM)
        if (r.ok) { opened++; expect(originals.has(hexOf(wire))).toBe(true) }
      }
    }
    expect(accepted).toBeGreaterThan(50)
    expect(opened).toBeGreaterThan(0)
  })

  it('accusations whose embedded evidence is mutated but which the accuser signs validly: 2,000, only intact evidence is accepted', () => {
    const rand = prng(0xACC)
    const accusations = records.filter(r => r.record.kind === 'accusation') as Array<VerifiedRecord<AccusationRecord>>
    const accuser = makeAuthors(4, 40)[2] as Author
    expect(accusations.map(a => a.record.evidence.kind).sort()).toEqual(['equivocation', 'evaluation-mismatch'])
    let signed = 0
    for (let i = 0; i < 2_000; i++) {
      const original = accusations[i % accusations.length] as VerifiedRecord<AccusationRecord>
      const ev = original.record.evidence
      let evidence: AccusationRecord['evidence']
      let intact: boolean
      if (ev.kind === 'equivocation') {
        const second = rand() < 0.5
        const mutated = mutate(second ? ev.second : ev.first, rand, wires)
        intact = same(mutated, second ? ev.second : ev.first)
        evidence = second ? { ...ev, second: mutated } : { ...ev, first: mutated }
      } else {
        const mutated = mutate(ev.evaluation, rand, wires)
        intact = same(mutated, ev.evaluation)
        evidence = { ...ev, evaluation: mutated }
      }
      const init = { ...original.record, author: accuser.key, seq: 1000 + i, evidence }
      if (!validateRecord(init).ok) continue // e.g. truncated to nothing: the encoder refuses it
      const wire = encodeSigned(signRecord<AccusationRecord>(init, accuser.signer, SWARM))
      signed++
      const result = openRecord(wire, SWARM)
      expect(result.ok).toBe(intact)
      if (!result.ok) expect(result.error.field).toMatch(/^accusation\.evidence/)
    }
    expect(signed).toBeGreaterThan(1_800)
  })

  it('every truncation of every wire record and body is rejected', () => {
    for (const w of wires) for (let n = 0; n < w.length; n++) expect(openRecord(w.subarray(0, n), SWARM).ok).toBe(false)
    for (const b of bodies) for (let n = 0; n < b.length; n++) expect(decodeRecord(b.subarray(0, n)).ok).toBe(false)
  })
})
