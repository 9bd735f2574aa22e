import { formatEstimate, type Estimate } from '../evolution/stats.js'
import type { MetricName, ScenarioMetrics } from './scenario-metrics.js'

export type MetricGroup = 'accuracy' | 'attack success' | 'detection' | 'cost'

export interface MetricRow {
  readonly group: MetricGroup
  readonly name: MetricName
  readonly label: string
  readonly value: string
}

type Unit = 'percent' | 'points' | 'count' | 'calls' | 'seconds'

interface RowSpec { readonly group: MetricGroup, readonly name: MetricName, readonly label: string, readonly unit: Unit, readonly absent?: string }

/** The summary rows in reading order; rows for figures the runs did not record are left out unless they say why. */
const ROWS: readonly RowSpec[] = [
  { group: 'accuracy', name: 'attackedAccuracy', label: 'honest peers\' test accuracy, attacked', unit: 'percent' },
  { group: 'accuracy', name: 'cleanAccuracy', label: 'honest peers\' test accuracy, clean', unit: 'percent' },
  { group: 'accuracy', name: 'gap', label: 'robustness gap (clean − attacked)', unit: 'points' },
  { group: 'attack success', name: 'attackerCandidates', label: 'attacker candidates', unit: 'count' },
  { group: 'attack success', name: 'admitted', label: 'attacker candidates admitted', unit: 'count' },
  { group: 'attack success', name: 'top', label: 'attacker candidates reaching the top of their task', unit: 'count' },
  { group: 'attack success', name: 'adopted', label: 'attacker candidates adopted as parents', unit: 'count' },
  { group: 'attack success', name: 'poisonedFinals', label: 'honest final prompts carrying a payload', unit: 'count' },
  { group: 'attack success', name: 'backdoorSuccess', label: 'backdoor success rate', unit: 'percent' },
  { group: 'detection', name: 'precision', label: 'detection precision (banned attackers / banned)', unit: 'percent', absent: 'n/a (nobody banned)' },
  { group: 'detection', name: 'recall', label: 'detection recall (banned attackers / attackers)', unit: 'percent', absent: 'n/a (no attackers)' },
  { group: 'detection', name: 'bannedAttackers', label: 'attackers banned (true positives)', unit: 'count' },
  { group: 'detection', name: 'bannedHonest', label: 'honest peers banned (false positives)', unit: 'count' },
  { group: 'detection', name: 'accusations', label: 'accusations by honest peers', unit: 'count' },
  { group: 'detection', name: 'falseAccusations', label: 'false accusations (against honest peers)', unit: 'count' },
  { group: 'cost', name: 'attackedCalls', label: 'model calls, attacked run', unit: 'calls' },
  { group: 'cost', name: 'cleanCalls', label: 'model calls, clean run', unit: 'calls' },
  { group: 'cost', name: 'messages', label: 'gossip messages originated, attacked run', unit: 'calls' },
  { group: 'cost', name: 'bytes', label: 'gossip bytes originated, attacked run', unit: 'calls' },
  { group: 'cost', name: 'tokens', label: 'model tokens, attacked run', unit: 'calls' },
  { group: 'cost', name: 'agreementMs', label: 'time until every peer was done and agreed, attacked run', unit: 'seconds' }
]

export function formatMetric (e: Estimate | undefined, unit: Unit): string {
  if (e === undefined) return 'n/a'
  switch (unit) {
    case 'percent': return `${formatEstimate(e)}%`
    case 'points': return `${formatEstimate(e)} points`
    case 'count': return formatEstimate(e, 1, 1)
    case 'calls': return formatEstimate(e, 1, 0)
    case 'seconds': return `${formatEstimate(e, 0.001, 1)} s`
  }
}

/** Mean ± 95% CI of every figure the runs recorded, in reading order. */
export function metricRows (metrics: ScenarioMetrics): MetricRow[] {
  const rows: MetricRow[] = []
  for (const spec of ROWS) {
    const e = metrics.summary[spec.name]
    if (e === undefined && spec.absent === undefined) continue
    const n = e !== undefined && e.n < metrics.seeds.length ? ` (${e.n} of ${metrics.seeds.length} seeds)` : ''
    rows.push({ group: spec.group, name: spec.name, label: spec.label, value: e === undefined ? spec.absent as string : `${formatMetric(e, spec.unit)}${n}` })
  }
  return rows
}

/** A rate for tables: "50%" or "n/a". */
export function formatRate (value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? 'n/a' : `${(value * 100).toFixed(0)}%`
}
