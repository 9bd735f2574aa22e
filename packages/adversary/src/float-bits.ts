/**
 * Bit flips in IEEE 754 doubles, the way a memory or CPU fault hits a computed score. Bit 0 is the
 * lowest mantissa bit, 52-62 the exponent, 63 the sign.
 */
const scratch = new DataView(new ArrayBuffer(8))

export function flipFloatBit (value: number, bit: number): number {
  if (!Number.isInteger(bit) || bit < 0 || bit > 63) throw new RangeError(`a double has bits 0 to 63, got ${bit}`)
  scratch.setFloat64(0, value)
  const byte = 7 - (bit >> 3)
  scratch.setUint8(byte, scratch.getUint8(byte) ^ (1 << (bit & 7)))
  return scratch.getFloat64(0)
}

/** How a corrupted value fares against the protocol's rule for outcomes (a finite number in [0, 1], not -0). */
export type FlipEffect = 'in-range' | 'out-of-range' | 'not-finite'

export function flipEffect (value: number): FlipEffect {
  if (!Number.isFinite(value)) return 'not-finite'
  return value >= 0 && value <= 1 && !Object.is(value, -0) ? 'in-range' : 'out-of-range'
}
