import { sign as edSign, type KeyObject } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { verifySignature } from '@promptswarm/protocol'
import { processLoad, type LoadGauge } from './load-gauge.js'
import { SIGNATURE_WORKER_SOURCE } from './signature-worker.js'

/**
 * Ed25519 on a worker thread, for the gossip validator and for signing. Verifying is most of what
 * a peer spends per new record (~120 µs on the reference machine, against ~10 µs for everything
 * else it does with it) and needs nothing but the bytes: on a machine with a second core it can
 * run there while the main thread carries on with transport, storage and the view.
 *
 * Calls made in one turn of the event loop go to the worker as one message (one gossip batch is
 * one round trip). When the worker is behind by more than `maxBacklogMs` of work and the calling
 * thread has time to spare (its event loop is not lagging), further calls run on the calling
 * thread, so that both cores work; past `hardBacklogMs` they always do, so a flood cannot queue
 * unbounded work. If the worker fails, everything it held is done on the calling thread; no call
 * is lost.
 *
 * One pool per process, shared by every in-process peer (like `processLoad`): peers `acquire()` it
 * while running, and the worker stops when the last one releases it.
 */
export interface SignaturePoolOptions {
  /** Worker threads to use: 0 works on the calling thread. Default: 1 if the machine has 2+ cores. */
  readonly threads: number
  /** Work on the calling thread, if it is not busy, while the worker holds more than this much work (ms). */
  readonly maxBacklogMs: number
  /** Work on the calling thread, busy or not, while the worker holds more than this much work (ms). */
  readonly hardBacklogMs: number
  /** At most this many items per message to the worker. */
  readonly maxItemsPerMessage: number
}

export const DEFAULT_SIGNATURE_POOL_OPTIONS: SignaturePoolOptions = {
  threads: availableParallelism() > 1 ? 1 : 0,
  maxBacklogMs: 1000,
  hardBacklogMs: 3000,
  maxItemsPerMessage: 512
}

export interface SignaturePoolStats {
  /** Verifications done by the worker. */
  worker: number
  /** Verifications done on the calling thread (no worker, or the worker was behind). */
  inline: number
  /** Signatures made by the worker / on the calling thread. */
  signedOnWorker: number
  signedInline: number
  /** Messages posted to the worker. */
  messages: number
}

interface VerifyItem {
  readonly publicKey: Uint8Array
  readonly message: Uint8Array
  readonly signature: Uint8Array
  readonly resolve: (valid: boolean) => void
}

interface SignItem {
  readonly key: KeyObject
  readonly message: Uint8Array
  readonly resolve: (signature: Uint8Array) => void
  readonly reject: (err: unknown) => void
}

type Posted = { readonly op: 'verify', readonly items: VerifyItem[] } | { readonly op: 'sign', readonly items: SignItem[] }

interface Reply { readonly id: number, readonly results: Uint8Array, readonly micros: number }

/** Event-loop lag (ms) above which the calling thread counts as busy (the batcher's hold threshold). */
const BUSY_LAG_MS = 150

/** Starting estimates of the worker's time per item, until it reports its own. */
const INITIAL_MICROS = { verify: 120, sign: 50 }

export class SignaturePool {
  readonly stats: SignaturePoolStats = { worker: 0, inline: 0, signedOnWorker: 0, signedInline: 0, messages: 0 }
  private options: SignaturePoolOptions = DEFAULT_SIGNATURE_POOL_OPTIONS
  private worker: Worker | undefined
  private broken = false
  private users = 0
  private verifyQueue: VerifyItem[] = []
  private signQueue: SignItem[] = []
  private flushing = false
  private readonly posted = new Map<number, Posted>()
  private nextId = 0
  /** Estimated microseconds of work posted and not answered yet. */
  private backlogMicros = 0
  private readonly micros = { ...INITIAL_MICROS }

  configure (options: Partial<SignaturePoolOptions>): void {
    this.options = { ...this.options, ...options }
    if (this.options.threads === 0) this.stop()
    else if (this.users > 0) this.start()
  }

  get settings (): SignaturePoolOptions {
    return this.options
  }

  acquire (): void {
    if (this.users++ > 0) return
    this.load.acquire()
    this.start()
  }

  release (): void {
    if (this.users === 0) return
    if (--this.users > 0) return
    this.load.release()
    if (this.idle()) this.stop()
  }

  /**
   * Verifies an Ed25519 signature (RFC 8032, weak keys refused): on the calling thread when there
   * is no worker or it is behind, else on the worker. Never rejects.
   */
  readonly verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean> => {
    if (!this.useWorker(this.micros.verify)) {
      this.stats.inline++
      return verifySignature(publicKey, message, signature)
    }
    return new Promise<boolean>(resolve => {
      this.verifyQueue.push({ publicKey, message, signature, resolve })
      this.schedule()
    })
  }

