import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  cachedRecord,
  decodeRecord,
  DEFAULT_VERIFICATION_CACHE_SIZE,
  encodeRecord,
  encodeSigned,
  openRecord,
  openRecordDeferred,
  recordId,
  setVerificationCacheSize,
  signRecord,
  equivocationProof,
  toHex,
  verificationCacheStats,
  verifySignature,
  type Ed25519Verifier,
  type Result,
  type VerifiedRecord
} from '../src/index.js'
import { ownCopy } from '../src/codec/byte-slab.js'
import { hex } from '../src/codec/hex.js'
import { candidate, evaluation, hello, makeAuthor, makeAuthors, prng, SWARM } from './fixtures.js'

/** A verifier that answers later, as a worker thread does, and counts what it was asked. */
function laterVerifier (): { verify: Ed25519Verifier, keys: Uint8Array[] } {
  const keys: Uint8Array[] = []
  const verify: Ed25519Verifier = async (publicKey, message, signature) => {
    keys.push(publicKey.slice())
    await new Promise(resolve => setImmediate(resolve))
    return verifySignature(publicKey, message, signature)
  }
  return { verify, keys }
}

function sample (): VerifiedRecord[] {
  const [a, b] = makeAuthors(2, 40) as [ReturnType<typeof makeAuthor>, ReturnType<typeof makeAuthor>]
  const c = candidate(a, { text: 'Answer with one number. ü, 数, and an emoji 🧪 keep UTF-8 honest.' })
  return [hello(a), c, evaluation(b, c, [1, 0, 0.5], { baseline: [0, 0, 1] }), candidate(b, { role: 'optimizer', parent: null })]
}

/** Every single-byte change, truncation and extension of a wire record, deterministically. */
function mutations (wire: Uint8Array, seed: number, count: number): Uint8Array[] {
  const random = prng(seed)
  const out: Uint8Array[] = [wire.subarray(0, wire.length - 1), Uint8Array.from([...wire, 0])]
  for (let i = 0; i < count; i++) {
    const m = wire.slice()
    const at = Math.floor(random() * m.length)
    m[at] = (m[at] as number) ^ (1 << Math.floor(random() * 8))
    out.push(m)
  }
  return out
}

const outcome = (r: Result<VerifiedRecord>): string => r.ok ? `ok ${r.value.idHex} ${r.value.authorHex}` : `${r.error.field}: ${r.error.reason}`

