import { formatEstimate } from '../evolution/stats.js'
import { describeBreakdown } from './breakdown.js'
import { formatMetric } from './metric-rows.js'
import type { Scenario } from './scenario.js'
import type { ScenarioReport } from './scenario-runner.js'
import { scenarioMetrics, type MetricName, type ScenarioMetrics } from './scenario-metrics.js'
import type { SuiteReport, SuiteScenarioEntry } from './suite.js'

/** A scenario's defences in a few words: "median, committee 3, quorum 2, audits 30%". */
export function describeDefences (scenario: Pick<Scenario, 'defences' | 'auditRate' | 'crossChecks' | 'screening'>): string {
  const a = scenario.defences.aggregator
  const aggregator = 'trim' in a ? `${a.kind} ${a.trim}` : 'kappa' in a ? `${a.kind} κ=${a.kappa}` : a.kind
  // Cross-checks come with audits by default; only a departure from that is said.
  const audits = [
    scenario.auditRate > 0 ? `audits ${Math.round(scenario.auditRate * 100)}%` : 'no audits',
    ...(scenario.crossChecks === scenario.auditRate > 0 ? [] : [scenario.crossChecks ? 'cross-checks' : 'no cross-checks'])
  ].join(', ')
  const m = scenario.defences.membership
  const membership = m?.kind === 'proof-of-work' ? [`identity work ${m.bits} bits`] : []
  const screening = scenario.screening === undefined ? [] : [scenario.screening.probes ? 'screening with probes' : 'screening rules']
  // The default (shared) goes unsaid, like open membership.
  const minibatches = scenario.defences.minibatches === 'per-evaluator' ? ['per-evaluator minibatches'] : []
  return [aggregator, `committee ${scenario.defences.committee.size}`, `quorum ${scenario.defences.quorum}`, ...minibatches, audits, ...membership, ...screening].join(', ')
}

/** The attack in a few words: "inflate-deflate (2 of 8 peers)". */
export function describeAttack (report: Pick<ScenarioReport, 'attackers' | 'peers'>): string {
  if (report.attackers.length === 0) return 'none'
  return report.attackers.map(a => `${a.attack} (${a.peers.length} of ${report.peers} peers)`).join(' + ')
}

/** The figures one suite row shows, from its metrics; undefined cells are figures the runs did not record. */
export interface SuiteColumn {
  readonly header: string
  readonly metric: MetricName
  readonly format: (m: ScenarioMetrics) => string
  /** Shown only when some scenario recorded it. */
  readonly optional?: boolean
}

const est = (name: MetricName, unit: Parameters<typeof formatMetric>[1]) => (m: ScenarioMetrics): string => formatMetric(m.summary[name], unit)

export const SUITE_COLUMNS: readonly SuiteColumn[] = [
  { header: 'gap (points)', metric: 'gap', format: m => m.summary.gap === undefined ? 'n/a' : formatEstimate(m.summary.gap) },
  { header: 'attacked %', metric: 'attackedAccuracy', format: m => m.summary.attackedAccuracy === undefined ? 'n/a' : formatEstimate(m.summary.attackedAccuracy) },
  { header: 'clean %', metric: 'cleanAccuracy', format: m => m.summary.cleanAccuracy === undefined ? 'n/a' : formatEstimate(m.summary.cleanAccuracy) },
  { header: 'attacker candidates admitted', metric: 'admitted', format: m => `${est('admitted', 'count')(m)} of ${est('attackerCandidates', 'count')(m)}` },
  { header: 'reaching the top', metric: 'top', format: est('top', 'count'), optional: true },
  { header: 'adopted as parents', metric: 'adopted', format: est('adopted', 'count'), optional: true },
  { header: 'poisoned finals', metric: 'poisonedFinals', format: est('poisonedFinals', 'count') },
  { header: 'backdoor success', metric: 'backdoorSuccess', format: est('backdoorSuccess', 'percent'), optional: true },
  { header: 'detection precision', metric: 'precision', format: est('precision', 'percent') },
  { header: 'detection recall', metric: 'recall', format: est('recall', 'percent') },
  { header: 'false bans', metric: 'bannedHonest', format: est('bannedHonest', 'count') },
  { header: 'false accusations', metric: 'falseAccusations', format: est('falseAccusations', 'count'), optional: true },
  { header: 'model calls (attacked)', metric: 'attackedCalls', format: est('attackedCalls', 'calls') }
]

