import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { verifySignature } from '@promptswarm/protocol'
import { SIGNATURE_WORKER_SOURCE } from './signature-worker.js'

/**
 * Ed25519 verification on a worker thread, for the gossip validator. Verifying is most of what a
 * peer spends per new record (~120 µs on the reference machine, against ~10 µs for everything
 * else it does with it), and it needs nothing but the bytes: on a machine with a second core it
 * can run there while the main thread carries on with transport, storage and the view.
 *
 * Calls made in one turn of the event loop go to the worker as one message (one gossip batch is
 * one round trip). When the worker is behind by more than `maxBacklogMs` of work, further calls
 * verify on the calling thread: both cores then verify, and a flood cannot queue unbounded work.
 * If the worker fails, everything it held is verified on the calling thread; no call is lost.
 *
 * One pool per process, shared by every in-process peer (like `processLoad`): peers `acquire()` it
 * while running, and the worker stops when the last one releases it.
 */
export interface SignaturePoolOptions {
  /** Worker threads to use: 0 verifies on the calling thread. Default: 1 if the machine has 2+ cores. */
  readonly threads: number
  /** Verify on the calling thread while the worker holds more than this much work (ms). */
  readonly maxBacklogMs: number
  /** At most this many verifications per message to the worker. */
  readonly maxItemsPerMessage: number
}

export const DEFAULT_SIGNATURE_POOL_OPTIONS: SignaturePoolOptions = {
  threads: availableParallelism() > 1 ? 1 : 0,
  maxBacklogMs: 250,
  maxItemsPerMessage: 512
}

export interface SignaturePoolStats {
  /** Verifications done by the worker. */
  worker: number
  /** Verifications done on the calling thread (no worker, or the worker was behind). */
  inline: number
  /** Messages posted to the worker. */
  messages: number
}

interface Item {
  readonly publicKey: Uint8Array
  readonly message: Uint8Array
  readonly signature: Uint8Array
  readonly resolve: (valid: boolean) => void
}

/** Starting estimate of the worker's time per verification, until it reports its own. */
const INITIAL_MICROS_PER_ITEM = 120

export class SignaturePool {
  readonly stats: SignaturePoolStats = { worker: 0, inline: 0, messages: 0 }
  private options: SignaturePoolOptions = DEFAULT_SIGNATURE_POOL_OPTIONS
  private worker: Worker | undefined
  private broken = false
  private users = 0
  private queue: Item[] = []
  private flushing = false
  private readonly posted = new Map<number, Item[]>()
  private nextId = 0
  /** Items posted and not answered yet. */
  private outstanding = 0
  private microsPerItem = INITIAL_MICROS_PER_ITEM

  configure (options: Partial<SignaturePoolOptions>): void {
    this.options = { ...this.options, ...options }
    if (this.options.threads === 0) this.stop()
    else if (this.users > 0) this.start()
  }

  get settings (): SignaturePoolOptions {
    return this.options
  }

  acquire (): void {
    if (this.users++ === 0) this.start()
  }

  release (): void {
    if (this.users === 0) return
    if (--this.users === 0 && this.outstanding === 0 && this.queue.length === 0) this.stop()
  }

  /**
   * Verifies an Ed25519 signature (RFC 8032, weak keys refused): synchronously when there is no
   * worker or it is behind, else on the worker. Never rejects.
   */
  readonly verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean> => {
    const backlogMicros = (this.outstanding + this.queue.length) * this.microsPerItem
    if (this.worker === undefined || backlogMicros > this.options.maxBacklogMs * 1000) {
      this.stats.inline++
      return verifySignature(publicKey, message, signature)
    }
    return new Promise<boolean>(resolve => {
      this.queue.push({ publicKey, message, signature, resolve })
      if (!this.flushing) {
        this.flushing = true
        queueMicrotask(this.flush)
      }
    })
  }

  private start (): void {
    if (this.worker !== undefined || this.broken || this.options.threads === 0) return
    let worker: Worker
    try {
      worker = new Worker(SIGNATURE_WORKER_SOURCE, { eval: true })
    } catch {
      this.broken = true
      return
    }
    // Never keeps the process alive: a peer that is not stopped must not hang its process.
    worker.unref()
    worker.on('message', (reply: { id: number, results: Uint8Array, micros: number }) => this.answer(reply))
    worker.on('error', () => this.fail(worker))
    worker.on('exit', () => this.fail(worker))
    this.worker = worker
  }

  private stop (): void {
    const worker = this.worker
    if (worker === undefined) return
    this.worker = undefined
    this.drainInline()
    worker.terminate().catch(() => {})
  }

  private readonly flush = (): void => {
    this.flushing = false
    const worker = this.worker
    if (worker === undefined) { this.drainInline(); return }
    while (this.queue.length > 0) {
      const items = this.queue.splice(0, this.options.maxItemsPerMessage)
      let size = 0
      for (const item of items) size += 100 + item.message.length
      const buffer = new ArrayBuffer(size)
      const bytes = new Uint8Array(buffer)
      const view = new DataView(buffer)
      let pos = 0
      for (const item of items) {
        view.setUint32(pos, item.message.length, false)
        bytes.set(item.publicKey, pos + 4)
        bytes.set(item.signature, pos + 36)
        bytes.set(item.message, pos + 100)
        pos += 100 + item.message.length
      }
      const id = this.nextId++
      this.posted.set(id, items)
      this.outstanding += items.length
      this.stats.messages++
      worker.postMessage({ id, buffer, count: items.length }, [buffer])
    }
  }

  private answer (reply: { id: number, results: Uint8Array, micros: number }): void {
    const items = this.posted.get(reply.id)
    if (items === undefined) return
    this.posted.delete(reply.id)
    this.outstanding -= items.length
    this.stats.worker += items.length
    if (items.length > 0) this.microsPerItem = this.microsPerItem * 0.7 + (reply.micros / items.length) * 0.3
    for (let i = 0; i < items.length; i++) (items[i] as Item).resolve(reply.results[i] === 1)
    if (this.users === 0 && this.outstanding === 0 && this.queue.length === 0) this.stop()
  }

  /** The worker died or errored: verify what it held here, and stop using workers. */
  private fail (worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined
      this.broken = true
      worker.terminate().catch(() => {})
    }
    this.drainInline()
  }

  /** Verifies everything queued or posted on this thread. */
  private drainInline (): void {
    const items = [...this.queue]
    this.queue = []
    for (const held of this.posted.values()) items.push(...held)
    this.posted.clear()
    this.outstanding = 0
    for (const item of items) {
      this.stats.inline++
      item.resolve(verifySignature(item.publicKey, item.message, item.signature))
    }
  }
}

/** The process's pool, shared by its peers. */
export const signaturePool = new SignaturePool()
