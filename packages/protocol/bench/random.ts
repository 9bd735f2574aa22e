/** A seeded PRNG (mulberry32-style mixing of a 32-bit counter), so every run builds the same records. */
export class Random {
  private state: number

  constructor (seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next (): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }

  /** Integer in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }

  pick<T> (xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list')
    return xs[this.int(xs.length)] as T
  }

  /** `k` distinct elements of `xs`, in random order. */
  sample<T> (xs: readonly T[], k: number): T[] {
    const pool = [...xs]
    const out: T[] = []
    while (out.length < k && pool.length > 0) {
      const j = this.int(pool.length)
      out.push(pool[j] as T)
      pool[j] = pool[pool.length - 1] as T
      pool.pop()
    }
    return out
  }

  /** Roughly normal (sum of uniforms), mean 0 and standard deviation `sd`. */
  gaussian (sd: number): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * sd * Math.sqrt(3)
  }
}
