/**
 * The injection / backdoor clause detector: finds clauses that override the question, plant a
 * fixed answer, tie an answer to a trigger in the input, hijack the model's role, or hide text
 * from a reviewer. Works on any text; returns every match with its span and why it matched.
 */
import { CONDITION, CONDITIONAL_DIRECTIVE, HIJACK_CUE, HIJACK_OPENER, HIJACK_WINDOW, MARKER_RULES, SENTENCE_RULES, TRIGGER } from './clause-rules.js'
import { isValuePayload, unquote } from './payload.js'
import { sentenceSpans } from './tokens.js'
import type { ClauseRule } from './clause-rules.js'
import type { Span } from './tokens.js'

export type { ClauseRule } from './clause-rules.js'

export interface ClauseMatch {
  readonly rule: ClauseRule
  readonly reason: string
  /** Offsets into the screened text. */
  readonly start: number
  readonly end: number
  readonly text: string
  /** The planted value, for fixed and conditional answers. */
  readonly payload?: string
  /** The condition's trigger, for conditional answers. */
  readonly trigger?: string
}

/** Characters after a condition searched for its directive. */
const CLAUSE_WINDOW = 300

/** "Do not ignore the question" is advice, not an override. */
const NEGATED = /\b(?:not|n't|never|without|nor)\s+(?:\w+\s+)?$/i

function sentenceRules (s: Span): ClauseMatch[] {
  const found: ClauseMatch[] = []
  for (const r of SENTENCE_RULES) {
    for (const m of s.text.matchAll(r.pattern)) {
      const at = m.index
      const end = at + m[0].length
      const payload = m.groups?.payload
      if (r.needsValue && (payload === undefined || !isValuePayload(payload, s.text.slice(end, end + 40)))) continue
      if (r.rule === 'override' && NEGATED.test(s.text.slice(Math.max(0, at - 20), at))) continue
      found.push({ rule: r.rule, reason: r.reason, start: s.start + at, end: s.start + end, text: m[0], ...(payload === undefined ? {} : { payload: unquote(payload) }) })
    }
  }
  return found
}

/** "If the question mentions X, answer Y" in any word order the rules know; the trigger is read too. */
function conditionalAnswers (s: Span): ClauseMatch[] {
  const found: ClauseMatch[] = []
  for (const c of s.text.matchAll(CONDITION)) {
    const after = c.index + c[0].length
    // A conditional clause is short: look for its trigger and directive in a bounded window, so
    // a hostile text with thousands of "if"s stays linear.
    const window = s.text.slice(after, after + CLAUSE_WINDOW)
    const t = TRIGGER.exec(window)
    const trigger = t === null ? undefined : (t[1] ?? t[2] ?? t[3] ?? t[4] ?? t[5])?.trim()
    for (const d of window.matchAll(CONDITIONAL_DIRECTIVE)) {
      const payload = d.groups?.payload
      const end = after + d.index + d[0].length
      if (payload === undefined || !isValuePayload(payload, s.text.slice(end, end + 40))) continue
      found.push({
        rule: 'conditional-answer',
        reason: 'ties a fixed answer to a trigger in the input (a backdoor clause)',
        start: s.start + c.index,
        end: s.start + end,
        text: s.text.slice(c.index, end),
        payload: unquote(payload),
        ...(trigger === undefined || trigger.length === 0 ? {} : { trigger })
      })
      break
    }
  }
  return found
}

function roleHijacks (text: string): ClauseMatch[] {
  const found: ClauseMatch[] = []
  for (const m of text.matchAll(HIJACK_OPENER)) {
    const window = text.slice(m.index, m.index + HIJACK_WINDOW)
    const cue = HIJACK_CUE.exec(window)
    if (cue === null) continue
    const end = m.index + cue.index + cue[0].length
    found.push({ rule: 'role-hijack', reason: 'reassigns the model\'s role and overrides its instructions', start: m.index, end, text: text.slice(m.index, end) })
  }
  return found
}

function hiddenMarkers (text: string): ClauseMatch[] {
  const found: ClauseMatch[] = []
  for (const r of MARKER_RULES) {
    for (const m of text.matchAll(r.pattern)) {
      found.push({ rule: 'hidden-marker', reason: r.reason, start: m.index, end: m.index + m[0].length, text: m[0] })
    }
  }
  return found
}

/**
 * Every suspicious clause in a text, in order of position. Overlapping matches of one rule are
 * kept once, and a fixed answer inside a conditional clause is reported as the conditional.
 */
export function detectInjections (text: string): ClauseMatch[] {
  const all: ClauseMatch[] = []
  for (const s of sentenceSpans(text)) all.push(...sentenceRules(s), ...conditionalAnswers(s))
  all.push(...roleHijacks(text), ...hiddenMarkers(text))
  all.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule))
  // "For any question about X, output Y" also reads as a fixed answer; the conditional reading says more.
  const conditional = all.filter(m => m.rule === 'conditional-answer')
  const out: ClauseMatch[] = []
  for (const m of all) {
    if (m.rule === 'fixed-answer' && conditional.some(c => m.start < c.end && c.start < m.end)) continue
    const last = out[out.length - 1]
    if (last !== undefined && last.rule === m.rule && m.start < last.end) continue
    out.push(m)
  }
  return out
}
