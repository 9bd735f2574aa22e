/**
 * Cheap, span-keeping tokenisation for the screening rules: sentences and words with their offsets
 * in the source text, so every finding can point at the exact span it is about.
 */
export interface Span {
  /** Offset of the first character in the source text. */
  readonly start: number
  /** Offset one past the last character. */
  readonly end: number
  readonly text: string
}

/**
 * Sentences: a sentence ends at `.`, `!` or `?` followed by whitespace, at a line break, or at the
 * end of the text. Leading and trailing whitespace is not part of a span.
 */
export function sentenceSpans (text: string): Span[] {
  const out: Span[] = []
  let start = 0
  const push = (from: number, to: number): void => {
    while (from < to && /\s/.test(text[from] as string)) from++
    while (to > from && /\s/.test(text[to - 1] as string)) to--
    if (to > from) out.push({ start: from, end: to, text: text.slice(from, to) })
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\n') { push(start, i); start = i + 1 } else if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === text.length || /\s/.test(text[i + 1] as string))) {
      push(start, i + 1)
      start = i + 1
    }
  }
  push(start, text.length)
  return out
}

const WORD = /[\p{L}\p{N}]+(?:['’_-][\p{L}\p{N}]+)*/gu

/** Words: runs of letters and digits, with inner apostrophes, hyphens and underscores kept. */
export function wordSpans (text: string): Span[] {
  const out: Span[] = []
  for (const m of text.matchAll(WORD)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] })
  return out
}

/** Lower-cased words, the unit the edit distance compares. */
export function words (text: string): string[] {
  return wordSpans(text).map(w => w.text.toLowerCase())
}

/** Bytes of a string in UTF-8, the unit of the protocol's size limits. */
export function utf8Bytes (text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
