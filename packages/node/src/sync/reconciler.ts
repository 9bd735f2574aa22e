import { MAX_BOUND, MIN_BOUND, type SortedIdIndex } from './id-index.js'
import { SyncProtocolError } from './errors.js'

/**
 * Range-based set reconciliation (in the style of Meyer's RBSR / negentropy) over sorted record ids.
 *
 * A message is a list of ranges tiling the id space [MIN_BOUND, MAX_BOUND), each with a mode:
 * - fingerprint: "my ids in this range hash to this"; equal fingerprints settle the range;
 * - ids: "these are all my ids in this range" (sent for small ranges);
 * - have: "these ids of mine you lack" (the answer to `ids`);
 * - skip: nothing to do here.
 * A side that receives a differing fingerprint splits the range into `branching` parts by its own
 * ids, or lists its ids if it holds few. So differences are found in O(log n) round trips and the
 * traffic is O(d · log n) for d differing ids; two peers that already agree exchange a single
 * fingerprint. Both sides learn what they lack (`need`) and then pull it.
 *
 * Why not per-author sequence vectors: they are O(authors) every round whatever the difference,
 * and they cannot see equivocating records (two records with one sequence number) or gaps, which
 * is precisely what a Byzantine author produces. Sets of ids can.
 *
 * Output is bounded per message (`maxRanges`, `maxIds`); ranges beyond the budget are deferred
 * by echoing one's own fingerprint, which the other side treats as a normal difference.
 */
export type SyncRange =
  | { readonly upper: string, readonly mode: 'skip' }
  | { readonly upper: string, readonly mode: 'fingerprint', readonly fingerprint: Uint8Array }
  | { readonly upper: string, readonly mode: 'ids', readonly ids: readonly string[] }
  | { readonly upper: string, readonly mode: 'have', readonly ids: readonly string[] }

export interface ReconcileLimits {
  readonly branching: number
  /** A differing range holding at most this many of my ids is answered with the ids themselves. */
  readonly idListThreshold: number
  /** Largest `have` list; bigger differences are split further. */
  readonly maxHaveIds: number
  /** Non-skip ranges per outgoing message. */
  readonly maxRanges: number
  /** Ids per outgoing message (all lists together). */
  readonly maxIds: number
  /** Ids remembered as needed; beyond that a later session finds the rest. */
  readonly maxNeed: number
}

export const DEFAULT_RECONCILE_LIMITS: ReconcileLimits = {
  branching: 16,
  idListThreshold: 32,
  maxHaveIds: 2048,
  maxRanges: 512,
  maxIds: 8192,
  maxNeed: 250_000
}

export class Reconciler {
  /** Ids the other side holds and this side lacked when it learned of them. */
  readonly need = new Set<string>()
  readonly limits: ReconcileLimits

  constructor (private readonly index: SortedIdIndex, limits: Partial<ReconcileLimits> = {}) {
    this.limits = { ...DEFAULT_RECONCILE_LIMITS, ...limits }
    if (this.limits.idListThreshold < this.limits.branching) throw new RangeError('idListThreshold must be at least branching')
  }

  /** The opening message: the whole id space. */
  initial (): SyncRange[] {
    const n = this.index.size
    return n <= this.limits.idListThreshold
      ? [{ upper: MAX_BOUND, mode: 'ids', ids: this.index.slice(0, n) }]
      : [{ upper: MAX_BOUND, mode: 'fingerprint', fingerprint: this.index.fingerprint(0, n) }]
  }

