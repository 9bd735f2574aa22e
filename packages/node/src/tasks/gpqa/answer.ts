import { answerLine, NO_FINAL_ANSWER } from '../reply.js'
import type { Letter } from './options.js'

export type LetterAnswer = { readonly ok: true, readonly letter: Letter } | { readonly ok: false, readonly reason: string, readonly text?: string }

/**
 * The option letter on the `Answer:` line: `C`, `(C)`, `[C]`, `**C**`, `C)`, `\boxed{C}` or
 * `C. <option text>`. A word that merely starts with A-D ("All of them") is not a letter, nor is
 * the article in "A photon..." or "a photon...": a lowercase letter counts only on its own or in
 * brackets, and "A" followed by a lowercase word is read as the article.
 */
export function parseLetterAnswer (reply: string): LetterAnswer {
  const line = answerLine(reply)
  if (line === undefined) return { ok: false, reason: NO_FINAL_ANSWER }
  const m = /^[\s*_$`]*(?:\\(?:boxed|text|textbf)\{)?([([]?)\s*([A-Da-d])(?![A-Za-z0-9])/.exec(line)
  const letter = m?.[2]
  if (m === null || letter === undefined) return { ok: false, reason: 'no option letter A-D after "Answer:"', text: line.slice(0, 200) }
  const rest = line.slice(m.index + m[0].length)
  const bracketed = m[1] !== ''
  const lowercase = letter !== letter.toUpperCase()
  const article = (letter === 'A' || lowercase) && !bracketed && /^\s+[a-z]/.test(rest)
  if (article || (lowercase && !bracketed && !/^\s*(?:[).\]}*:,]|$)/.test(rest))) {
    return { ok: false, reason: 'no option letter A-D after "Answer:"', text: line.slice(0, 200) }
  }
  return { ok: true, letter: letter.toUpperCase() as Letter }
}
