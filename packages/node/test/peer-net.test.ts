import { describe, expect, it } from 'vitest'
import { decodeBatch, DEFAULT_VERIFICATION_CACHE_SIZE, encodeBatch, encodeSigned, generateKeyPair, setVerificationCacheSize, signRecord, Signer, verifySignature, type RecordInit } from '@promptswarm/protocol'
import { CidrSet, cidrToMultiaddr, classifyBatch, classifyBatchDeferred, GossipBatcher, LoadGauge, PenaltyBook, peerScoreParams, TokenBucket } from '@promptswarm/node'
import { makeRecords, SWARM } from './sync-fixtures.js'

/** The pure rules of the network layer: validation verdicts, flow control, scoring inputs. */
describe('gossip validation rule', () => {
  const records = makeRecords(4, 100)
  const wires = records.map(r => encodeSigned(r))
  const classify = (data: Uint8Array, held: string[] = []): ReturnType<typeof classifyBatch> =>
    classifyBatch(data, { swarm: SWARM, maxMessageBytes: 64 * 1024, has: id => held.includes(id) })

  it('accepts a batch with something new and hands over only the new records', () => {
    const r = classify(encodeBatch(wires), [records[0]!.idHex])
    expect(r.verdict).toBe('accept')
    expect(r.fresh.map(x => x.idHex)).toEqual(records.slice(1).map(x => x.idHex))
  })

  it('ignores a valid batch of records already held', () => {
    expect(classify(encodeBatch(wires), records.map(r => r.idHex)).verdict).toBe('ignore')
  })

  it('counts byte-identical copies of held records as known, but still rejects a held body with a forged signature', () => {
    const held = new Map(records.map(r => [r.idHex, r.signature]))
    const opts = { swarm: SWARM, maxMessageBytes: 64 * 1024, has: (id: string) => held.has(id), heldSignature: (id: string) => held.get(id) }
    expect(classifyBatch(encodeBatch(wires), opts).verdict).toBe('ignore')
    const forged = wires[2]!.slice()
    forged[forged.length - 3]! ^= 8
    const r = classifyBatch(encodeBatch([wires[0]!, forged]), opts)
    expect(r.verdict).toBe('reject')
    expect(r.reason?.field).toMatch(/^batch\.records\[1\]\.envelope\.signature/)
    expect(classifyBatch(encodeBatch([wires[0]!, wires[0]!]), opts).verdict).toBe('reject')
  })

  it('rejects forged, foreign, malformed, repeated, empty and oversized batches, naming the field', () => {
    const forged = wires[1]!.slice()
    forged[forged.length - 1]! ^= 1
    const outsider = new Signer(generateKeyPair())
    const init = { kind: 'candidate', role: 'task', task: 't', text: 'x', parent: null, optimizer: null, author: outsider.publicKey, seq: 0, time: 1 } as RecordInit
    const foreign = encodeSigned(signRecord(init, outsider, 'another-swarm'))
    const cases: Array<[Uint8Array, RegExp]> = [
      [encodeBatch([wires[0]!, forged]), /^batch\.records\[1\]\.envelope\.signature/],
      [encodeBatch([foreign]), /^batch\.records\[0\]\.envelope\.signature/],
      [Uint8Array.of(5, 1, 2), /^batch/],
      [encodeBatch([wires[0]!, wires[0]!]), /^batch\.records\[1\]$/],
      [encodeBatch([]), /^batch$/],
      [new Uint8Array(64 * 1024 + 1), /^message$/]
    ]
    for (const [data, field] of cases) {
      const r = classify(data)
      expect(r.verdict).toBe('reject')
      expect(r.fresh).toEqual([])
      expect(r.reason?.field).toMatch(field)
    }
  })
})

