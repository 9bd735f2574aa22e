import fc from 'fast-check'
import nacl from 'tweetnacl'
import { describe, expect, it } from 'vitest'
import {
  ArchiveView,
  checkKeyPair,
  domainPrefix,
  encodeSigned,
  decodeRecord,
  EncodeError,
  encodeRecord,
  equivocationProof,
  isWeakPublicKey,
  KeyError,
  keyPairFromSeed,
  openRecord,
  recordId,
  signingMessage,
  signRecord,
  Signer,
  verifyRecord,
  verifySignature,
  type AccusationRecord,
  type ProtocolRecord,
  type SignedRecord
} from '../src/index.js'
import { bytesOf, candidate, type Author, evaluation, hello, hex, makeAuthor, makeAuthors, mismatch, SWARM } from './fixtures.js'

function decodeOk (body: Uint8Array): ProtocolRecord {
  const r = decodeRecord(body)
  if (!r.ok) throw new Error(`${r.error.field}: ${r.error.reason}`)
  return r.value
}

/** RFC 8032 section 7.1, "Test Vectors for Ed25519": TEST 1, 2, 3 and 1024 (a 1023-byte message). */
const RFC8032 = [
  {
    name: 'TEST 1',
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
  },
  {
    name: 'TEST 2',
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'
  },
  {
    name: 'TEST 3',
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'
  },
  {
    name: 'TEST 1024',
    seed: 'f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5',
    publicKey: '278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e',
    message: [
      '08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1',
      'e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d',
      '658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a',
      '7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e',
      '06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10',
      '3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1',
      '85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d',
      '502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270',
      '88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b',
      'eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba',
      'b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b',
      'e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7',
      '51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d',
      'cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df',
      'f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7',
      '984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4',
      '88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09',
      '43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f',
      'b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161',
      '0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d',
      'b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca',
      'c60c905c15fc910840b94c00a0b9d0'
    ].join(''),
    signature: '0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03'
  }
]