  /**
   * Answers a message. Returns [] once nothing is left to reconcile on either side.
   * Throws `SyncProtocolError` if the message does not tile the id space or lists ids outside
   * their range.
   */
  respond (incoming: readonly SyncRange[]): SyncRange[] {
    checkTiling(incoming)
    const out: SyncRange[] = []
    const budget = { ranges: this.limits.maxRanges, ids: this.limits.maxIds }
    let lower = MIN_BOUND
    for (const range of incoming) {
      const from = this.index.lowerIndex(lower)
      const to = this.index.lowerIndex(range.upper)
      switch (range.mode) {
        case 'skip':
          push(out, { upper: range.upper, mode: 'skip' })
          break
        case 'have':
          checkIds(range.ids, lower, range.upper, 'have')
          this.addNeed(range.ids)
          push(out, { upper: range.upper, mode: 'skip' })
          break
        case 'ids': {
          checkIds(range.ids, lower, range.upper, 'ids')
          this.addNeed(range.ids)
          const theirs = new Set(range.ids)
          const missing = this.index.slice(from, to).filter(id => !theirs.has(id))
          if (missing.length === 0) {
            push(out, { upper: range.upper, mode: 'skip' })
          } else if (missing.length <= this.limits.maxHaveIds && budget.ranges > 0 && budget.ids >= missing.length) {
            budget.ranges--
            budget.ids -= missing.length
            push(out, { upper: range.upper, mode: 'have', ids: missing })
          } else {
            this.split(out, budget, range.upper, from, to)
          }
          break
        }
        case 'fingerprint': {
          const mine = this.index.fingerprint(from, to)
          if (equalBytes(mine, range.fingerprint)) {
            push(out, { upper: range.upper, mode: 'skip' })
          } else if (to - from <= this.limits.idListThreshold && budget.ranges > 0 && budget.ids >= to - from) {
            budget.ranges--
            budget.ids -= to - from
            push(out, { upper: range.upper, mode: 'ids', ids: this.index.slice(from, to) })
          } else {
            this.split(out, budget, range.upper, from, to)
          }
          break
        }
      }
      lower = range.upper
    }
    return out.every(r => r.mode === 'skip') ? [] : out
  }

  /** Splits the range ending at `upper` (my ids[from .. to)) into `branching` fingerprinted parts by my ids, or defers it if over budget. */
  private split (out: SyncRange[], budget: { ranges: number, ids: number }, upper: string, from: number, to: number): void {
    const count = to - from
    const b = this.limits.branching
    if (count <= this.limits.idListThreshold || budget.ranges < b) {
      // Too few of my ids to split by, or no budget left: echo my fingerprint, the other side continues.
      budget.ranges = Math.max(0, budget.ranges - 1)
      push(out, { upper, mode: 'fingerprint', fingerprint: this.index.fingerprint(from, to) })
      return
    }
    budget.ranges -= b
    let start = from
    for (let k = 1; k <= b; k++) {
      const end = k === b ? to : from + Math.floor(k * count / b)
      const partUpper = k === b ? upper : this.index.at(end)
      push(out, { upper: partUpper, mode: 'fingerprint', fingerprint: this.index.fingerprint(start, end) })
      start = end
    }
  }

  private addNeed (ids: readonly string[]): void {
    for (const id of ids) {
      if (this.need.size >= this.limits.maxNeed) return
      if (!this.index.has(id)) this.need.add(id)
    }
  }
}

/** Appends a range, merging consecutive skips. */
function push (out: SyncRange[], range: SyncRange): void {
  const last = out[out.length - 1]
  if (range.mode === 'skip' && last?.mode === 'skip') out[out.length - 1] = range
  else out.push(range)
}

function checkTiling (ranges: readonly SyncRange[]): void {
  if (ranges.length === 0) throw new SyncProtocolError('ranges', 'an empty range list')
  let lower = MIN_BOUND
  for (let i = 0; i < ranges.length; i++) {
    const upper = (ranges[i] as SyncRange).upper
    if (!(upper > lower)) throw new SyncProtocolError(`ranges[${i}].upper`, 'bounds must increase')
    lower = upper
  }
  if (lower !== MAX_BOUND) throw new SyncProtocolError('ranges', 'the ranges do not cover the id space')
}

function checkIds (ids: readonly string[], lower: string, upper: string, mode: string): void {
  let previous = ''
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string
    if (id < lower || id >= upper) throw new SyncProtocolError(`${mode}[${i}]`, 'id outside its range')
    if (i > 0 && id <= previous) throw new SyncProtocolError(`${mode}[${i}]`, 'ids must be sorted and distinct')
    previous = id
  }
}

function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}
