import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBatch, encodeBatch, LIMITS } from '@promptswarm/protocol'
import { batchViews } from '../src/net/batch-views.js'

/** The validator's zero-copy batch split must agree with the protocol's `decodeBatch` on every input. */
describe('batch views', () => {
  const agree = (data: Uint8Array): void => {
    const decoded = decodeBatch(data)
    const views = batchViews(data)
    if (decoded.ok) {
      expect(views?.map(v => Array.from(v))).toEqual(decoded.value.map(v => Array.from(v)))
    } else {
      expect(views).toBeUndefined()
    }
  }

  it('splits a batch into views of the message, without copying', () => {
    const records = [Uint8Array.of(1, 2, 3), new Uint8Array(200).fill(7), new Uint8Array(0)]
    const data = encodeBatch(records)
    const views = batchViews(data)
    expect(views?.map(v => Array.from(v))).toEqual(records.map(r => Array.from(r)))
    for (const v of views ?? []) expect(v.buffer).toBe(data.buffer)
  })

  it('refuses what decodeBatch refuses: non-canonical or over-long varints, truncation, trailing bytes, limits', () => {
    const cases: Array<[string, Uint8Array]> = [
      ['empty input', new Uint8Array(0)],
      ['non-canonical count', Uint8Array.of(0x81, 0x00, 1, 9)],
      ['count varint past 8 bytes', Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)],
      ['count above the limit (4097 records)', Uint8Array.of(0x81, 0x20)],
      ['record longer than the rest', Uint8Array.of(1, 5, 1, 2)],
      ['trailing bytes', Uint8Array.of(1, 1, 9, 0)],
      ['record length above the limit', Uint8Array.of(1, 0x80, 0x80, 0x20)],
      ['batch above the byte limit', new Uint8Array(LIMITS.maxBatchBytes + 1)]
    ]
    for (const [name, data] of cases) {
      expect(decodeBatch(data).ok, name).toBe(false)
      expect(batchViews(data), name).toBeUndefined()
    }
  })

  it('agrees with decodeBatch on valid batches and on every mutation of them (property)', () => {
    const batch = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }).map(records => encodeBatch(records))
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('none' as const) })
    )
    fc.assert(fc.property(batch, fc.array(mutation, { maxLength: 3 }), (data, mutations) => {
      let bytes = data
      for (const m of mutations) {
        if (m.kind === 'flip' && bytes.length > 0) { bytes = bytes.slice(); bytes[m.at % bytes.length] = m.value }
        if (m.kind === 'cut') bytes = bytes.slice(0, m.at % (bytes.length + 1))
        if (m.kind === 'append') bytes = Uint8Array.from([...bytes, ...m.bytes])
      }
      agree(bytes)
    }), { seed: 424242, numRuns: 2000 })
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), bytes => agree(bytes)), { seed: 4243, numRuns: 2000 })
  })
})
