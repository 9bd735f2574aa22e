import { fromHex, sha256, toHex, utf8 } from '../bytes.js'
import { Writer } from '../codec/writer.js'
import type { ArchiveView, CandidateStatus } from './archive-view.js'
import { CANDIDATE_STATUSES } from './archive-view.js'

const VIEW_TAG = 'promptswarm/view/v1'
const SET_TAG = utf8.encode('promptswarm/record-set/v1')

/**
 * A canonical serialisation of everything the view derives, hashed. Floats go in as their
 * IEEE-754 bits, so equal digests mean bit-identical scores.
 */
export function viewDigest (view: ArchiveView): string {
  const w = new Writer(4096)
  w.string(VIEW_TAG, 'tag')
  const candidates = view.candidates()
  w.uint(candidates.length, 'candidates')
  for (const c of candidates) {
    w.fixed(hex(c.id), 32, 'candidate.id').u8(CANDIDATE_STATUSES.indexOf(c.status as CandidateStatus))
    optionalReal(w, c.score)
    optionalReal(w, c.improvement)
    optionalReal(w, c.pooledScore)
    optionalReal(w, c.fitness)
    w.uint(c.fitnessSamples, 'fitnessSamples').uint(c.children, 'children').uint(c.evaluations, 'evaluations')
  }
  const banned = view.banned()
  w.uint(banned.length, 'banned')
  for (const b of banned) {
    w.fixed(hex(b.author), 32, 'banned.author').uint(b.reasons.length, 'banned.reasons')
    for (const reason of b.reasons) w.string(reason, 'banned.reason')
  }
  const evaluators = view.evaluators()
  w.uint(evaluators.length, 'evaluators')
  for (const e of evaluators) w.fixed(hex(e), 32, 'evaluator').f64(view.reputation(e), 'reputation')
  const accusations = view.accusationViews()
  w.uint(accusations.length, 'accusations')
  for (const a of accusations) w.fixed(hex(a.id), 32, 'accusation.id').string(a.verdict, 'verdict')
  return toHex(sha256(w.finish()))
}

/** sha256 over the sorted record ids: equal digests mean equal record sets. */
export function recordSetDigest (ids: Iterable<string>): string {
  const sorted = [...ids].sort()
  const parts = [SET_TAG]
  for (const id of sorted) parts.push(hex(id))
  return toHex(sha256(...parts))
}

function optionalReal (w: Writer, value: number | undefined): void {
  if (value === undefined) w.u8(0)
  else w.u8(1).f64(value, 'real')
}

function hex (s: string): Uint8Array {
  return fromHex(s) ?? new Uint8Array(32)
}
