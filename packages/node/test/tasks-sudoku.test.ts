import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetError } from '../src/tasks/dataset-error.js'
import { generateSudokus, SUDOKU_COUNT } from '../src/tasks/sudoku/generator.js'
import { completionError, gridToString, parseGrid } from '../src/tasks/sudoku/grid.js'
import { loadSudokuCsv } from '../src/tasks/sudoku/loader.js'
import { solvableBySingles, solve } from '../src/tasks/sudoku/solver.js'
import { createSudokuTask, generatedSudokuItems, scoreSudoku, sudokuItem } from '../src/tasks/sudoku/task.js'
import type { TaskItem } from '../src/tasks/task.js'

// A well-known valid grid and a puzzle from it.
const SOLUTION = '534678912672195348198342567859761423426853791713924856961537284287419635345286179'
const PUZZLE = '530070000600195000098000060800060003400803001700020006060000280000419005000080079'

/** The solution as a model would write it: 9 rows, spaces between digits. */
const rows = (s: string): string => Array.from({ length: 9 }, (_, r) => s.slice(r * 9, r * 9 + 9).split('').join(' ')).join('\n')

/** Swaps two digits everywhere they occur: still a Latin square, but it breaks the givens. */
const swapDigits = (s: string, a: string, b: string): string => s.replace(/./g, ch => ch === a ? b : ch === b ? a : ch)

describe('sudoku generator and solver', () => {
  const puzzles = generateSudokus()

  it('makes puzzles whose solution is unique and is the stored one', () => {
    expect(puzzles).toHaveLength(SUDOKU_COUNT)
    for (const p of puzzles) {
      const result = solve(p.puzzle, 2)
      expect(result.count).toBe(1)
      expect(result.solution).toEqual(p.solution)
      expect(completionError(p.puzzle, p.solution)).toBeUndefined()
      expect(p.puzzle.filter(v => v !== 0).length).toBe(p.givens)
    }
  })

  it('varies in givens and difficulty, with both easy and guessing-needed puzzles', () => {
    const givens = puzzles.map(p => p.givens)
    expect(Math.min(...givens)).toBeLessThanOrEqual(28)
    expect(Math.max(...givens)).toBeGreaterThanOrEqual(36)
    expect(puzzles.some(p => p.singlesOnly)).toBe(true)
    expect(puzzles.some(p => !p.singlesOnly)).toBe(true)
    const easy = puzzles.filter(p => p.singlesOnly).map(p => p.difficulty)
    const hard = puzzles.filter(p => !p.singlesOnly).map(p => p.difficulty)
    expect(Math.max(...easy)).toBeLessThan(Math.min(...hard) + 0.5)
  })

  it('is deterministic, and puzzle i does not depend on how many are generated', () => {
    expect(generateSudokus(5)).toEqual(puzzles.slice(0, 5))
  })

  it('counts solutions: none for contradictory givens, two or more for an under-constrained grid', () => {
    const contradictory = parseGrid('55' + '0'.repeat(79)) as number[]
    expect(solve(contradictory).count).toBe(0)
    // An empty grid has billions of completions; counting stops at the limit.
    expect(solve(new Array<number>(81).fill(0), 2).count).toBe(2)
    expect(solve(parseGrid(PUZZLE) as number[]).count).toBe(1)
    expect(solvableBySingles(parseGrid(PUZZLE) as number[])).toBe(true)
  })
})

describe('sudoku scoring', () => {
  const items = generatedSudokuItems()

  it('accepts the gold solution written as rows, with or without separators', () => {
    for (const item of items) expect(scoreSudoku(item, `Solving...\nAnswer:\n${rows(item.gold)}`).outcome, item.id).toBe(1)
    const item = sudokuItem('s', PUZZLE, SOLUTION, 0.2)
    expect(scoreSudoku(item, `Answer: ${SOLUTION}`).outcome).toBe(1)
    const boxed = 'Answer:\n' + rows(SOLUTION).split('\n').map(r => r.slice(0, 5) + ' |' + r.slice(5, 11) + ' |' + r.slice(11)).join('\n')
    expect(scoreSudoku(item, boxed).outcome).toBe(1)
  })

  it('checks the rules, not string equality: another valid completion of the givens scores', () => {
    // Givens with exactly two completions: the full grid minus a swappable 2x2 rectangle of 1s and 2s.
    const other = swapDigitsInCells(SOLUTION, findRectangle(SOLUTION))
    expect(completionError(new Array<number>(81).fill(0), parseGrid(other) as number[])).toBeUndefined()
    const givens = [...SOLUTION].map((ch, i) => findRectangle(SOLUTION).includes(i) ? '0' : ch).join('')
    const item = sudokuItem('two', givens, SOLUTION, 0.1)
    expect(scoreSudoku(item, `Answer: ${other}`).outcome).toBe(1)
    expect(other).not.toBe(SOLUTION)
  })

  it('rejects two swapped digits, a broken row, and a changed given, with the reason', () => {
    for (const item of items.slice(0, 40)) {
      const swapped = swapDigits(item.gold, '1', '2')
      const r = scoreSudoku(item, `Answer:\n${rows(swapped)}`)
      expect(r.outcome, item.id).toBe(0)
      expect(r.reason).toMatch(/^not a valid completion: cell r\dc\d is \d but the puzzle gives \d$/)
    }
    const item = sudokuItem('s', PUZZLE, SOLUTION, 0.2)
    const twoCells = SOLUTION.slice(0, 2) + SOLUTION[3] + SOLUTION[2] + SOLUTION.slice(4)
    expect(scoreSudoku(item, `Answer: ${twoCells}`).reason).toMatch(/is \d but the puzzle gives|contains \d twice/)
    const freeGrid = sudokuItem('free', '0'.repeat(81), SOLUTION, 0.9)
    const brokenRow = '1' + SOLUTION.slice(1)
    expect(scoreSudoku(freeGrid, `Answer: ${brokenRow}`).reason).toMatch(/contains \d twice/)
  })

  it('scores malformed replies 0 with a reason, without throwing', () => {
    const item = sudokuItem('s', PUZZLE, SOLUTION, 0.2)
    const cases: Array<[string, RegExp]> = [
      [rows(SOLUTION), /no final answer found/],
      ['Answer: 123', /expected 81 digits after "Answer:", found 3/],
      [`Answer:\n${rows(SOLUTION.slice(0, 72))}`, /found 72/],
      [`Answer: ${'0'.repeat(81)}`, /not filled/]
    ]
    for (const [reply, reason] of cases) {
      const r = scoreSudoku(item, reply)
      expect(r.outcome, reply).toBe(0)
      expect(r.reason, reply).toMatch(reason)
    }
    expect(scoreSudoku({ id: 'x', question: '', gold: '' }, 'Answer: 1').reason).toBe('item has no valid data.givens')
  })

  it('the task shows the puzzle with dots for blanks and scores through its interface', async () => {
    const task = createSudokuTask()
    const item = task.splits.train[0] as TaskItem
    expect(task.userMessage(item)).toMatch(/Sudoku[\s\S]*\n[1-9.] [1-9.] [1-9.] \| /)
    expect((await task.score(item, `Answer:\n${rows(item.gold)}`)).outcome).toBe(1)
    expect(gridToString(parseGrid(item.data?.givens as string) as number[])).toBe(item.data?.givens)
  })
})

