import type { DetailedRunSummary, DetailedScenarioReport } from './run-details.js'
import { formatRate, metricRows } from './metric-rows.js'
import { scenarioMetrics, type SeedMetrics } from './scenario-metrics.js'
import { html, Raw } from './html/escape.js'
import { lineageDiagram } from './html/lineage-diagram.js'
import { htmlPage, simulatorBanner, table, type Cell } from './html/page.js'
import { barChart, lineChart } from './html/svg-plots.js'

const pct = (v: number): string => `${(v * 100).toFixed(1)}`

interface SeedColumn { readonly header: string, readonly cell: (s: SeedMetrics) => Cell, readonly optional?: keyof SeedMetrics }

const SEED_COLUMNS: readonly SeedColumn[] = [
  { header: 'seed', cell: s => s.seed },
  { header: 'attacked %', cell: s => pct(s.attackedAccuracy) },
  { header: 'clean %', cell: s => pct(s.cleanAccuracy) },
  { header: 'gap (points)', cell: s => pct(s.gap) },
  { header: 'attacker candidates admitted', cell: s => `${s.admitted}/${s.attackerCandidates}` },
  { header: 'reaching the top', cell: s => s.top ?? '', optional: 'top' },
  { header: 'adopted as parents', cell: s => s.adopted ?? '', optional: 'adopted' },
  { header: 'poisoned finals', cell: s => s.poisonedFinals },
  { header: 'backdoor success', cell: s => formatRate(s.backdoorSuccess), optional: 'backdoorSuccess' },
  { header: 'TP bans', cell: s => s.bannedAttackers },
  { header: 'FP bans', cell: s => s.bannedHonest },
  { header: 'precision', cell: s => formatRate(s.precision) },
  { header: 'recall', cell: s => formatRate(s.recall) },
  { header: 'accusations', cell: s => s.accusations },
  { header: 'false accusations', cell: s => s.falseAccusations ?? '', optional: 'falseAccusations' },
  { header: 'calls attacked', cell: s => s.attackedCalls },
  { header: 'calls clean', cell: s => s.cleanCalls }
]

/** The attacker groups in words: "inflate-deflate on peers 6, 7 after 10 records ({...})". */
export function describeAttackers (report: Pick<DetailedScenarioReport, 'attackers'>): string {
  if (report.attackers.length === 0) return 'none'
  return report.attackers.map(a => `${a.attack} on peers ${a.peers.join(', ')}${a.startAfter > 0 ? ` after ${a.startAfter} records` : ''}${Object.keys(a.params).length > 0 ? ` (${JSON.stringify(a.params)})` : ''}`).join('; ')
}

/** The per-scenario page: summary, per-seed table and plots, all inline. */
export function scenarioHtml (report: DetailedScenarioReport): string {
  const metrics = scenarioMetrics(report)
  const rows = metricRows(metrics)
  const summary: Cell[][] = []
  let group = ''
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group
      summary.push([html`<strong>${group}</strong>`, ''])
    }
    summary.push([row.label, row.value])
  }
  const columns = SEED_COLUMNS.filter(c => c.optional === undefined || metrics.seeds.some(s => s[c.optional as keyof SeedMetrics] !== undefined))
  const body = html`<h1>Scenario ${report.scenario}</h1>
${report.simulated ? simulatorBanner(report.model) : html`<p>Model: ${report.model}.</p>`}
${report.description === '' ? '' : html`<p>${report.description}</p>`}
<p class="meta">File: ${report.file}. ${report.peers} peers; attackers: ${describeAttackers(report)}. Seeds: ${report.seeds.map(o => o.seed).join(', ')}. Figures are mean ± 95% CI (Student's t) over seeds.</p>
<h2>Summary</h2>
${table(['metric', 'value'], summary)}
<h2>Per seed</h2>
${table(columns.map(c => c.header), metrics.seeds.map(s => columns.map(c => c.cell(s))))}
<h2>Plots</h2>
<div class="plots">
${accuracyPerSeedPlot(report)}
${accuracyOverTimePlots(report)}
</div>
${lineageSection(report)}`
  return htmlPage(`Scenario ${report.scenario}`, body)
}

/** Honest accuracy of the attacked and the clean run, side by side for every seed. */
export function accuracyPerSeedPlot (report: DetailedScenarioReport): Raw {
  return barChart({
    id: 'accuracy-per-seed',
    title: 'Honest peers\' test accuracy per seed',
    yLabel: 'accuracy (%)',
    series: ['attacked', 'clean'],
    groups: report.seeds.map(o => ({ label: `seed ${o.seed}`, bars: [{ value: o.attacked.honestAccuracy * 100 }, { value: o.clean.honestAccuracy * 100 }] })),
    formatY: v => v.toFixed(0)
  })
}

/** Each peer's accuracy during evolution, for the first seed that recorded it (attacked and clean). */
function accuracyOverTimePlots (report: DetailedScenarioReport): Raw {
  const outcome = report.seeds.find(o => (o.attacked.accuracyOverTime?.length ?? 0) > 0 || (o.clean.accuracyOverTime?.length ?? 0) > 0)
  if (outcome === undefined) return new Raw('')
  const plot = (run: DetailedRunSummary, which: string): Raw => {
    const series = run.accuracyOverTime ?? []
    if (series.length === 0) return new Raw('')
    return lineChart({
      id: `accuracy-over-time-${which}`,
      title: `Accuracy over time per peer, ${which} run, seed ${outcome.seed}`,
      xLabel: 'step',
      yLabel: 'accuracy (%)',
      series: series.map(s => ({ label: `peer ${s.peer}${s.honest ? '' : ' (attacker)'}`, dashed: !s.honest, points: s.points.map(p => ({ x: p.step, y: p.accuracy * 100 })) })),
      formatY: v => v.toFixed(0)
    })
  }
  return html`${plot(outcome.attacked, 'attacked')}${plot(outcome.clean, 'clean')}`
}

/** The winning prompt's ancestry per task, for the first seed that recorded it (attacked run). */
function lineageSection (report: DetailedScenarioReport): Raw {
  const outcome = report.seeds.find(o => Object.keys(o.attacked.winningLineage ?? {}).length > 0)
  const lineage = outcome?.attacked.winningLineage
  if (outcome === undefined || lineage === undefined) return new Raw('')
  return html`<h2>Lineage of the winning prompts (attacked run, seed ${outcome.seed})</h2>
<p class="meta">Seed prompt at the top, the honest peers' winning prompt at the bottom; candidates by attackers are red. Hover a box for its full text.</p>
<div class="plots">
${Object.entries(lineage).map(([task, steps]) => lineageDiagram(`lineage-${task}`, `Task ${task}`, steps))}
</div>`
}
