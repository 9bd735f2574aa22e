import { MAX_BOUND } from './id-index.js'
import { SyncProtocolError } from './errors.js'
import type { SyncRange } from './reconciler.js'

/**
 * One sync message ("turn"). Peers alternate turns on one stream; every turn may carry
 * reconciliation ranges, a request for records (`want`) and the records answering the other
 * side's previous request, so reconciliation and transfer overlap:
 *
 *   u8 version=1
 *   uint nRanges  (flags:u8 [upper:32] payload)*   flags = mode | 0x80 when upper is the open end
 *                 payload: fingerprint = 16 bytes; ids/have = uint n, n x 32 bytes; skip = none
 *   uint nWant    n x 32 bytes
 *   uint nRecords (uint len, bytes)*
 *
 * Integers are LEB128 varints. Decoding never trusts a count: every count and length is checked
 * against a limit and against the bytes actually left.
 */
export interface SyncTurn {
  readonly ranges: readonly SyncRange[]
  readonly want: readonly string[]
  readonly records: readonly Uint8Array[]
}

export interface TurnLimits {
  readonly maxRanges: number
  readonly maxIds: number
  readonly maxWant: number
  readonly maxRecords: number
  readonly maxRecordBytes: number
}

export const DEFAULT_TURN_LIMITS: TurnLimits = {
  maxRanges: 4096,
  maxIds: 16_384,
  maxWant: 1024,
  maxRecords: 4096,
  maxRecordBytes: 128 * 1024 + 80
}

const VERSION = 1
const MODES = ['skip', 'fingerprint', 'ids', 'have'] as const
const OPEN_END = 0x80

class Out {
  private readonly parts: Uint8Array[] = []
  private scratch: number[] = []
  size = 0

  uint (v: number): this {
    while (v >= 0x80) { this.scratch.push((v % 0x80) | 0x80); v = Math.floor(v / 0x80) }
    this.scratch.push(v)
    return this
  }

  u8 (v: number): this { this.scratch.push(v); return this }

  raw (bytes: Uint8Array): this {
    this.settle()
    this.parts.push(bytes)
    this.size += bytes.length
    return this
  }

  hex (id: string): this { return this.raw(Buffer.from(id, 'hex')) }

  finish (): Uint8Array {
    this.settle()
    return Buffer.concat(this.parts, this.size)
  }

  private settle (): void {
    if (this.scratch.length === 0) return
    const b = Uint8Array.from(this.scratch)
    this.parts.push(b)
    this.size += b.length
    this.scratch = []
  }
}

class In {
  private pos = 0
  constructor (private readonly buf: Uint8Array) {}

  u8 (field: string): number {
    if (this.pos >= this.buf.length) throw new SyncProtocolError(field, 'unexpected end of message')
    return this.buf[this.pos++] as number
  }

  uint (field: string, max: number): number {
    let value = 0
    let scale = 1
    for (let i = 0; ; i++) {
      if (i >= 8) throw new SyncProtocolError(field, 'varint too long')
      const byte = this.u8(field)
      value += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) break
      scale *= 0x80
    }
    if (value > max) throw new SyncProtocolError(field, `${value} exceeds the limit of ${max}`)
    return value
  }

  bytes (n: number, field: string): Uint8Array {
    if (this.buf.length - this.pos < n) throw new SyncProtocolError(field, `expected ${n} bytes, ${this.buf.length - this.pos} left`)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  hex (field: string): string { return Buffer.from(this.bytes(32, field)).toString('hex') }

  end (): void {
    if (this.pos !== this.buf.length) throw new SyncProtocolError('turn', `${this.buf.length - this.pos} trailing bytes`)
  }
}

export function encodeTurn (turn: SyncTurn): Uint8Array {
  const o = new Out()
  o.u8(VERSION).uint(turn.ranges.length)
  for (const r of turn.ranges) {
    const open = r.upper === MAX_BOUND
    o.u8(MODES.indexOf(r.mode) | (open ? OPEN_END : 0))
    if (!open) o.hex(r.upper)
    if (r.mode === 'fingerprint') o.raw(r.fingerprint)
    else if (r.mode === 'ids' || r.mode === 'have') {
      o.uint(r.ids.length)
      for (const id of r.ids) o.hex(id)
    }
  }
  o.uint(turn.want.length)
  for (const id of turn.want) o.hex(id)
  o.uint(turn.records.length)
  for (const rec of turn.records) o.uint(rec.length).raw(rec)
  return o.finish()
}

/** Decodes a turn; throws `SyncProtocolError` naming the bad field. */
export function decodeTurn (bytes: Uint8Array, limits: TurnLimits = DEFAULT_TURN_LIMITS): SyncTurn {
  const r = new In(bytes)
  const version = r.u8('version')
  if (version !== VERSION) throw new SyncProtocolError('version', `unsupported sync version ${version}`)
  const nRanges = r.uint('ranges', limits.maxRanges)
  const ranges: SyncRange[] = []
  let ids = 0
  for (let i = 0; i < nRanges; i++) {
    const flags = r.u8(`ranges[${i}].mode`)
    const mode = MODES[flags & 0x7f]
    if (mode === undefined) throw new SyncProtocolError(`ranges[${i}].mode`, `unknown mode ${flags}`)
    const upper = (flags & OPEN_END) !== 0 ? MAX_BOUND : r.hex(`ranges[${i}].upper`)
    switch (mode) {
      case 'skip': ranges.push({ upper, mode }); break
      case 'fingerprint': ranges.push({ upper, mode, fingerprint: r.bytes(16, `ranges[${i}].fingerprint`) }); break
      case 'ids':
      case 'have': {
        const n = r.uint(`ranges[${i}].${mode}`, limits.maxIds - ids)
        ids += n
        const list: string[] = []
        for (let k = 0; k < n; k++) list.push(r.hex(`ranges[${i}].${mode}[${k}]`))
        ranges.push({ upper, mode, ids: list })
        break
      }
    }
  }
  const nWant = r.uint('want', limits.maxWant)
  const want: string[] = []
  for (let k = 0; k < nWant; k++) want.push(r.hex(`want[${k}]`))
  const nRecords = r.uint('records', limits.maxRecords)
  const records: Uint8Array[] = []
  for (let k = 0; k < nRecords; k++) {
    const len = r.uint(`records[${k}]`, limits.maxRecordBytes)
    records.push(r.bytes(len, `records[${k}]`))
  }
  r.end()
  return { ranges, want, records }
}
