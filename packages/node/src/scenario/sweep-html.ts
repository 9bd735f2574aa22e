import { formatEstimate } from '../evolution/stats.js'
import { describeBreakdown, formatShare } from './breakdown.js'
import { html, type Raw } from './html/escape.js'
import { htmlPage, simulatorBanner, table } from './html/page.js'
import { lineChart } from './html/svg-plots.js'
import type { SweepReport } from './sweep.js'
import { breakdownRule, pointAt } from './sweep-report.js'

/** Robustness gap against attacker share, one line per defence, with the breakdown threshold drawn in. */
export function gapByShareChart (report: SweepReport): Raw {
  return lineChart({
    id: `gap-by-share-${report.sweep}`,
    title: `Robustness gap by attacker share: ${report.sweep}`,
    xLabel: 'attacker share',
    yLabel: 'gap (points)',
    series: report.defences.map(defence => ({
      label: defence,
      points: report.points.filter(p => p.defence === defence).map(p => ({ x: p.share, y: p.robustnessGap.mean * 100 }))
    })),
    formatX: formatShare,
    formatY: v => v.toFixed(1),
    reference: { y: report.threshold * 100, label: `breakdown: gap > ${(report.threshold * 100).toFixed(0)} point` }
  })
}

/** Honest accuracy under attack against attacker share, one line per defence. */
function accuracyByShareChart (report: SweepReport): Raw {
  return lineChart({
    id: `accuracy-by-share-${report.sweep}`,
    title: 'Honest peers\' test accuracy under attack',
    xLabel: 'attacker share',
    yLabel: 'accuracy (%)',
    series: report.defences.map(defence => ({
      label: defence,
      points: report.points.filter(p => p.defence === defence).map(p => ({ x: p.share, y: p.attackedAccuracy.mean * 100 }))
    })),
    formatX: formatShare,
    formatY: v => v.toFixed(0)
  })
}

/** The sweep's page: breakdown points, the gap-vs-share plot and the grid of figures. */
export function sweepHtml (report: SweepReport): string {
  const grid = (cell: (p: NonNullable<ReturnType<typeof pointAt>>) => string): Raw => table(
    ['share', 'attackers', ...report.defences],
    report.shares.map(share => [
      formatShare(share),
      `${pointAt(report, share, report.defences[0] ?? '')?.attackers ?? 0} of ${report.peers}`,
      ...report.defences.map(d => { const p = pointAt(report, share, d); return p === undefined ? 'not run' : cell(p) })
    ])
  )
  const body = html`<h1>Sweep ${report.sweep}</h1>
${report.simulated ? simulatorBanner(report.model) : html`<p>Model: ${report.model}.</p>`}
${report.description === '' ? '' : html`<p>${report.description}</p>`}
<p class="meta">File: ${report.file}. Base scenario ${report.baseScenario} (${report.baseFile}); attack ${report.attack}; ${report.peers} peers; seeds ${report.seeds.join(', ')}. Figures are mean ± 95% CI over seeds.</p>
<h2>Breakdown point per defence</h2>
<p>${breakdownRule(report)}</p>
${table(['defence', 'breakdown point'], report.breakdown.map(b => [b.defence, describeBreakdown(b.share, report.shares)]))}
<div class="plots">
${gapByShareChart(report)}
${accuracyByShareChart(report)}
</div>
<h2>Robustness gap (points, clean − attacked)</h2>
${grid(p => formatEstimate(p.robustnessGap))}
<h2>Honest peers' test accuracy, attacked (%)</h2>
${grid(p => formatEstimate(p.attackedAccuracy))}
<h2>Honest peers' test accuracy, clean (%)</h2>
${grid(p => formatEstimate(p.cleanAccuracy))}`
  return htmlPage(`Sweep ${report.sweep}`, body)
}
