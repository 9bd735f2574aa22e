import { createHash } from 'node:crypto'
import { Sfc32 } from '../util/sfc32.js'

/**
 * The task generators' stream: sfc32 (see `util/sfc32.ts`). Each item gets its own stream, seeded from a
 * hash of (generator seed, item index), so adding items never changes existing ones.
 */
export class Rng {
  private readonly core: Sfc32

  constructor (seed: string) {
    const h = createHash('sha256').update(seed).digest()
    this.core = new Sfc32(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12))
  }

  nextUint32 (): number {
    return this.core.nextUint32()
  }

  /** Uniform in [0, 1). */
  next (): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int (lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`empty range [${lo}, ${hi}]`)
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance (p: number): boolean {
    return this.next() < p
  }

  pick<T> (items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[this.int(0, items.length - 1)] as T
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T> (items: readonly T[]): T[] {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i)
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }
}
