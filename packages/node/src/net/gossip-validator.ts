import { cachedRecord, decodeBatch, fail, openRecord, openRecordDeferred, type Ed25519Verifier, type FieldError, type Result, type VerifiedRecord } from '@promptswarm/protocol'
import { batchViews } from './batch-views.js'
import { sha256Hex } from './digest.js'

/**
 * The gossip topic's validation rule, as a pure function of the message bytes and what the peer
 * already holds:
 * - reject: anything malformed, oversized, forged, for another swarm, or a batch repeating a record
 *   (an honest batcher never does that). Gossipsub drops the message and charges the sender (P4).
 * - ignore: every record is valid and already held (a replay: harmless in a grow-only set, but not
 *   worth forwarding).
 * - accept: every record is valid and at least one is new. Equivocating records are accepted: the
 *   pair is the evidence that bans the author everywhere, so it must travel.
 */
export type GossipVerdict = 'accept' | 'ignore' | 'reject'

export interface BatchClassification {
  readonly verdict: GossipVerdict
  /** Records not yet held, in batch order (empty unless accepted). */
  readonly fresh: readonly VerifiedRecord[]
  /** The wire bytes of `fresh[i]` at index i (views of the message): saves re-encoding them for storage. */
  readonly freshWires: readonly Uint8Array[]
  readonly records: number
  /** Why a batch was rejected, naming the field. */
  readonly reason?: FieldError
}

export interface ClassifyOptions {
  readonly swarm: string
  readonly maxMessageBytes: number
  readonly has: (idHex: string) => boolean
  /**
   * The signature of a held record. A wire record whose body hashes to a held id and whose
   * signature is byte-identical to the held one is the record already verified: it is counted as
   * known without verifying again (replays and re-gossip then cost a hash, not a verification).
   */
  readonly heldSignature?: (idHex: string) => Uint8Array | undefined
}

/** A placeholder for an opening that is still waiting for its signature's verdict. */
const PENDING = fail('batch', 'still being verified') as Failure

export function classifyBatch (data: Uint8Array, options: ClassifyOptions): BatchClassification {
  // With a synchronous verifier, and without waiting for openings made elsewhere in the process,
  // every opening completes at once, so the classification does too.
  return classify(data, options, (wire, swarm) => openRecord(wire, swarm), false) as BatchClassification
}

/**
 * `classifyBatch` with signatures checked by `verify`, which may answer later (a worker thread).
 * Returns the classification at once when nothing is left to wait for, else a promise of it.
 * The verdict is the one `classifyBatch` gives: the first record in batch order that fails (or
 * repeats an earlier one) names the rejection. Freshness (`has`) is judged when the last signature
 * is in; a caller that ingests later should call `stillFresh` first.
 */
export function classifyBatchDeferred (data: Uint8Array, options: ClassifyOptions, verify: Ed25519Verifier): BatchClassification | Promise<BatchClassification> {
  return classify(data, options, (wire, swarm) => openRecordDeferred(wire, swarm, verify), true)
}

type Opener = (wire: Uint8Array, swarm: string) => Result<VerifiedRecord> | Promise<Result<VerifiedRecord>>

