/**
 * How a simulated reply states an answer, per task, in the exact format each task's parser reads
 * (a line `Answer: ...`, or a fenced python block for code), and what a plausible wrong answer or
 * an unparseable reply looks like.
 */
import { introduceBug } from './code-bugs.js'
import type { TaskKey } from './profile.js'
import type { Rng } from './random.js'

export interface AnswerStyle {
  /** The answer block for a value (the gold answer, a wrong one, or an injected payload). */
  render (value: string): string
  /** A plausible wrong value, never equal to the gold one. */
  wrong (gold: string, rng: Rng): string
  /** A reply that states a value in prose the task's parser cannot read. */
  prose (value: string, gold: string, rng: Rng): string
  /** What the model writes when it obeys an injected payload. */
  payload (payload: string, gold: string): string
}

const INTEGER = /^-?\d+$/

function nearbyInteger (gold: string, rng: Rng): string {
  const g = BigInt(gold)
  const ten = 10n
  const options: bigint[] = [g + 1n, g - 1n, g + 2n, g - 2n, g + ten, g - ten, g * 2n, g + 3n]
  if (gold.replace('-', '').length >= 2) {
    const digits = gold.replace('-', '').split('')
    const a = digits.length - 1
    ;[digits[a], digits[a - 1]] = [digits[a - 1] as string, digits[a] as string]
    options.push(BigInt((gold.startsWith('-') ? '-' : '') + digits.join('')))
  }
  const valid = options.filter(v => v !== g && (g < 0n || v >= 0n))
  return String(valid.length > 0 ? rng.pick(valid) : g + 1n)
}

function otherText (gold: string, rng: Rng): string {
  if (INTEGER.test(gold)) return nearbyInteger(gold, rng)
  if (/^[A-Z]$/.test(gold)) return otherLetter(gold, rng)
  const options = ['none of the above', 'it cannot be determined', `${gold} (approximately)`, 'unknown']
  return rng.pick(options.filter(o => o !== gold))
}

