import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ArchiveView,
  ConfigError,
  decodeRecord,
  encodeRecord,
  hasIdentityWork,
  identityWorkHash,
  leadingZeroBits,
  MAX_IDENTITY_NONCE,
  mintIdentityWork,
  type HelloRecord,
  type VerifiedRecord,
  type ViewConfig
} from '../src/index.js'
import { Writer } from '../src/codec/writer.js'
import { helloArb } from './arbitraries.js'
import { candidate, evaluation, hello, makeAuthors, prng, scored, SWARM, type Author } from './fixtures.js'
import { AUTHORS, buildSwarm, planJudge, swarmPlanArb } from './swarm-plan.js'

const BITS = 8
const WORK: ViewConfig = { aggregator: { kind: 'median' }, quorum: 1, tolerance: 0.05, membership: { kind: 'proof-of-work', swarm: SWARM, bits: BITS } }

function mint (a: Author, bits = BITS, swarm = SWARM): number {
  const nonce = mintIdentityWork(swarm, a.key, bits)
  if (nonce === undefined) throw new Error('no nonce found')
  return nonce
}

/** A nonce that does not prove `bits` for this author (the first failing one from 0). */
function failingNonce (a: Author, bits = BITS): number {
  let n = 0
  while (hasIdentityWork(SWARM, a.key, n, bits)) n++
  return n
}

function viewOf (config: Partial<ViewConfig>, records: readonly VerifiedRecord[]): ArchiveView {
  const view = new ArchiveView({ ...WORK, ...config })
  for (const r of records) view.add(r)
  return view
}

describe('identity work: the proof', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.of(0x80))).toBe(0)
    expect(leadingZeroBits(Uint8Array.of(0x01, 0xff))).toBe(7)
    expect(leadingZeroBits(Uint8Array.of(0x00, 0x10))).toBe(11)
    expect(leadingZeroBits(new Uint8Array(4))).toBe(32)
  })

  it('mints the first nonce whose hash has enough leading zero bits, and the proof checks', () => {
    const [a] = makeAuthors(1, 950) as [Author]
    for (const bits of [1, 4, 8, 12]) {
      const nonce = mint(a, bits)
      expect(leadingZeroBits(identityWorkHash(SWARM, a.key, nonce))).toBeGreaterThanOrEqual(bits)
      expect(hasIdentityWork(SWARM, a.key, nonce, bits)).toBe(true)
      for (let n = 0; n < nonce; n++) expect(hasIdentityWork(SWARM, a.key, n, bits)).toBe(false)
    }
  })

  it('rejects insufficient work, work for another swarm and work for another key', () => {
    const [a, b] = makeAuthors(2, 950) as [Author, Author]
    const nonce = mint(a, 12)
    const zeros = leadingZeroBits(identityWorkHash(SWARM, a.key, nonce))
    expect(hasIdentityWork(SWARM, a.key, nonce, zeros)).toBe(true)
    expect(hasIdentityWork(SWARM, a.key, nonce, zeros + 1)).toBe(false)
    expect(hasIdentityWork('other-swarm', a.key, nonce, 12)).toBe(false)
    expect(hasIdentityWork(SWARM, b.key, nonce, 12)).toBe(false)
  })

  it('mints in slices: a bounded attempt gives up, and resuming finds the same nonce', () => {
    const [a] = makeAuthors(1, 951) as [Author]
    const nonce = mint(a, 10)
    expect(nonce).toBeGreaterThan(0)
    expect(mintIdentityWork(SWARM, a.key, 10, { attempts: nonce })).toBeUndefined()
    expect(mintIdentityWork(SWARM, a.key, 10, { start: nonce, attempts: 1 })).toBe(nonce)
    let start = 0
    let found: number | undefined
    while (found === undefined) {
      found = mintIdentityWork(SWARM, a.key, 10, { start, attempts: 100 })
      start += 100
    }
    expect(found).toBe(nonce)
  })

  it('never throws on a bad nonce, swarm or key: it is simply no proof', () => {
    const [a] = makeAuthors(1, 950) as [Author]
    for (const n of [-1, 1.5, Number.NaN, MAX_IDENTITY_NONCE + 1]) expect(hasIdentityWork(SWARM, a.key, n, 1)).toBe(false)
    expect(hasIdentityWork('', a.key, 0, 0)).toBe(false)
    expect(hasIdentityWork(SWARM, new Uint8Array(31), 0, 0)).toBe(false)
  })
})

