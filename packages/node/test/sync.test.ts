import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeTurn, encodeTurn, MAX_BOUND, Reconciler, SortedIdIndex, SyncProtocolError, SyncSession, type SyncTurn } from '@promptswarm/node'
import { encodeSigned } from '@promptswarm/protocol'
import { makeRecords, MemoryHost, runSession } from './sync-fixtures.js'

const codec = { encode: encodeTurn, decode: (b: Uint8Array) => decodeTurn(b) }
const POOL = makeRecords(3000)

function ids (n: number, salt: string): string[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(new TextEncoder().encode(`${salt}-${i}`)).toString('hex').padEnd(64, '0').slice(0, 64))
}

describe('SortedIdIndex', () => {
  it('gives equal fingerprints to equal sets whatever the insertion order, and different ones otherwise', () => {
    fc.assert(fc.property(fc.shuffledSubarray(POOL.map(r => r.idHex), { minLength: 1, maxLength: 200 }), fc.nat(), (subset, k) => {
      const a = new SortedIdIndex()
      const b = new SortedIdIndex()
      subset.forEach(id => a.add(id))
      ;[...subset].reverse().forEach(id => b.add(id))
      expect(Buffer.from(a.fingerprint(0, a.size))).toEqual(Buffer.from(b.fingerprint(0, b.size)))
      // Any sub-range fingerprint equals the fingerprint of an index holding just that range.
      const from = k % a.size
      const to = from + (k % (a.size - from + 1))
      const c = new SortedIdIndex()
      a.slice(from, to).forEach(id => c.add(id))
      expect(Buffer.from(a.fingerprint(from, to))).toEqual(Buffer.from(c.fingerprint(0, c.size)))
      if (subset.length > 1) {
        const d = new SortedIdIndex()
        subset.slice(1).forEach(id => d.add(id))
        expect(Buffer.from(d.fingerprint(0, d.size))).not.toEqual(Buffer.from(a.fingerprint(0, a.size)))
      }
    }), { seed: 7, numRuns: 60 })
  })

  it('keeps ids sorted across interleaved inserts and queries', () => {
    const index = new SortedIdIndex()
    const all = POOL.slice(0, 500).map(r => r.idHex)
    all.forEach((id, i) => { index.add(id); if (i % 37 === 0) index.lowerIndex('8') })
    expect(index.slice(0, index.size)).toEqual([...all].sort())
    expect(index.lowerIndex(MAX_BOUND)).toBe(500)
  })

  it('rejects strings that are not record ids', () => {
    const good = POOL[0]!.idHex
    const bad = ['xyz', good.toUpperCase(), good.slice(1), `${good}0`, `${good.slice(0, 63)}g`, `${good.slice(0, 63)}/`, `${good.slice(0, 63)}:`, `${good.slice(0, 63)}\``]
    for (const id of bad) expect(() => new SortedIdIndex().add(id), id).toThrow(TypeError)
    expect(() => new SortedIdIndex().add(7 as unknown as string)).toThrow(TypeError)
    const index = new SortedIdIndex()
    index.add(good)
    expect(index.has(good)).toBe(true)
  })
})

