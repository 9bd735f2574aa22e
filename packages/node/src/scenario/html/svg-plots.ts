import { escapeHtml, Raw } from './escape.js'

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442']

export interface Point { readonly x: number, readonly y: number }

export interface LineSeries {
  readonly label: string
  readonly points: readonly Point[]
  readonly dashed?: boolean
}

export interface LineChartSpec {
  /** Names the plot in `data-plot` (tests and styling find it by this). */
  readonly id: string
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly series: readonly LineSeries[]
  readonly formatX?: (x: number) => string
  readonly formatY?: (y: number) => string
  /** A dotted horizontal reference line, e.g. the breakdown threshold. */
  readonly reference?: { readonly y: number, readonly label: string }
}

export interface Bar { readonly value: number, readonly ci?: number }
export interface BarGroup { readonly label: string, readonly bars: readonly Bar[] }

export interface BarChartSpec {
  readonly id: string
  readonly title: string
  readonly yLabel: string
  /** Names of the bars inside each group, in order (the legend). */
  readonly series: readonly string[]
  readonly groups: readonly BarGroup[]
  readonly formatY?: (y: number) => string
}

const WIDTH = 680
const HEIGHT = 320
const M = { left: 64, right: 170, top: 34, bottom: 52 }
const PLOT_W = WIDTH - M.left - M.right
const PLOT_H = HEIGHT - M.top - M.bottom
/** Category labels longer than this are cut (the full label is in the tooltip). */
const MAX_LABEL = 32

const plain = (v: number): string => Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 1 ? 2 : 1)
const px = (v: number): string => v.toFixed(1)

/** A round step (1, 2, 2.5 or 5 times a power of ten) giving about `count` intervals over [min, max]. */
function tickStep (min: number, max: number, count: number): number {
  const raw = (max - min) / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  return ([1, 2, 2.5, 5, 10].find(f => f * magnitude >= raw) ?? 10) * magnitude
}

/** Round-numbered ticks inside [min, max], about `count` of them. */
export function niceTicks (min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min]
  const step = tickStep(min, max, count)
  const ticks: number[] = []
  for (let i = Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) ticks.push(i === 0 ? 0 : i * step)
  return ticks
}

/** A y-domain covering every value (and zero), widened to round ticks at both ends. */
function yDomain (values: readonly number[]): { lo: number, hi: number, ticks: number[] } {
  const finite = values.filter(Number.isFinite)
  let lo = Math.min(0, ...finite)
  let hi = Math.max(0, ...finite)
  if (hi === lo) hi = lo + 1
  const step = tickStep(lo, hi, 5)
  lo = Math.floor(lo / step + 1e-9) * step
  hi = Math.ceil(hi / step - 1e-9) * step
  return { lo, hi, ticks: niceTicks(lo, hi, Math.round((hi - lo) / step)) }
}

/** The whole SVG; `extraBottom` makes room under the plot for rotated category labels. */
function frame (id: string, title: string, xLabel: string, yLabel: string, body: string[], extraBottom = 0): Raw {
  const height = HEIGHT + extraBottom
  return new Raw([
    `<svg xmlns="http://www.w3.org/2000/svg" class="plot" data-plot="${escapeHtml(id)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<text x="${M.left}" y="20" class="plot-title">${escapeHtml(title)}</text>`,
    ...body,
    `<text x="${M.left + PLOT_W / 2}" y="${height - 10}" text-anchor="middle" class="axis-label">${escapeHtml(xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${escapeHtml(yLabel)}</text>`,
    '</svg>'
  ].join('\n'))
}

function yAxis (ticks: readonly number[], y: (v: number) => number, format: (v: number) => string): string[] {
  return ticks.flatMap(t => [
    `<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${px(y(t))}" y2="${px(y(t))}" class="${t === 0 ? 'zero' : 'grid'}"/>`,
    `<text x="${M.left - 6}" y="${px(y(t) + 4)}" text-anchor="end" class="tick">${escapeHtml(format(t))}</text>`
  ])
}

function legend (labels: ReadonlyArray<{ label: string, dashed?: boolean, bar?: boolean }>): string[] {
  return labels.flatMap(({ label, dashed, bar }, i) => {
    const y = M.top + 8 + i * 18
    const x = M.left + PLOT_W + 14
    const color = PALETTE[i % PALETTE.length] as string
    const mark = bar === true
      ? `<rect x="${x}" y="${y - 6}" width="14" height="10" fill="${color}"/>`
      : `<line x1="${x}" x2="${x + 18}" y1="${y - 1}" y2="${y - 1}" stroke="${color}" stroke-width="2.5"${dashed === true ? ' stroke-dasharray="5 3"' : ''}/>`
    return [mark, `<text x="${x + 24}" y="${y + 3}" class="legend">${escapeHtml(label.length > 22 ? `${label.slice(0, 21)}…` : label)}<title>${escapeHtml(label)}</title></text>`]
  })
}

