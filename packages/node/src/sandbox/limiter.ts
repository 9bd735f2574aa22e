/**
 * A FIFO counting semaphore: at most `limit` holders at once. Sandboxed runs take a slot so that
 * many concurrent evaluations do not start more interpreters than the machine has cores for.
 */
export class ConcurrencyLimiter {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor (readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`)
  }

  get pending (): number {
    return this.waiting.length
  }

  async run<T> (fn: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await fn()
    } finally {
      this.release()
    }
  }

  private async acquire (): Promise<void> {
    if (this.active < this.limit) {
      this.active++
      return
    }
    await new Promise<void>(resolve => { this.waiting.push(resolve) })
  }

  private release (): void {
    const next = this.waiting.shift()
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next !== undefined) next()
    else this.active--
  }
}