  /** Signs a message with an Ed25519 private key, on the worker when there is one and it keeps up. */
  readonly sign = (key: KeyObject, message: Uint8Array): Uint8Array | Promise<Uint8Array> => {
    if (!this.useWorker(this.micros.sign)) {
      this.stats.signedInline++
      return new Uint8Array(edSign(null, message, key))
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      this.signQueue.push({ key, message, resolve, reject })
      this.schedule()
    })
  }

  constructor (private readonly load: LoadGauge = processLoad) {}

  private useWorker (itemMicros: number): boolean {
    if (this.worker === undefined || this.backlogMicros > this.options.hardBacklogMs * 1000) return false
    // Behind, and this thread has time to spare: do it here. A busy thread would only fall further
    // behind with its own work (transport, storage) while the worker catches up.
    if (this.backlogMicros > this.options.maxBacklogMs * 1000 && this.load.lag < BUSY_LAG_MS) return false
    this.backlogMicros += itemMicros
    return true
  }

  private idle (): boolean {
    return this.posted.size === 0 && this.verifyQueue.length === 0 && this.signQueue.length === 0
  }

  private schedule (): void {
    if (this.flushing) return
    this.flushing = true
    queueMicrotask(this.flush)
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
    worker.on('message', (reply: Reply) => this.answer(reply))
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
    while (this.verifyQueue.length > 0) {
      const items = this.verifyQueue.splice(0, this.options.maxItemsPerMessage)
      // Per item: message length, public key (32), signature (64), message.
      const buffer = pack(items, 96, (item, bytes, at) => {
        bytes.set(item.publicKey, at)
        bytes.set(item.signature, at + 32)
      })
      this.post(worker, { op: 'verify', items }, buffer)
    }
    // One message per key: the worker signs a message's items with the key it carries. Grouped
    // in one pass (a burst queues thousands of items for many in-process peers' keys).
    if (this.signQueue.length > 0) {
      const byKey = new Map<KeyObject, SignItem[]>()
      for (const item of this.signQueue) {
        const group = byKey.get(item.key)
        if (group === undefined) byKey.set(item.key, [item])
        else group.push(item)
      }
      this.signQueue = []
      const max = this.options.maxItemsPerMessage
      for (const [key, group] of byKey) {
        for (let at = 0; at < group.length; at += max) {
          const items = group.length <= max ? group : group.slice(at, at + max)
          // Per item: message length, message.
          this.post(worker, { op: 'sign', items }, pack(items, 0, () => {}), key)
        }
      }
    }
  }

  private post (worker: Worker, posted: Posted, buffer: ArrayBuffer, key?: KeyObject): void {
    const id = this.nextId++
    this.posted.set(id, posted)
    this.stats.messages++
    worker.postMessage({ id, op: posted.op, buffer, count: posted.items.length, key }, [buffer])
  }

  private answer (reply: Reply): void {
    const posted = this.posted.get(reply.id)
    if (posted === undefined) return
    this.posted.delete(reply.id)
    const n = posted.items.length
    if (n > 0) {
      this.backlogMicros = Math.max(0, this.backlogMicros - n * this.micros[posted.op])
      this.micros[posted.op] = this.micros[posted.op] * 0.7 + (reply.micros / n) * 0.3
    }
    if (posted.op === 'verify') {
      this.stats.worker += n
      posted.items.forEach((item, i) => item.resolve(reply.results[i] === 1))
    } else if (reply.results.length === 64 * n) {
      this.stats.signedOnWorker += n
      // Views of the reply's buffer (transferred to this thread, referenced by nothing else): no copy.
      posted.items.forEach((item, i) => item.resolve(reply.results.subarray(64 * i, 64 * i + 64)))
    } else {
      // The worker could not sign (a key it cannot use): sign here, where errors reach the caller.
      for (const item of posted.items) this.signInline(item)
    }
    if (this.users === 0 && this.idle()) this.stop()
  }

  /** The worker died or errored: finish what it held here, and stop using workers. */
  private fail (worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined
      this.broken = true
      worker.terminate().catch(() => {})
    }
    this.drainInline()
  }

  /** Does everything queued or posted on this thread. */
  private drainInline (): void {
    const verifies = [...this.verifyQueue]
    const signs = [...this.signQueue]
    this.verifyQueue = []
    this.signQueue = []
    for (const posted of this.posted.values()) {
      if (posted.op === 'verify') verifies.push(...posted.items)
      else signs.push(...posted.items)
    }
    this.posted.clear()
    this.backlogMicros = 0
    for (const item of verifies) {
      this.stats.inline++
      item.resolve(verifySignature(item.publicKey, item.message, item.signature))
    }
    for (const item of signs) this.signInline(item)
  }

  private signInline (item: SignItem): void {
    this.stats.signedInline++
    try {
      item.resolve(new Uint8Array(edSign(null, item.message, item.key)))
    } catch (err) {
      item.reject(err)
    }
  }
}

/** The process's pool, shared by its peers. */
export const signaturePool = new SignaturePool()

/**
 * Packs items into one transferable buffer, each as a big-endian u32 message length, `extra`
 * bytes that `writeExtra` fills at the offset it is given, then the message.
 */
function pack<T extends { readonly message: Uint8Array }> (items: readonly T[], extra: number, writeExtra: (item: T, bytes: Uint8Array, at: number) => void): ArrayBuffer {
  let size = 0
  for (const item of items) size += 4 + extra + item.message.length
  const buffer = new ArrayBuffer(size)
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  let pos = 0
  for (const item of items) {
    view.setUint32(pos, item.message.length, false)
    writeExtra(item, bytes, pos + 4)
    bytes.set(item.message, pos + 4 + extra)
    pos += 4 + extra + item.message.length
  }
  return buffer
}
