import { lazySplits } from '../split.js'
import type { ScoreResult, Task, TaskItem } from '../task.js'
import { parseGridAnswer } from './answer.js'
import { generateArcTasks } from './generator.js'
import { type ArcGrid, type ArcPair, gridError, gridsEqual, gridToJson, renderGrid, shapeOf } from './grid.js'

export const ARC_SEED_PROMPT = [
  'Think step by step. Study the example pairs, describe the rule that turns each input grid into its output grid,',
  'check that the rule explains every example, then apply it to the test input cell by cell.',
  'Give the final answer as `Answer:` followed by the output grid as a JSON array of rows, e.g. [[0,1],[2,3]].'
].join(' ')

/** The question an ARC test input is asked with: the demonstration pairs, then the test input. */
export function arcQuestion (train: readonly ArcPair[], testInput: ArcGrid): string {
  const parts = ['Find the common rule that maps an input grid to an output grid, given the examples below. ' +
    'Grids are written as JSON arrays of rows; each number 0-9 is a colour.']
  train.forEach((pair, i) => {
    parts.push(`Example ${i + 1}\nInput:\n${renderGrid(pair.input)}\nOutput:\n${renderGrid(pair.output)}`)
  })
  parts.push(`Below is a test input grid. Predict the corresponding output grid by applying the rule you found.\n\nTest input:\n${renderGrid(testInput)}`)
  return parts.join('\n\n')
}

/** One item per test pair of an ARC task file (ARC-AGI-1 tasks have one or two). */
export function arcItems (name: string, train: readonly ArcPair[], test: readonly ArcPair[], difficulty: number, family?: string): TaskItem[] {
  return test.map((pair, k) => ({
    id: test.length === 1 ? name : `${name}#${k}`,
    question: arcQuestion(train, pair.input),
    gold: gridToJson(pair.output),
    data: { train, testInput: pair.input, difficulty, ...(family === undefined ? {} : { family }) }
  }))
}

export function generatedArcItems (): TaskItem[] {
  return generateArcTasks().flatMap((t, i) => arcItems(`arc-${String(i).padStart(4, '0')}`, t.task.train, t.task.test, t.difficulty, t.family))
}

/** Exact grid match: same shape, same colour in every cell. */
export function scoreArc (item: TaskItem, reply: string): ScoreResult {
  let gold: unknown
  try {
    gold = JSON.parse(item.gold)
  } catch {
    return { outcome: 0, reason: 'item gold is not a JSON grid' }
  }
  if (gridError(gold) !== undefined) return { outcome: 0, reason: 'item gold is not a valid grid' }
  const expected = gold as ArcGrid
  const parsed = parseGridAnswer(reply)
  if (!parsed.ok) return { outcome: 0, reason: parsed.reason, ...(parsed.text === undefined ? {} : { answer: parsed.text }) }
  const answer = gridToJson(parsed.grid)
  if (gridsEqual(parsed.grid, expected)) return { outcome: 1, answer }
  if (shapeOf(parsed.grid) !== shapeOf(expected)) return { outcome: 0, reason: `wrong grid shape ${shapeOf(parsed.grid)}`, answer }
  let wrong = 0
  parsed.grid.forEach((row, r) => row.forEach((v, c) => { if (expected[r]?.[c] !== v) wrong++ }))
  return { outcome: 0, reason: `wrong grid: ${wrong} cell(s) differ`, answer }
}

export interface ArcTaskOptions {
  /** Items to use instead of the generated set (e.g. from `loadArcDirectory`). */
  readonly items?: readonly TaskItem[]
}

export function createArcTask (options: ArcTaskOptions = {}): Task {
  const items = options.items
  return {
    id: 'arc',
    description: 'ARC-AGI-1-format grid puzzles; exact match of the output grid, solved if any of 2 attempts is exact.',
    seedPrompt: ARC_SEED_PROMPT,
    passAtK: 2,
    splits: lazySplits('arc', () => items ?? generatedArcItems()),
    userMessage: item => item.question,
    score: async (item, reply) => scoreArc(item, reply)
  }
}
