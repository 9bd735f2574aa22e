import { openRecord, type ArchiveView, type FieldError } from '@promptswarm/protocol'
import type { RecordStore } from '../storage/record-store.js'
import type { SortedIdIndex } from '../sync/id-index.js'

export interface LoadReport {
  /** Records re-opened from the data directory and added to the view. */
  readonly loaded: number
  /** Entries that could not be used, with the reason; they are skipped and left in place. */
  readonly corrupt: ReadonlyArray<{ readonly key: string, readonly error: FieldError }>
  /** Record-set digest right after loading, before any network traffic. */
  readonly recordDigest: string
}

/**
 * Rebuilds the archive from a data directory: every stored record is opened again (decoded,
 * validated, verified for the swarm) before it enters the view, so a corrupt or tampered entry is
 * reported and skipped, never trusted. Also returns the highest sequence number the peer's own key
 * has used, so a lost or stale counter can never lead to reusing one.
 */
export async function loadArchive (store: RecordStore, view: ArchiveView, index: SortedIdIndex, swarm: string): Promise<{ report: LoadReport, maxOwnSeq: number }> {
  const corrupt: Array<{ key: string, error: FieldError }> = []
  const me = Buffer.from(store.keyPair.publicKey).toString('hex')
  let loaded = 0
  let maxOwnSeq = -1
  for await (const entry of store.entries()) {
    if (entry.idHex === '') { corrupt.push({ key: entry.key, error: { field: 'key', reason: 'not a record id' } }); continue }
    const opened = openRecord(entry.wire, swarm)
    if (!opened.ok) { corrupt.push({ key: entry.key, error: opened.error }); continue }
    if (opened.value.idHex !== entry.idHex) { corrupt.push({ key: entry.key, error: { field: 'id', reason: `stored under ${entry.idHex} but hashes to ${opened.value.idHex}` } }); continue }
    view.add(opened.value)
    index.add(entry.idHex)
    loaded++
    if (opened.value.authorHex === me) maxOwnSeq = Math.max(maxOwnSeq, opened.value.record.seq)
  }
  store.countLoaded(loaded)
  return { report: { loaded, corrupt, recordDigest: view.recordDigest() }, maxOwnSeq }
}