describe('Ed25519 against RFC 8032', () => {
  for (const v of RFC8032) {
    it(`${v.name}: public key, signature and verification`, () => {
      const message = bytesOf(v.message)
      if (v.name === 'TEST 1024') expect(message.length).toBe(1023)
      const pair = keyPairFromSeed(bytesOf(v.seed))
      expect(hex(pair.publicKey)).toBe(v.publicKey)
      expect(hex(pair.secretKey)).toBe(v.seed + v.publicKey)
      const signature = new Signer(pair).sign(message)
      expect(hex(signature)).toBe(v.signature)
      expect(verifySignature(pair.publicKey, message, bytesOf(v.signature))).toBe(true)
      // Any change to the message, the signature or the key invalidates it.
      const flipped = bytesOf(v.signature)
      flipped[5] = (flipped[5] as number) ^ 0x10
      expect(verifySignature(pair.publicKey, message, flipped)).toBe(false)
      expect(verifySignature(pair.publicKey, Uint8Array.from([...message, 0]), bytesOf(v.signature))).toBe(false)
      expect(verifySignature(bytesOf(RFC8032[(RFC8032.indexOf(v) + 1) % RFC8032.length]?.publicKey ?? ''), message, bytesOf(v.signature))).toBe(false)
    })
  }

  it('verifySignature never throws on malformed keys or signatures', () => {
    const msg = Uint8Array.of(1, 2, 3)
    const sig = bytesOf(RFC8032[0]?.signature ?? '')
    expect(verifySignature(new Uint8Array(31), msg, sig)).toBe(false)
    expect(verifySignature(new Uint8Array(32), msg, sig.subarray(0, 63))).toBe(false)
    expect(verifySignature(new Uint8Array(32).fill(0xff), msg, sig)).toBe(false)
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), (key, s) => {
      expect(verifySignature(key, msg, s)).toBe(false)
    }), { seed: 42, numRuns: 200 })
  })

  it('rejects a malleated signature (S + L): one statement has one valid signature per key', () => {
    // tweetnacl accepts S + L (it does not check S < L); node:crypto, which this package verifies with, does not.
    const L = (1n << 252n) + 27742317777372353535851937790883648493n
    const pair = keyPairFromSeed(new Uint8Array(32).fill(1))
    const message = Uint8Array.of(1, 2, 3)
    const signature = new Signer(pair).sign(message)
    let s = 0n
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(signature[32 + i] as number)
    let malleated = s + L
    const other = Uint8Array.from(signature)
    for (let i = 0; i < 32; i++) { other[32 + i] = Number(malleated & 0xffn); malleated >>= 8n }
    expect(verifySignature(pair.publicKey, message, signature)).toBe(true)
    expect(verifySignature(pair.publicKey, message, other)).toBe(false)
  })

  it('refuses small-order and non-canonical public keys, which no honest signer can hold', () => {
    // With the identity point as key, R = identity and S = 0 verify for every message under RFC 8032.
    const identity = bytesOf('01' + '00'.repeat(31))
    const universal = bytesOf('01' + '00'.repeat(63))
    expect(verifySignature(identity, new Uint8Array([1, 2, 3]), universal)).toBe(false)
    expect(isWeakPublicKey(identity)).toBe(true)
    expect(isWeakPublicKey(bytesOf('ec' + 'ff'.repeat(30) + '7f'))).toBe(true) // order 2
    expect(isWeakPublicKey(bytesOf('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85'))).toBe(true) // order 8, sign bit set
    expect(isWeakPublicKey(bytesOf('ef' + 'ff'.repeat(30) + '7f'))).toBe(true) // y >= p
    for (let i = 0; i < 50; i++) expect(isWeakPublicKey(makeAuthor(1000 + i).pair.publicKey)).toBe(false)
    // A candidate record under the identity key does not open.
    const body = encodeRecord({ version: 1, kind: 'candidate', author: identity, seq: 0, time: 0, role: 'task', task: 'math', text: 'x', parent: null, optimizer: null })
    const forged = encodeSigned({ record: decodeOk(body), body, signature: universal, id: recordId(body), idHex: '', authorHex: '' })
    const opened = openRecord(forged, SWARM)
    expect(opened.ok).toBe(false)
    if (!opened.ok) expect(opened.error.field).toBe('envelope.signature')
  })

  it('rejects bad seeds and mismatched key pairs with KeyError', () => {
    expect(() => keyPairFromSeed(new Uint8Array(31))).toThrow(KeyError)
    const a = keyPairFromSeed(new Uint8Array(32).fill(1))
    const b = keyPairFromSeed(new Uint8Array(32).fill(2))
    expect(() => checkKeyPair({ publicKey: b.publicKey, secretKey: a.secretKey })).toThrow(KeyError)
    expect(() => new Signer({ publicKey: a.publicKey, secretKey: Uint8Array.from([...a.secretKey.subarray(0, 32), ...b.publicKey]) })).toThrow(KeyError)
    expect(() => new Signer({ publicKey: a.publicKey, secretKey: a.secretKey.subarray(0, 32) })).toThrow(KeyError)
  })
})

describe('interoperability with tweetnacl', () => {
  it('same key pair from a seed; each verifies the other; a tweetnacl secret key drives our Signer', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
      const ours = keyPairFromSeed(seed)
      const theirs = nacl.sign.keyPair.fromSeed(seed)
      expect(hex(ours.publicKey)).toBe(hex(theirs.publicKey))
      expect(hex(ours.secretKey)).toBe(hex(theirs.secretKey))
      const ourSig = new Signer(ours).sign(message)
      expect(nacl.sign.detached.verify(message, ourSig, theirs.publicKey)).toBe(true)
      const theirSig = nacl.sign.detached(message, theirs.secretKey)
      expect(verifySignature(ours.publicKey, message, theirSig)).toBe(true)
      // Ed25519 is deterministic: both sign identically.
      expect(hex(ourSig)).toBe(hex(theirSig))
      const fromNacl = new Signer({ publicKey: theirs.publicKey, secretKey: theirs.secretKey })
      expect(hex(fromNacl.sign(message))).toBe(hex(theirSig))
    }), { seed: 42, numRuns: 20 })
  })

  it('a record signed with a tweetnacl key pair opens', () => {
    const pair = nacl.sign.keyPair.fromSeed(new Uint8Array(32).fill(3))
    const signer = new Signer(pair)
    const signed = signRecord({ kind: 'hello', author: pair.publicKey, seq: 0, time: 0, peerId: 'p', tasks: [], model: 'm', addresses: [] }, signer, SWARM)
    expect(nacl.sign.detached.verify(signingMessage(SWARM, signed.body), signed.signature, pair.publicKey)).toBe(true)
    expect(openRecord(encodeSigned(signed), SWARM).ok).toBe(true)
  })
})

