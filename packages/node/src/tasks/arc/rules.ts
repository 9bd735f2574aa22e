import type { Rng } from '../rng.js'
import { type ArcGrid, cloneGrid, newGrid } from './grid.js'

/**
 * Transformation families for the ARC-format generator. A family draws a concrete rule (its
 * parameters: axis, colours, offset, factor...) with an input generator suited to it, so that the
 * demonstration pairs show the rule clearly: recolour inputs contain every recoloured colour,
 * translate inputs leave room for the shift, fill inputs contain closed outlines, and so on.
 */
export interface ArcRule {
  readonly family: string
  /** Structural difficulty of the rule before grid-size and example-count terms. */
  readonly difficulty: number
  input (rng: Rng): ArcGrid
  apply (grid: ArcGrid): ArcGrid
}

export interface ArcFamily {
  readonly name: string
  rule (rng: Rng): ArcRule
}

const COLOURS = [1, 2, 3, 4, 5, 6, 7, 8, 9]

/** Random cells of the palette on background 0. */
function sparse (rng: Rng, rows: number, cols: number, density: number, palette: readonly number[]): ArcGrid {
  const g = newGrid(rows, cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (rng.chance(density)) (g[r] as number[])[c] = rng.pick(palette)
  return g
}

function palette (rng: Rng, n: number): number[] {
  return rng.shuffle(COLOURS).slice(0, n)
}

function side (rng: Rng, lo = 3, hi = 10): number {
  return rng.int(lo, hi)
}

const flip: ArcFamily = {
  name: 'flip',
  rule (rng) {
    const horizontal = rng.chance(0.5)
    const colours = palette(rng, rng.int(1, 3))
    return {
      family: this.name,
      difficulty: 0.15,
      input: r => sparse(r, side(r), side(r), 0.35, colours),
      apply: g => horizontal ? g.map(row => [...row].reverse()) : [...g].reverse().map(row => [...row])
    }
  }
}

function rotateOnce (g: ArcGrid): ArcGrid {
  const rows = g.length
  const cols = g[0]?.length ?? 0
  const out = newGrid(cols, rows)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) (out[c] as number[])[rows - 1 - r] = (g[r] as number[])[c] as number
  return out
}

const rotate: ArcFamily = {
  name: 'rotate',
  rule (rng) {
    const turns = rng.int(1, 3)
    const colours = palette(rng, rng.int(1, 3))
    return {
      family: this.name,
      difficulty: turns === 2 ? 0.22 : 0.3,
      input: r => sparse(r, side(r), side(r), 0.35, colours),
      apply: g => { let out = g; for (let i = 0; i < turns; i++) out = rotateOnce(out); return out }
    }
  }
}

const transpose: ArcFamily = {
  name: 'transpose',
  rule (rng) {
    const colours = palette(rng, rng.int(1, 3))
    return {
      family: this.name,
      difficulty: 0.3,
      input: r => sparse(r, side(r), side(r), 0.35, colours),
      apply: g => (g[0] ?? []).map((_, c) => g.map(row => row[c] as number))
    }
  }
}

const recolour: ArcFamily = {
  name: 'recolour',
  rule (rng) {
    const [a, b, c, d] = palette(rng, 4) as [number, number, number, number]
    const twoWay = rng.chance(0.4)
    // Either a -> b (c unchanged) or a swap a <-> b; d never changes.
    const map = new Map<number, number>(twoWay ? [[a, b], [b, a]] : [[a, b], [c, d]])
    const colours = twoWay ? [a, b, c] : [a, c, b]
    return {
      family: this.name,
      difficulty: twoWay ? 0.25 : 0.2,
      input: r => {
        const g = sparse(r, side(r), side(r), 0.45, colours)
        // Make sure every mapped colour appears, so the examples show the whole rule.
        for (const colour of map.keys()) (g[0] as number[])[r.int(0, (g[0] as number[]).length - 1)] = colour
        return g
      },
      apply: g => g.map(row => row.map(v => map.get(v) ?? v))
    }
  }
}

const translate: ArcFamily = {
  name: 'translate',
  rule (rng) {
    let dr = 0
    let dc = 0
    while (dr === 0 && dc === 0) { dr = rng.int(-2, 2); dc = rng.int(-2, 2) }
    const colours = palette(rng, rng.int(1, 2))
    return {
      family: this.name,
      difficulty: 0.35,
      input: r => {
        const rows = side(r, 5, 10)
        const cols = side(r, 5, 10)
        const g = newGrid(rows, cols)
        // Only cells that stay inside after the shift.
        for (let y = Math.max(0, -dr); y < rows - Math.max(0, dr); y++) {
          for (let x = Math.max(0, -dc); x < cols - Math.max(0, dc); x++) if (r.chance(0.3)) (g[y] as number[])[x] = r.pick(colours)
        }
        return g
      },
      apply: g => {
        const out = newGrid(g.length, g[0]?.length ?? 0)
        g.forEach((row, y) => row.forEach((v, x) => {
          if (v !== 0) (out[y + dr] as number[])[x + dc] = v
        }))
        return out
      }
    }
  }
}

