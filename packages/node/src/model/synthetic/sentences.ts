/**
 * Splits prompt text into sentences while keeping the whitespace between them, so an edited
 * prompt keeps the layout (lines, bullets, paragraphs) of its parent.
 */
export interface Sentence {
  readonly text: string
  /** The whitespace that followed it in the source (empty for the last one). */
  readonly gap: string
}

/** A sentence ends at `.`, `!` or `?` followed by whitespace, or at a line break. */
export function splitSentences (text: string): Sentence[] {
  const out: Sentence[] = []
  let start = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i]
    const atEnd = ch === '\n' || ((ch === '.' || ch === '!' || ch === '?') && (i + 1 === n || /\s/.test(text[i + 1] as string)))
    if (!atEnd) { i++; continue }
    const stop = ch === '\n' ? i : i + 1
    let j = stop
    while (j < n && /\s/.test(text[j] as string)) j++
    const body = text.slice(start, stop).trim()
    if (body.length > 0) out.push({ text: body, gap: text.slice(stop, j) })
    else if (out.length > 0) {
      const last = out[out.length - 1] as Sentence
      out[out.length - 1] = { text: last.text, gap: last.gap + text.slice(start, j) }
    }
    start = j
    i = j
  }
  const rest = text.slice(start).trim()
  if (rest.length > 0) out.push({ text: rest, gap: '' })
  return out
}

export function joinSentences (sentences: readonly Sentence[]): string {
  let out = ''
  sentences.forEach((s, i) => {
    out += s.text
    if (i < sentences.length - 1) out += s.gap.length > 0 ? s.gap : ' '
  })
  return out
}

/** The separator a prompt mostly uses between sentences: a line break or a space. */
export function usualGap (sentences: readonly Sentence[]): string {
  let lines = 0
  for (let i = 0; i < sentences.length - 1; i++) if ((sentences[i] as Sentence).gap.includes('\n')) lines++
  return lines * 2 >= Math.max(1, sentences.length - 1) ? '\n' : ' '
}