function classify (data: Uint8Array, options: ClassifyOptions, open: Opener, joinOthers: boolean): BatchClassification | Promise<BatchClassification> {
  const reject = (field: string, reason: string, records = 0): BatchClassification =>
    ({ verdict: 'reject', fresh: [], freshWires: [], records, reason: { field, reason } })
  if (data.length > options.maxMessageBytes) return reject('message', `${data.length} bytes exceeds the limit of ${options.maxMessageBytes}`)
  let wires = batchViews(data)
  if (wires === undefined) {
    const batch = decodeBatch(data) // malformed: decodeBatch names what is wrong
    if (!batch.ok) return reject(batch.error.field, batch.error.reason)
    wires = batch.value
  }
  if (wires.length === 0) return reject('batch', 'empty batch')
  // Per record: the id of a byte-identical copy of a held record, the record (opened here or
  // earlier in this process), or the failed opening; PENDING until a deferred opening answers.
  // Records are kept bare, not wrapped in a Result: this runs for every record at every peer.
  const openings: Opening[] = []
  let waiting = 0
  let settle: { resolve: () => void, reject: (err: unknown) => void } | undefined
  const later = (i: number, opening: Promise<Result<VerifiedRecord>>): void => {
    openings.push(PENDING)
    waiting++
    // One callback per record, no Promise.all: the last verdict in finishes the classification,
    // and a verifier that broke fails it (the batch is then neither accepted nor refused).
    opening.then(result => {
      openings[i] = result.ok ? result.value : result
      if (--waiting === 0) settle?.resolve()
    }, err => { waiting = -1; settle?.reject(err) })
  }
  for (let i = 0; i < wires.length; i++) {
    const wire = wires[i] as Uint8Array
    // A record this process opened (or is opening) costs a lookup; one identical to a held record
    // costs a hash; only the rest are opened.
    const cached = cachedRecord(wire, options.swarm)
    if (cached instanceof Promise) {
      if (joinOthers) { later(i, cached); continue }
    } else if (cached !== undefined) {
      openings.push(cached)
      continue
    }
    const copy = options.heldSignature === undefined ? undefined : knownCopy(wire, options.heldSignature)
    if (copy !== undefined) { openings.push(copy); continue }
    const opened = open(wire, options.swarm)
    if (opened instanceof Promise) { later(i, opened); continue }
    openings.push(opened.ok ? opened.value : opened)
    // Records after a malformed one would never be looked at: stop opening.
    if (!opened.ok) break
  }
  const conclude = (): BatchClassification => {
    const fresh: VerifiedRecord[] = []
    const freshWires: Uint8Array[] = []
    // One scratch set for every batch (this function is synchronous, and never re-entered).
    const seen = seenScratch
    seen.clear()
    try {
      for (let i = 0; i < openings.length; i++) {
        const opening = openings[i] as Opening
        if (isFailure(opening)) return reject(`batch.records[${i}].${opening.error.field}`, opening.error.reason, wires.length)
        const id = typeof opening === 'string' ? opening : opening.idHex
        if (seen.has(id)) return reject(`batch.records[${i}]`, 'repeats a record of the same batch', wires.length)
        seen.add(id)
        if (typeof opening !== 'string' && !options.has(id)) { fresh.push(opening); freshWires.push(wires[i] as Uint8Array) }
      }
    } finally {
      seen.clear()
    }
    return { verdict: fresh.length > 0 ? 'accept' : 'ignore', fresh, freshWires, records: wires.length }
  }
  if (waiting === 0) return conclude()
  return new Promise<BatchClassification>((resolve, reject) => { settle = { resolve: () => { try { resolve(conclude()) } catch (err) { reject(err) } }, reject } })
}

/** A known copy's id, an opened record, or a failed opening (PENDING while it waits). */
type Opening = string | VerifiedRecord | Failure

type Failure = Extract<Result<VerifiedRecord>, { ok: false }>

function isFailure (opening: Opening): opening is Failure {
  return typeof opening !== 'string' && (opening as Partial<Failure>).ok === false
}

const seenScratch = new Set<string>()

/**
 * The classification with records that became held since it was made (by another message whose
 * validation finished first) left out: what to ingest, and the verdict, if it is acted on now.
 */
export function stillFresh (classification: BatchClassification, has: (idHex: string) => boolean): BatchClassification {
  if (classification.verdict !== 'accept' || classification.fresh.every(r => !has(r.idHex))) return classification
  const fresh: VerifiedRecord[] = []
  const freshWires: Uint8Array[] = []
  classification.fresh.forEach((r, i) => {
    if (!has(r.idHex)) { fresh.push(r); freshWires.push(classification.freshWires[i] as Uint8Array) }
  })
  return { ...classification, verdict: fresh.length > 0 ? 'accept' : 'ignore', fresh, freshWires }
}

/**
 * The id of a wire record (`uint len | body | signature[64]`) if it is byte-identical to a held
 * record, else undefined. Anything that does not parse is left to `openRecordDeferred` to reject.
 */
function knownCopy (wire: Uint8Array, heldSignature: (idHex: string) => Uint8Array | undefined): string | undefined {
  let length = 0
  let scale = 1
  let pos = 0
  for (; pos < 8 && pos < wire.length; pos++) {
    const byte = wire[pos] as number
    length += (byte & 0x7f) * scale
    if ((byte & 0x80) === 0) break
    scale *= 0x80
  }
  const bodyStart = pos + 1
  if (bodyStart + length + 64 !== wire.length) return undefined
  const body = wire.subarray(bodyStart, bodyStart + length)
  const id = sha256Hex(body)
  const signature = heldSignature(id)
  if (signature === undefined) return undefined
  return Buffer.compare(signature, wire.subarray(bodyStart + length)) === 0 ? id : undefined
}
