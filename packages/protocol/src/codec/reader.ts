import { DecodeError } from '../errors.js'

/**
 * Strict reader for the canonical encoding. It rejects every non-canonical form
 * (over-long varints, NaN, -0, invalid UTF-8, lengths past the end or past a limit)
 * by throwing `DecodeError`, which the record decoder turns into a typed result.
 */
export class Reader {
  private pos = 0
  private view: DataView | undefined
  private static readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

  /**
   * `views`: byte fields are views of `buf` rather than copies. Only for a buffer the caller owns
   * and never changes (`openRecord`'s private copy of a record): a view shares its memory.
   */
  constructor (private readonly buf: Uint8Array, private readonly views = false) {}

  get remaining (): number {
    return this.buf.length - this.pos
  }

  u8 (field: string): number {
    if (this.pos >= this.buf.length) throw new DecodeError(field, 'unexpected end of input')
    return this.buf[this.pos++] as number
  }

  uint (field: string, max: number = Number.MAX_SAFE_INTEGER): number {
    let value = 0
    let scale = 1
    for (let i = 0; ; i++) {
      if (i >= 8) throw new DecodeError(field, 'varint longer than 8 bytes')
      const byte = this.u8(field)
      value += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) {
        // A trailing zero byte (other than a lone 0) is an over-long, non-canonical encoding.
        if (byte === 0 && i > 0) throw new DecodeError(field, 'non-canonical varint')
        break
      }
      scale *= 0x80
    }
    if (!Number.isSafeInteger(value)) throw new DecodeError(field, 'integer exceeds 2^53 - 1')
    if (value > max) throw new DecodeError(field, `${value} exceeds the limit of ${max}`)
    return value
  }

  f64 (field: string): number {
    if (this.remaining < 8) throw new DecodeError(field, 'unexpected end of input')
    // Made on first use: most records carry no float, and a DataView per record adds up.
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
    const value = this.view.getFloat64(this.pos, false)
    if (Number.isNaN(value)) throw new DecodeError(field, 'NaN is not allowed')
    if (!Number.isFinite(value)) throw new DecodeError(field, 'infinity is not allowed')
    if (Object.is(value, -0)) throw new DecodeError(field, 'negative zero is not canonical')
    this.pos += 8
    return value
  }

  fixed (length: number, field: string): Uint8Array {
    if (this.remaining < length) throw new DecodeError(field, `expected ${length} bytes, ${this.remaining} left`)
    const out = this.views ? this.buf.subarray(this.pos, this.pos + length) : this.buf.slice(this.pos, this.pos + length)
    this.pos += length
    return out
  }

  bytes (field: string, maxLength: number): Uint8Array {
    const length = this.uint(field, maxLength)
    return this.fixed(length, field)
  }

  string (field: string, maxBytes: number): string {
    const length = this.uint(field, maxBytes)
    if (this.remaining < length) throw new DecodeError(field, `expected ${length} bytes, ${this.remaining} left`)
    // Decode in place: the string is a copy already, so a copy of the bytes first would be waste.
    const raw = this.buf.subarray(this.pos, this.pos + length)
    this.pos += length
    try {
      return Reader.decoder.decode(raw)
    } catch {
      throw new DecodeError(field, 'invalid UTF-8')
    }
  }

  end (field: string): void {
    if (this.remaining !== 0) throw new DecodeError(field, `${this.remaining} trailing bytes`)
  }
}
