import type { DashboardState, LineageNode, PeerPanel, ScoreSeries, TimelineEvent } from './dashboard-state.js'
import { estimateText, num, pct, type Json, type Reader } from './report-reader.js'

/**
 * A scenario report (`promptswarm run` / `promptswarm-lab run`: scenario, seeds, summary) as
 * dashboard state: headline figures, a row per seed, the attackers, and the first seed's optional
 * run details (winning lineage, accuracy curves) when the report carries them.
 */
export function scenarioState (root: Json, r: Reader, generatedAt: number): DashboardState {
  const name = r.string(root.scenario, 'scenario')
  const peers = r.number(root.peers, 'peers')
  if (!Number.isSafeInteger(peers) || peers < 0 || peers > 10_000) r.fail('peers', `expected a peer count, got ${peers}`)
  const summary = r.object(root.summary, 'summary')
  const model = root.model === undefined ? 'unknown model' : r.string(root.model, 'model')
  const simulated = root.simulated === true
  const attackers = r.array(root.attackers ?? [], 'attackers').map((a, i) => {
    const o = r.object(a, `attackers[${i}]`)
    const list = r.array(o.peers, `attackers[${i}].peers`).map((p, j) => r.number(p, `attackers[${i}].peers[${j}]`))
    return {
      attack: r.string(o.attack, `attackers[${i}].attack`),
      peers: list,
      startAfter: r.optionalNumber(o.startAfter, `attackers[${i}].startAfter`) ?? 0,
      params: o.params === undefined ? {} : r.object(o.params, `attackers[${i}].params`)
    }
  })
  const seeds = r.array(root.seeds, 'seeds').map((s, i) => {
    const o = r.object(s, `seeds[${i}]`)
    const run = (key: 'attacked' | 'clean'): Json => r.object(o[key], `seeds[${i}].${key}`)
    const field = (run: Json, key: string, path: string): number | undefined => r.optionalNumber(run[key], `seeds[${i}].${path}.${key}`)
    const attacked = run('attacked')
    const clean = run('clean')
    return {
      seed: r.number(o.seed, `seeds[${i}].seed`),
      attackedAccuracy: field(attacked, 'honestAccuracy', 'attacked'),
      cleanAccuracy: field(clean, 'honestAccuracy', 'clean'),
      gap: r.optionalNumber(o.robustnessGap, `seeds[${i}].robustnessGap`),
      bannedAttackers: field(attacked, 'bannedAttackers', 'attacked'),
      bannedHonest: field(attacked, 'bannedHonest', 'attacked'),
      accusations: field(attacked, 'accusations', 'attacked'),
      admitted: field(attacked, 'attackerCandidatesAdmitted', 'attacked'),
      attackerCandidates: field(attacked, 'attackerCandidates', 'attacked'),
      poisoned: field(attacked, 'poisonedFinalPrompts', 'attacked'),
      callsAttacked: field(attacked, 'modelCalls', 'attacked'),
      callsClean: field(clean, 'modelCalls', 'clean')
    }
  })
  const attackerOf = new Map<number, string>()
  for (const g of attackers) for (const p of g.peers) attackerOf.set(p, g.attack)
  const panels: PeerPanel[] = Array.from({ length: peers }, (_, i) => ({
    id: `peer-${i}`,
    label: `peer ${i}`,
    running: false,
    connections: [],
    banned: false,
    facts: [{ label: '', value: attackerOf.has(i) ? `attacker (${attackerOf.get(i) as string})` : 'honest' }]
  }))
  const timeline: TimelineEvent[] = [
    ...attackers.map(g => ({
      kind: 'attack-start' as const,
      text: `${g.attack} on peers ${g.peers.join(', ')} ${g.startAfter > 0 ? `starts after ${g.startAfter} honest records each` : 'from the start'}${Object.keys(g.params).length > 0 ? ` ${JSON.stringify(g.params)}` : ''}`
    })),
    ...seeds.map(s => ({ kind: 'ban' as const, text: `seed ${s.seed}: ${num(s.bannedAttackers, 0)} attackers banned, ${num(s.bannedHonest, 0)} honest peers banned, ${num(s.accusations, 0)} accusations` }))
  ]
  const gapText = estimateText(r, summary, 'robustnessGap', x => x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}`)
  // Optional run details (see scenario/run-details.ts), drawn from the first seed's attacked run.
  const firstSeed = seeds[0]?.seed
  const details = seeds.length === 0 ? { lineage: [], series: [] } : runDetails(r, r.object(r.object(r.array(root.seeds, 'seeds')[0], 'seeds[0]').attacked, 'seeds[0].attacked'), 'seeds[0].attacked')
  return {
    title: `Scenario ${name}`,
    mode: 'report',
    generatedAt,
    peers: panels,
    lineage: details.lineage,
    scoreSeries: details.series,
    ...(details.series.length > 0 ? { scoreAxis: { unit: 'step' as const, label: 'accuracy' } } : {}),
    accusations: [],
    bans: [],
    timeline,
    summary: [
      { label: 'model', value: simulated ? `${model} (simulator)` : model },
      { label: 'peers', value: `${peers} (${attackerOf.size} attackers)` },
      { label: 'seeds', value: String(seeds.length) },
      { label: 'honest accuracy, attacked', value: estimateText(r, summary, 'attackedAccuracy', pct) },
      { label: 'honest accuracy, clean', value: estimateText(r, summary, 'cleanAccuracy', pct) },
      { label: 'robustness gap (points)', value: gapText },
      { label: 'attackers banned', value: estimateText(r, summary, 'bannedAttackers', x => num(x)) },
      { label: 'honest peers banned', value: estimateText(r, summary, 'bannedHonest', x => num(x)) },
      { label: 'accusations', value: estimateText(r, summary, 'accusations', x => num(x)) },
      { label: 'poisoned final prompts', value: estimateText(r, summary, 'poisonedFinalPrompts', x => num(x)) }
    ],
    tables: [{
      title: 'Per seed',
      columns: ['seed', 'attacked', 'clean', 'gap (points)', 'attackers banned', 'honest banned', 'accusations', 'attacker candidates admitted', 'poisoned finals', 'calls attacked', 'calls clean'],
      rows: seeds.map(s => [String(s.seed), pct(s.attackedAccuracy), pct(s.cleanAccuracy), s.gap === undefined ? 'n/a' : (s.gap * 100).toFixed(1), num(s.bannedAttackers, 0), num(s.bannedHonest, 0), num(s.accusations, 0),
        `${num(s.admitted, 0)} / ${num(s.attackerCandidates, 0)}`, num(s.poisoned, 0), num(s.callsAttacked, 0), num(s.callsClean, 0)])
    }],
    missing: [
      `Report ${r.file}: a scenario report keeps per-seed outcomes.`,
      details.lineage.length > 0
        ? `Lineage: the ancestry of each task's winning prompt in seed ${firstSeed ?? '?'}'s attacked run, not the whole archive.`
        : 'No lineage: the report holds no archive (a swarm result, swarm.json, or a live dashboard has one).',
      'No connections or gossip scores: they exist only while a swarm runs.',
      details.series.length > 0
        ? `Accuracy over time: seed ${firstSeed ?? '?'}'s attacked run, by step rather than by clock time.`
        : 'No score history: the report keeps final accuracies only.',
      'Accusations and bans are counts per seed (in the table below), not a list of authors and verdicts.',
      'The timeline says when attacks start in records published, not in time.'
    ]
  }
}

