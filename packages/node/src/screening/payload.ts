/**
 * What an injected or backdoor payload looks like: a value the model is told to state (a number, a
 * capital letter, yes/no, a grid, a quoted string), as opposed to ordinary advice about answering
 * ("answer briefly", "answer in SI units", "respond with `Answer: <letter>`").
 */

/**
 * A payload slot: a quoted string, a grid, or one bare token. Used inside larger patterns, which
 * must give them the `i` flag; `isValuePayload` then reads the captured text case-sensitively.
 */
export const PAYLOAD = '(?<payload>"[^"\\n]{1,200}"|\'[^\'\\n]{1,200}\'|`[^`\\n]{1,200}`|“[^”\\n]{1,200}”|\\[\\[[\\d,\\s\\[\\]]{0,2000}\\]\\]|[^\\s.,;:!?"\'`“”()]+)'

const QUOTES: Readonly<Record<string, string>> = { '"': '"', '\'': '\'', '`': '`', '“': '”' }

/** A format template rather than a value: `<answer>`, `{x}`, `...`, or a bare `Answer: N` / `Answer: X`. */
function isPlaceholder (inner: string): boolean {
  return /<[^>]*>|\{[^}]*\}|\.\.\.|…/.test(inner) || /^(?:final\s+)?answer\s*:?\s*(?:[NX])?$/i.test(inner.trim())
}

/** A number of something ("3 significant figures", "2 decimal places"): a length or format rule. */
const QUANTITY_FOLLOWS = /^\s+(?:significant|decimal|digits?|places?|words?|sentences?|lines?|paragraphs?|characters?|figures?|steps?|times?|tokens?|items?|options?|letters?|numbers?|points?|bullets?|examples?|(?!regardless|always|unless|otherwise|whereas)[a-z]{2,}s)\b/

/** The payload is the first of a list of allowed values ("A, B, C or D", "A to D", "0 or 1"). */
const LIST_FOLLOWS = /^\s*(?:,|\/|-|–|\bor\b|\band\b|\bto\b|\bthrough\b)/i

/**
 * Whether a captured payload is a value an attacker would plant. `after` is the text that follows
 * it in the sentence, which tells a planted value from the first item of an allowed list or a count.
 */
export function isValuePayload (raw: string, after = ''): boolean {
  const close = QUOTES[raw[0] as string]
  if (close !== undefined) {
    if (raw.length < 3 || !raw.endsWith(close)) return false
    return !isPlaceholder(raw.slice(1, -1))
  }
  if (raw.startsWith('[[')) return true
  if (LIST_FOLLOWS.test(after)) return false
  if (/\d/.test(raw)) return !QUANTITY_FOLLOWS.test(after)
  return /^[A-Z]$/.test(raw) || /^(?:yes|no|true|false)$/i.test(raw)
}

/** The payload without its quotes. */
export function unquote (raw: string): string {
  const close = QUOTES[raw[0] as string]
  return close !== undefined && raw.length >= 2 && raw.endsWith(close) ? raw.slice(1, -1).trim() : raw
}
