import { createHash } from 'node:crypto'

/**
 * The ids a peer holds, sorted, with range fingerprints in O(log n). Ids are 32-byte sha256
 * digests (lower-case hex). A range's fingerprint is sha256(sum of its ids mod 2^256 || count),
 * truncated to 16 bytes; prefix sums of the ids make any range's sum one subtraction.
 *
 * Why a modular sum, not XOR or a hash over the range: a sum is incremental (prefix sums), and
 * unlike XOR it does not cancel pairs or fall to linear algebra; forging a collision needs a
 * generalised-birthday attack over records the attacker must first get into both peers' sets,
 * each one a signed record. A hash of the concatenated ids would resist even that, but costs
 * O(range) per fingerprint.
 *
 * New ids are buffered and merged lazily, so a burst of inserts costs one O(n) merge at the next
 * query rather than O(n) each.
 */
export const MIN_BOUND = ''
/** Sorts after every hex id: the open upper end of the id space. */
export const MAX_BOUND = '~'
const WORDS = 8

export class SortedIdIndex {
  private ids: string[] = []
  private words = new Uint32Array(0)
  /** prefix[(i * 8) .. (i * 8 + 7)] = sum of ids[0 .. i-1] as 8 big-endian 32-bit words. */
  private prefix = new Uint32Array(WORDS)
  private pending: string[] = []
  private readonly members = new Set<string>()

  get size (): number {
    return this.members.size
  }

  has (id: string): boolean {
    return this.members.has(id)
  }

  /** Adds an id (64 lower-case hex characters); a repeat is a no-op. */
  add (id: string): void {
    if (this.members.has(id)) return
    if (!isRecordId(id)) throw new TypeError(`not a record id: ${JSON.stringify(String(id).slice(0, 80))}`)
    this.members.add(id)
    this.pending.push(id)
  }

  /** Index of the first id >= bound. */
  lowerIndex (bound: string): number {
    this.settle()
    let lo = 0
    let hi = this.ids.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.ids[mid] as string) < bound) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  at (i: number): string {
    this.settle()
    const id = this.ids[i]
    if (id === undefined) throw new RangeError(`index ${i} out of range`)
    return id
  }

  slice (from: number, to: number): string[] {
    this.settle()
    return this.ids.slice(from, to)
  }

  /** 16-byte fingerprint of ids[from .. to). */
  fingerprint (from: number, to: number): Uint8Array {
    this.settle()
    const sum = new Uint32Array(WORDS)
    let borrow = 0
    for (let w = WORDS - 1; w >= 0; w--) {
      let d = (this.prefix[to * WORDS + w] as number) - (this.prefix[from * WORDS + w] as number) - borrow
      borrow = d < 0 ? 1 : 0
      if (d < 0) d += 0x1_0000_0000
      sum[w] = d
    }
    const bytes = Buffer.alloc(WORDS * 4 + 8)
    for (let w = 0; w < WORDS; w++) bytes.writeUInt32BE(sum[w] as number, w * 4)
    bytes.writeBigUInt64BE(BigInt(to - from), WORDS * 4)
    return new Uint8Array(createHash('sha256').update(bytes).digest().subarray(0, 16))
  }

  private settle (): void {
    if (this.pending.length === 0) return
    const added = this.pending.sort()
    this.pending = []
    const n = this.ids.length + added.length
    const ids = new Array<string>(n)
    const words = new Uint32Array(n * WORDS)
    let i = 0
    let j = 0
    for (let k = 0; k < n; k++) {
      const takeOld = j >= added.length || (i < this.ids.length && (this.ids[i] as string) < (added[j] as string))
      if (takeOld) {
        ids[k] = this.ids[i] as string
        words.set(this.words.subarray(i * WORDS, (i + 1) * WORDS), k * WORDS)
        i++
      } else {
        const id = added[j++] as string
        ids[k] = id
        for (let w = 0; w < WORDS; w++) words[k * WORDS + w] = parseInt(id.slice(w * 8, w * 8 + 8), 16)
      }
    }
    const prefix = new Uint32Array((n + 1) * WORDS)
    for (let k = 0; k < n; k++) {
      let carry = 0
      for (let w = WORDS - 1; w >= 0; w--) {
        const s = (prefix[k * WORDS + w] as number) + (words[k * WORDS + w] as number) + carry
        carry = s >= 0x1_0000_0000 ? 1 : 0
        prefix[(k + 1) * WORDS + w] = s - carry * 0x1_0000_0000
      }
    }
    this.ids = ids
    this.words = words
    this.prefix = prefix
  }
}

/**
 * 64 lower-case hex characters. A character loop rather than a regular expression: a regex
 * literal in a hot method makes a new RegExp object per call, and this runs for every record a
 * peer accepts (~1 µs and an allocation each, measured in the network bench's burst).
 */
export function isRecordId (id: unknown): id is string {
  if (typeof id !== 'string' || id.length !== 64) return false
  for (let i = 0; i < 64; i++) {
    const c = id.charCodeAt(i)
    // '0'..'9' or 'a'..'f'
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false
  }
  return true
}
