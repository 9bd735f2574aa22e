/**
 * A bounded, normalised edit distance between two prompts. Levenshtein over words is exact but
 * quadratic, so the work is capped: past the cap the texts are compared sentence by sentence, and
 * past that by their bags of words, which gives a lower bound of the word distance (it can only
 * under-report a change, never invent one).
 */
import { sentenceSpans, words } from './tokens.js'

export type EditUnit = 'word' | 'sentence' | 'bag'

export interface EditDistance {
  /** Edits (insertions, deletions, substitutions) in `unit`s. */
  readonly distance: number
  /** `distance` over the longer text's length in the same unit: 0 identical, 1 nothing shared. */
  readonly ratio: number
  readonly unit: EditUnit
}

/** Dynamic-programming cells computed at most (about 4 M: tens of milliseconds). */
export const DEFAULT_MAX_CELLS = 4_000_000

/** Levenshtein distance between two token sequences, in O(n * m) time and O(min(n, m)) memory. */
export function levenshtein (a: readonly string[], b: readonly string[]): number {
  if (a.length < b.length) return levenshtein(b, a)
  if (b.length === 0) return a.length
  // Intern tokens as small integers: comparing numbers in the inner loop is much cheaper.
  const ids = new Map<string, number>()
  const intern = (t: string): number => {
    let id = ids.get(t)
    if (id === undefined) { id = ids.size; ids.set(t, id) }
    return id
  }
  const x = Int32Array.from(a, intern)
  const y = Int32Array.from(b, intern)
  let prev = new Int32Array(y.length + 1)
  let cur = new Int32Array(y.length + 1)
  for (let j = 0; j <= y.length; j++) prev[j] = j
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i
    const xi = x[i - 1] as number
    for (let j = 1; j <= y.length; j++) {
      const sub = (prev[j - 1] as number) + (xi === y[j - 1] ? 0 : 1)
      const del = (prev[j] as number) + 1
      const ins = (cur[j - 1] as number) + 1
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins)
    }
    const t = prev; prev = cur; cur = t
  }
  return prev[y.length] as number
}

/** max(n, m) minus the size of the multiset intersection: a lower bound of Levenshtein. */
export function bagDistance (a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>()
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1)
  let shared = 0
  for (const t of b) {
    const c = counts.get(t) ?? 0
    if (c > 0) { shared++; counts.set(t, c - 1) }
  }
  return Math.max(a.length, b.length) - shared
}

function normalised (distance: number, a: readonly string[], b: readonly string[], unit: EditUnit): EditDistance {
  const longest = Math.max(a.length, b.length)
  return { distance, ratio: longest === 0 ? 0 : distance / longest, unit }
}

/** Sentences as tokens: lower-cased words joined, so spacing and punctuation changes do not count. */
function sentenceTokens (text: string): string[] {
  return sentenceSpans(text).map(s => words(s.text).join(' ')).filter(s => s.length > 0)
}

/** The edit distance between two texts, at the finest unit whose quadratic work fits `maxCells`. */
export function editDistance (a: string, b: string, maxCells = DEFAULT_MAX_CELLS): EditDistance {
  const wa = words(a)
  const wb = words(b)
  if (wa.length * wb.length <= maxCells) return normalised(levenshtein(wa, wb), wa, wb, 'word')
  const sa = sentenceTokens(a)
  const sb = sentenceTokens(b)
  if (sa.length * sb.length <= maxCells) return normalised(levenshtein(sa, sb), sa, sb, 'sentence')
  return normalised(bagDistance(wa, wb), wa, wb, 'bag')
}
