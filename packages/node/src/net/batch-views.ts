import { LIMITS } from '@promptswarm/protocol'

/**
 * Splits a gossip batch (`uint count | (uint len | bytes)*`) into views of its records, without
 * copying them: the validator opens each record (which copies what it keeps), so the copies that
 * `decodeBatch` makes would be thrown away at once. Returns undefined for anything that is not a
 * well-formed batch; the caller then asks `decodeBatch` for the exact error. It accepts no batch
 * that `decodeBatch` rejects (same canonical varints, same limits), and returns the same records.
 *
 * The views share the message's memory: a holder that keeps one (until a write, say) keeps the
 * message alive that long.
 */
export function batchViews (data: Uint8Array): Uint8Array[] | undefined {
  if (data.length > LIMITS.maxBatchBytes) return undefined
  let pos = 0
  // A canonical LEB128 varint of at most 8 bytes, at most `max`; -1 when it is not one.
  const uint = (max: number): number => {
    let value = 0
    let scale = 1
    for (let i = 0; i < 8; i++) {
      if (pos >= data.length) return -1
      const byte = data[pos++] as number
      value += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) {
        if (byte === 0 && i > 0) return -1
        return Number.isSafeInteger(value) && value <= max ? value : -1
      }
      scale *= 0x80
    }
    return -1
  }
  const count = uint(LIMITS.maxBatchRecords)
  if (count < 0) return undefined
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const length = uint(LIMITS.maxRecordBytes + 80)
    if (length < 0 || data.length - pos < length) return undefined
    out.push(data.subarray(pos, pos + length))
    pos += length
  }
  return pos === data.length ? out : undefined
}