describe('records: signing, ids and domain separation', () => {
  it('a record signed for swarm "a" fails to open in swarm "b" with a signature error', () => {
    const a = makeAuthor(0)
    for (const make of [() => hello(a, {}, 'a'), () => candidate(a, {}, 'a'), () => evaluation(a, new Uint8Array(32), [1, 0], {}, 'a')]) {
      const signed = make()
      const wire = encodeSigned(signed)
      expect(openRecord(wire, 'a').ok).toBe(true)
      const other = openRecord(wire, 'b')
      expect(other).toMatchObject({ ok: false, error: { field: 'envelope.signature' } })
      expect(!other.ok && other.error.reason).toMatch(/invalid signature for swarm "b"/)
      expect(verifyRecord(signed.body, signed.signature, 'b').ok).toBe(false)
      expect(verifyRecord(signed.body, signed.signature, 'a').ok).toBe(true)
    }
  })

  it('openRecord reports an invalid swarm name instead of throwing', () => {
    const wire = encodeSigned(hello(makeAuthor(0)))
    expect(openRecord(wire, '')).toMatchObject({ ok: false, error: { field: 'swarm' } })
    expect(openRecord(wire, 'x'.repeat(129))).toMatchObject({ ok: false, error: { field: 'swarm' } })
  })

  it('the swarm name is length-prefixed: no two swarms share a signing message for any bodies', () => {
    expect(hex(signingMessage('a', Uint8Array.of(0x62)))).not.toBe(hex(signingMessage('ab', new Uint8Array(0))))
    const pa = domainPrefix('a')
    const pab = domainPrefix('ab')
    expect(hex(pab).startsWith(hex(pa))).toBe(false)
    expect(() => domainPrefix('')).toThrow(EncodeError)
    expect(() => domainPrefix('x'.repeat(129))).toThrow(EncodeError)
  })

  it('the id is sha256 of the body and ignores the signature; signRecord refuses another author', () => {
    const [a, b] = makeAuthors(2) as [Author, Author]
    const signed = candidate(a)
    expect(signed.idHex).toBe(hex(recordId(signed.body)))
    expect(signed.authorHex).toBe(a.hex)
    expect(() => signRecord({ kind: 'hello', author: a.key, seq: 0, time: 0, peerId: 'p', tasks: [], model: 'm', addresses: [] }, b.signer, SWARM)).toThrow(/another author/)
  })

  it('a valid signature over a body that names another author is rejected', () => {
    const [a, b] = makeAuthors(2) as [Author, Author]
    const signed = hello(a)
    const forged = b.signer.sign(signingMessage(SWARM, signed.body))
    expect(verifyRecord(signed.body, forged, SWARM)).toMatchObject({ ok: false, error: { field: 'envelope.signature' } })
  })
})