/** The columns to show for these entries: every fixed one, and optional ones some run recorded. */
export function suiteColumns (entries: readonly SuiteScenarioEntry[]): SuiteColumn[] {
  const metrics = entries.flatMap(e => e.report === undefined ? [] : [scenarioMetrics(e.report)])
  return SUITE_COLUMNS.filter(c => c.optional !== true || metrics.some(m => m.summary[c.metric] !== undefined))
}

/** Status text for an entry that produced no report. */
export function entryStatus (entry: { status: string, error?: string }): string {
  return entry.status === 'failed' ? `failed: ${entry.error ?? ''}` : entry.status
}

/** Whether any finished report of the suite ran on the simulator. */
export function suiteSimulated (suite: SuiteReport): boolean {
  return [...suite.scenarios, ...suite.sweeps].some(e => e.report?.simulated === true)
}

/** "1 scenario", "3 scenarios". */
export function plural (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

export function suiteHeadline (suite: SuiteReport): string {
  const done = [...suite.scenarios, ...suite.sweeps].filter(e => e.status === 'done').length
  const all = suite.scenarios.length + suite.sweeps.length
  return `${plural(suite.scenarios.length, 'scenario')} and ${plural(suite.sweeps.length, 'sweep')} from ${suite.dir}; ${done} of ${all} finished in ${suite.seconds.toFixed(0)} s` +
    `${suite.quick ? ' (--quick: first seed only, so no confidence intervals)' : ''}.` +
    `${suite.interrupted ? ' INTERRUPTED: the entries marked "not run" did not run.' : ''}`
}

const md = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

/** summary.md: every scenario with its gap, attack success and detection, then every sweep's breakdown points. */
export function formatSuiteSummary (suite: SuiteReport): string {
  const columns = suiteColumns(suite.scenarios)
  const rows = suite.scenarios.map(e => {
    const head = [e.name, e.report === undefined ? '' : describeAttack(e.report), e.defences]
    const link = e.status === 'done' ? `[md](${e.outputs.markdown}) · [html](${e.outputs.html}) · [json](${e.outputs.json})` : ''
    if (e.report === undefined) return [...head, entryStatus(e), ...columns.slice(1).map(() => ''), link]
    const metrics = scenarioMetrics(e.report)
    return [...head, ...columns.map(c => c.format(metrics)), link]
  })
  const sweepRows = suite.sweeps.map(e => [
    e.name,
    e.report === undefined ? entryStatus(e) : `${e.report.attack} on ${e.report.peers} peers, shares ${e.report.shares.join(', ')}`,
    e.report === undefined ? '' : e.report.breakdown.map(b => `${b.defence}: ${describeBreakdown(b.share, e.report?.shares ?? [])}`).join('; '),
    e.status === 'done' ? `[md](${e.outputs.markdown}) · [html](${e.outputs.html}) · [json](${e.outputs.json})` : ''
  ])
  const table = (headers: string[], body: string[][]): string[] => [
    `| ${headers.map(md).join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...body.map(r => `| ${r.map(md).join(' | ')} |`)
  ]
  return [
    '# Scenario suite',
    '',
    ...(suiteSimulated(suite) ? ['**SIMULATOR RESULTS**: these runs use promptswarm\'s embedded synthetic model, not a real LLM; the figures describe the simulator.', ''] : []),
    suiteHeadline(suite),
    '',
    'Gap: clean minus attacked test accuracy of the honest peers, in points. Figures are mean ± 95% CI over seeds. ' +
      'Detection precision: banned attackers over all banned peers; recall: banned attackers over all attackers (n/a when nobody was banned, or nobody attacked).',
    '',
    '## Scenarios',
    '',
    ...table(['scenario', 'attack', 'defences', ...columns.map(c => c.header), 'report'], rows),
    ...(suite.sweeps.length === 0
      ? []
      : ['', '## Sweeps', '', 'Breakdown point: the smallest attacker share at which the gap exceeds 1 point.', '', ...table(['sweep', 'what varies', 'breakdown point per defence', 'report'], sweepRows)])
  ].join('\n')
}

/** suite.json: the index without the full reports (each is in its own JSON file). */
export function suiteJson (suite: SuiteReport): unknown {
  return {
    ...suite,
    scenarios: suite.scenarios.map(({ report, ...e }) => ({
      ...e,
      ...(report === undefined ? {} : { model: report.model, simulated: report.simulated, attack: describeAttack(report), summary: scenarioMetrics(report).summary })
    })),
    sweeps: suite.sweeps.map(({ report, ...e }) => ({
      ...e,
      ...(report === undefined ? {} : { model: report.model, simulated: report.simulated, attack: report.attack, shares: report.shares, threshold: report.threshold, breakdown: report.breakdown })
    }))
  }
}
