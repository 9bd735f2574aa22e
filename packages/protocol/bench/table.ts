import type { Measurement } from './measure.js'

/** One line of the results table. `target` is checked against the measurement when present. */
export interface Row {
  readonly operation: string
  readonly measurement: Measurement
  readonly target?: Target
}

export interface Target {
  readonly label: string
  readonly met: (m: Measurement) => boolean
}

export const atLeastPerSecond = (rate: number): Target => ({
  label: `>= ${formatCount(rate)}/s`,
  met: m => m.opsPerSecond >= rate
})

export const underMicros = (micros: number): Target => ({
  label: micros >= 1000 ? `< ${micros / 1000} ms` : `< ${micros} µs`,
  met: m => m.microsPerOp < micros
})

export function formatCount (n: number): string {
  return Math.round(n).toLocaleString('en-US')
}

export function formatMicros (us: number): string {
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`
  if (us >= 100) return us.toFixed(0)
  if (us >= 10) return us.toFixed(1)
  return us.toFixed(2)
}

/** A plain-text table with a header rule, right-aligned numbers; Markdown-compatible. */
export function renderTable (sections: ReadonlyArray<{ title: string, rows: readonly Row[] }>): string {
  const header = ['operation', 'ops/s', 'µs/op', '±', 'mean ops/s', 'timed', 'target', 'result']
  const lines: string[][] = []
  const titles = new Map<number, string>()
  for (const section of sections) {
    titles.set(lines.length, section.title)
    for (const row of section.rows) {
      const m = row.measurement
      lines.push([
        row.operation,
        formatCount(m.opsPerSecond),
        formatMicros(m.microsPerOp),
        `${m.spreadPercent.toFixed(1)}%`,
        formatCount(m.meanOpsPerSecond),
        `${m.seconds.toFixed(2)} s`,
        row.target?.label ?? '',
        row.target === undefined ? '' : row.target.met(m) ? 'pass' : 'FAIL'
      ])
    }
  }
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map(l => (l[c] as string).length)))
  const right = [false, true, true, true, true, true, false, false]
  const format = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => right[c] === true ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number)).join(' | ')} |`
  const out = [format(header), `|${widths.map((w, c) => right[c] === true ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2)).join('|')}|`]
  lines.forEach((line, i) => {
    const title = titles.get(i)
    if (title !== undefined) out.push(format([`**${title}**`, ...header.slice(1).map(() => '')]))
    out.push(format(line))
  })
  return out.join('\n')
}
