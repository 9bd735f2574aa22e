import { answerLine, lastBoxed } from '../reply.js'

export type IntegerAnswer =
  | { readonly ok: true, readonly value: number, readonly text: string }
  | { readonly ok: false, readonly reason: string, readonly text?: string }

/**
 * The final integer of a reply: the `Answer:` line (a `\boxed{}` on it wins), else the last
 * `\boxed{N}` anywhere. LaTeX and Markdown decoration, leading zeros (AIME's "045") and a
 * trailing ".0" are accepted; a fraction or decimal is a parsed but non-integer answer.
 */
export function parseIntegerAnswer (reply: string): IntegerAnswer {
  const line = answerLine(reply)
  let text: string
  if (line !== undefined) {
    text = lastBoxed(line) ?? line
  } else {
    const boxed = lastBoxed(reply)
    if (boxed === undefined) return { ok: false, reason: 'no final answer found (expected a line starting with "Answer:" or a \\boxed{} answer)' }
    text = boxed
  }
  const cleaned = text.replace(/\\[,!;: ]/g, '').replace(/[$*`]/g, '').trim()
  const m = /(-?)(\d+)(?:\.(\d+))?/.exec(cleaned)
  if (m === null) return { ok: false, reason: 'no integer in the final answer', text: text.trim() }
  const fraction = m[3]
  if (fraction !== undefined && !/^0+$/.test(fraction)) return { ok: false, reason: `final answer ${m[0]} is not an integer`, text: m[0] }
  // A fraction like 3/4 is a wrong answer, not the integer 3.
  const after = cleaned.slice(m.index + m[0].length)
  if (/^\s*\/\s*\d/.test(after) || /^\\frac/.test(cleaned)) return { ok: false, reason: 'final answer is a fraction, not an integer', text: cleaned }
  const value = Number((m[1] ?? '') + (m[2] ?? ''))
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'final answer is out of range', text: m[0] }
  return { ok: true, value, text: String(value) }
}
