import { mkdir } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { checkKeyPair, generateKeyPair, type KeyPair } from '@promptswarm/protocol'
import { StorageError } from './errors.js'
import { GroupCommit } from './group-commit.js'

/**
 * A peer's level database. Keys:
 *   `meta:identity` -> 64-byte Ed25519 secret key, tweetnacl format (seed || public key)
 *   `meta:seq`      -> the next sequence number this peer will sign with (decimal)
 *   `meta:swarm`    -> the swarm this directory belongs to
 *   `rec:<id hex>`  -> a record's wire bytes
 *
 * Own records are committed together with the sequence bump in one atomic, synced batch before they
 * are published: a crash can lose an unpublished record but never make the peer sign a second
 * record with a sequence number it already used (that would be equivocation and get it banned).
 * Received records are written behind, in group commits; a crash may lose the last few, which
 * anti-entropy sync fetches again.
 */
/**
 * A put: one own record (`rec:<idHex>` -> wire bytes), received records as columns, or a meta key.
 * Keys are made only when the batch is written.
 */
type Op = StoredRecordWrite | ReceivedBatch | MetaWrite

/**
 * Received records queued as columns, without an object per record: writes wait for the database
 * for as long as the event loop is busy (hundreds of ms in a burst), and per-record objects and
 * views that live that long are promoted to the old generation before they die, which showed as GC
 * work. When every wire is a view of one buffer (a gossip message), only that buffer and each
 * wire's offset and length are kept; the views are made again when the batch is written.
 */
interface ReceivedBatch {
  readonly ids: readonly string[]
  readonly buffer?: ArrayBufferLike
  /** Offset and length of wire i at [2i] and [2i + 1] in `buffer`. */
  readonly spans?: readonly number[]
  /** The wires themselves, when they do not share one buffer. */
  readonly wires?: readonly Uint8Array[]
}

/**
 * A meta key and its value, encoded only when written: of several writes of one key in a batch
 * (every own-record commit carries `meta:seq`) only the last is put.
 */
interface MetaWrite {
  readonly key: string
  readonly value: string
}

/** A record to store: its id (hex) and wire bytes. */
export interface StoredRecordWrite {
  readonly idHex: string
  readonly wire: Uint8Array
}

const IDENTITY = 'meta:identity'
const SEQ = 'meta:seq'
const SWARM = 'meta:swarm'
const RECORD = 'rec:'
const ID_PATTERN = /^[0-9a-f]{64}$/

export interface StoredEntry {
  readonly key: string
  readonly idHex: string
  readonly wire: Uint8Array
}