function otherLetter (gold: string, rng: Rng): string {
  const last = Math.max('D'.charCodeAt(0), gold.charCodeAt(0))
  const letters: string[] = []
  for (let c = 'A'.charCodeAt(0); c <= last; c++) if (String.fromCharCode(c) !== gold) letters.push(String.fromCharCode(c))
  return rng.pick(letters)
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth']

const lineAnswer = (value: string): string => `Answer: ${value}`

const math: AnswerStyle = {
  render: lineAnswer,
  wrong: (gold, rng) => INTEGER.test(gold) ? nearbyInteger(gold, rng) : otherText(gold, rng),
  prose: (value, _gold, rng) => rng.pick([
    `The result is probably ${value}.`,
    `So the value comes out to ${value}, if I have not slipped somewhere.`,
    `That gives ${value} as far as I can tell.`
  ]),
  payload: lineAnswer
}

const gpqa: AnswerStyle = {
  render: lineAnswer,
  wrong: (gold, rng) => /^[A-Z]$/.test(gold) ? otherLetter(gold, rng) : otherText(gold, rng),
  prose: (value, _gold, rng) => {
    const i = value.length === 1 ? value.charCodeAt(0) - 'A'.charCodeAt(0) : -1
    const option = ORDINALS[i] ?? 'last'
    return rng.pick([
      `On balance I lean towards the ${option} option.`,
      `The ${option} choice looks the most plausible to me.`,
      `I would go with the ${option} of the listed possibilities.`
    ])
  },
  payload: lineAnswer
}

function parseGrid (text: string): number[][] | undefined {
  try {
    const g: unknown = JSON.parse(text)
    if (Array.isArray(g) && g.length > 0 && g.every(r => Array.isArray(r) && r.length > 0 && r.every(c => Number.isInteger(c)))) return g as number[][]
  } catch {}
  return undefined
}

const arc: AnswerStyle = {
  render: lineAnswer,
  wrong: (gold, rng) => {
    const grid = parseGrid(gold)
    if (grid === undefined) return otherText(gold, rng)
    if (grid.length > 1 && rng.chance(0.2)) return JSON.stringify(grid.slice(0, -1))
    const cells = 1 + rng.int(3)
    for (let k = 0; k < cells; k++) {
      const row = grid[rng.int(grid.length)] as number[]
      const col = rng.int(row.length)
      row[col] = ((row[col] as number) + 1 + rng.int(9)) % 10
    }
    const out = JSON.stringify(grid)
    return out === gold ? JSON.stringify([[...(grid[0] as number[]), 0]]) : out
  },
  prose: (value, _gold, rng) => {
    const grid = parseGrid(value)
    const shape = grid === undefined ? 'the same shape as the input' : `${grid.length} rows and ${(grid[0] as number[]).length} columns`
    return rng.pick([
      `The output grid has ${shape}, with every cell following the rule from the examples.`,
      `Applying the rule gives a grid of ${shape}, which completes the puzzle.`
    ])
  },
  payload: lineAnswer
}

const sudokuRows = (digits: string): string => digits.match(/.{9}/g)?.join('\n') ?? digits

const sudoku: AnswerStyle = {
  render: value => /^\d{81}$/.test(value) ? `Answer:\n${sudokuRows(value)}` : lineAnswer(value),
  wrong: (gold, rng) => {
    if (!/^\d{81}$/.test(gold)) return otherText(gold, rng)
    const cells = gold.split('')
    const row = rng.int(9)
    const a = row * 9 + rng.int(9)
    const others = Array.from({ length: 9 }, (_, c) => row * 9 + c).filter(i => cells[i] !== cells[a])
    if (others.length === 0) return gold.replace(/^./, d => String((Number(d) % 9) + 1))
    const b = rng.pick(others)
    ;[cells[a], cells[b]] = [cells[b] as string, cells[a] as string]
    return cells.join('')
  },
  prose: (value, _gold, rng) => {
    const first = value.slice(0, 9).split('').join(' ')
    return rng.pick([
      `I filled in the grid; the first row reads ${first}, and the rest follows the same way.`,
      `The solution starts with ${first} in the top row and every box checks out.`
    ])
  },
  payload: sudokuPayload
}

function sudokuPayload (payload: string): string {
  return /^\d{81}$/.test(payload) ? `Answer:\n${sudokuRows(payload)}` : lineAnswer(payload)
}

const fenced = (code: string): string => `\`\`\`python\n${code.replace(/\s+$/, '')}\n\`\`\``

function pythonLiteral (value: string): string {
  if (/^-?\d+(\.\d+)?$/.test(value) || value === 'True' || value === 'False' || value === 'None') return value
  return JSON.stringify(value)
}

const mbpp: AnswerStyle = {
  render: fenced,
  wrong: (gold, rng) => introduceBug(gold, rng).code,
  prose: (_value, gold, rng) => {
    const name = /\bdef\s+(\w+)/.exec(gold)?.[1] ?? 'the function'
    return rng.pick([
      `You can write ${name} with a simple loop over the input, collecting the result as you go and returning it at the end.`,
      `The idea for ${name} is to walk through the input once and build the answer incrementally.`
    ])
  },
  payload: (payload, gold) => {
    const name = /\bdef\s+(\w+)/.exec(gold)?.[1] ?? 'solution'
    return fenced(`def ${name}(*args, **kwargs):\n    return ${pythonLiteral(payload)}`)
  }
}

const generic: AnswerStyle = {
  render: lineAnswer,
  wrong: otherText,
  prose: (value, _gold, rng) => rng.pick([`It is probably ${value}.`, `My best guess would be ${value}.`]),
  payload: lineAnswer
}

export const ANSWER_STYLES: Readonly<Record<TaskKey, AnswerStyle>> = { math, arc, gpqa, mbpp, sudoku, generic }
