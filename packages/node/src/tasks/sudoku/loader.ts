import { createHash } from 'node:crypto'
import { CsvSyntaxError, parseCsv } from '../csv.js'
import { DatasetError } from '../dataset-error.js'
import { readDatasetFile } from '../read-dataset-file.js'
import type { TaskItem } from '../task.js'
import { completionError, parseGrid } from './grid.js'
import { sudokuDifficulty } from './generator.js'
import { sudokuItem } from './task.js'

const PUZZLE_COLUMNS = ['puzzle', 'quizzes', 'question', 'quiz', 'problem']
const SOLUTION_COLUMNS = ['solution', 'solutions', 'answer']

/**
 * Reads a sudoku CSV of (puzzle, solution) rows: 81 characters each, '0' or '.' for blanks. A
 * header row naming the columns (puzzle/quizzes/question, solution/solutions/answer) is optional;
 * without one the first two columns are used. Every solution must be a valid completion of its
 * puzzle. Item ids hash the puzzle, so they do not depend on row order.
 */
export async function loadSudokuCsv (path: string, options: { limit?: number } = {}): Promise<TaskItem[]> {
  const text = await readDatasetFile(path)
  let rows
  try {
    rows = parseCsv(text)
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DatasetError('malformed', path, err.reason, `line ${err.line}`)
    throw err
  }
  if (rows.length === 0) throw new DatasetError('empty', path, 'no rows')
  let puzzleCol = 0
  let solutionCol = 1
  const first = rows[0]?.fields ?? []
  const looksLikeData = first.length >= 2 && /^[0-9.]{81}$/.test((first[0] ?? '').trim())
  if (!looksLikeData) {
    const names = first.map(f => f.trim().toLowerCase())
    puzzleCol = names.findIndex(n => PUZZLE_COLUMNS.includes(n))
    solutionCol = names.findIndex(n => SOLUTION_COLUMNS.includes(n))
    if (puzzleCol < 0) throw new DatasetError('invalid-field', path, `no puzzle column (expected one of ${PUZZLE_COLUMNS.join(', ')})`, 'line 1 (header)')
    if (solutionCol < 0) throw new DatasetError('invalid-field', path, `no solution column (expected one of ${SOLUTION_COLUMNS.join(', ')})`, 'line 1 (header)')
    rows = rows.slice(1)
  }
  const items: TaskItem[] = []
  const seen = new Map<string, number>()
  for (const row of rows) {
    if (options.limit !== undefined && items.length >= options.limit) break
    const where = `line ${row.line}`
    const puzzle = (row.fields[puzzleCol] ?? '').trim()
    const solution = (row.fields[solutionCol] ?? '').trim()
    const givens = parseGrid(puzzle)
    if (givens === undefined) throw new DatasetError('invalid-field', path, 'expected 81 characters of digits, with 0 or . for blanks', where, 'puzzle')
    const solved = parseGrid(solution)
    if (solved === undefined || solved.includes(0)) throw new DatasetError('invalid-field', path, 'expected 81 digits 1-9', where, 'solution')
    const error = completionError(givens, solved)
    if (error !== undefined) throw new DatasetError('invalid-field', path, `not a valid completion of the puzzle: ${error}`, where, 'solution')
    const id = `sudoku-${createHash('sha256').update(puzzle.replaceAll('.', '0')).digest('hex').slice(0, 12)}`
    const earlier = seen.get(id)
    if (earlier !== undefined) throw new DatasetError('duplicate-id', path, `same puzzle as line ${earlier}`, where, 'puzzle')
    seen.set(id, row.line)
    items.push(sudokuItem(id, puzzle, solution, sudokuDifficulty(givens)))
  }
  if (items.length === 0) throw new DatasetError('empty', path, 'no puzzles')
  return items
}