describe('deferred opening (signatures checked elsewhere)', () => {
  beforeEach(() => {
    setVerificationCacheSize(0)
    setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
  })
  afterEach(() => setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE))

  it('gives openRecord\'s verdict for every record and every mutation of it, cache on and off', async () => {
    for (const size of [0, DEFAULT_VERIFICATION_CACHE_SIZE]) {
      setVerificationCacheSize(0)
      setVerificationCacheSize(size)
      for (const [k, signed] of sample().entries()) {
        for (const wire of [encodeSigned(signed), ...mutations(encodeSigned(signed), 100 + k, 150)]) {
          const { verify } = laterVerifier()
          const deferred = await openRecordDeferred(wire, SWARM, verify)
          setVerificationCacheSize(0) // the reference opening verifies from scratch
          const reference = openRecord(wire, SWARM)
          setVerificationCacheSize(size)
          expect(outcome(deferred)).toBe(outcome(reference))
          if (deferred.ok) expect(deferred.value.record).toEqual(signed.record)
        }
      }
    }
  })

  it('never asks the verifier about a weak key, and refuses the record', async () => {
    const identity = Uint8Array.from([1, ...new Array<number>(31).fill(0)])
    const body = encodeRecord({ version: 1, kind: 'candidate', author: identity, seq: 0, time: 0, role: 'task', task: 'math', text: 'x', parent: null, optimizer: null })
    const decoded = decodeRecord(body)
    if (!decoded.ok) throw new Error('test body does not decode')
    const universal = Uint8Array.from([1, ...new Array<number>(63).fill(0)])
    const wire = encodeSigned({ record: decoded.value, body, signature: universal, id: recordId(body), idHex: '', authorHex: '' })
    const { verify, keys } = laterVerifier()
    const opened = await openRecordDeferred(wire, SWARM, verify)
    expect(opened.ok).toBe(false)
    if (!opened.ok) expect(opened.error.field).toBe('envelope.signature')
    expect(keys).toEqual([])
  })

  it('answers at once, without the verifier, for records the cache holds', async () => {
    const wire = encodeSigned(sample()[1] as VerifiedRecord)
    const { verify, keys } = laterVerifier()
    const first = openRecordDeferred(wire, SWARM, verify)
    expect(first).toBeInstanceOf(Promise)
    expect((await first).ok).toBe(true)
    const second = openRecordDeferred(wire, SWARM, verify)
    expect(second).not.toBeInstanceOf(Promise)
    expect(keys.length).toBe(1)
  })

  it('shares one verification among concurrent openings of a record while the cache is on, and not when it is off', async () => {
    const wire = encodeSigned(sample()[1] as VerifiedRecord)
    for (const [size, expected] of [[DEFAULT_VERIFICATION_CACHE_SIZE, 1], [0, 5]] as const) {
      setVerificationCacheSize(0)
      setVerificationCacheSize(size)
      const { verify, keys } = laterVerifier()
      const results = await Promise.all(Array.from({ length: 5 }, async () => await openRecordDeferred(wire, SWARM, verify)))
      expect(results.every(r => r.ok)).toBe(true)
      expect(keys.length).toBe(expected)
    }
  })

  it('shares a failed verification too, and caches nothing for it', async () => {
    const wire = encodeSigned(sample()[0] as VerifiedRecord)
    const forged = wire.slice()
    forged[forged.length - 5] = (forged[forged.length - 5] as number) ^ 0x10
    const { verify, keys } = laterVerifier()
    const results = await Promise.all([openRecordDeferred(forged, SWARM, verify), openRecordDeferred(forged, SWARM, verify)])
    expect(results.map(r => r.ok)).toEqual([false, false])
    expect(keys.length).toBe(1)
    expect(verificationCacheStats().size).toBe(0)
    expect((await openRecordDeferred(forged, SWARM, verify)).ok).toBe(false)
    expect(keys.length).toBe(2)
  })

  it('passes a verifier failure on rather than deciding the record', async () => {
    const wire = encodeSigned(sample()[0] as VerifiedRecord)
    const broken: Ed25519Verifier = async () => { throw new Error('worker died') }
    await expect(openRecordDeferred(wire, SWARM, broken)).rejects.toThrow('worker died')
    // Nothing was remembered: a working verifier decides it afterwards.
    expect((await openRecordDeferred(wire, SWARM, laterVerifier().verify)).ok).toBe(true)
  })
})

