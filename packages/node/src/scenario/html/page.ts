import { html, Raw } from './escape.js'

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; margin: 2rem auto; max-width: 1280px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .3rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.simulator { background: #fff3cd; border: 2px solid #e0a800; padding: .6rem 1rem; font-weight: 600; border-radius: 6px; }
.meta { color: #555; } .error { color: #b00020; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; margin: .6rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; } td.num { text-align: right; white-space: nowrap; }
td.group { background: #fafafa; font-weight: 600; text-align: left; }
.plots { display: flex; flex-wrap: wrap; gap: 1rem; }
svg.plot { background: #fff; border: 1px solid #e5e5e5; border-radius: 4px; max-width: 100%; height: auto; }
svg .plot-title { font-size: 14px; font-weight: 600; } svg .tick, svg .legend { font-size: 11px; fill: #333; }
svg .axis-label { font-size: 12px; fill: #333; } svg .grid { stroke: #eee; } svg .zero, svg .axis { stroke: #888; }
svg .whisker { stroke: #222; stroke-width: 1.2; fill: none; }
svg .reference { stroke: #b00020; stroke-dasharray: 2 3; } svg .reference-label { font-size: 11px; fill: #b00020; }
svg .lineage-box { fill: #f4f8fc; stroke: #0072B2; } svg .attacker .lineage-box { fill: #fdecea; stroke: #b00020; stroke-width: 2; }
svg .lineage-head { font-size: 12px; font-weight: 600; } svg .lineage-text { font-size: 11px; font-family: ui-monospace, monospace; fill: #333; }
svg .lineage-arrow { fill: #666; stroke: #666; }
`

/** A complete, self-contained page: inline style, no scripts, nothing fetched. */
export function htmlPage (title: string, body: Raw): string {
  return `<!DOCTYPE html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Raw(STYLE)}</style>
</head>
<body>
${body}
<footer class="meta"><p>Written by promptswarm-lab. Every number is also in the JSON report next to this page.</p></footer>
</body>
</html>`.markup}\n`
}

/** The banner every page over a simulated model carries. */
export function simulatorBanner (model: string): Raw {
  return html`<p class="simulator">SIMULATOR RESULTS: model ${model} is promptswarm's embedded synthetic model, not a real LLM. These figures describe the simulator.</p>`
}

export type Cell = string | number | Raw

/** A table; cells are escaped unless they are `Raw`. */
export function table (headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): Raw {
  return html`<div class="table"><table>
<thead><tr>${headers.map(h => html`<th>${h}</th>`)}</tr></thead>
<tbody>
${rows.map(r => html`<tr>${r.map((c, i) => i > 0 && isNumeric(c) ? html`<td class="num">${c}</td>` : html`<td>${c}</td>`)}</tr>\n`)}</tbody>
</table></div>`
}

/** Figures ("12.3 ± 1.0", "-4", "2/8", "n/a") align right; words align left. */
function isNumeric (cell: Cell): boolean {
  return typeof cell === 'number' || (typeof cell === 'string' && /^(?:[-−+]?\d|n\/a$)/.test(cell))
}
