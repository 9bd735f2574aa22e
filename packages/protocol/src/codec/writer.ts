import { EncodeError } from '../errors.js'

/**
 * Canonical binary writer. Every value has exactly one encoding:
 * unsigned integers as minimal LEB128 varints, byte strings and UTF-8 strings length-prefixed,
 * numbers in [0, 1] and other reals as big-endian IEEE-754 float64 (never NaN, never -0).
 */
export class Writer {
  private buf: Uint8Array
  private view: DataView
  private pos = 0
  private static readonly encoder = new TextEncoder()

  constructor (initial = 256) {
    this.buf = new Uint8Array(initial)
    this.view = new DataView(this.buf.buffer)
  }

  private reserve (n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  u8 (value: number): this {
    this.reserve(1)
    this.buf[this.pos++] = value
    return this
  }

  uint (value: number, field: string): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new EncodeError(field, `expected an unsigned safe integer, got ${value}`)
    this.reserve(8)
    let v = value
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    this.buf[this.pos++] = v
    return this
  }

  f64 (value: number, field: string): this {
    if (!Number.isFinite(value)) throw new EncodeError(field, `expected a finite number, got ${value}`)
    this.reserve(8)
    // -0 and 0 would give two encodings of one value; only +0 is canonical.
    this.view.setFloat64(this.pos, Object.is(value, -0) ? 0 : value, false)
    this.pos += 8
    return this
  }

  fixed (bytes: Uint8Array, length: number, field: string): this {
    if (bytes.length !== length) throw new EncodeError(field, `expected ${length} bytes, got ${bytes.length}`)
    this.reserve(length)
    this.buf.set(bytes, this.pos)
    this.pos += length
    return this
  }

  bytes (bytes: Uint8Array, field: string): this {
    this.uint(bytes.length, field)
    return this.fixed(bytes, bytes.length, field)
  }

  string (value: string, field: string): this {
    // Encode straight into the buffer: a TextEncoder.encode() per string was most of encode's cost.
    const length = Buffer.byteLength(value, 'utf8')
    this.uint(length, field)
    this.reserve(length)
    const { written } = Writer.encoder.encodeInto(value, this.buf.subarray(this.pos, this.pos + length))
    if (written !== length) throw new EncodeError(field, 'string is not well-formed Unicode')
    this.pos += written
    return this
  }

  finish (): Uint8Array {
    return this.buf.slice(0, this.pos)
  }
}