describe('replay and equivocation', () => {
  it('the same record twice is a duplicate', () => {
    const a = makeAuthor(0)
    const view = new ArchiveView({ aggregator: { kind: 'median' }, quorum: 1, tolerance: 0 })
    const signed = candidate(a)
    expect(view.add(signed)).toEqual({ status: 'added' })
    const replay = openRecord(encodeSigned(signed), SWARM)
    expect(replay.ok).toBe(true)
    if (!replay.ok) return
    expect(view.add(replay.value)).toEqual({ status: 'duplicate' })
    expect(view.size).toBe(1)
    expect(view.banned()).toEqual([])
  })

  it('two records with one author and one seq ban the author; add returns the pair', () => {
    const [a, b] = makeAuthors(2) as [Author, Author]
    const view = new ArchiveView({ aggregator: { kind: 'median' }, quorum: 1, tolerance: 0 })
    const first = candidate(a, { seq: 7, text: 'one' })
    const second = candidate(a, { seq: 7, text: 'two' })
    expect(view.add(first)).toEqual({ status: 'added' })
    const result = view.add(second)
    expect(result.status).toBe('added')
    expect(result.equivocation?.first.idHex).toBe(first.idHex)
    expect(result.equivocation?.second.idHex).toBe(second.idHex)
    expect(view.isBanned(a.hex)).toBe(true)
    expect(view.banned()).toEqual([{ author: a.hex, reasons: ['equivocation'] }])
    expect(view.candidate(first.idHex)?.status).toBe('banned')
    expect(view.isBanned(b.hex)).toBe(false)

    // The accusation built from the pair opens, and bans the accused in a fresh view that never saw the pair.
    const proof = equivocationProof(first, second, { author: b.key, seq: 0, time: 1 })
    const accusation = signRecord(proof, b.signer, SWARM)
    const opened = openRecord(encodeSigned(accusation), SWARM)
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    const fresh = new ArchiveView({ aggregator: { kind: 'median' }, quorum: 1, tolerance: 0 })
    fresh.add(opened.value)
    expect(fresh.has(first.idHex)).toBe(false)
    expect(fresh.banned()).toEqual([{ author: a.hex, reasons: ['equivocation'] }])
    expect(fresh.accusationViews()).toEqual([{ id: accusation.idHex, accuser: b.hex, accused: a.hex, kind: 'equivocation', verdict: 'proven' }])
    // Later records by the banned author show as banned there too.
    const later = candidate(a, { seq: 8 })
    fresh.add(later)
    expect(fresh.candidate(later.idHex)?.status).toBe('banned')
  })

  it('equivocationProof refuses pairs that prove nothing', () => {
    const [a, b] = makeAuthors(2) as [Author, Author]
    const accuser = { author: b.key, seq: 0, time: 0 }
    const x = candidate(a, { seq: 1, text: 'x' })
    expect(() => equivocationProof(x, x, accuser)).toThrow(EncodeError)
    expect(() => equivocationProof(x, candidate(a, { seq: 2, text: 'y' }), accuser)).toThrow(/different sequence numbers/)
    expect(() => equivocationProof(x, candidate(b, { seq: 1, text: 'y' }), accuser)).toThrow(/different authors/)
  })

  describe('forged equivocation accusations are rejected by openRecord', () => {
    const [a, b, c] = makeAuthors(3, 10) as [Author, Author, Author]
    const accuse = (accused: Uint8Array, first: SignedRecord, second: SignedRecord, swarm = SWARM): ReturnType<typeof openRecord> => {
      const signed = signRecord<AccusationRecord>({
        kind: 'accusation', author: c.key, seq: 0, time: 0, accused, evidence: { kind: 'equivocation', first: encodeSigned(first), second: encodeSigned(second) }
      }, c.signer, swarm)
      return openRecord(encodeSigned(signed), swarm)
    }
    const x1 = candidate(a, { seq: 1, text: 'x1' })
    const x2 = candidate(a, { seq: 1, text: 'x2' })

    it('a genuine pair is accepted', () => {
      expect(accuse(a.key, x1, x2).ok).toBe(true)
    })
    it('records with different seqs', () => {
      expect(accuse(a.key, x1, candidate(a, { seq: 2, text: 'x3' }))).toMatchObject({ ok: false, error: { field: 'accusation.evidence', reason: 'the two records have different sequence numbers' } })
    })
    it('records not by the accused', () => {
      expect(accuse(b.key, x1, x2)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.first', reason: 'not signed by the accused' } })
      expect(accuse(a.key, x1, candidate(b, { seq: 1, text: 'x2' }))).toMatchObject({ ok: false, error: { field: 'accusation.evidence.second', reason: 'not signed by the accused' } })
    })
    it('the same statement twice (even with a second valid envelope)', () => {
      expect(accuse(a.key, x1, x1)).toMatchObject({ ok: false, error: { field: 'accusation.evidence', reason: 'the two records are the same statement' } })
    })
    it('evidence with a broken signature, from another swarm, or that is itself an accusation', () => {
      const broken = { ...x2, signature: Uint8Array.from(x2.signature, (v, i) => i === 0 ? v ^ 1 : v) }
      expect(accuse(a.key, x1, broken)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.second' } })
      const elsewhere = candidate(a, { seq: 1, text: 'x4' }, 'other-swarm')
      const r = accuse(a.key, x1, elsewhere)
      expect(r).toMatchObject({ ok: false, error: { field: 'accusation.evidence.second' } })
      expect(!r.ok && r.error.reason).toMatch(/^envelope\.signature/)
      const nested1 = signRecord<AccusationRecord>({ kind: 'accusation', author: a.key, seq: 3, time: 0, accused: b.key, evidence: { kind: 'equivocation', first: Uint8Array.of(1), second: Uint8Array.of(2) } }, a.signer, SWARM)
      const nested2 = signRecord<AccusationRecord>({ kind: 'accusation', author: a.key, seq: 3, time: 0, accused: c.key, evidence: { kind: 'equivocation', first: Uint8Array.of(1), second: Uint8Array.of(2) } }, a.signer, SWARM)
      const n = accuse(a.key, nested1, nested2)
      expect(n).toMatchObject({ ok: false, error: { field: 'accusation.evidence.first' } })
      expect(!n.ok && n.error.reason).toMatch(/evidence records may not be accusations/)
    })
    it('garbage evidence bytes', () => {
      const signed = signRecord<AccusationRecord>({ kind: 'accusation', author: c.key, seq: 0, time: 0, accused: a.key, evidence: { kind: 'equivocation', first: Uint8Array.of(1, 2, 3), second: encodeSigned(x2) } }, c.signer, SWARM)
      expect(openRecord(encodeSigned(signed), SWARM)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.first' } })
    })
  })

  describe('evaluation-mismatch accusations are checked for what the protocol can check', () => {
    const [a, c] = makeAuthors(2, 20) as [Author, Author]
    const target = candidate(makeAuthor(30))
    const ev = evaluation(a, target, [1, 0, 1])
    it('accepted when the expected outcomes contradict the evaluation', () => {
      expect(openRecord(encodeSigned(mismatch(c, ev, [1], [1])), SWARM).ok).toBe(true)
      expect(openRecord(encodeSigned(mismatch(c, ev, [0, 2], [1, 0])), SWARM).ok).toBe(true)
    })
    it('a contradicted baseline is a mismatch too, but only when the evaluation carries one', () => {
      const paired = evaluation(a, target, [1, 0, 1], { baseline: [0, 0, 1] })
      // The outcomes agree; the parent's baseline on item 0 is contradicted (a deflated baseline inflates the improvement).
      expect(openRecord(encodeSigned(mismatch(c, paired, [0], [1], { expectedBaseline: [1] })), SWARM).ok).toBe(true)
      expect(openRecord(encodeSigned(mismatch(c, paired, [0], [1], { expectedBaseline: [0] })), SWARM)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.expected' } })
      expect(openRecord(encodeSigned(mismatch(c, ev, [0], [0], { expectedBaseline: [1] })), SWARM)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.expectedBaseline' } })
    })

    it('rejected when they agree, point past the items, or the evidence is not an evaluation', () => {
      expect(openRecord(encodeSigned(mismatch(c, ev, [0, 1], [1, 0])), SWARM)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.expected' } })
      expect(openRecord(encodeSigned(mismatch(c, ev, [0, 3], [0, 0])), SWARM)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.indices[1]' } })
      const notEval = signRecord<AccusationRecord>({
        kind: 'accusation', author: c.key, seq: 99, time: 0, accused: a.key, evidence: { kind: 'evaluation-mismatch', evaluation: encodeSigned(hello(a)), indices: [0], expected: [1], expectedBaseline: [] }
      }, c.signer, SWARM)
      expect(openRecord(encodeSigned(notEval), SWARM)).toMatchObject({ ok: false, error: { field: 'accusation.evidence.evaluation' } })
    })
  })
})