const gravity: ArcFamily = {
  name: 'gravity',
  rule (rng) {
    const direction = rng.pick(['down', 'up', 'left', 'right'] as const)
    const colours = palette(rng, rng.int(1, 3))
    const fallDown = (g: ArcGrid): ArcGrid => {
      const out = newGrid(g.length, g[0]?.length ?? 0)
      for (let c = 0; c < (g[0]?.length ?? 0); c++) {
        const column = g.map(row => row[c] as number).filter(v => v !== 0)
        column.forEach((v, k) => { (out[g.length - column.length + k] as number[])[c] = v })
      }
      return out
    }
    // Other directions: rotate so that the direction points down, fall, rotate back.
    const turnsToDown = { down: 0, left: 3, up: 2, right: 1 }[direction]
    return {
      family: this.name,
      difficulty: 0.4,
      input: r => sparse(r, side(r, 4, 10), side(r, 4, 10), 0.25, colours),
      apply: g => {
        let x = g
        for (let i = 0; i < turnsToDown; i++) x = rotateOnce(x)
        x = fallDown(x)
        for (let i = 0; i < (4 - turnsToDown) % 4; i++) x = rotateOnce(x)
        return x
      }
    }
  }
}

/** Non-overlapping rectangles (with a gap of one cell), at least 3x3. */
function rectangles (rng: Rng, rows: number, cols: number, count: number): Array<{ r: number, c: number, h: number, w: number }> {
  const placed: Array<{ r: number, c: number, h: number, w: number }> = []
  for (let tries = 0; tries < 60 && placed.length < count; tries++) {
    const h = rng.int(3, Math.min(6, rows))
    const w = rng.int(3, Math.min(6, cols))
    const r = rng.int(0, rows - h)
    const c = rng.int(0, cols - w)
    const clash = placed.some(p => r <= p.r + p.h && p.r <= r + h && c <= p.c + p.w && p.c <= c + w)
    if (!clash) placed.push({ r, c, h, w })
  }
  return placed
}

const fillEnclosed: ArcFamily = {
  name: 'fill-enclosed',
  rule (rng) {
    const [outline, fill] = palette(rng, 2) as [number, number]
    return {
      family: this.name,
      difficulty: 0.5,
      input: r => {
        const rows = side(r, 6, 12)
        const cols = side(r, 6, 12)
        const g = newGrid(rows, cols)
        for (const rect of rectangles(r, rows, cols, r.int(1, 3))) {
          for (let y = rect.r; y < rect.r + rect.h; y++) {
            for (let x = rect.c; x < rect.c + rect.w; x++) {
              const edge = y === rect.r || y === rect.r + rect.h - 1 || x === rect.c || x === rect.c + rect.w - 1
              if (edge) (g[y] as number[])[x] = outline
            }
          }
        }
        return g
      },
      // Background cells not reachable from the border without crossing a coloured cell are enclosed.
      apply: g => {
        const rows = g.length
        const cols = g[0]?.length ?? 0
        const outside = newGrid(rows, cols)
        const stack: Array<[number, number]> = []
        for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
          if ((y === 0 || x === 0 || y === rows - 1 || x === cols - 1) && (g[y] as number[])[x] === 0) stack.push([y, x])
        }
        while (stack.length > 0) {
          const [y, x] = stack.pop() as [number, number]
          if (y < 0 || x < 0 || y >= rows || x >= cols) continue
          if ((outside[y] as number[])[x] === 1 || (g[y] as number[])[x] !== 0) continue
          ;(outside[y] as number[])[x] = 1
          stack.push([y + 1, x], [y - 1, x], [y, x + 1], [y, x - 1])
        }
        return g.map((row, y) => row.map((v, x) => v === 0 && (outside[y] as number[])[x] === 0 ? fill : v))
      }
    }
  }
}

const hollow: ArcFamily = {
  name: 'hollow',
  rule (rng) {
    const colours = palette(rng, rng.int(1, 3))
    return {
      family: this.name,
      difficulty: 0.45,
      input: r => {
        const rows = side(r, 6, 12)
        const cols = side(r, 6, 12)
        const g = newGrid(rows, cols)
        for (const rect of rectangles(r, rows, cols, r.int(1, 3))) {
          const colour = r.pick(colours)
          for (let y = rect.r; y < rect.r + rect.h; y++) for (let x = rect.c; x < rect.c + rect.w; x++) (g[y] as number[])[x] = colour
        }
        return g
      },
      // A coloured cell whose four neighbours all have its colour is interior: it becomes background.
      apply: g => g.map((row, y) => row.map((v, x) => {
        if (v === 0) return 0
        const same = (yy: number, xx: number): boolean => g[yy]?.[xx] === v
        return same(y - 1, x) && same(y + 1, x) && same(y, x - 1) && same(y, x + 1) ? 0 : v
      }))
    }
  }
}