export interface RecordStoreOptions {
  readonly swarm: string
  /** fsync received-record batches too (own records are always synced). Default false. */
  readonly syncAll?: boolean
  readonly onWriteError?: (err: unknown) => void
  /**
   * The identity a new data directory gets. Default: a fresh random key. Lab runs pass a key
   * derived from the run's seed so that committees (drawn from keys) repeat exactly.
   */
  readonly newIdentity?: () => KeyPair
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export class RecordStore {
  private readonly commits: GroupCommit<Op>
  private committedRecords = 0
  private closed = false
  private queuedSeq: number

  private constructor (
    private readonly db: ClassicLevel<string, Uint8Array>,
    readonly directory: string,
    readonly keyPair: KeyPair,
    private seq: number,
    private readonly options: RecordStoreOptions
  ) {
    this.queuedSeq = seq
    this.commits = new GroupCommit<Op>(
      async (ops, sync) => { await this.writeBatch(ops, sync) },
      ops => { for (const op of ops) this.committedRecords += recordsIn(op) },
      op => 'key' in op ? 1 : recordsIn(op)
    )
  }

  /** Opens (creating if needed) a data directory; a new directory gets a fresh identity. */
  static async open (directory: string, options: RecordStoreOptions): Promise<RecordStore> {
    await mkdir(directory, { recursive: true })
    const db = new ClassicLevel<string, Uint8Array>(directory, { keyEncoding: 'utf8', valueEncoding: 'view' })
    try {
      await db.open()
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause
      const why = cause?.code === 'LEVEL_LOCKED' ? 'it is in use by another process' : (err as Error).message
      throw new StorageError('ERR_STORAGE_OPEN', `cannot open the data directory ${directory}: ${why}`, { cause: err })
    }
    try {
      const [identity, seq, swarm] = await db.getMany([IDENTITY, SEQ, SWARM])
      if (swarm !== undefined && decoder.decode(swarm) !== options.swarm) {
        throw new StorageError('ERR_STORAGE_SWARM', `${directory} belongs to swarm ${JSON.stringify(decoder.decode(swarm))}, not ${JSON.stringify(options.swarm)}`)
      }
      if (identity === undefined) {
        const keyPair = options.newIdentity?.() ?? generateKeyPair()
        await db.batch([
          { type: 'put', key: IDENTITY, value: keyPair.secretKey },
          { type: 'put', key: SEQ, value: encoder.encode('0') },
          { type: 'put', key: SWARM, value: encoder.encode(options.swarm) }
        ], { sync: true })
        return new RecordStore(db, directory, keyPair, 0, options)
      }
      const keyPair = parseIdentity(identity, directory)
      const next = seq === undefined ? 0 : parseSeq(seq, directory)
      if (swarm === undefined) await db.put(SWARM, encoder.encode(options.swarm), { sync: true })
      return new RecordStore(db, directory, keyPair, next, options)
    } catch (err) {
      await db.close()
      throw err
    }
  }

  /** The next sequence number to sign with (as last committed). */
  get nextSeq (): number {
    return this.seq
  }

  /** Records committed to disk since opening (plus those loaded). */
  get storedRecords (): number {
    return this.committedRecords
  }

  /** Writes queued but not yet committed. */
  get pendingWrites (): number {
    return this.commits.pending
  }

  /**
   * Commits own records and the new next sequence number in one synced batch. The caller publishes
   * only after this resolves.
   */
  async commitOwn (records: ReadonlyArray<{ idHex: string, wire: Uint8Array }>, nextSeq: number): Promise<void> {
    this.assertOpen()
    if (!Number.isSafeInteger(nextSeq) || nextSeq < 0) throw new StorageError('ERR_STORAGE_SEQ', `not a sequence number: ${nextSeq}`)
    // Writes commit in the order they are queued; the stored value only ever grows.
    this.queuedSeq = Math.max(this.queuedSeq, nextSeq)
    const ops: Op[] = records.map(r => ({ idHex: r.idHex, wire: r.wire }))
    const stored = this.queuedSeq
    ops.push({ key: SEQ, value: String(stored) })
    try {
      await this.commits.write(ops, true)
    } catch (err) {
      throw new StorageError('ERR_STORAGE_WRITE', `cannot commit own records: ${(err as Error).message}`, { cause: err })
    }
    this.seq = Math.max(this.seq, stored)
  }

  /** Raises the next sequence number (e.g. own records found on the network after a data loss). */
  async raiseSeq (nextSeq: number): Promise<void> {
    if (nextSeq <= this.seq) return
    await this.commitOwn([], nextSeq)
  }

  /** Queues a received record for the next group commit; write errors go to `onWriteError`. */
  storeReceived (idHex: string, wire: Uint8Array): void {
    this.storeReceivedBatch([idHex], [wire])
  }

  /**
   * Queues received records (`ids[i]` is the id of `wires[i]`) for the next group commit; write
   * errors go to `onWriteError`. The store keeps the wires' memory (not a copy) until it is
   * written: the caller must not change it.
   */
  storeReceivedBatch (ids: readonly string[], wires: readonly Uint8Array[]): void {
    if (this.closed || ids.length === 0) return
    if (wires.length !== ids.length) throw new StorageError('ERR_STORAGE_WRITE', `${ids.length} ids but ${wires.length} wires`)
    this.commits.write([columns(ids, wires)], this.options.syncAll === true)
      .catch(err => this.options.onWriteError?.(new StorageError('ERR_STORAGE_WRITE', `cannot store ${ids.length} received records: ${(err as Error).message}`, { cause: err })))
  }

  /** Every stored record entry; keys that are not record ids are reported as entries with an empty id. */
  async * entries (): AsyncGenerator<StoredEntry> {
    this.assertOpen()
    for await (const [key, wire] of this.db.iterator({ gte: RECORD, lt: 'rec;' })) {
      const idHex = key.slice(RECORD.length)
      yield { key, idHex: ID_PATTERN.test(idHex) ? idHex : '', wire }
    }
  }

  /** Counts loaded records as stored (called by the loader for entries it accepted). */
  countLoaded (n: number): void {
    this.committedRecords += n
  }

  async flush (): Promise<void> {
    await this.commits.drain()
  }

  async close (): Promise<void> {
    if (this.closed) return
    await this.commits.drain()
    this.closed = true
    await this.db.close()
  }

  /**
   * One atomic batch. A chained batch hands each put to LevelDB as it is made; the array form
   * costs about four times as much JavaScript per op (it clones every op object and the native
   * side reads each op's properties back one by one), which showed at a few µs per record.
   */
  private async writeBatch (ops: readonly Op[], sync: boolean): Promise<void> {
    const batch = this.db.batch()
    try {
      // A burst of own records is one group commit with a `meta:seq` write per record: only the
      // last write of each meta key counts (the batch is atomic), so only it is put.
      let lastMeta: Map<string, MetaWrite> | undefined
      for (const op of ops) {
        if ('idHex' in op) batch.put(RECORD + op.idHex, op.wire)
        else if ('ids' in op) putColumns(batch, op)
        else (lastMeta ??= new Map()).set(op.key, op)
      }
      for (const op of lastMeta?.values() ?? []) batch.put(op.key, encoder.encode(op.value))
    } catch (err) {
      await batch.close()
      throw err
    }
    await batch.write({ sync })
  }

  private assertOpen (): void {
    if (this.closed) throw new StorageError('ERR_STORAGE_CLOSED', `the store at ${this.directory} is closed`)
  }
}

function recordsIn (op: Op): number {
  return 'idHex' in op ? 1 : 'ids' in op ? op.ids.length : 0
}

function columns (ids: readonly string[], wires: readonly Uint8Array[]): ReceivedBatch {
  const buffer = wires[0]?.buffer
  const spans: number[] = []
  for (const wire of wires) {
    if (wire.buffer !== buffer) return { ids, wires }
    spans.push(wire.byteOffset, wire.length)
  }
  return { ids, buffer, spans }
}

function putColumns (batch: { put: (key: string, value: Uint8Array) => unknown }, op: ReceivedBatch): void {
  const { ids, buffer, spans, wires } = op
  for (let i = 0; i < ids.length; i++) {
    const wire = wires !== undefined
      ? wires[i] as Uint8Array
      : new Uint8Array(buffer as ArrayBufferLike, (spans as readonly number[])[2 * i] as number, (spans as readonly number[])[2 * i + 1] as number)
    batch.put(RECORD + (ids[i] as string), wire)
  }
}

function parseIdentity (bytes: Uint8Array, directory: string): KeyPair {
  if (bytes.length !== 64) {
    throw new StorageError('ERR_STORAGE_IDENTITY', `${directory}: ${IDENTITY} must hold a 64-byte Ed25519 secret key, found ${bytes.length} bytes; refusing to replace the identity`)
  }
  const pair = { publicKey: bytes.slice(32), secretKey: bytes.slice() }
  try {
    checkKeyPair(pair)
  } catch (err) {
    throw new StorageError('ERR_STORAGE_IDENTITY', `${directory}: ${IDENTITY} is corrupt (${(err as Error).message}); refusing to replace the identity`, { cause: err })
  }
  return pair
}

function parseSeq (bytes: Uint8Array, directory: string): number {
  const text = decoder.decode(bytes)
  const seq = /^(0|[1-9]\d{0,15})$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(seq)) throw new StorageError('ERR_STORAGE_SEQ', `${directory}: ${SEQ} is not a sequence number: ${JSON.stringify(text.slice(0, 40))}`)
  return seq
}