describe('openings shared through the cache', () => {
  beforeEach(() => {
    setVerificationCacheSize(0)
    setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
  })
  afterEach(() => setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE))

  it('hands back the opened record for the exact same bytes in the same swarm only', () => {
    const signed = sample()[1] as VerifiedRecord
    const wire = encodeSigned(signed)
    expect(cachedRecord(wire, SWARM)).toBeUndefined()
    const opened = openRecord(wire, SWARM)
    if (!opened.ok) throw new Error(opened.error.reason)
    expect(cachedRecord(wire, SWARM)).toBe(opened.value)
    expect(cachedRecord(Uint8Array.from(wire), SWARM)).toBe(opened.value)
    expect(openRecord(wire, SWARM)).toEqual(opened)
    expect(cachedRecord(wire, 'another-swarm')).toBeUndefined()
    // The same signature over another body (one bit of the text changed) is not the record.
    const body = wire.slice()
    body[body.length - 80] = (body[body.length - 80] as number) ^ 1
    expect(cachedRecord(body, SWARM)).toBeUndefined()
    expect(openRecord(body, SWARM).ok).toBe(false)
    expect(cachedRecord(wire.subarray(1), SWARM)).toBeUndefined()
  })

  it('hands out an opening still waiting for its verdict, so a second opener waits instead of decoding again', async () => {
    const wire = encodeSigned(sample()[2] as VerifiedRecord)
    const { verify, keys } = laterVerifier()
    const first = openRecordDeferred(wire, SWARM, verify)
    const second = cachedRecord(Uint8Array.from(wire), SWARM)
    expect(second).toBeInstanceOf(Promise)
    expect(cachedRecord(wire, 'another-swarm')).toBeUndefined()
    const [a, b] = await Promise.all([first, second])
    expect(a).toEqual(b)
    expect(keys.length).toBe(1)
    // Settled: the record itself is held now.
    expect(cachedRecord(wire, SWARM)).toBe((a as { value: VerifiedRecord }).value)
    // Disabled, nothing is shared.
    setVerificationCacheSize(0)
    const third = openRecordDeferred(wire, SWARM, verify)
    expect(cachedRecord(wire, SWARM)).toBeUndefined()
    expect((await third).ok).toBe(true)
  })

  it('holds nothing while the cache is disabled, and forgets an opening once its verification is evicted', () => {
    const [first, second] = sample().map(r => encodeSigned(r)) as [Uint8Array, Uint8Array]
    setVerificationCacheSize(0)
    expect(openRecord(first, SWARM).ok).toBe(true)
    expect(cachedRecord(first, SWARM)).toBeUndefined()
    setVerificationCacheSize(1)
    openRecord(first, SWARM)
    expect(cachedRecord(first, SWARM)).toBeDefined()
    openRecord(second, SWARM) // evicts the first verification
    expect(cachedRecord(first, SWARM)).toBeUndefined()
    expect(cachedRecord(second, SWARM)).toBeDefined()
  })

  it('still refuses an accusation as evidence when its opening is shared', () => {
    const [accused, accuser, other] = makeAuthors(3, 50) as [ReturnType<typeof makeAuthor>, ReturnType<typeof makeAuthor>, ReturnType<typeof makeAuthor>]
    const proof = equivocationProof(hello(accused, { seq: 3, peerId: 'one' }), hello(accused, { seq: 3, peerId: 'two' }), { author: accuser.key, seq: 0, time: 1 })
    const accusation = encodeSigned(signRecord(proof, accuser.signer, SWARM))
    expect(openRecord(accusation, SWARM).ok).toBe(true)
    expect((cachedRecord(accusation, SWARM) as VerifiedRecord | undefined)?.record.kind).toBe('accusation')
    // An accusation whose evidence is that (cached) accusation: evidence may not be an accusation.
    const nested = encodeSigned(signRecord({
      kind: 'accusation',
      author: other.key,
      seq: 0,
      time: 1,
      accused: accuser.key,
      evidence: { kind: 'equivocation', first: accusation, second: encodeSigned(hello(accuser, { seq: 0 })) }
    }, other.signer, SWARM))
    const opened = openRecord(nested, SWARM)
    expect(opened.ok).toBe(false)
    if (!opened.ok) expect(opened.error).toEqual({ field: 'accusation.evidence.first', reason: 'evidence: evidence records may not be accusations' })
  })
})

describe('copy-free decoding helpers', () => {
  it('decodes byte fields as views or copies with equal results', () => {
    for (const signed of sample()) {
      const body = signed.body.slice()
      const views = decodeRecord(body, { views: true })
      const copies = decodeRecord(body)
      expect(views).toEqual(copies)
      if (views.ok && copies.ok) {
        expect(views.value.author.buffer).toBe(body.buffer)
        expect(copies.value.author.buffer).not.toBe(body.buffer)
      }
    }
  })

  it('writes hex that matches the reference encoding', () => {
    const random = prng(7)
    for (const n of [0, 1, 31, 32, 64, 65, 200]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(random() * 256))
      expect(hex(bytes)).toBe(toHex(bytes))
    }
  })

  it('makes private copies that share memory with nothing the caller holds', () => {
    // Sizes from small (carved from a shared slab) to over 2 KiB (a copy of its own).
    const pattern = (i: number): Uint8Array => Uint8Array.from({ length: 100 + i * 211 }, (_, k) => (k * 7 + i) & 0xff)
    const sources = Array.from({ length: 12 }, (_, i) => pattern(i))
    const copies = sources.map(s => ownCopy(s))
    for (const s of sources) s.fill(0)
    // Zeroing the sources changed no copy, and no copy overlaps another.
    for (const [i, c] of copies.entries()) expect(Buffer.compare(c, pattern(i))).toBe(0)
  })
})
