/**
 * ARC grids: rectangular arrays of rows of colours 0-9, 1x1 to 30x30 (ARC-AGI-1's limits).
 */
export type ArcGrid = number[][]

export interface ArcPair {
  readonly input: ArcGrid
  readonly output: ArcGrid
}

/** An ARC task file: demonstration pairs and test pairs. */
export interface ArcTaskJson {
  readonly train: readonly ArcPair[]
  readonly test: readonly ArcPair[]
}

export const MAX_SIDE = 30

/** Why `value` is not a valid ARC grid, or undefined. */
export function gridError (value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'not an array of rows'
  if (value.length === 0 || value.length > MAX_SIDE) return `has ${value.length} rows (expected 1-${MAX_SIDE})`
  let width = -1
  for (let r = 0; r < value.length; r++) {
    const row: unknown = value[r]
    if (!Array.isArray(row)) return `row ${r} is not an array`
    if (row.length === 0 || row.length > MAX_SIDE) return `row ${r} has ${row.length} cells (expected 1-${MAX_SIDE})`
    if (width >= 0 && row.length !== width) return `row ${r} has ${row.length} cells but row 0 has ${width}`
    width = row.length
    for (let c = 0; c < row.length; c++) {
      const v: unknown = row[c]
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 9) return `cell [${r}][${c}] is not a colour 0-9`
    }
  }
  return undefined
}

export function gridsEqual (a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  if (a.length !== b.length) return false
  for (let r = 0; r < a.length; r++) {
    const x = a[r] as readonly number[]
    const y = b[r] as readonly number[]
    if (x.length !== y.length) return false
    for (let c = 0; c < x.length; c++) if (x[c] !== y[c]) return false
  }
  return true
}

/** Compact JSON, the gold form: `[[0,1],[2,3]]`. */
export function gridToJson (grid: readonly (readonly number[])[]): string {
  return JSON.stringify(grid)
}

/** One row per line, as prompts show grids. */
export function renderGrid (grid: readonly (readonly number[])[]): string {
  return '[' + grid.map(row => JSON.stringify(row)).join(',\n ') + ']'
}

export function shapeOf (grid: readonly (readonly number[])[]): string {
  return `${grid.length}x${grid[0]?.length ?? 0}`
}

export function newGrid (rows: number, cols: number, fill = 0): ArcGrid {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(fill))
}

export function cloneGrid (grid: readonly (readonly number[])[]): ArcGrid {
  return grid.map(row => [...row])
}