describe('identity work: the hello extension', () => {
  const base: HelloRecord = { version: 1, kind: 'hello', author: new Uint8Array(32).fill(7), seq: 3, time: 5, peerId: 'p', tasks: ['t'], model: 'm', addresses: [] }

  it('a hello with a nonce round-trips; without one its bytes are the version-1 bytes', () => {
    fc.assert(fc.property(helloArb, fc.option(fc.oneof(fc.nat(1000), fc.constant(MAX_IDENTITY_NONCE), fc.maxSafeNat()), { nil: undefined }), (h, nonce) => {
      const record: HelloRecord = nonce === undefined ? h : { ...h, identityNonce: nonce }
      const bytes = encodeRecord(record)
      expect(decodeRecord(bytes)).toStrictEqual({ ok: true, value: record })
      if (nonce !== undefined) {
        const plain = encodeRecord(h)
        // The extension only appends: the old fields keep their bytes.
        expect(bytes.subarray(0, plain.length)).toEqual(plain)
        expect(bytes[plain.length]).toBe(1)
      }
    }), { seed: 7, numRuns: 200 })
  })

  it('rejects unknown extensions, a missing or non-canonical nonce and trailing bytes', () => {
    const plain = encodeRecord(base)
    const withTail = (...tail: number[]): Uint8Array => Uint8Array.from([...plain, ...tail])
    const rejects = (bytes: Uint8Array): unknown => {
      const result = decodeRecord(bytes)
      expect(result.ok).toBe(false)
      return result.ok ? undefined : result.error
    }
    expect(rejects(withTail(2, 0))).toEqual({ field: 'hello.extension', reason: 'unknown hello extension 2' })
    expect(rejects(withTail(1))).toMatchObject({ field: 'hello.identityNonce' })
    expect(rejects(withTail(1, 0x85, 0x00))).toEqual({ field: 'hello.identityNonce', reason: 'non-canonical varint' })
    expect(rejects(withTail(1, 5, 0))).toMatchObject({ field: 'hello', reason: expect.stringMatching(/trailing/) })
    expect(decodeRecord(withTail(1, 5))).toStrictEqual({ ok: true, value: { ...base, identityNonce: 5 } })
    const nonceAfterWriter = new Writer().u8(1).uint(300, 'n').finish()
    expect(decodeRecord(Uint8Array.from([...plain, ...nonceAfterWriter]))).toStrictEqual({ ok: true, value: { ...base, identityNonce: 300 } })
  })

  it('refuses to encode a nonce that is not an unsigned safe integer', () => {
    for (const identityNonce of [-1, 1.5, 2 ** 53]) {
      expect(() => encodeRecord({ ...base, identityNonce })).toThrow(/hello\.identityNonce/)
    }
  })
})

/**
 * A fixed archive without identity work: six hellos, a lineage, paired evaluations, an
 * equivocating double vote. Its digests were recorded before hellos had an extension.
 */
function legacyArchive (): VerifiedRecord[] {
  const [p, a, b, c, d, x] = makeAuthors(6, 900) as [Author, Author, Author, Author, Author, Author]
  const records: VerifiedRecord[] = [p, a, b, c, d, x].map(y => hello(y))
  const seed = candidate(p, { text: 'seed prompt' })
  const child = candidate(a, { text: 'child prompt', parent: seed })
  records.push(seed, child)
  for (const [i, e] of [b, c, d].entries()) {
    records.push(evaluation(e, seed, [0.5, 0.25 * i]))
    records.push(evaluation(e, child, [0.75, 0.5], { baseline: [0.5, 0.25 * i] }))
  }
  records.push(scored(x, child, 1, { seq: 0 }), scored(x, seed, 1))
  return records
}

describe('identity work: archives without it are unchanged', () => {
  it('hello ids and view digests are those recorded before the extension existed', () => {
    const records = legacyArchive()
    expect(records.filter(r => r.record.kind === 'hello').map(r => r.idHex)).toEqual([
      '2c022f47cf2db2c84887d7f53b486633624c4a51cf2d1b2f44041f27f9a8e751',
      '197c4e9ae1c1a9df7a606004969c5c25618755e17ff376840741f87ae2769e54',
      '2f9696975581bb15f8aae913ed0f45f9e22c994863b4fd1edc535484e4047de6',
      'a962a8e8a9e0b0774e8dbf3c4e3a671364ba6eda548f418b054b5f0142c2737d',
      '578a935dd5041db9d3b0cb094022584f116a376006ea3618e4ef8a84754ae0b2',
      '39c9f33b5bea3e0f1be2827e2e8383e6d8254c50e5f67d2bc1975013f96a406e'
    ])
    const keys = makeAuthors(6, 900).map(a => a.hex)
    const digests: Record<string, [Partial<ViewConfig>, string]> = {
      open: [{}, 'e3a08215c7d847a34eb236e330cd1e78e84fe9744019e16adb88ae6bb9778486'],
      // Re-recorded when pooled scores became per-measurement aggregates (2026-11-25): a rule
      // change, not the identity-work extension, moved this one.
      committee: [{ committee: { size: 2, backups: 1 } }, 'c7ec304bdc5e4c8a438c79a67aced417fde1f9e051a5656f254219086cec5bcb'],
      'allow-list': [{ membership: { kind: 'allow-list', keys: keys.slice(0, 4) } }, 'e2370fb585cad4f8189dfbe5fb9b328a5df7348087af71d1739bb3c9b953d063']
    }
    for (const [name, [config, digest]] of Object.entries(digests)) {
      const view = new ArchiveView({ aggregator: { kind: 'median' }, quorum: 2, tolerance: 0.05, ...config })
      for (const r of records) view.add(r)
      expect(view.digest(), name).toBe(digest)
      expect(view.recordDigest(), name).toBe('2d2c404ee59fcf1bc8266e79d795c8e36574e9831553f39fe573bb21c2e1694b')
    }
  })
})

