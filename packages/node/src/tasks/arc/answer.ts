import { afterLastAnswer, NO_FINAL_ANSWER } from '../reply.js'
import { type ArcGrid, gridError } from './grid.js'

export type GridAnswer =
  | { readonly ok: true, readonly grid: ArcGrid }
  | { readonly ok: false, readonly reason: string, readonly text?: string }

/**
 * The first JSON array of arrays after the last `Answer:` line. It may span lines and sit inside
 * a code fence. A bracket that does not open a 2-D array (`[see below]`) is skipped.
 */
export function parseGridAnswer (reply: string): GridAnswer {
  const rest = afterLastAnswer(reply)
  if (rest === undefined) return { ok: false, reason: NO_FINAL_ANSWER }
  let from = 0
  for (;;) {
    const open = rest.indexOf('[', from)
    if (open < 0) return { ok: false, reason: 'no grid (JSON array of rows) after "Answer:"' }
    if (!/^\[\s*\[/.test(rest.slice(open, open + 64))) { from = open + 1; continue }
    const end = matchingBracket(rest, open)
    if (end < 0) return { ok: false, reason: 'grid after "Answer:" is not closed', text: rest.slice(open, open + 200) }
    const text = rest.slice(open, end + 1)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return { ok: false, reason: 'grid after "Answer:" is not valid JSON', text: text.slice(0, 200) }
    }
    const error = gridError(value)
    if (error !== undefined) return { ok: false, reason: `answer grid ${error}`, text: text.slice(0, 200) }
    return { ok: true, grid: value as ArcGrid }
  }
}

function matchingBracket (text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const ch = text[i]
    if (ch === '[') depth++
    else if (ch === ']') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}