/**
 * A run's optional details: `winningLineage` (by task, seed first) as lineage paths, and
 * `accuracyOverTime` as step-indexed series. Absent fields give empty lists.
 */
function runDetails (r: Reader, run: Json, path: string): { lineage: LineageNode[], series: ScoreSeries[] } {
  const lineage: LineageNode[] = []
  if (run.winningLineage !== undefined) {
    for (const [task, steps] of Object.entries(r.object(run.winningLineage, `${path}.winningLineage`))) {
      let parent: string | null = null
      r.array(steps, `${path}.winningLineage.${task}`).forEach((s, i) => {
        const at = `${path}.winningLineage.${task}[${i}]`
        const o = r.object(s, at)
        const id = r.string(o.id, `${at}.id`)
        const peer = r.optionalNumber(o.peer, `${at}.peer`)
        const score = r.optionalNumber(o.score, `${at}.score`)
        const text = o.text === undefined ? '' : r.string(o.text, `${at}.text`)
        lineage.push({
          id,
          parent,
          role: 'task',
          task,
          author: peer === undefined ? 'unknown' : `peer-${peer}`,
          authorLabel: peer === undefined ? 'unknown' : `peer ${peer}`,
          status: o.byAttacker === true ? 'by attacker' : 'winning path',
          ...(score !== undefined ? { score } : {}),
          text: text.length > 320 ? `${text.slice(0, 320)}…` : text
        })
        parent = id
      })
    }
  }
  const series: ScoreSeries[] = run.accuracyOverTime === undefined
    ? []
    : r.array(run.accuracyOverTime, `${path}.accuracyOverTime`).map((s, i) => {
      const at = `${path}.accuracyOverTime[${i}]`
      const o = r.object(s, at)
      const peer = r.number(o.peer, `${at}.peer`)
      return {
        peer: `peer-${peer}`,
        label: `peer ${peer}${o.honest === false ? ' (attacker)' : ''}`,
        task: 'accuracy',
        points: r.array(o.points, `${at}.points`).map((p, j) => {
          const q = r.object(p, `${at}.points[${j}]`)
          return [r.number(q.step, `${at}.points[${j}].step`), r.number(q.accuracy, `${at}.points[${j}].accuracy`)] as const
        })
      }
    })
  return { lineage, series }
}
