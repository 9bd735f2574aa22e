import { DecodeError, fail, ok, type Result } from '../errors.js'
import { LIMITS } from '../limits.js'
import { Reader } from './reader.js'
import { Writer } from './writer.js'

/**
 * A batch carries many wire records in one network message (`uint count | (uint len | bytes)*`):
 * per-message costs dominate gossip, so batching is the main throughput lever.
 */
export function encodeBatch (records: readonly Uint8Array[]): Uint8Array {
  let size = 8
  for (const r of records) size += r.length + 4
  const w = new Writer(size)
  w.uint(records.length, 'batch')
  for (const r of records) w.bytes(r, 'batch.record')
  return w.finish()
}

/** Splits a batch into wire records (not yet opened). Never throws. */
export function decodeBatch (bytes: Uint8Array): Result<Uint8Array[]> {
  if (bytes.length > LIMITS.maxBatchBytes) return fail('batch', `larger than ${LIMITS.maxBatchBytes} bytes`)
  try {
    const r = new Reader(bytes)
    const n = r.uint('batch.count', LIMITS.maxBatchRecords)
    const out: Uint8Array[] = []
    for (let i = 0; i < n; i++) out.push(r.bytes(`batch.records[${i}]`, LIMITS.maxRecordBytes + 80))
    r.end('batch')
    return ok(out)
  } catch (err) {
    if (err instanceof DecodeError) return fail(err.field, err.reason)
    return fail('batch', 'malformed')
  }
}