describe('gossip validation with a deferred verifier', () => {
  const records = makeRecords(5, 300)
  const wires = records.map(r => encodeSigned(r))
  const options = { swarm: SWARM, maxMessageBytes: 64 * 1024, has: () => false }
  // A verifier answering on a later turn, as the signature worker does (real Ed25519 underneath).
  const later = async (key: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> => {
    await new Promise(resolve => setImmediate(resolve))
    return verifySignature(key, message, signature)
  }

  it('accepts a batch only once every deferred verdict is in, and rejects a forged record among waiting ones', async () => {
    setVerificationCacheSize(0)
    try {
      const good = await classifyBatchDeferred(encodeBatch(wires), options, later)
      expect(good.verdict).toBe('accept')
      expect(good.fresh.map(r => r.idHex)).toEqual(records.map(r => r.idHex))
      expect(good.freshWires.map(w => Buffer.from(w))).toEqual(wires.map(w => Buffer.from(w)))
      const forged = wires[3]!.slice()
      forged[forged.length - 2]! ^= 4
      const bad = await classifyBatchDeferred(encodeBatch([wires[0]!, wires[1]!, wires[2]!, forged, wires[4]!]), options, later)
      expect(bad.verdict).toBe('reject')
      expect(bad.fresh).toEqual([])
      expect(bad.reason?.field).toMatch(/^batch\.records\[3\]\.envelope\.signature/)
    } finally {
      setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
    }
  })

  it('fails (neither accepts nor refuses) when the verifier breaks, instead of hanging', async () => {
    setVerificationCacheSize(0)
    try {
      const broken = async (): Promise<boolean> => { throw new Error('worker died') }
      await expect(Promise.resolve(classifyBatchDeferred(encodeBatch(wires.slice(0, 3)), options, broken))).rejects.toThrow('worker died')
    } finally {
      setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
    }
  })
})

describe('GossipBatcher', () => {
  it('packs records into batches under the size cap and sends them all, in order', async () => {
    const sent: Uint8Array[][] = []
    const idle = new LoadGauge()
    const b = new GossipBatcher(async data => { const d = decodeBatch(data); if (d.ok) sent.push(d.value) }, { maxBatchRecords: 10, flushDelayMs: 5, messagesPerSecond: 1000, burst: 1000 }, idle)
    const wires = makeRecords(35, 200).map(r => encodeSigned(r))
    await Promise.all(wires.map(async w => await b.add(w)))
    await b.drain()
    await b.close()
    expect(sent.flat().map(w => Buffer.from(w).toString('hex'))).toEqual(wires.map(w => Buffer.from(w).toString('hex')))
    expect(sent.length).toBe(4)
    expect(Math.max(...sent.map(s => s.length))).toBe(10)
  })

  it('lets batches grow while the rate limit holds them back', async () => {
    const sizes: number[] = []
    const b = new GossipBatcher(async data => { const d = decodeBatch(data); if (d.ok) sizes.push(d.value.length) }, { maxBatchRecords: 1000, flushDelayMs: 1, messagesPerSecond: 5, burst: 1 }, new LoadGauge())
    const wires = makeRecords(60, 300).map(r => encodeSigned(r))
    await b.add(wires[0]!)
    await new Promise(resolve => setTimeout(resolve, 20))
    for (const w of wires.slice(1)) await b.add(w)
    await b.drain()
    await b.close()
    // The first record went alone; everything queued during the wait for a token went in one message.
    expect(sizes).toEqual([1, 59])
  })
})

describe('TokenBucket', () => {
  it('allows a burst, then the rate', () => {
    let t = 0
    const bucket = new TokenBucket(10, 3, () => t)
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([true, true, true, false])
    expect(bucket.waitMs()).toBe(100)
    t = 100
    expect(bucket.tryTake()).toBe(true)
    expect(bucket.tryTake()).toBe(false)
  })
})

describe('PenaltyBook', () => {
  it('scores penalised peers negative, decays penalties and keeps bans', () => {
    let t = 0
    const book = new PenaltyBook({ halfLifeMs: 1000, now: () => t })
    expect(book.score('a')).toBe(0)
    book.penalise('a', 40, 'sync junk')
    expect(book.score('a')).toBe(-40)
    t = 1000
    expect(book.score('a')).toBeCloseTo(-20)
    book.ban('b', 'equivocation')
    t = 1e9
    expect(book.score('b')).toBe(-1e6)
    expect(book.score('a')).toBeCloseTo(0)
    expect(() => book.penalise('a', -1, 'no')).toThrow(RangeError)
  })
})

describe('scoring configuration', () => {
  it('whitelists the trusted ranges for IP colocation and feeds the app score', () => {
    const params = peerScoreParams({ topic: 't', appSpecificScore: id => (id === 'bad' ? -5 : 0) })
    const whitelist = params.IPColocationFactorWhitelist
    expect(whitelist.has('127.0.0.1')).toBe(true)
    expect(whitelist.has('127.200.3.4')).toBe(true)
    expect(whitelist.has('10.0.0.1')).toBe(false)
    expect(params.appSpecificScore('bad')).toBe(-5)
    expect(params.topics.t?.invalidMessageDeliveriesWeight).toBeLessThan(0)
    expect(params.topics.t?.meshMessageDeliveriesWeight).toBe(0)
    expect(new CidrSet(['10.1.0.0/16']).has('10.1.255.3')).toBe(true)
    expect(cidrToMultiaddr('127.0.0.0/8')).toBe('/ip4/127.0.0.0/ipcidr/8')
    expect(() => new CidrSet(['127.0.0.1/33'])).toThrow(/not an IPv4 CIDR/)
  })
})