describe('loadSudokuCsv', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-sudoku-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads puzzle,solution rows with a header, dots or zeros for blanks, and without a header', async () => {
    const withHeader = join(dir, 'puzzles.csv')
    await writeFile(withHeader, `quizzes,solutions\n${PUZZLE},${SOLUTION}\n${PUZZLE.replaceAll('0', '.').replace('53', '5.')},${SOLUTION}\n`)
    const items = await loadSudokuCsv(withHeader)
    expect(items).toHaveLength(2)
    expect(items[0]?.data?.givens).toBe(PUZZLE)
    expect(items[0]?.id).toMatch(/^sudoku-[0-9a-f]{12}$/)
    expect(scoreSudoku(items[1] as TaskItem, `Answer: ${SOLUTION}`).outcome).toBe(1)
    const bare = join(dir, 'bare.csv')
    await writeFile(bare, `${PUZZLE},${SOLUTION}\n`)
    expect((await loadSudokuCsv(bare))[0]?.id).toBe(items[0]?.id)
  })

  it('names the file, line and field of bad input', async () => {
    const cases: Array<[string, RegExp]> = [
      [`puzzle,solution\n${PUZZLE.slice(1)},${SOLUTION}`, /line 2 field "puzzle": expected 81 characters/],
      [`puzzle,solution\n${PUZZLE},${SOLUTION.slice(0, 80)}0`, /line 2 field "solution": expected 81 digits 1-9/],
      [`puzzle,solution\n${PUZZLE},${swapDigits(SOLUTION, '1', '2')}`, /line 2 field "solution": not a valid completion of the puzzle/],
      [`puzzle,solution\n${PUZZLE},${SOLUTION}\n${PUZZLE},${SOLUTION}`, /line 3 field "puzzle": same puzzle as line 2/],
      [`grid,answer\n${PUZZLE},${SOLUTION}`, /no puzzle column/],
      ['puzzle,solution\n', /no puzzles/]
    ]
    for (const [text, message] of cases) {
      const path = join(dir, 'bad.csv')
      await writeFile(path, text)
      const err = await loadSudokuCsv(path).catch((e: unknown) => e)
      expect(err, text).toBeInstanceOf(DatasetError)
      expect((err as Error).message, text).toContain('bad.csv')
      expect((err as Error).message, text).toMatch(message)
    }
  })
})

/** Four cells at the corners of a rectangle holding a,b / b,a within two boxes-compatible rows. */
function findRectangle (s: string): number[] {
  for (let r1 = 0; r1 < 9; r1++) {
    for (let r2 = r1 + 1; r2 < 9; r2++) {
      // The rows must share a band so that swapping keeps boxes valid when the columns share a stack too.
      if (Math.floor(r1 / 3) !== Math.floor(r2 / 3)) continue
      for (let c1 = 0; c1 < 9; c1++) {
        for (let c2 = c1 + 1; c2 < 9; c2++) {
          const a = s[r1 * 9 + c1]
          const b = s[r1 * 9 + c2]
          if (s[r2 * 9 + c1] === b && s[r2 * 9 + c2] === a) return [r1 * 9 + c1, r1 * 9 + c2, r2 * 9 + c1, r2 * 9 + c2]
        }
      }
    }
  }
  throw new Error('no swappable rectangle')
}

function swapDigitsInCells (s: string, cells: readonly number[]): string {
  const chars = [...s]
  const [p, q, r, t] = cells as [number, number, number, number]
  ;[chars[p], chars[q]] = [chars[q] as string, chars[p] as string]
  ;[chars[r], chars[t]] = [chars[t] as string, chars[r] as string]
  return chars.join('')
}
