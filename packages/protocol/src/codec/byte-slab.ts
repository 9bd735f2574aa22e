/**
 * Private copies of small byte strings, carved from shared 8 KiB slabs (as Node's Buffer pool
 * does). Every `Uint8Array.slice()` allocates its own off-heap backing store, which V8 tracks and
 * sweeps one by one: on the gossip path (a copy of every record opened, at every peer) that was
 * one of the largest single costs. The price is Node's: a retained copy keeps its whole slab
 * alive, so memory held is at most 8 KiB per retained copy, and copies over 2 KiB get their own.
 */
const SLAB_BYTES = 8 * 1024
const MAX_CARVED = 2 * 1024

let slab = new ArrayBuffer(SLAB_BYTES)
let used = 0

/** `n` fresh zero bytes that share memory with nothing the caller can reach. */
export function carve (n: number): Uint8Array {
  if (n > MAX_CARVED) return new Uint8Array(n)
  if (used + n > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES)
    used = 0
  }
  const out = new Uint8Array(slab, used, n)
  // 8-byte alignment keeps each copy's start aligned, as a fresh buffer's would be.
  used += (n + 7) & ~7
  return out
}

/** A copy of `bytes` that shares memory with nothing the caller can reach. */
export function ownCopy (bytes: Uint8Array): Uint8Array {
  const out = carve(bytes.length)
  out.set(bytes)
  return out
}
