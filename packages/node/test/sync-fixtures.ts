/**
 * In-memory sync hosts over real signed records, for testing the reconciliation and session
 * logic without a network. Keys come from fixed seeds; nothing is random at run time.
 */
import { encodeSigned, keyPairFromSeed, sha256, signRecord, Signer, type VerifiedRecord } from '@promptswarm/protocol'
import { SortedIdIndex, SyncSession, type SyncHost, type SyncTurn } from '@promptswarm/node'

export const SWARM = 'sync-test'

const signer = new Signer(keyPairFromSeed(sha256(new TextEncoder().encode('sync test author'))))

/** `n` distinct signed candidate records, starting at sequence number `from`. */
export function makeRecords (n: number, from = 0, swarm = SWARM): VerifiedRecord[] {
  return Array.from({ length: n }, (_, i) => signRecord({
    kind: 'candidate', role: 'task', task: 'sync', text: `record ${from + i}`, parent: null, optimizer: null,
    author: signer.publicKey, seq: from + i, time: 1_700_000_000_000
  }, signer, swarm))
}

export class MemoryHost implements SyncHost {
  readonly swarm = SWARM
  readonly index = new SortedIdIndex()
  readonly records = new Map<string, VerifiedRecord>()

  constructor (records: readonly VerifiedRecord[] = []) {
    for (const r of records) this.add(r)
  }

  add (r: VerifiedRecord): void {
    this.records.set(r.idHex, r)
    this.index.add(r.idHex)
  }

  has (id: string): boolean { return this.records.has(id) }
  wire (id: string): Uint8Array | undefined {
    const r = this.records.get(id)
    return r === undefined ? undefined : encodeSigned(r)
  }

  ingest (records: readonly VerifiedRecord[]): void {
    for (const r of records) this.add(r)
  }

  ids (): string[] { return [...this.records.keys()].sort() }
}

export interface Exchange {
  readonly turns: number
  readonly bytes: number
}

/** Runs a session between two hosts, passing turns through `encode`/`decode` to count bytes. */
export function runSession (
  a: SyncHost,
  b: SyncHost,
  codec: { encode: (t: SyncTurn) => Uint8Array, decode: (b: Uint8Array) => SyncTurn },
  maxTurns = 10_000
): Exchange {
  const sides = [new SyncSession(a, undefined, 'b'), new SyncSession(b, undefined, 'a')] as const
  let turn: SyncTurn | undefined = sides[0].open()
  let turns = 1
  let bytes = 0
  let next = 1
  while (turn !== undefined) {
    if (turns > maxTurns) throw new Error('session did not end')
    const wire = codec.encode(turn)
    bytes += wire.length
    turn = sides[next]?.next(codec.decode(wire))
    if (turn !== undefined) turns++
    next = 1 - next
  }
  return { turns, bytes }
}