const scaleUp: ArcFamily = {
  name: 'scale-up',
  rule (rng) {
    const factor = rng.int(2, 3)
    const colours = palette(rng, rng.int(2, 4))
    return {
      family: this.name,
      difficulty: factor === 2 ? 0.25 : 0.3,
      input: r => sparse(r, r.int(2, 5), r.int(2, 5), 0.6, colours),
      apply: g => g.flatMap(row => {
        const wide = row.flatMap(v => new Array<number>(factor).fill(v))
        return Array.from({ length: factor }, () => [...wide])
      })
    }
  }
}

const cropObject: ArcFamily = {
  name: 'crop-object',
  rule (rng) {
    const colours = palette(rng, rng.int(1, 3))
    return {
      family: this.name,
      difficulty: 0.4,
      input: r => {
        const rows = side(r, 7, 14)
        const cols = side(r, 7, 14)
        const h = r.int(2, 4)
        const w = r.int(2, 4)
        const top = r.int(0, rows - h)
        const left = r.int(0, cols - w)
        const g = newGrid(rows, cols)
        // A blob that touches all four sides of its box, so the box is the crop.
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
          const edgeAnchor = (y === 0 && x === 0) || (y === h - 1 && x === w - 1)
          if (edgeAnchor || r.chance(0.65)) (g[top + y] as number[])[left + x] = r.pick(colours)
        }
        return g
      },
      apply: g => {
        let top = Infinity
        let bottom = -1
        let left = Infinity
        let right = -1
        g.forEach((row, y) => row.forEach((v, x) => {
          if (v === 0) return
          top = Math.min(top, y); bottom = Math.max(bottom, y); left = Math.min(left, x); right = Math.max(right, x)
        }))
        if (bottom < 0) return cloneGrid(g)
        return g.slice(top, bottom + 1).map(row => row.slice(left, right + 1))
      }
    }
  }
}

const border: ArcFamily = {
  name: 'border',
  rule (rng) {
    const [frame, ...others] = palette(rng, 3) as [number, ...number[]]
    return {
      family: this.name,
      difficulty: 0.15,
      input: r => sparse(r, side(r), side(r), 0.3, others),
      apply: g => g.map((row, y) => row.map((v, x) => y === 0 || x === 0 || y === g.length - 1 || x === row.length - 1 ? frame : v))
    }
  }
}

const mirrorExtend: ArcFamily = {
  name: 'mirror-extend',
  rule (rng) {
    const sideways = rng.chance(0.5)
    const colours = palette(rng, rng.int(1, 3))
    return {
      family: this.name,
      difficulty: 0.3,
      input: r => sparse(r, side(r, 2, 8), side(r, 2, 8), 0.4, colours),
      apply: g => sideways
        ? g.map(row => [...row, ...[...row].reverse()])
        : [...g.map(row => [...row]), ...[...g].reverse().map(row => [...row])]
    }
  }
}

const majorityColour: ArcFamily = {
  name: 'majority-colour',
  rule (rng) {
    const colours = palette(rng, rng.int(2, 4))
    const size = rng.int(1, 3)
    const counts = (g: ArcGrid): Map<number, number> => {
      const m = new Map<number, number>()
      for (const row of g) for (const v of row) if (v !== 0) m.set(v, (m.get(v) ?? 0) + 1)
      return m
    }
    return {
      family: this.name,
      difficulty: 0.35,
      input: r => {
        for (;;) {
          const g = sparse(r, side(r, 4, 10), side(r, 4, 10), 0.45, colours)
          const sorted = [...counts(g).values()].sort((a, b) => b - a)
          // A unique most frequent colour, or the rule is ambiguous: break a tie by adding one cell.
          if (sorted.length === 0) continue
          if (sorted[0] === sorted[1]) {
            const [colour] = [...counts(g)].find(([, n]) => n === sorted[0]) as [number, number]
            const row = g.find(cells => cells.includes(0))
            if (row === undefined) continue
            row[row.indexOf(0)] = colour
          }
          return g
        }
      },
      apply: g => {
        let best = 0
        let bestCount = -1
        for (const [colour, n] of counts(g)) if (n > bestCount) { best = colour; bestCount = n }
        return newGrid(size, size, best)
      }
    }
  }
}

const rays: ArcFamily = {
  name: 'rays',
  rule (rng) {
    const colours = palette(rng, rng.int(1, 3))
    const toRight = rng.chance(0.5)
    return {
      family: this.name,
      difficulty: 0.35,
      input: r => {
        const rows = side(r, 4, 10)
        const cols = side(r, 5, 12)
        const g = newGrid(rows, cols)
        // At most one coloured cell per row, so the rays never cross.
        for (let y = 0; y < rows; y++) if (r.chance(0.5)) (g[y] as number[])[r.int(0, cols - 1)] = r.pick(colours)
        return g
      },
      apply: g => g.map(row => {
        const at = row.findIndex(v => v !== 0)
        if (at < 0) return [...row]
        const v = row[at] as number
        return row.map((_, x) => (toRight ? x >= at : x <= at) ? v : 0)
      })
    }
  }
}

export const ARC_FAMILIES: readonly ArcFamily[] = Object.freeze([
  flip, rotate, transpose, recolour, translate, gravity, fillEnclosed, hollow, scaleUp, cropObject,
  border, mirrorExtend, majorityColour, rays
])
