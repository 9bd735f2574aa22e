/**
 * Plausible bugs in Python source, for the simulator's wrong answers on code tasks: a flipped
 * comparison or membership test, a negated condition, a wrong operator or constant, an off-by-one
 * in a range or slice, a swapped builtin, a list built in the wrong order, a dropped edge-case
 * guard, a missing return. The mutated code still parses; the task's tests catch it.
 * Works on the source text: string literals and comments are masked so they are never touched.
 */
import type { Rng } from './random.js'

/**
 * How often each kind of bug is chosen. Bugs that invert a decision (a comparison, a condition, a
 * membership test) almost always fail a task's asserts; an off-by-one, a wrong constant or a
 * dropped guard often sits where the few asserts do not look (an equivalent mutant), so they are
 * rarer and never come alone (see `introduceBug`).
 */
export const BUG_WEIGHTS = {
  'flipped comparison': 3,
  'negated condition': 3,
  'flipped membership': 2,
  'swapped logic': 2,
  'swapped builtin': 2,
  'wrong list method': 1,
  'wrong operator': 1.5,
  'off-by-one range': 1.5,
  'off-by-one slice': 1,
  'swapped boolean': 1,
  'missed edge case': 1,
  'wrong constant': 0.3,
  'missing return': 0.5
} as const

export type BugKind = keyof typeof BUG_WEIGHTS

const DECISIVE_KINDS: ReadonlySet<BugKind> = new Set(['flipped comparison', 'negated condition', 'flipped membership', 'swapped logic', 'swapped builtin', 'missing return'])

export interface Mutation {
  readonly kind: BugKind
  readonly start: number
  readonly end: number
  readonly replacement: string
  readonly weight: number
  /** Almost surely changes what the function returns on ordinary inputs. */
  readonly decisive: boolean
}

/** The source with string literals and comments blanked out (same length, same line breaks). */
export function maskPython (source: string): string {
  const out = source.split('')
  let i = 0
  const n = source.length
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = '_'
  }
  while (i < n) {
    const ch = source[i]
    if (ch === '#') {
      const end = source.indexOf('\n', i)
      const stop = end < 0 ? n : end
      blank(i, stop)
      i = stop
    } else if (ch === '"' || ch === '\'') {
      const triple = source.startsWith(ch.repeat(3), i)
      const quote = triple ? ch.repeat(3) : ch
      let j = i + quote.length
      while (j < n && !source.startsWith(quote, j)) {
        if (source[j] === '\\') j++
        else if (!triple && source[j] === '\n') break
        j++
      }
      const stop = Math.min(n, j + quote.length)
      blank(i, stop)
      i = stop
    } else {
      i++
    }
  }
  return out.join('')
}

/** Words after which `-x` / `+x` is a unary sign, not an operator. */
const KEYWORDS = new Set(['return', 'else', 'in', 'and', 'or', 'not', 'if', 'elif', 'while', 'for', 'lambda', 'yield', 'is', 'assert'])

const NEGATED: Readonly<Record<string, string>> = { '<': '>=', '>': '<=', '<=': '>', '>=': '<', '==': '!=', '!=': '==' }

/** Index of the bracket closing the one at `open`, on masked text; -1 if unbalanced. */
function closing (masked: string, open: number): number {
  let depth = 0
  for (let k = open; k < masked.length; k++) {
    const c = masked[k]
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') { depth--; if (depth === 0) return k }
  }
  return -1
}

function balanced (text: string): boolean {
  let depth = 0
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') { if (--depth < 0) return false }
  }
  return depth === 0
}

/** Top-level comma positions between `from` and `to` (exclusive). */
function topLevelCommas (masked: string, from: number, to: number): number[] {
  const commas: number[] = []
  let depth = 0
  for (let k = from; k < to; k++) {
    const c = masked[k]
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (c === ',' && depth === 0) commas.push(k)
  }
  return commas
}

/**
 * Character ranges of `while` loops (header and body). Bugs there can make a loop spin until the
 * sandbox's CPU limit, which would cost seconds per wrong answer, so none are placed there.
 */
function whileRegions (masked: string): Array<[number, number]> {
  const lines = masked.split('\n')
  const starts: number[] = []
  let offset = 0
  for (const line of lines) { starts.push(offset); offset += line.length + 1 }
  const regions: Array<[number, number]> = []
  lines.forEach((line, i) => {
    const m = /^(\s*)while\b/.exec(line)
    if (m === null) return
    const indent = m[1]!.length
    let last = i
    for (let k = i + 1; k < lines.length; k++) {
      const l = lines[k] as string
      if (l.trim().length === 0) continue
      if (l.search(/\S/) <= indent) break
      last = k
    }
    regions.push([starts[i]!, starts[last]! + lines[last]!.length])
  })
  return regions
}