describe('sync sessions', () => {
  it('make any two record sets equal to their union (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.nat(2000),
      (shared, onlyA, onlyB, offset) => {
        const base = POOL.slice(offset, offset + shared)
        const extraA = POOL.slice(2400, 2400 + onlyA)
        const extraB = POOL.slice(2700, 2700 + onlyB)
        const a = new MemoryHost([...base, ...extraA])
        const b = new MemoryHost([...base, ...extraB])
        runSession(a, b, codec)
        const union = new Set([...a.ids(), ...b.ids()])
        expect(a.ids()).toEqual(b.ids())
        expect(a.ids().length).toBe(union.size)
      }), { seed: 11, numRuns: 40 })
  })

  it('settles equal sets with one fingerprint each way', () => {
    const a = new MemoryHost(POOL.slice(0, 2000))
    const b = new MemoryHost(POOL.slice(0, 2000))
    const { turns, bytes } = runSession(a, b, codec)
    expect(turns).toBe(2)
    expect(bytes).toBeLessThan(100)
  })

  it('finds a small difference in a large set in O(log n) turns and small messages', () => {
    const a = new MemoryHost(POOL.slice(0, 2999))
    const b = new MemoryHost([...POOL.slice(0, 1500), ...POOL.slice(1501, 3000)])
    const { turns, bytes } = runSession(a, b, codec)
    expect(a.ids()).toEqual(b.ids())
    // 3000 ids, branching 16: a few levels of fingerprints, then the ids and the two records.
    expect(turns).toBeLessThanOrEqual(10)
    // Shipping the id lists alone would take 3000 x 32 bytes.
    expect(bytes).toBeLessThan(12_000)
  })

  it('lets an empty peer catch up with a large set in bounded messages', () => {
    const a = new MemoryHost()
    const b = new MemoryHost(POOL)
    const sizes: number[] = []
    runSession(a, b, { encode: t => { const w = encodeTurn(t); sizes.push(w.length); return w }, decode: w => decodeTurn(w) })
    expect(a.ids()).toEqual(b.ids())
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024)
  })

  it('rejects records that were not asked for, forged ones, and ones of another swarm', () => {
    const records = makeRecords(3, 5000)
    const host = new MemoryHost()
    const fresh = (): SyncSession => new SyncSession(host)
    const unrequested: SyncTurn = { ranges: [], want: [], records: [encodeSigned(records[0]!)] }
    expect(() => fresh().next(unrequested)).toThrow(/not requested|without a request/)

    // Ask for record 0 via a `have` list, then answer with something else.
    const asking = (): SyncSession => {
      const s = fresh()
      const reply = s.next({ ranges: [{ upper: MAX_BOUND, mode: 'have', ids: [records[0]!.idHex] }], want: [], records: [] })
      expect(reply?.want).toEqual([records[0]!.idHex])
      return s
    }
    expect(() => asking().next({ ranges: [], want: [], records: [encodeSigned(records[1]!)] })).toThrow(/was not requested/)
    const forged = encodeSigned(records[0]!)
    forged[forged.length - 1]! ^= 1
    expect(() => asking().next({ ranges: [], want: [], records: [forged] })).toThrow(SyncProtocolError)
    const otherSwarm = makeRecords(1, 5000, 'another-swarm')[0]!
    expect(() => asking().next({ ranges: [], want: [], records: [encodeSigned(otherSwarm)] })).toThrow(/signature/)
    expect(() => asking().next({ ranges: [], want: [], records: [] })).toThrow(/none of the 1 requested/)
    expect(() => asking().next({ ranges: [], want: [], records: [new Uint8Array([1, 2, 3])] })).toThrow(SyncProtocolError)
  })

  it('rejects ranges that do not tile the id space or list ids outside their range', () => {
    const r = new Reconciler(new SortedIdIndex())
    expect(() => r.respond([])).toThrow(/empty range list/)
    expect(() => r.respond([{ upper: '8'.repeat(64), mode: 'skip' }])).toThrow(/do not cover/)
    expect(() => r.respond([{ upper: MAX_BOUND, mode: 'skip' }, { upper: MAX_BOUND, mode: 'skip' }])).toThrow(/bounds must increase/)
    const [hi, lo] = ids(2, 'x').sort().reverse()
    expect(() => r.respond([{ upper: MAX_BOUND, mode: 'ids', ids: [hi!, lo!] }])).toThrow(/sorted and distinct/)
    expect(() => r.respond([{ upper: lo!, mode: 'ids', ids: [hi!] }, { upper: MAX_BOUND, mode: 'skip' }])).toThrow(/outside its range/)
  })
})

describe('sync message codec', () => {
  it('round-trips turns and rejects truncated, oversized or trailing input with the field named', () => {
    const recs = makeRecords(2, 9000)
    const turn: SyncTurn = {
      ranges: [
        { upper: recs[0]!.idHex < recs[1]!.idHex ? recs[0]!.idHex : recs[1]!.idHex, mode: 'fingerprint', fingerprint: new Uint8Array(16).fill(7) },
        { upper: MAX_BOUND, mode: 'ids', ids: ids(3, 'y').sort() }
      ],
      want: ids(2, 'w'),
      records: recs.map(r => encodeSigned(r))
    }
    const bytes = encodeTurn(turn)
    const back = decodeTurn(bytes)
    expect(back.want).toEqual(turn.want)
    expect(back.ranges).toHaveLength(2)
    expect(back.records.map(r => Buffer.from(r).toString('hex'))).toEqual(turn.records.map(r => Buffer.from(r).toString('hex')))
    expect(() => decodeTurn(bytes.subarray(0, bytes.length - 1))).toThrow(/records\[1\]/)
    expect(() => decodeTurn(Uint8Array.of(...bytes, 0))).toThrow(/trailing/)
    expect(() => decodeTurn(Uint8Array.of(2))).toThrow(/version/)
    expect(() => decodeTurn(encodeTurn({ ranges: [], want: ids(20, 'z'), records: [] }), { maxRanges: 10, maxIds: 10, maxWant: 10, maxRecords: 10, maxRecordBytes: 10 })).toThrow(/want: 20 exceeds/)
  })
})
