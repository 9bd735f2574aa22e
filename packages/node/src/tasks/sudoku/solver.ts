import { BOX_OF, CELLS, COL_OF, ROW_OF, type Grid } from './grid.js'

/**
 * A bitmask backtracking solver that always branches on the cell with the fewest candidates. It
 * counts solutions up to a limit, which is how the generator proves a puzzle's solution unique.
 */
export interface SolveResult {
  /** Solutions found, capped at the limit. */
  readonly count: number
  /** The first solution found, if any. */
  readonly solution?: Grid
  /** Search nodes visited: a measure of how much guessing the puzzle needs. */
  readonly nodes: number
}

const ALL = 0x3fe // bits 1..9

function popcount (x: number): number {
  let n = 0
  while (x !== 0) { x &= x - 1; n++ }
  return n
}

const POPCOUNT: readonly number[] = Array.from({ length: 1024 }, (_, m) => popcount(m))

// Scratch state of the search, reused across calls: the generator runs thousands of uniqueness
// checks and allocating per call dominated its time. solve() is synchronous and never re-entered.
const grid = new Int8Array(CELLS)
const rows = new Int32Array(9)
const cols = new Int32Array(9)
const boxes = new Int32Array(9)
/** Empty cells; those in [0, filled) are currently filled, moved there by swapping. */
const empty = new Int8Array(CELLS)
let emptyCount = 0
let found = 0
let nodes = 0
let limitOf = 2
let first: Grid | undefined

export function solve (puzzle: readonly number[], limit = 2): SolveResult {
  rows.fill(0)
  cols.fill(0)
  boxes.fill(0)
  emptyCount = 0
  found = 0
  nodes = 0
  limitOf = limit
  first = undefined
  for (let cell = 0; cell < CELLS; cell++) {
    const v = puzzle[cell] ?? 0
    grid[cell] = v
    if (v === 0) { empty[emptyCount++] = cell; continue }
    const bit = 1 << v
    const r = ROW_OF[cell] as number
    const c = COL_OF[cell] as number
    const b = BOX_OF[cell] as number
    // Contradictory givens: no solution.
    if (((rows[r] as number) & bit) !== 0 || ((cols[c] as number) & bit) !== 0 || ((boxes[b] as number) & bit) !== 0) return { count: 0, nodes: 0 }
    rows[r] = (rows[r] as number) | bit
    cols[c] = (cols[c] as number) | bit
    boxes[b] = (boxes[b] as number) | bit
  }
  search(0)
  const solution = first
  first = undefined
  return solution === undefined ? { count: found, nodes } : { count: found, solution, nodes }
}

function search (filled: number): void {
  nodes++
  if (filled === emptyCount) {
    found++
    first ??= Array.from(grid)
    return
  }
  let bestAt = -1
  let bestMask = 0
  let bestCount = 10
  for (let k = filled; k < emptyCount; k++) {
    const cell = empty[k] as number
    const mask = ALL & ~((rows[ROW_OF[cell] as number] as number) | (cols[COL_OF[cell] as number] as number) | (boxes[BOX_OF[cell] as number] as number))
    const n = POPCOUNT[mask] as number
    if (n < bestCount) {
      bestAt = k
      bestMask = mask
      bestCount = n
      if (n <= 1) break
    }
  }
  if (bestCount === 0) return
  const best = empty[bestAt] as number
  empty[bestAt] = empty[filled] as number
  empty[filled] = best
  const r = ROW_OF[best] as number
  const c = COL_OF[best] as number
  const b = BOX_OF[best] as number
  for (let v = 1; v <= 9 && found < limitOf; v++) {
    const bit = 1 << v
    if ((bestMask & bit) === 0) continue
    grid[best] = v
    rows[r] = (rows[r] as number) | bit
    cols[c] = (cols[c] as number) | bit
    boxes[b] = (boxes[b] as number) | bit
    search(filled + 1)
    rows[r] = (rows[r] as number) & ~bit
    cols[c] = (cols[c] as number) & ~bit
    boxes[b] = (boxes[b] as number) & ~bit
  }
  grid[best] = 0
  empty[filled] = empty[bestAt] as number
  empty[bestAt] = best
}

/** The 27 units (rows, columns, boxes) as cell lists. */
const UNITS: readonly (readonly number[])[] = [
  ...Array.from({ length: 9 }, (_, r) => Array.from({ length: 9 }, (__, k) => r * 9 + k)),
  ...Array.from({ length: 9 }, (_, c) => Array.from({ length: 9 }, (__, k) => k * 9 + c)),
  ...Array.from({ length: 9 }, (_, b) => Array.from({ length: 9 }, (__, k) => (Math.floor(b / 3) * 3 + Math.floor(k / 3)) * 9 + (b % 3) * 3 + (k % 3)))
]

/**
 * Whether naked and hidden singles alone solve the puzzle (no guessing): the usual line between
 * easy and hard puzzles, used for item difficulty.
 */
export function solvableBySingles (puzzle: readonly number[]): boolean {
  const cells = [...puzzle]
  const rowUsed = new Array<number>(9).fill(0)
  const colUsed = new Array<number>(9).fill(0)
  const boxUsed = new Array<number>(9).fill(0)
  const place = (cell: number, v: number): void => {
    cells[cell] = v
    const bit = 1 << v
    rowUsed[ROW_OF[cell] as number] = (rowUsed[ROW_OF[cell] as number] as number) | bit
    colUsed[COL_OF[cell] as number] = (colUsed[COL_OF[cell] as number] as number) | bit
    boxUsed[BOX_OF[cell] as number] = (boxUsed[BOX_OF[cell] as number] as number) | bit
  }
  for (let cell = 0; cell < CELLS; cell++) if (cells[cell] !== 0) place(cell, cells[cell] as number)
  const candidates = (cell: number): number =>
    ALL & ~((rowUsed[ROW_OF[cell] as number] as number) | (colUsed[COL_OF[cell] as number] as number) | (boxUsed[BOX_OF[cell] as number] as number))
  for (;;) {
    let progress = false
    let blanks = 0
    for (let cell = 0; cell < CELLS; cell++) {
      if (cells[cell] !== 0) continue
      blanks++
      const m = candidates(cell)
      if (m === 0) return false
      if (POPCOUNT[m] === 1) { place(cell, 31 - Math.clz32(m)); progress = true }
    }
    if (blanks === 0) return true
    if (progress) continue
    // Hidden singles: a digit with exactly one possible place in a unit.
    for (const unit of UNITS) {
      for (let v = 1; v <= 9; v++) {
        let at = -1
        let places = 0
        for (const cell of unit) {
          if (cells[cell] === 0 && ((candidates(cell) >> v) & 1) === 1) { at = cell; places++ }
        }
        if (places === 1) { place(at, v); progress = true }
      }
    }
    if (!progress) return false
  }
}
