/**
 * Bounds how many requests one model sends at once. Local servers (llama-server, Ollama) serve a
 * few requests in parallel at best, and hosted APIs rate-limit bursts, so a swarm's evaluations
 * queue here instead of piling onto the endpoint.
 */
export class Semaphore {
  private available: number
  private readonly waiting: Array<() => void> = []

  constructor (readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be an integer >= 1, got ${limit}`)
    this.available = limit
  }

  /**
   * Resolves with a release function once a slot is free. If the signal aborts first, rejects
   * with its reason and takes no slot.
   */
  async acquire (signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted()
    if (this.available > 0) {
      this.available--
      return this.releaser()
    }
    return await new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve(this.releaser())
      }
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant)
        if (index >= 0) this.waiting.splice(index, 1)
        reject(signal?.reason)
      }
      this.waiting.push(grant)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  private releaser (): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      // Hand the slot straight to the next waiter so it cannot be taken by a newcomer in between.
      const next = this.waiting.shift()
      if (next !== undefined) next()
      else this.available++
    }
  }
}
