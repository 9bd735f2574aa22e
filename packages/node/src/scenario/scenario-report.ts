import { formatEstimate } from '../evolution/stats.js'
import { reportHeader } from './report-header.js'
import { formatMetric } from './metric-rows.js'
import { scenarioMetrics } from './scenario-metrics.js'
import type { ScenarioReport } from './scenario-runner.js'

/** A scenario report as Markdown: the headline comparison first, then one row per seed. */
export function formatScenarioReport (report: ScenarioReport): string {
  const s = report.summary
  const detection = scenarioMetrics(report).summary
  const pct = (e: typeof s.attackedAccuracy): string => `${formatEstimate(e)}%`
  const count = (e: typeof s.accusations): string => formatEstimate(e, 1, 1)
  const attackers = report.attackers.length === 0
    ? 'none'
    : report.attackers.map(a => `${a.attack} on peers ${a.peers.join(', ')}${a.startAfter > 0 ? ` after ${a.startAfter} records` : ''}${Object.keys(a.params).length > 0 ? ` (${JSON.stringify(a.params)})` : ''}`).join('; ')
  const truth = s.expectedGap !== undefined
  const expectedCell = (o: typeof report.seeds[number]): string => truth ? ` ${o.expectedGap === undefined ? '–' : (o.expectedGap * 100).toFixed(1)} |` : ''
  const seedRows = report.seeds.map(o => `| ${o.seed} | ${(o.attacked.honestAccuracy * 100).toFixed(1)} | ${(o.clean.honestAccuracy * 100).toFixed(1)} | ${(o.robustnessGap * 100).toFixed(1)} |${expectedCell(o)} ${o.attacked.bannedAttackers} | ${o.attacked.bannedHonest} | ${o.attacked.accusations} | ${o.attacked.attackerCandidatesAdmitted}/${o.attacked.attackerCandidates} | ${o.attacked.poisonedFinalPrompts} | ${o.attacked.modelCalls} | ${o.clean.modelCalls} |`)
  return [
    ...reportHeader(`# Scenario ${report.scenario}`, report),
    '',
    `File: ${report.file}. ${report.peers} peers; attackers: ${attackers}. Seeds: ${report.seeds.map(o => o.seed).join(', ')} (mean ± 95% CI over seeds).`,
    '',
    '| metric | value |',
    '|---|---|',
    `| honest peers' test accuracy, attacked | ${pct(s.attackedAccuracy)} |`,
    `| honest peers' test accuracy, clean | ${pct(s.cleanAccuracy)} |`,
    `| robustness gap (clean − attacked) | ${formatEstimate(s.robustnessGap)} points |`,
    ...(s.expectedGap === undefined || s.expectedAttackedAccuracy === undefined || s.expectedCleanAccuracy === undefined
      ? []
      : [
          `| expected test accuracy (simulator ground truth), attacked / clean | ${pct(s.expectedAttackedAccuracy)} / ${pct(s.expectedCleanAccuracy)} |`,
          `| robustness gap in expected accuracy (no sampling noise) | ${formatEstimate(s.expectedGap)} points |`
        ]),
    `| attackers banned (true positives) | ${count(s.bannedAttackers)} |`,
    `| honest peers banned (false positives) | ${count(s.bannedHonest)} |`,
    `| detection precision (banned attackers / banned) | ${formatMetric(detection.precision, 'percent')}${detection.precision === undefined ? ' (nobody banned)' : ''} |`,
    `| detection recall (banned attackers / attackers) | ${formatMetric(detection.recall, 'percent')} |`,
    `| accusations by honest peers | ${count(s.accusations)} |`,
    `| final prompts carrying a payload | ${count(s.poisonedFinalPrompts)} |`,
    `| model calls, attacked / clean | ${formatEstimate(s.attackedModelCalls, 1, 0)} / ${formatEstimate(s.cleanModelCalls, 1, 0)} |`,
    '',
    `| seed | attacked % | clean % | gap |${truth ? ' expected gap |' : ''} TP bans | FP bans | accusations | attacker candidates admitted | poisoned finals | calls attacked | calls clean |`,
    `|---|---|---|---|${truth ? '---|' : ''}---|---|---|---|---|---|---|`,
    ...seedRows
  ].join('\n')
}
