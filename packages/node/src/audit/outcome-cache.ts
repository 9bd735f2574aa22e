/**
 * Item outcomes already re-executed, keyed by model, task, prompt and item: judging an accusation
 * this peer's own audit made re-runs nothing, and neither does a parent's baseline on items an
 * earlier audit already ran it on. Entries are promises so
 * that concurrent audits of one item share one model call; a failed run is forgotten.
 * Bounded: the least recently used entry goes first.
 */
export class OutcomeCache {
  private readonly entries = new Map<string, Promise<number>>()

  constructor (private readonly capacity: number) {}

  get size (): number {
    return this.entries.size
  }

  /** The cached outcome's promise, or the one `run` starts (and caches). */
  getOrRun (key: string, run: () => Promise<number>): { outcome: Promise<number>, reused: boolean } {
    const held = this.entries.get(key)
    if (held !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, held)
      return { outcome: held, reused: true }
    }
    const outcome = run()
    this.entries.set(key, outcome)
    outcome.catch(() => { if (this.entries.get(key) === outcome) this.entries.delete(key) })
    this.evict()
    return { outcome, reused: false }
  }

  private evict (): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
    }
  }
}
