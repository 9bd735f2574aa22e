import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_VERIFICATION_CACHE_SIZE,
  encodeSigned,
  equivocationProof,
  openRecord,
  setVerificationCacheSize,
  signRecord,
  verificationCacheStats,
  type VerifiedRecord
} from '../src/index.js'
import { hello, makeAuthor, makeAuthors, SWARM } from './fixtures.js'

/** Verifications that ran Ed25519 (cache misses) while `run` ran. */
function missesDuring (run: () => void): number {
  const before = verificationCacheStats().misses
  run()
  return verificationCacheStats().misses - before
}

function withSignature (wire: Uint8Array, mutate: (signature: Uint8Array) => void): Uint8Array {
  const copy = wire.slice()
  mutate(copy.subarray(copy.length - 64))
  return copy
}

describe('verification cache', () => {
  // The cache is process-wide: every test starts from an empty cache of the default size.
  beforeEach(() => {
    setVerificationCacheSize(0)
    setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
  })
  afterEach(() => setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE))

  it('verifies a record once, then answers from the cache', () => {
    const wire = encodeSigned(hello(makeAuthor(1)))
    expect(missesDuring(() => expect(openRecord(wire, SWARM).ok).toBe(true))).toBe(1)
    expect(missesDuring(() => expect(openRecord(wire, SWARM).ok).toBe(true))).toBe(0)
    expect(verificationCacheStats().size).toBe(1)
  })

  it('never caches a forged signature as valid', () => {
    const wire = encodeSigned(hello(makeAuthor(1)))
    expect(openRecord(wire, SWARM).ok).toBe(true) // the genuine signature is now cached
    const forged = withSignature(wire, s => { s[5] = (s[5] as number) ^ 0x01 })
    for (let i = 0; i < 3; i++) {
      const opened = openRecord(forged, SWARM)
      expect(opened.ok).toBe(false)
      if (!opened.ok) expect(opened.error.field).toBe('envelope.signature')
    }
    // Each attempt ran a real verification, and nothing was added for the forgery.
    expect(missesDuring(() => openRecord(forged, SWARM))).toBe(1)
    expect(verificationCacheStats().size).toBe(1)
  })

  it('does not let a signature cached for one author vouch for another author\'s body', () => {
    const [alice, mallory] = makeAuthors(2, 10) as [ReturnType<typeof makeAuthor>, ReturnType<typeof makeAuthor>]
    const genuine = hello(alice)
    expect(openRecord(encodeSigned(genuine), SWARM).ok).toBe(true)
    // Mallory's body with Alice's (cached) signature.
    const body = signRecord({ kind: 'hello', author: mallory.key, seq: 0, time: genuine.record.time, peerId: 'peer-10', tasks: ['gsm8k', 'arith'], model: 'synthetic-1', addresses: ['/ip4/127.0.0.1/tcp/4010'] }, mallory.signer, SWARM).body
    for (let i = 0; i < 2; i++) expect(openRecord(encodeSigned({ ...genuine, body }), SWARM).ok).toBe(false)
    expect(openRecord(encodeSigned(genuine), SWARM).ok).toBe(true)
  })

  it('keeps a record valid in swarm A invalid in swarm B after caching it for A', () => {
    const wire = encodeSigned(hello(makeAuthor(2), {}, 'swarm-a'))
    expect(openRecord(wire, 'swarm-a').ok).toBe(true)
    expect(openRecord(wire, 'swarm-a').ok).toBe(true)
    const inB = openRecord(wire, 'swarm-b')
    expect(inB.ok).toBe(false)
    if (!inB.ok) expect(inB.error.field).toBe('envelope.signature')
    expect(openRecord(wire, 'swarm-a').ok).toBe(true)
  })

  it('caches the evidence of an accusation without weakening its checks', () => {
    const accused = makeAuthor(3)
    const a = hello(accused, { seq: 7, peerId: 'one' })
    const b = hello(accused, { seq: 7, peerId: 'two' })
    const accuser = makeAuthor(4)
    const proof = equivocationProof(a, b, { author: accuser.key, seq: 0, time: 1 })
    const accusation = encodeSigned(signRecord(proof, accuser.signer, SWARM))
    expect(openRecord(accusation, SWARM).ok).toBe(true)
    expect(missesDuring(() => expect(openRecord(accusation, SWARM).ok).toBe(true))).toBe(0)
    // The accusation signed for another swarm, carrying evidence signed (and cached) for this one:
    // its own signature is valid there, its evidence is not.
    const elsewhere = openRecord(encodeSigned(signRecord(proof, accuser.signer, 'other-swarm')), 'other-swarm')
    expect(elsewhere.ok).toBe(false)
    if (!elsewhere.ok) expect(elsewhere.error.field).toBe('accusation.evidence.first')
  })

  it('is bounded, and evicts the least recently used entry first', () => {
    setVerificationCacheSize(4)
    const author = makeAuthor(5)
    const wires = Array.from({ length: 10 }, (_, seq) => encodeSigned(hello(author, { seq })))
    for (const wire of wires.slice(0, 4)) openRecord(wire, SWARM)
    expect(verificationCacheStats().size).toBe(4)
    openRecord(wires[0] as Uint8Array, SWARM) // a hit: record 0 becomes the most recent
    for (const wire of wires.slice(4)) {
      openRecord(wire, SWARM)
      expect(verificationCacheStats().size).toBeLessThanOrEqual(4)
    }
    // Records 6..9 are held; 0 (refreshed, but older than 6..9) and the rest were evicted.
    expect(missesDuring(() => { for (const wire of wires.slice(6)) openRecord(wire, SWARM) })).toBe(0)
    expect(missesDuring(() => openRecord(wires[0] as Uint8Array, SWARM))).toBe(1)
    setVerificationCacheSize(2)
    expect(verificationCacheStats().size).toBe(2)
  })

  it('refreshes an entry on a hit so a busy record outlives idle ones', () => {
    setVerificationCacheSize(2)
    const author = makeAuthor(6)
    const [w0, w1, w2] = Array.from({ length: 3 }, (_, seq) => encodeSigned(hello(author, { seq }))) as [Uint8Array, Uint8Array, Uint8Array]
    openRecord(w0, SWARM)
    openRecord(w1, SWARM)
    openRecord(w0, SWARM) // hit: w1 is now the least recently used
    openRecord(w2, SWARM) // evicts w1
    expect(missesDuring(() => openRecord(w0, SWARM))).toBe(0)
    expect(missesDuring(() => openRecord(w1, SWARM))).toBe(1)
  })

  it('verifies every time when disabled, with the same results', () => {
    setVerificationCacheSize(0)
    const wire = encodeSigned(hello(makeAuthor(7)))
    expect(missesDuring(() => {
      for (let i = 0; i < 3; i++) expect(openRecord(wire, SWARM).ok).toBe(true)
    })).toBe(3)
    expect(verificationCacheStats()).toMatchObject({ size: 0, capacity: 0 })
  })

  it('refuses a size that is not a non-negative integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => setVerificationCacheSize(bad)).toThrow(RangeError)
    }
    expect(verificationCacheStats().capacity).toBe(DEFAULT_VERIFICATION_CACHE_SIZE)
  })

  it('gives the same verdict as uncached verification for any tampered signature or swarm', () => {
    const records: VerifiedRecord[] = Array.from({ length: 4 }, (_, seq) => hello(makeAuthor(8), { seq }))
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 63 }),
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(SWARM, 'another-swarm'),
      (which, at, value, swarm) => {
        const wire = encodeSigned(records[which] as VerifiedRecord)
        openRecord(wire, SWARM) // cache the genuine record
        const tampered = withSignature(wire, s => { s[at] = value })
        const cached = openRecord(tampered, swarm)
        setVerificationCacheSize(0)
        const uncached = openRecord(tampered, swarm)
        setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
        expect(cached).toEqual(uncached)
      }
    ), { seed: 20260325, numRuns: 200 })
  })
})