/** Every bug the simulator could introduce into this source. */
export function candidateMutations (source: string): Mutation[] {
  const masked = maskPython(source)
  const loops = whileRegions(masked)
  const signInsensitive = /%|\babs\(/.test(masked)
  const found: Mutation[] = []
  const add = (kind: BugKind, start: number, end: number, replacement: string, decisive = DECISIVE_KINDS.has(kind)): void => {
    if (loops.some(([a, b]) => start >= a && start <= b)) return
    found.push({ kind, start, end, replacement, weight: BUG_WEIGHTS[kind], decisive })
  }
  let m: RegExpExecArray | null

  // Negated comparisons.
  const cmp = /(?<![<>=!\-])(<=|>=|==|!=|<|>)(?![<>=])/g
  while ((m = cmp.exec(masked)) !== null) {
    add('flipped comparison', m.index, m.index + m[1]!.length, NEGATED[m[1]!]!)
  }
  // Binary + - * swapped, augmented assignments included (a sign after a keyword is unary).
  const arith = /([\w)\]])(\s*)(\+|-|\*)(=?)(\s*)(?=[\w(\["'_])/g
  while ((m = arith.exec(masked)) !== null) {
    const op = m[3]!
    const at = m.index + m[1]!.length + m[2]!.length
    if (op === '*' && (masked[at + 1] === '*' || masked[at - 1] === '*')) continue
    if (KEYWORDS.has(/(\w+)\s*$/.exec(masked.slice(Math.max(0, at - 12), at))?.[1] ?? '')) continue
    const swapped = op === '+' ? '-' : '+'
    // Where a modulus or abs() is taken, a swapped sign can cancel out.
    add('wrong operator', at, at + 1, swapped, !signInsensitive)
  }
  // Off-by-one in range(...)
  const range = /\brange\(/g
  while ((m = range.exec(masked)) !== null) {
    const open = m.index + m[0].length - 1
    const close = closing(masked, open)
    if (close < 0) continue
    const commas = topLevelCommas(masked, open + 1, close)
    if (commas.length === 0) add('off-by-one range', close, close, ' - 1')
    else if (commas.length === 1) add('off-by-one range', close, close, ' - 1')
    else add('off-by-one range', commas[0]!, commas[0]!, ' + 1')
  }
  // Off-by-one in slices: [a:] -> [a + 1:], [:b] / [a:b] -> [..:b - 1]
  const slice = /\[([^[\]:\n{},]*):([^[\]:\n{},]*)\]/g
  while ((m = slice.exec(masked)) !== null) {
    const lo = m[1]!.trim()
    if (/\blambda\b/.test(lo)) continue
    const hi = m[2]!.trim()
    if (hi.length > 0) {
      const end = m.index + m[0].length - 1
      add('off-by-one slice', end, end, ' - 1')
    } else if (lo.length > 0) {
      const colon = m.index + 1 + m[1]!.length
      add('off-by-one slice', colon, colon, ' + 1')
    }
  }
  // Membership flipped (`in` <-> `not in`), except the `in` of a for clause.
  const member = /\b(not\s+in|in)\b/g
  while ((m = member.exec(masked)) !== null) {
    const lineStart = masked.lastIndexOf('\n', m.index) + 1
    if (/\bfor\s+[\w\s,()]+$/.test(masked.slice(lineStart, m.index))) continue
    add('flipped membership', m.index, m.index + m[1]!.length, m[1] === 'in' ? 'not in' : 'in')
  }
  // Conditions negated: `if x:` -> `if not (x):`
  const cond = /^([ \t]*(?:if|elif)[ \t]+)([^:\n]+):/gm
  while ((m = cond.exec(masked)) !== null) {
    const at = m.index + m[1]!.length
    const text = source.slice(at, at + m[2]!.length)
    add('negated condition', at, at + m[2]!.length, `not (${text.trim()})`)
  }
  // Inline conditions negated: `a if x else b`, and comprehension filters `... for v in xs if x`.
  const inline = /\bif[ \t]+([^:\n]+?)(?=[ \t]+else\b|[ \t]*[)\]}])/g
  while ((m = inline.exec(masked)) !== null) {
    const lineStart = masked.lastIndexOf('\n', m.index) + 1
    if (/^\s*$/.test(masked.slice(lineStart, m.index))) continue
    const at = m.index + m[0].length - m[1]!.length
    if (/[()[\]{}]/.test(m[1]!) && !balanced(m[1]!)) continue
    add('negated condition', at, at + m[1]!.length, `not (${source.slice(at, at + m[1]!.length).trim()})`)
  }
  // Building the result in the wrong shape or order.
  const build = /\.(append|extend)\(/g
  while ((m = build.exec(masked)) !== null) {
    add('wrong list method', m.index + 1, m.index + 1 + m[1]!.length + 1, m[1] === 'extend' ? 'append(' : 'insert(0, ')
  }
  // Wrong constants: an integer literal one too large.
  const literal = /(?<![\w.])(\d+)(?![\w.])/g
  while ((m = literal.exec(masked)) !== null) {
    add('wrong constant', m.index, m.index + m[1]!.length, String(Number(m[1]) + 1))
  }
  const swaps: ReadonlyArray<[RegExp, Readonly<Record<string, string>>, BugKind]> = [
    [/\b(True|False)\b/g, { True: 'False', False: 'True' }, 'swapped boolean'],
    [/\b(max|min)(?=\()/g, { max: 'min', min: 'max' }, 'swapped builtin'],
    [/\b(and|or)\b/g, { and: 'or', or: 'and' }, 'swapped logic']
  ]
  for (const [re, table, kind] of swaps) {
    while ((m = re.exec(masked)) !== null) add(kind, m.index, m.index + m[1]!.length, table[m[1]!]!)
  }
  // A forgotten return: the last `return` loses its keyword, so the function returns None.
  const ret = masked.lastIndexOf('return ')
  const returned = ret < 0 ? '' : masked.slice(ret + 'return '.length, (masked.indexOf('\n', ret) + 1 || masked.length + 1) - 1).trim()
  if (ret >= 0 && returned !== 'None' && /^\s*$/.test(masked.slice(masked.lastIndexOf('\n', ret) + 1, ret))) add('missing return', ret, ret + 'return '.length, '')
  // A dropped edge-case guard: `if cond: return x` (inline or one-line body) followed by more code.
  const lines = masked.split('\n')
  let offset = 0
  lines.forEach((line, i) => {
    const start = offset
    offset += line.length + 1
    const guard = /^(\s*)if\b[^:]*:\s*(return\b.*)?$/.exec(line)
    if (guard === null) return
    const indent = guard[1]!.length
    let last = i
    if (guard[2] === undefined) {
      const body = lines[i + 1]
      if (body === undefined || !/^\s*return\b/.test(body) || body.search(/\S/) <= indent) return
      last = i + 1
    }
    const next = lines.slice(last + 1).find(l => l.trim().length > 0)
    if (next === undefined || next.search(/\S/) !== indent || /^\s*(elif|else)\b/.test(next)) return
    let end = start
    for (let k = i; k <= last; k++) end += (lines[k] as string).length + 1
    add('missed edge case', start, end, '')
  })
  return found
}

function applyAll (source: string, mutations: readonly Mutation[]): string {
  let out = source
  for (const mu of [...mutations].sort((a, b) => b.start - a.start)) out = out.slice(0, mu.start) + mu.replacement + out.slice(mu.end)
  return out
}

/**
 * The source with a plausible bug, chosen by `rng`. A bug that may not show under a task's few
 * asserts (an off-by-one, a constant, a dropped guard: possibly an equivalent mutant) comes with a
 * decisive one elsewhere, so that a wrong answer stays wrong and the ground truth holds. With no
 * candidate at all the code ends by raising NotImplementedError (an unfinished answer).
 */
export function introduceBug (source: string, rng: Rng): { code: string, kind: string } {
  const candidates = candidateMutations(source)
  const first = candidates[rng.weighted(candidates.map(c => c.weight))]
  if (first === undefined) return { code: `${source}\nraise NotImplementedError\n`, kind: 'unfinished' }
  const chosen = [first]
  if (!first.decisive) {
    // Preferably on another line: two bugs in one expression can cancel out.
    const line = lineNumber(source, first.start)
    const apart = (c: Mutation): boolean => c.end + 8 < first.start || c.start > first.end + 8
    const disjoint = (c: Mutation): boolean => c.end <= first.start || c.start >= first.end
    const elsewhere = candidates.filter(c => c.decisive && disjoint(c) && lineNumber(source, c.start) !== line)
    const backups = elsewhere.length > 0 ? elsewhere : candidates.filter(c => c.decisive && apart(c))
    const second = backups[rng.weighted(backups.map(c => c.weight))]
    if (second !== undefined) chosen.push(second)
  }
  return { code: applyAll(source, chosen), kind: chosen.map(c => c.kind).join(' + ') }
}

function lineNumber (source: string, index: number): number {
  let n = 0
  for (let i = source.indexOf('\n'); i >= 0 && i < index; i = source.indexOf('\n', i + 1)) n++
  return n
}