/** Lines over a numeric x axis, one colour per series, with a point marker (and tooltip) per value. */
export function lineChart (spec: LineChartSpec): Raw {
  const fx = spec.formatX ?? plain
  const fy = spec.formatY ?? plain
  const points = spec.series.flatMap(s => s.points).filter(p => Number.isFinite(p.x) && Number.isFinite(p.y))
  const xs = points.map(p => p.x)
  const xMin = Math.min(...xs, Number.POSITIVE_INFINITY)
  const xMax = Math.max(...xs, Number.NEGATIVE_INFINITY)
  const [x0, x1] = Number.isFinite(xMin) ? (xMax > xMin ? [xMin, xMax] : [xMin - 1, xMin + 1]) : [0, 1]
  const { lo: y0, hi: y1, ticks: yTicks } = yDomain([...points.map(p => p.y), ...(spec.reference === undefined ? [] : [spec.reference.y])])
  const x = (v: number): number => M.left + (v - x0) / (x1 - x0) * PLOT_W
  const y = (v: number): number => M.top + PLOT_H - (v - y0) / (y1 - y0) * PLOT_H
  const distinctX = [...new Set(xs)].sort((a, b) => a - b)
  const xTicks = distinctX.length > 0 && distinctX.length <= 12 ? distinctX : niceTicks(x0, x1, 6)
  const body = [
    ...yAxis(yTicks, y, fy),
    ...xTicks.map(t => `<text x="${px(x(t))}" y="${M.top + PLOT_H + 16}" text-anchor="middle" class="tick">${escapeHtml(fx(t))}</text>`),
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" class="axis"/>`
  ]
  if (spec.reference !== undefined) {
    const ry = px(y(spec.reference.y))
    body.push(`<line x1="${M.left}" x2="${M.left + PLOT_W}" y1="${ry}" y2="${ry}" class="reference"/>`,
      `<text x="${M.left + PLOT_W - 4}" y="${px(y(spec.reference.y) + 13)}" text-anchor="end" class="reference-label">${escapeHtml(spec.reference.label)}</text>`)
  }
  spec.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length] as string
    const pts = s.points.filter(p => Number.isFinite(p.x) && Number.isFinite(p.y)).slice().sort((a, b) => a.x - b.x)
    if (pts.length === 0) return
    body.push(`<g class="series" data-series="${escapeHtml(s.label)}">`)
    body.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 3"' : ''} points="${pts.map(p => `${px(x(p.x))},${px(y(p.y))}`).join(' ')}"/>`)
    if (pts.length <= 40) {
      for (const p of pts) body.push(`<circle cx="${px(x(p.x))}" cy="${px(y(p.y))}" r="3" fill="${color}"><title>${escapeHtml(`${s.label}: ${fx(p.x)} → ${fy(p.y)}`)}</title></circle>`)
    }
    body.push('</g>')
  })
  body.push(...legend(spec.series.map(s => ({ label: s.label, ...(s.dashed === undefined ? {} : { dashed: s.dashed }) }))))
  return frame(spec.id, spec.title, spec.xLabel, spec.yLabel, body)
}

/** Grouped bars (one colour per series) with 95% CI whiskers where given; negative values hang below zero. */
export function barChart (spec: BarChartSpec): Raw {
  const fy = spec.formatY ?? plain
  const extents = spec.groups.flatMap(g => g.bars.flatMap(b => [b.value - (b.ci ?? 0), b.value + (b.ci ?? 0)]))
  const { lo: y0, hi: y1, ticks: yTicks } = yDomain(extents)
  const y = (v: number): number => M.top + PLOT_H - (v - y0) / (y1 - y0) * PLOT_H
  const slot = PLOT_W / Math.max(1, spec.groups.length)
  const barW = Math.max(2, Math.min(36, slot * 0.8 / Math.max(1, spec.series.length)))
  const body = [...yAxis(yTicks, y, fy), `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PLOT_H}" class="axis"/>`]
  // Labels wider than their slot (about 6.5 px a character) are rotated rather than cut short.
  const longest = Math.max(0, ...spec.groups.map(g => g.label.length))
  const rotated = longest * 6.5 > slot
  spec.groups.forEach((g, gi) => {
    const center = M.left + slot * (gi + 0.5)
    const start = center - barW * g.bars.length / 2
    g.bars.forEach((b, bi) => {
      if (!Number.isFinite(b.value)) return
      const left = start + bi * barW
      const top = y(Math.max(0, b.value))
      const height = Math.max(0.5, Math.abs(y(b.value) - y(0)))
      const name = spec.series[bi] ?? ''
      const tip = `${g.label}${name === '' ? '' : `, ${name}`}: ${fy(b.value)}${b.ci !== undefined && b.ci > 0 ? ` ± ${fy(b.ci)}` : ''}`
      body.push(`<rect x="${px(left + 1)}" y="${px(top)}" width="${px(barW - 2)}" height="${px(height)}" fill="${PALETTE[bi % PALETTE.length] as string}" class="bar"><title>${escapeHtml(tip)}</title></rect>`)
      if (b.ci !== undefined && b.ci > 0 && Number.isFinite(b.ci)) {
        const mid = left + barW / 2
        const hi = px(y(b.value + b.ci))
        const lo = px(y(b.value - b.ci))
        body.push(`<path d="M${px(mid)} ${hi}V${lo}M${px(mid - 4)} ${hi}h8M${px(mid - 4)} ${lo}h8" class="whisker"/>`)
      }
    })
    const label = g.label.length > MAX_LABEL ? `${g.label.slice(0, MAX_LABEL - 1)}…` : g.label
    const rotate = rotated ? ` transform="rotate(-30 ${px(center)} ${M.top + PLOT_H + 14})"` : ''
    body.push(`<text x="${px(center)}" y="${M.top + PLOT_H + 14}" text-anchor="${rotated ? 'end' : 'middle'}" class="tick"${rotate}>${escapeHtml(label)}<title>${escapeHtml(g.label)}</title></text>`)
  })
  if (spec.series.length > 1 || (spec.series[0] ?? '') !== '') body.push(...legend(spec.series.map(label => ({ label, bar: true }))))
  // Rotated labels hang below the axis: about 3 px of height per character at -30°.
  return frame(spec.id, spec.title, '', spec.yLabel, body, rotated ? Math.min(MAX_LABEL, longest) * 3 : 0)
}
