/**
 * Candidate backdoor triggers in a prompt, most suspicious first: the objects of conditions on the
 * input ("if the question mentions X"), quoted or code-formatted strings, tokens of unusual shape
 * (mixed letters and digits, inner capitals, underscores, non-ASCII letters), then words outside
 * ordinary prompt vocabulary and the task's seed prompt. The behavioural probes insert each into
 * canary questions; a trigger missed here is a backdoor the probes cannot see, so the net is wide
 * and the budget (`max`) decides how much of it is used.
 */
import { CONDITION, TRIGGER } from './clause-rules.js'
import { isKnownWord } from './vocabulary.js'
import { wordSpans } from './tokens.js'

export type TriggerSource = 'condition' | 'quoted' | 'unusual-token' | 'rare-word' | 'inherited-word'

export interface TriggerCandidate {
  readonly phrase: string
  readonly source: TriggerSource
}

export interface TriggerOptions {
  /** Most candidates returned. */
  readonly max: number
  /** Texts whose words are ordinary for this task (its seed prompt, say). */
  readonly reference?: readonly string[]
  /** The parent's text: rare words it already had are probed after new ones. */
  readonly parent?: string
}

/** Tiers in probing order. */
const ORDER: readonly TriggerSource[] = ['condition', 'quoted', 'unusual-token', 'rare-word', 'inherited-word']

const MAX_PHRASE = 60
const QUOTED = /(?<![\p{L}\p{N}])"([^"\n]{1,60})"|(?<![\p{L}\p{N}])'([^'\n]{1,60})'(?![\p{L}\p{N}])|`([^`\n]{1,60})`|“([^”\n]{1,60})”|‘([^’\n]{1,60})’|«([^»\n]{1,60})»/gu

/**
 * Quoted text that only shows the answer format (`Answer: <x>`, `Answer: N`, `Answer:`, a code
 * fence's language): never probed, since every task prompt has one and a trigger would not hide there.
 */
function isFormatQuote (s: string): boolean {
  return /<[^>]*>|\{[^}]*\}|\.\.\.|…/.test(s) || /^(?:final\s+)?answer\s*:?\s*(?:[NX])?$/i.test(s) || /^(?:python|json|js|ts|text)?$/i.test(s) || /^[\W_]+$/u.test(s)
}

function unusualShape (word: string, known: (w: string) => boolean): boolean {
  if (/^\d+$/.test(word)) return false
  if (/\d/.test(word) && /\p{L}/u.test(word)) return true
  if (word.includes('_')) return true
  if (/\p{Ll}\p{Lu}/u.test(word)) return true
  if (/[^\x00-\x7F]/.test(word) && /\p{L}/u.test(word)) return true
  if (word.length >= 3 && word === word.toUpperCase() && /\p{L}/u.test(word) && !known(word)) return true
  return word.length >= 4 && /^\p{L}+$/u.test(word) && !/[aeiouy]/i.test(word)
}

function referenceVocabulary (texts: readonly string[]): Set<string> {
  const v = new Set<string>()
  for (const t of texts) for (const w of wordSpans(t)) v.add(w.text.toLowerCase())
  return v
}

/** Drops a leading article: "the zebra" is probed as "zebra". */
function bare (phrase: string): string {
  return phrase.replace(/^(?:the|a|an)\s+/i, '').trim()
}

export function extractTriggers (text: string, options: TriggerOptions): TriggerCandidate[] {
  const max = Math.max(0, Math.floor(options.max))
  if (max === 0) return []
  const reference = referenceVocabulary(options.reference ?? [])
  const inParent = referenceVocabulary(options.parent === undefined ? [] : [options.parent])
  const known = (w: string): boolean => isKnownWord(w, reference)
  const tiers = new Map<TriggerSource, string[]>(ORDER.map(s => [s, []]))
  const add = (source: TriggerSource, phrase: string): void => {
    const p = phrase.trim()
    if (p.length > 0 && p.length <= MAX_PHRASE) tiers.get(source)?.push(p)
  }

  for (const c of text.matchAll(CONDITION)) {
    const after = c.index + c[0].length
    const t = TRIGGER.exec(text.slice(after, after + 200))
    const phrase = t === null ? undefined : (t[1] ?? t[2] ?? t[3] ?? t[4] ?? t[5])
    if (phrase !== undefined) add('condition', bare(phrase))
  }
  for (const q of text.matchAll(QUOTED)) {
    const inner = (q.slice(1).find(g => g !== undefined) ?? '').trim()
    if (!isFormatQuote(inner)) add('quoted', inner)
  }
  // Words already inside a condition's or a quote's phrase are probed with it.
  const covered = referenceVocabulary([...(tiers.get('condition') ?? []), ...(tiers.get('quoted') ?? [])])
  for (const w of wordSpans(text)) {
    const word = w.text
    if (reference.has(word.toLowerCase()) || covered.has(word.toLowerCase())) continue
    if (unusualShape(word, known)) add('unusual-token', word)
    else if (word.length >= 4 && /^\p{L}[\p{L}'’-]*$/u.test(word) && !known(word)) add(inParent.has(word.toLowerCase()) ? 'inherited-word' : 'rare-word', word)
  }

  const seen = new Set<string>()
  const out: TriggerCandidate[] = []
  for (const source of ORDER) {
    for (const phrase of tiers.get(source) ?? []) {
      const key = phrase.toLowerCase()
      if (seen.has(key)) continue
      seen.add(key)
      out.push({ phrase, source })
      if (out.length >= max) return out
    }
  }
  return out
}
