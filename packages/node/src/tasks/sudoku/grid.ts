/**
 * Sudoku grids as 81-element arrays, row by row, 0 for an empty cell, and the rule check used by
 * the scorer and the loader: a valid completion keeps every given and fills rows, columns and
 * boxes with 1..9.
 */
export type Grid = number[]

export const CELLS = 81

export function boxOf (cell: number): number {
  return Math.floor(Math.floor(cell / 9) / 3) * 3 + Math.floor((cell % 9) / 3)
}

/** Row, column and box of each cell, precomputed for the solver's inner loops. */
export const ROW_OF: readonly number[] = Array.from({ length: CELLS }, (_, cell) => Math.floor(cell / 9))
export const COL_OF: readonly number[] = Array.from({ length: CELLS }, (_, cell) => cell % 9)
export const BOX_OF: readonly number[] = Array.from({ length: CELLS }, (_, cell) => boxOf(cell))

/** Parses 81 characters: digits, with '0' or '.' for empty cells. */
export function parseGrid (text: string): Grid | undefined {
  if (text.length !== CELLS) return undefined
  const grid: Grid = []
  for (const ch of text) {
    if (ch === '.' || ch === '0') grid.push(0)
    else if (ch >= '1' && ch <= '9') grid.push(ch.charCodeAt(0) - 48)
    else return undefined
  }
  return grid
}

export function gridToString (grid: readonly number[]): string {
  return grid.join('')
}

const cellName = (cell: number): string => `r${Math.floor(cell / 9) + 1}c${(cell % 9) + 1}`

/** Why `answer` is not a valid completion of `givens`, or undefined when it is one. */
export function completionError (givens: readonly number[], answer: readonly number[]): string | undefined {
  for (let cell = 0; cell < CELLS; cell++) {
    const v = answer[cell] ?? 0
    if (v < 1 || v > 9) return `cell ${cellName(cell)} is not filled with a digit 1-9`
    const g = givens[cell] ?? 0
    if (g !== 0 && g !== v) return `cell ${cellName(cell)} is ${v} but the puzzle gives ${g}`
  }
  for (let unit = 0; unit < 9; unit++) {
    const row = new Set<number>()
    const col = new Set<number>()
    const box = new Set<number>()
    for (let k = 0; k < 9; k++) {
      const r = answer[unit * 9 + k] as number
      if (row.has(r)) return `row ${unit + 1} contains ${r} twice`
      row.add(r)
      const c = answer[k * 9 + unit] as number
      if (col.has(c)) return `column ${unit + 1} contains ${c} twice`
      col.add(c)
      const cell = (Math.floor(unit / 3) * 3 + Math.floor(k / 3)) * 9 + (unit % 3) * 3 + (k % 3)
      const b = answer[cell] as number
      if (box.has(b)) return `box ${unit + 1} contains ${b} twice`
      box.add(b)
    }
  }
  return undefined
}

/** The puzzle as a benchmark prompt shows it: rows of digits, '.' for blanks, box separators. */
export function renderGrid (grid: readonly number[]): string {
  const lines: string[] = []
  for (let r = 0; r < 9; r++) {
    if (r === 3 || r === 6) lines.push('------+-------+------')
    const cells: string[] = []
    for (let c = 0; c < 9; c++) {
      if (c === 3 || c === 6) cells.push('|')
      const v = grid[r * 9 + c] ?? 0
      cells.push(v === 0 ? '.' : String(v))
    }
    lines.push(cells.join(' '))
  }
  return lines.join('\n')
}
