/**
 * Edits on a prompt read as sentences: add a family, drop one, rephrase, reorder, pad. Edits keep
 * the parent's own wording and layout wherever they do not touch it, as a careful editor would.
 */
import { familyById, fillTemplate } from './lexicon.js'
import { readPrompt } from './prompt-reading.js'
import { joinSentences, usualGap } from './sentences.js'
import type { ReadSentence } from './prompt-reading.js'
import type { Rng } from './random.js'

export interface DraftSentence {
  readonly text: string
  readonly gap: string
  readonly families: readonly string[]
}

export type Draft = readonly DraftSentence[]

export function draftOf (text: string): Draft {
  return readPrompt(text).sentences.map((s: ReadSentence) => ({ text: s.text, gap: s.gap, families: s.families }))
}

export function draftText (draft: Draft): string {
  return joinSentences(draft)
}

export function draftFamilies (draft: Draft): Set<string> {
  const out = new Set<string>()
  for (const s of draft) for (const f of s.families) out.add(f)
  return out
}

/** A wording of a family that the draft does not already use. */
function paraphrase (familyId: string, rng: Rng, avoid: ReadonlySet<string>, values?: { payload?: string, trigger?: string }): string {
  const f = familyById(familyId)
  if (f === undefined) throw new RangeError(`unknown directive family ${familyId}`)
  const fresh = f.paraphrases.filter(p => !avoid.has(p))
  return fillTemplate(rng.pick(fresh.length > 0 ? fresh : f.paraphrases), values ?? {})
}

/** Re-joins gaps so the sentence before an insertion point is separated from the new one. */
function withGaps (sentences: DraftSentence[], gap: string): DraftSentence[] {
  return sentences.map((s, i) => i < sentences.length - 1 && s.gap.length === 0 ? { ...s, gap } : (i === sentences.length - 1 ? { ...s, gap: '' } : s))
}

/** Adds one sentence for a family: personas first, the answer format last, others anywhere before it. */
export function addFamily (draft: Draft, familyId: string, rng: Rng, values?: { payload?: string, trigger?: string }): Draft {
  const gap = usualGap(draft)
  const used = new Set(draft.map(s => s.text))
  const sentence: DraftSentence = { text: paraphrase(familyId, rng, used, values), gap, families: [familyId] }
  const out = draft.slice()
  const formatAt = out.findIndex(s => s.families.includes('format-contract'))
  let at: number
  if (familyId === 'expert-persona') at = 0
  else if (familyId === 'format-contract') at = out.length
  else {
    const limit = formatAt >= 0 ? formatAt : out.length
    at = rng.chance(0.6) ? limit : rng.int(limit + 1)
  }
  out.splice(at, 0, sentence)
  return withGaps(out, gap)
}

/**
 * Removes a family. A sentence that also carries other families is rewritten with their
 * wordings instead of being lost with it.
 */
export function dropFamily (draft: Draft, familyId: string, rng: Rng): Draft {
  const out: DraftSentence[] = []
  const used = new Set(draft.map(s => s.text))
  for (const s of draft) {
    if (!s.families.includes(familyId)) { out.push(s); continue }
    const rest = s.families.filter(f => f !== familyId && f !== 'injection' && f !== 'backdoor')
    rest.forEach((f, i) => out.push({ text: paraphrase(f, rng, used), gap: i === rest.length - 1 ? s.gap : ' ', families: [f] }))
  }
  return withGaps(out, usualGap(draft))
}

/** Rewords one family-bearing sentence with another paraphrase of the same families. */
export function rephrase (draft: Draft, rng: Rng): Draft {
  const targets = draft.map((s, i) => ({ s, i })).filter(({ s }) => s.families.length > 0 && !s.families.includes('injection') && !s.families.includes('backdoor'))
  if (targets.length === 0) return draft
  const { s, i } = rng.pick(targets)
  const used = new Set([s.text])
  const text = s.families.map(f => paraphrase(f, rng, used)).join(' ')
  const out = draft.slice()
  out[i] = { ...s, text }
  return out
}

/** Swaps two neighbouring sentences (the answer format stays last when it is). */
export function reorder (draft: Draft, rng: Rng): Draft {
  const movable = draft.length - (draft[draft.length - 1]?.families.includes('format-contract') === true ? 1 : 0)
  if (movable < 2) return draft
  const i = rng.int(movable - 1)
  const out = draft.slice()
  const a = out[i] as DraftSentence
  const b = out[i + 1] as DraftSentence
  out[i] = { ...b, gap: a.gap }
  out[i + 1] = { ...a, gap: b.gap }
  return withGaps(out, usualGap(draft))
}
