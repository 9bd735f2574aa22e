import { createHash } from 'node:crypto'
import type { SandboxResult } from './result.js'

/**
 * Remembers sandbox results by the hash of everything that decides them (code, tests, setup,
 * limits). Only outcomes the program's text determines are kept: passed, failed and error.
 * Timeouts, memory kills and crashes depend on machine load and are always run again.
 * Concurrent runs of one program share one execution. Bounded, least recently used out first.
 */
export class SandboxResultCache {
  private readonly entries = new Map<string, Promise<SandboxResult>>()

  constructor (private readonly capacity: number) {}

  static key (payload: string): string {
    return createHash('sha256').update(payload).digest('hex')
  }

  async get (key: string, run: () => Promise<SandboxResult>): Promise<SandboxResult> {
    const held = this.entries.get(key)
    if (held !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, held)
      return await held
    }
    const pending = run()
    this.entries.set(key, pending)
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string)
    try {
      const result = await pending
      if (result.status !== 'passed' && result.status !== 'failed' && result.status !== 'error') this.entries.delete(key)
      return result
    } catch (err) {
      this.entries.delete(key)
      throw err
    }
  }
}