describe('identity work: membership in the archive view', () => {
  it('only keys with a valid proof are members: their candidates and evaluations count, others are outsiders', () => {
    const [p, e0, e1, lazy, thief, elsewhere] = makeAuthors(6, 960) as [Author, Author, Author, Author, Author, Author]
    const records: VerifiedRecord[] = [
      hello(p, { identityNonce: mint(p) }),
      hello(e0, { identityNonce: mint(e0) }),
      hello(e1, { identityNonce: mint(e1) }),
      hello(lazy, { identityNonce: failingNonce(lazy) }),
      // Another key's valid nonce, and a valid nonce for another swarm, prove nothing.
      hello(thief, { identityNonce: mint(p) }),
      hello(elsewhere, { identityNonce: mint(elsewhere, BITS, 'other-swarm') })
    ]
    expect(hasIdentityWork(SWARM, thief.key, mint(p), BITS)).toBe(false)
    expect(hasIdentityWork(SWARM, elsewhere.key, mint(elsewhere, BITS, 'other-swarm'), BITS)).toBe(false)
    const t = candidate(p)
    const theirs = candidate(lazy)
    records.push(t, theirs, scored(e0, t, 0.4), scored(e1, t, 0.6), scored(e0, theirs, 1))
    for (const outsider of [lazy, thief, elsewhere]) records.push(scored(outsider, t, 0))
    const view = viewOf({}, records)
    const members = [p, e0, e1].map(a => a.hex).sort()
    expect(view.committeePool()).toEqual(members)
    for (const a of [p, e0, e1]) expect(view.isMember(a.hex)).toBe(true)
    for (const a of [lazy, thief, elsewhere]) expect(view.isMember(a.hex)).toBe(false)
    expect(view.candidate(t.idHex)).toMatchObject({ evaluations: 2, score: 0.5, status: 'admitted' })
    expect(view.candidate(theirs.idHex)).toMatchObject({ evaluations: 0, status: 'outsider' })
    // Reputation is earned by members only: the outsiders' zeros met a consensus nowhere.
    expect(view.evaluators()).toEqual([e0.hex, e1.hex].sort())
  })

  it('a key without a hello, or with a hello that carries no nonce, is an outsider', () => {
    const [p, e0, silent, plain] = makeAuthors(4, 970) as [Author, Author, Author, Author]
    const t = candidate(p)
    const view = viewOf({}, [hello(p, { identityNonce: mint(p) }), hello(e0, { identityNonce: mint(e0) }), hello(plain), t, scored(e0, t, 0.5), scored(silent, t, 1), scored(plain, t, 1)])
    expect(view.candidate(t.idHex)).toMatchObject({ evaluations: 1, score: 0.5 })
    expect(view.committeePool()).toEqual([p.hex, e0.hex].sort())
  })

  it('work admits whatever order records arrive in, and a later hello without work does not revoke it', () => {
    const [p, e0, e1] = makeAuthors(3, 980) as [Author, Author, Author]
    const helloP = hello(p, { identityNonce: mint(p) })
    const proof0 = hello(e0, { identityNonce: mint(e0) })
    const proof1 = hello(e1, { identityNonce: mint(e1) })
    const t = candidate(p)
    const votes = [scored(e0, t, 0.25), scored(e1, t, 0.75)]
    const later = hello(e0, { peerId: 'moved' })
    const inOrder = viewOf({ quorum: 2 }, [helloP, proof0, proof1, t, ...votes, later])
    // Candidate and votes first: nothing counts until the proofs arrive, then everything does.
    const reversed = viewOf({ quorum: 2 }, [later, ...votes, t])
    expect(reversed.candidate(t.idHex)?.status).toBe('outsider')
    for (const r of [proof1, helloP]) reversed.add(r)
    expect(reversed.candidate(t.idHex)).toMatchObject({ evaluations: 1, status: 'pending' })
    reversed.add(proof0)
    expect(reversed.candidate(t.idHex)).toMatchObject({ evaluations: 2, score: 0.5, status: 'admitted' })
    expect(reversed.digest()).toBe(inOrder.digest())
    expect(reversed.isMember(e0.hex)).toBe(true)
    // With committees, the pool grows with each proof, as an open swarm's grows with each hello.
    const committees = { quorum: 1, committee: { size: 2, backups: 0 } }
    const a = viewOf(committees, [helloP, proof0, proof1, t, ...votes])
    const b = viewOf(committees, [...votes, t, proof1, later, proof0, helloP])
    expect(a.committee(t.idHex)).toEqual(b.committee(t.idHex))
    expect(a.committee(t.idHex)).toHaveLength(2)
    expect(b.digest()).toBe(a.digest())
  })

  it('a banned member stays out of committees and counts', () => {
    const [p, e0, e1] = makeAuthors(3, 985) as [Author, Author, Author]
    const t = candidate(p)
    const nonce = mint(e0)
    const seq = e0.seq++
    const view = viewOf({}, [hello(p, { identityNonce: mint(p) }), hello(e1, { identityNonce: mint(e1) }), t, scored(e0, t, 1), scored(e1, t, 0.5),
      hello(e0, { seq, identityNonce: nonce }), hello(e0, { seq, peerId: 'twin', identityNonce: nonce })])
    expect(view.isBanned(e0.hex)).toBe(true)
    expect(view.committeePool()).toEqual([p.hex, e1.hex].sort())
    expect(view.candidate(t.idHex)).toMatchObject({ evaluations: 1, score: 0.5 })
  })

  it('digests do not depend on arrival order when only some authors proved work', () => {
    const authors = makeAuthors(AUTHORS, 100)
    fc.assert(fc.property(swarmPlanArb, fc.integer(), fc.integer({ min: 0, max: 2 ** AUTHORS - 1 }), (plan, shuffleSeed, provers) => {
      const records = buildSwarm(plan)
      // Proof hellos for a subset of the plan's authors, at seqs the plan never uses.
      authors.forEach((a, i) => {
        if (((provers >> i) & 1) !== 0) records.push(hello(a, { seq: 50_000, identityNonce: mint(a, 4) }))
      })
      const config: ViewConfig = { aggregator: plan.aggregator, quorum: plan.quorum, tolerance: plan.tolerance, judge: planJudge, membership: { kind: 'proof-of-work', swarm: SWARM, bits: 4 }, ...(plan.quorum % 2 === 0 ? { committee: { size: 2, backups: 1 } } : {}) }
      const reference = new ArchiveView(config)
      for (const r of records) reference.add(r)
      const rand = prng(shuffleSeed)
      const shuffled = [...records]
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1))
        ;[shuffled[i], shuffled[j]] = [shuffled[j] as VerifiedRecord, shuffled[i] as VerifiedRecord]
      }
      const other = new ArchiveView(config)
      for (const r of shuffled) { other.add(r); if (rand() < 0.2) other.digest() }
      expect(other.digest()).toBe(reference.digest())
      expect(other.committeePool()).toEqual(reference.committeePool())
      expect(reference.committeePool().length).toBeLessThanOrEqual(popcount(provers))
    }), { seed: 11, numRuns: 40 })
  })

  it('rejects malformed proof-of-work settings with a ConfigError naming the field', () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ kind: 'proof-of-work', swarm: SWARM, bits: 0 }, /membership\.bits/],
      [{ kind: 'proof-of-work', swarm: SWARM, bits: 41 }, /membership\.bits/],
      [{ kind: 'proof-of-work', swarm: SWARM, bits: 8.5 }, /membership\.bits/],
      [{ kind: 'proof-of-work', swarm: '', bits: 8 }, /membership\.swarm/],
      [{ kind: 'proof-of-work', bits: 8 }, /membership\.swarm/],
      [{ kind: 'work' }, /membership\.kind.*proof-of-work/]
    ]
    for (const [membership, field] of bad) {
      expect(() => new ArchiveView({ ...WORK, membership: membership as ViewConfig['membership'] })).toThrow(ConfigError)
      expect(() => new ArchiveView({ ...WORK, membership: membership as ViewConfig['membership'] })).toThrow(field)
    }
  })
})

function popcount (n: number): number {
  let c = 0
  for (let x = n; x > 0; x >>= 1) c += x & 1
  return c
}
