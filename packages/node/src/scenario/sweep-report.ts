import { formatEstimate } from '../evolution/stats.js'
import { reportHeader } from './report-header.js'
import { describeBreakdown, formatShare } from './breakdown.js'
import type { SweepPoint, SweepReport } from './sweep.js'

/** The point of one (share, defence) cell of a sweep. */
export function pointAt (report: SweepReport, share: number, defence: string): SweepPoint | undefined {
  return report.points.find(p => p.share === share && p.defence === defence)
}

/** One sentence saying how the breakdown point is defined and what the share-0 row measures. */
export function breakdownRule (report: SweepReport): string {
  return `Breakdown point: the smallest attacker share at which the robustness gap (mean over seeds) exceeds ${(report.threshold * 100).toFixed(0)} point. ` +
    'At share 0 no peer attacks, so that row shows how far two runs of the same swarm differ (run-to-run noise).'
}

/** A sweep report as Markdown: breakdown points first, then the gap and accuracies per share and defence. */
export function formatSweepReport (report: SweepReport): string {
  const grid = (cell: (p: SweepPoint) => string): string[] => [
    `| share | attackers | ${report.defences.join(' | ')} |`,
    `|---|---|${report.defences.map(() => '---').join('|')}|`,
    ...report.shares.map(share => {
      const attackers = pointAt(report, share, report.defences[0] ?? '')?.attackers ?? 0
      return `| ${formatShare(share)} | ${attackers} of ${report.peers} | ${report.defences.map(d => { const p = pointAt(report, share, d); return p === undefined ? 'not run' : cell(p) }).join(' | ')} |`
    })
  ]
  return [
    ...reportHeader(`# Sweep ${report.sweep}`, report),
    '',
    `File: ${report.file}. Base scenario ${report.baseScenario} (${report.baseFile}); attack ${report.attack}; ${report.peers} peers; seeds ${report.seeds.join(', ')} (mean ± 95% CI over seeds).`,
    '',
    breakdownRule(report),
    '',
    '| defence | breakdown point |',
    '|---|---|',
    ...report.breakdown.map(b => `| ${b.defence} | ${describeBreakdown(b.share, report.shares)} |`),
    '',
    '## Robustness gap (points, clean − attacked)',
    '',
    ...grid(p => formatEstimate(p.robustnessGap)),
    '',
    '## Honest peers\' test accuracy, attacked (%)',
    '',
    ...grid(p => formatEstimate(p.attackedAccuracy)),
    '',
    '## Honest peers\' test accuracy, clean (%)',
    '',
    ...grid(p => formatEstimate(p.cleanAccuracy))
  ].join('\n')
}
