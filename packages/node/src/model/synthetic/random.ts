/**
 * Deterministic randomness for the simulator. Every draw is seeded from a SHA-256 of its inputs,
 * so the same call returns the same text on every machine (audits re-execute evaluations exactly).
 */
import { createHash } from 'node:crypto'
import { Sfc32 } from '../../util/sfc32.js'

const TWO_32 = 4294967296

/** SHA-256 of length-prefixed parts, so ('ab', 'c') and ('a', 'bc') never collide. */
function digest (parts: readonly (string | number)[]): Buffer {
  const h = createHash('sha256')
  for (const part of parts) {
    const s = String(part)
    h.update(`${s.length}:`)
    h.update(s)
  }
  return h.digest()
}

/** A uniform number in (0, 1), fixed by its inputs: never exactly 0 or 1. */
export function hashUnit (...parts: readonly (string | number)[]): number {
  return (digest(parts).readUInt32BE(0) + 0.5) / TWO_32
}

/** The simulator's stream: sfc32 (see `util/sfc32.ts`) seeded from a length-prefixed digest. */
export class Rng {
  private constructor (private readonly core: Sfc32) {}

  static fromParts (...parts: readonly (string | number)[]): Rng {
    const h = digest(parts)
    return new Rng(new Sfc32(h.readUInt32BE(0), h.readUInt32BE(4), h.readUInt32BE(8), h.readUInt32BE(12)))
  }

  nextUint32 (): number {
    return this.core.nextUint32()
  }

  /** Uniform in [0, 1). */
  next (): number {
    return this.nextUint32() / TWO_32
  }

  /** True with probability p. */
  chance (p: number): boolean {
    return this.next() < p
  }

  /** Uniform integer in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list')
    return items[this.int(items.length)] as T
  }

  /** Index drawn in proportion to non-negative weights; -1 when they sum to zero. */
  weighted (weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w > 0 ? w : 0
    if (total <= 0) return -1
    let r = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number
      if (w <= 0) continue
      r -= w
      if (r < 0) return i
    }
    return weights.length - 1
  }

  /** Standard normal (Box-Muller). */
  normal (): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  shuffle<T> (items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }
}
