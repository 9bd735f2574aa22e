import { createHash } from 'node:crypto'
import { Sfc32 } from './sfc32.js'

/**
 * A small seeded PRNG (sfc32) whose state can be saved and restored, so runs are reproducible
 * and resumable. Seeds are hashed from any list of parts, so independent streams are cheap:
 * `Rng.from('run', seed, 'selection')`.
 */
export class Rng {
  private constructor (private readonly core: Sfc32) {}

  static from (...parts: Array<string | number>): Rng {
    const h = createHash('sha256').update(parts.map(String).join('\u0000')).digest()
    return new Rng(new Sfc32(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12)))
  }

  static restore (state: readonly number[]): Rng {
    if (state.length !== 4 || !state.every(x => Number.isInteger(x) && x >= 0 && x < 2 ** 32)) {
      throw new RangeError('an Rng state is four unsigned 32-bit integers')
    }
    return new Rng(new Sfc32(state[0] as number, state[1] as number, state[2] as number, state[3] as number, 0))
  }

  state (): number[] {
    return this.core.state()
  }

  nextUint32 (): number {
    return this.core.nextUint32()
  }

  /** Uniform in [0, 1). */
  next (): number {
    return this.nextUint32() / 2 ** 32
  }

  /** Uniform integer in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list')
    return items[this.int(items.length)] as T
  }

  /** Index drawn with probability proportional to weight (weights >= 0, not all 0). */
  weighted (weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += Math.max(0, w)
    if (!(total > 0)) return this.int(weights.length)
    let x = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      x -= Math.max(0, weights[i] as number)
      if (x < 0) return i
    }
    return weights.length - 1
  }

  shuffle<T> (items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = out[i] as T
      out[i] = out[j] as T
      out[j] = t
    }
    return out
  }
}
