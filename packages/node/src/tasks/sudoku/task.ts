import { dataString } from '../item-data.js'
import { afterLastAnswer, NO_FINAL_ANSWER } from '../reply.js'
import { lazySplits } from '../split.js'
import type { ScoreResult, Task, TaskItem } from '../task.js'
import { generateSudokus } from './generator.js'
import { completionError, gridToString, parseGrid, renderGrid } from './grid.js'

export const SUDOKU_SEED_PROMPT = [
  'Think step by step. For each empty cell, work out which digits its row, column and 3x3 box still allow;',
  'fill the cells that have only one possible digit and repeat until the grid is complete.',
  'Check that every row, column and box contains 1-9 exactly once.',
  'Give the final answer as `Answer:` followed by the completed grid: 9 lines of 9 digits.'
].join(' ')

/** A task item from a puzzle and its solution (81-character strings, '0' or '.' for blanks). */
export function sudokuItem (id: string, puzzle: string, solution: string, difficulty: number): TaskItem {
  const givens = puzzle.replaceAll('.', '0')
  const grid = parseGrid(givens)
  if (grid === undefined) throw new RangeError(`sudoku item ${id}: puzzle is not 81 digits`)
  return {
    id,
    question: 'Solve the following Sudoku puzzle. Fill in every empty cell (shown as .) with a digit from 1 to 9 ' +
      'so that each row, each column and each of the nine 3x3 boxes contains every digit exactly once.\n\n' + renderGrid(grid),
    gold: solution,
    data: { givens, difficulty }
  }
}

export function generatedSudokuItems (): TaskItem[] {
  return generateSudokus().map((g, i) =>
    sudokuItem(`sudoku-${String(i).padStart(4, '0')}`, gridToString(g.puzzle), gridToString(g.solution), g.difficulty))
}

/**
 * The reply's answer: the first 81 digits after the last `Answer:` line, whatever separates them.
 * Correct means a valid completion of the givens (rows, columns, boxes, givens kept), not equality
 * with the stored solution, so any correct completion scores.
 */
export function scoreSudoku (item: TaskItem, reply: string): ScoreResult {
  const givens = parseGrid(dataString(item, 'givens') ?? '')
  if (givens === undefined) return { outcome: 0, reason: 'item has no valid data.givens' }
  const rest = afterLastAnswer(reply)
  if (rest === undefined) return { outcome: 0, reason: NO_FINAL_ANSWER }
  const digits = rest.match(/[0-9]/g) ?? []
  if (digits.length < 81) return { outcome: 0, reason: `expected 81 digits after "Answer:", found ${digits.length}` }
  const answer = digits.slice(0, 81).join('')
  const error = completionError(givens, digits.slice(0, 81).map(Number))
  if (error !== undefined) return { outcome: 0, reason: `not a valid completion: ${error}`, answer }
  return { outcome: 1, answer }
}

export interface SudokuTaskOptions {
  /** Items to use instead of the generated set (e.g. from `loadSudokuCsv`). */
  readonly items?: readonly TaskItem[]
}

export function createSudokuTask (options: SudokuTaskOptions = {}): Task {
  const items = options.items
  return {
    id: 'sudoku',
    description: '9x9 sudoku with unique solutions; scored by checking the answer grid is a valid completion of the givens.',
    seedPrompt: SUDOKU_SEED_PROMPT,
    splits: lazySplits('sudoku', () => items ?? generatedSudokuItems()),
    userMessage: item => item.question,
    score: async (item, reply) => scoreSudoku(item, reply)
  }
}
