import { encodeBatch } from '@promptswarm/protocol'
import { processLoad, type LoadGauge } from './load-gauge.js'
import { TokenBucket } from './token-bucket.js'

/**
 * Flow control for outgoing gossip. Records are packed into batches (one gossip message, many
 * records: per-message costs dominate gossipsub), flushed `flushDelayMs` after the first record
 * queued or as soon as a batch is full, at most `messagesPerSecond` batches a second. While the
 * process's event loop lags behind (`maxLagMs`), batches are held (and grow) for up to `maxHoldMs`:
 * gossipsub has no backpressure, and an unthrottled burst starves libp2p's connection monitor.
 * `add()` itself pushes back once `maxQueuedBytes` are waiting.
 */
export interface BatcherOptions {
  readonly maxBatchBytes: number
  readonly maxBatchRecords: number
  readonly flushDelayMs: number
  readonly messagesPerSecond: number
  readonly burst: number
  readonly maxLagMs: number
  readonly maxHoldMs: number
  readonly maxQueuedBytes: number
}

export const DEFAULT_BATCHER_OPTIONS: BatcherOptions = {
  maxBatchBytes: 256 * 1024,
  maxBatchRecords: 256,
  flushDelayMs: 5,
  messagesPerSecond: 50,
  burst: 4,
  maxLagMs: 150,
  maxHoldMs: 1000,
  maxQueuedBytes: 8 * 1024 * 1024
}

export interface BatcherStats {
  batches: number
  records: number
  bytes: number
  failures: number
}

export class GossipBatcher {
  readonly options: BatcherOptions
  readonly stats: BatcherStats = { batches: 0, records: 0, bytes: 0, failures: 0 }
  private readonly queue: Uint8Array[] = []
  private queuedBytes = 0
  private firstQueuedAt = 0
  private pumping = false
  private closing = false
  private readonly bucket: TokenBucket
  private readonly waiters: Array<() => void> = []
  private wake: (() => void) | undefined
  private idle: Promise<void> = Promise.resolve()

  constructor (
    private readonly send: (batch: Uint8Array) => Promise<void>,
    options: Partial<BatcherOptions> = {},
    private readonly load: LoadGauge = processLoad,
    private readonly onError: (err: unknown) => void = () => {}
  ) {
    this.options = { ...DEFAULT_BATCHER_OPTIONS, ...options }
    this.bucket = new TokenBucket(this.options.messagesPerSecond, this.options.burst)
    this.load.acquire()
  }

  get pending (): number {
    return this.queue.length
  }

  /** Queues one wire record. Resolves at once unless too many bytes are already waiting. */
  async add (wire: Uint8Array): Promise<void> {
    if (this.closing) throw new Error('batcher is closed')
    if (this.queue.length === 0) this.firstQueuedAt = performance.now()
    this.queue.push(wire)
    this.queuedBytes += wire.length
    this.kick()
    if (this.queuedBytes > this.options.maxQueuedBytes) {
      await new Promise<void>(resolve => this.waiters.push(resolve))
    }
  }

  /** Resolves once everything queued so far has been sent, under the usual flow control. */
  async drain (): Promise<void> {
    while (this.pumping || this.queue.length > 0) await this.idle
  }

  /** Sends everything still queued (ignoring delays and load) and stops. */
  async close (): Promise<void> {
    this.closing = true
    this.kick()
    this.wake?.()
    await this.idle
    this.load.release()
  }

  private kick (): void {
    if (this.pumping) {
      return
    }
    this.pumping = true
    this.idle = this.pump().finally(() => { this.pumping = false })
  }

  private async sleep (ms: number): Promise<void> {
    await new Promise<void>(resolve => {
      const timer = setTimeout(() => { this.wake = undefined; resolve() }, ms)
      this.wake = () => { clearTimeout(timer); this.wake = undefined; resolve() }
    })
  }

  private async pump (): Promise<void> {
    const o = this.options
    while (this.queue.length > 0) {
      if (!this.closing) {
        const now = performance.now()
        const full = this.queuedBytes >= o.maxBatchBytes || this.queue.length >= o.maxBatchRecords
        const age = now - this.firstQueuedAt
        if (!full && age < o.flushDelayMs) { await this.sleep(o.flushDelayMs - age); continue }
        if (this.load.lag > o.maxLagMs && age < o.maxHoldMs) { await this.sleep(Math.min(25, o.maxHoldMs - age)); continue }
        const wait = this.bucket.waitMs()
        if (wait > 0) { await this.sleep(wait); continue }
      }
      this.bucket.tryTake()
      let count = 0
      let bytes = 0
      while (count < this.queue.length && count < o.maxBatchRecords) {
        const size = (this.queue[count] as Uint8Array).length
        if (count > 0 && bytes + size > o.maxBatchBytes) break
        bytes += size
        count++
      }
      const batch = this.queue.splice(0, count)
      this.queuedBytes -= bytes
      this.firstQueuedAt = performance.now()
      this.release()
      try {
        await this.send(encodeBatch(batch))
        this.stats.batches++
        this.stats.records += batch.length
        this.stats.bytes += bytes
      } catch (err) {
        // The records are stored; anti-entropy sync delivers what gossip failed to.
        this.stats.failures++
        this.onError(err)
      }
    }
    this.release()
  }

  private release (): void {
    if (this.queuedBytes > this.options.maxQueuedBytes) return
    for (const resolve of this.waiters.splice(0)) resolve()
  }
}
