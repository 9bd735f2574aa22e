import { describeBreakdown } from './breakdown.js'
import { html, type Raw } from './html/escape.js'
import { htmlPage, table, type Cell } from './html/page.js'
import { barChart } from './html/svg-plots.js'
import { scenarioMetrics } from './scenario-metrics.js'
import type { SuiteReport } from './suite.js'
import { describeAttack, entryStatus, suiteColumns, suiteHeadline, suiteSimulated } from './suite-report.js'
import { gapByShareChart } from './sweep-html.js'

/** The robustness gap of every finished scenario, with its 95% CI: one bar per scenario (and so per defence). */
export function gapPerScenarioChart (suite: SuiteReport): Raw {
  const done = suite.scenarios.filter(e => e.report !== undefined)
  return barChart({
    id: 'gap-per-scenario',
    title: 'Robustness gap per scenario (defence), mean ± 95% CI',
    yLabel: 'gap (points)',
    series: [''],
    groups: done.map(e => {
      const gap = e.report?.summary.robustnessGap
      return { label: e.name, bars: [{ value: (gap?.mean ?? Number.NaN) * 100, ci: (gap?.ci95 ?? 0) * 100 }] }
    }),
    formatY: v => v.toFixed(1)
  })
}

/** index.html: the suite's summary table linking every report, and its plots. */
export function suiteIndexHtml (suite: SuiteReport): string {
  const columns = suiteColumns(suite.scenarios)
  const link = (label: string, href: string): Raw => html`<a href="${href}">${label}</a>`
  const rows: Cell[][] = suite.scenarios.map(e => {
    const name = e.status === 'done' ? link(e.name, e.outputs.html) : e.name
    const head: Cell[] = [name, e.report === undefined ? '' : describeAttack(e.report), e.defences]
    if (e.report === undefined) return [...head, html`<span class="error">${entryStatus(e)}</span>`, ...columns.slice(1).map(() => '')]
    const metrics = scenarioMetrics(e.report)
    return [...head, ...columns.map(c => c.format(metrics))]
  })
  const sweepRows: Cell[][] = suite.sweeps.map(e => [
    e.status === 'done' ? link(e.name, e.outputs.html) : e.name,
    e.report === undefined ? html`<span class="error">${entryStatus(e)}</span>` : `${e.report.attack} on ${e.report.peers} peers, shares ${e.report.shares.join(', ')}`,
    e.report === undefined ? '' : e.report.breakdown.map(b => `${b.defence}: ${describeBreakdown(b.share, e.report?.shares ?? [])}`).join('; ')
  ])
  const sweepPlots = suite.sweeps.flatMap(e => e.report === undefined ? [] : [gapByShareChart(e.report)])
  const body = html`<h1>Scenario suite</h1>
${suiteSimulated(suite) ? html`<p class="simulator">SIMULATOR RESULTS: these runs use promptswarm's embedded synthetic model, not a real LLM. The figures describe the simulator.</p>` : ''}
<p>${suiteHeadline(suite)}</p>
<p class="meta">Gap: clean minus attacked test accuracy of the honest peers, in points. Figures are mean ± 95% CI over seeds. Detection precision: banned attackers over all banned peers; recall: banned attackers over all attackers. Also: <a href="${suite.index.markdown}">summary.md</a>, <a href="${suite.index.json}">suite.json</a>.</p>
<h2>Scenarios</h2>
${table(['scenario', 'attack', 'defences', ...columns.map(c => c.header)], rows)}
<div class="plots">${rows.length > 0 ? gapPerScenarioChart(suite) : ''}</div>
${suite.sweeps.length === 0
    ? ''
    : html`<h2>Sweeps</h2>
<p class="meta">Breakdown point: the smallest attacker share at which the gap exceeds 1 point.</p>
${table(['sweep', 'what varies', 'breakdown point per defence'], sweepRows)}
<div class="plots">${sweepPlots}</div>`}`
  return htmlPage('Scenario suite', body)
}
