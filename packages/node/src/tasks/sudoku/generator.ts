import { clampDifficulty } from '../item-data.js'
import { Rng } from '../rng.js'
import { BOX_OF, CELLS, COL_OF, ROW_OF, type Grid } from './grid.js'
import { solvableBySingles, solve } from './solver.js'

/**
 * The project's sudoku generator. A random complete grid is filled by randomised backtracking;
 * then givens are removed in symmetric pairs, in random order, keeping a removal only while the
 * solver still finds exactly one solution, until the target number of givens is reached or no
 * more can be removed. Every puzzle therefore has a unique solution by construction.
 */
export interface GeneratedSudoku {
  readonly puzzle: Grid
  readonly solution: Grid
  readonly givens: number
  /** Solvable with naked and hidden singles only. */
  readonly singlesOnly: boolean
  /** In [0, 1], from the number of blanks and whether guessing is needed. */
  readonly difficulty: number
}

export function randomSolution (rng: Rng): Grid {
  const grid = new Array<number>(CELLS).fill(0)
  const rows = new Array<number>(9).fill(0)
  const cols = new Array<number>(9).fill(0)
  const boxes = new Array<number>(9).fill(0)
  const fill = (cell: number): boolean => {
    if (cell === CELLS) return true
    const r = ROW_OF[cell] as number
    const c = COL_OF[cell] as number
    const b = BOX_OF[cell] as number
    const used = (rows[r] as number) | (cols[c] as number) | (boxes[b] as number)
    for (const v of rng.shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9])) {
      const bit = 1 << v
      if ((used & bit) !== 0) continue
      grid[cell] = v
      rows[r] = (rows[r] as number) | bit
      cols[c] = (cols[c] as number) | bit
      boxes[b] = (boxes[b] as number) | bit
      if (fill(cell + 1)) return true
      rows[r] = (rows[r] as number) & ~bit
      cols[c] = (cols[c] as number) & ~bit
      boxes[b] = (boxes[b] as number) & ~bit
    }
    grid[cell] = 0
    return false
  }
  fill(0)
  return grid
}

export function generateSudoku (rng: Rng, targetGivens: number): GeneratedSudoku {
  const solution = randomSolution(rng)
  const puzzle = [...solution]
  let givens = CELLS
  // Cells paired with their 180-degree rotation, as published puzzles usually are.
  const order = rng.shuffle(Array.from({ length: 41 }, (_, i) => i))
  for (const cell of order) {
    if (givens <= targetGivens) break
    const mirror = CELLS - 1 - cell
    const removed = cell === mirror ? [cell] : [cell, mirror]
    const saved = removed.map(c => puzzle[c] as number)
    for (const c of removed) puzzle[c] = 0
    if (solve(puzzle, 2).count === 1) {
      givens -= removed.length
    } else {
      removed.forEach((c, k) => { puzzle[c] = saved[k] as number })
    }
  }
  const singlesOnly = solvableBySingles(puzzle)
  return { puzzle, solution, givens, singlesOnly, difficulty: sudokuDifficulty(puzzle, singlesOnly) }
}

/**
 * Difficulty from structure: more blanks is harder (36 blanks easy, 60 hard), and needing to
 * guess (not solvable by singles) is the larger step.
 */
export function sudokuDifficulty (puzzle: readonly number[], singlesOnly = solvableBySingles(puzzle)): number {
  const blanks = puzzle.filter(v => v === 0).length
  const blankTerm = Math.min(1, Math.max(0, (blanks - 36) / 24))
  return clampDifficulty(0.1 + 0.5 * blankTerm + (singlesOnly ? 0 : 0.4))
}

export const SUDOKU_SEED = 'promptswarm-sudoku-v1'
export const SUDOKU_COUNT = 120

/** Puzzle i depends only on (seed, i), so a larger count extends the set without changing it. */
export function generateSudokus (count = SUDOKU_COUNT, seed = SUDOKU_SEED): GeneratedSudoku[] {
  const out: GeneratedSudoku[] = []
  for (let i = 0; i < count; i++) {
    const rng = new Rng(`${seed}:${i}`)
    out.push(generateSudoku(rng, rng.int(24, 38)))
  }
  return out
}
