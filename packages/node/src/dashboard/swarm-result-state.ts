import { shortId, type DashboardState, type LineageNode, type PeerPanel } from './dashboard-state.js'
import { pct, type Json, type Reader } from './report-reader.js'

/**
 * A swarm result (`promptswarm swarm`'s swarm.json: peers, authors, archive, banned) as dashboard
 * state: the final archive as the lineage, the bans, and each honest peer's test accuracy.
 */
export function swarmResultState (root: Json, r: Reader, generatedAt: number): DashboardState {
  const model = root.model === undefined ? 'unknown model' : r.string(root.model, 'model')
  const simulated = root.simulated === true
  const authors = r.array(root.authors ?? [], 'authors').map((a, i) => r.string(a, `authors[${i}]`))
  const labelOf = (author: string): string => {
    const i = authors.indexOf(author)
    return i < 0 ? shortId(author) : `peer ${i}`
  }
  const outcomes = r.array(root.peers, 'peers').map((p, i) => {
    const o = r.object(p, `peers[${i}]`)
    const tasks = o.tasks === undefined ? {} : r.object(o.tasks, `peers[${i}].tasks`)
    return {
      index: r.number(o.index, `peers[${i}].index`),
      author: r.string(o.author, `peers[${i}].author`),
      tests: Object.entries(tasks).map(([task, t]) => ({ task, test: r.optionalNumber(r.object(t, `peers[${i}].tasks.${task}`).test, `peers[${i}].tasks.${task}.test`) }))
    }
  })
  const bans = r.array(root.banned ?? [], 'banned').map((b, i) => {
    const o = r.object(b, `banned[${i}]`)
    const author = r.string(o.author, `banned[${i}].author`)
    return { author, label: labelOf(author), reasons: r.array(o.reasons ?? [], `banned[${i}].reasons`).map((x, j) => r.string(x, `banned[${i}].reasons[${j}]`)) }
  })
  const bannedSet = new Set(bans.map(b => b.author))
  const lineage: LineageNode[] = r.array(root.archive, 'archive').map((c, i) => {
    const o = r.object(c, `archive[${i}]`)
    const role = r.string(o.role, `archive[${i}].role`)
    if (role !== 'task' && role !== 'optimizer') r.fail(`archive[${i}].role`, `expected "task" or "optimizer", got ${JSON.stringify(role)}`)
    const author = r.string(o.author, `archive[${i}].author`)
    const text = r.string(o.text, `archive[${i}].text`)
    const score = r.optionalNumber(o.score, `archive[${i}].score`)
    return {
      id: r.string(o.id, `archive[${i}].id`),
      parent: o.parent === null || o.parent === undefined ? null : r.string(o.parent, `archive[${i}].parent`),
      role,
      task: role === 'optimizer' ? 'optimizer' : r.string(o.task, `archive[${i}].task`),
      author,
      authorLabel: labelOf(author),
      status: r.string(o.status, `archive[${i}].status`),
      ...(score !== undefined ? { score } : {}),
      evaluations: r.optionalNumber(o.evaluations, `archive[${i}].evaluations`) ?? 0,
      text: text.length > 320 ? `${text.slice(0, 320)}…` : text
    }
  })
  const keys = authors.length > 0 ? authors : outcomes.map(o => o.author)
  const byAuthor = new Map(outcomes.map(o => [o.author, o]))
  const peers: PeerPanel[] = keys.map((author, i) => {
    const outcome = byAuthor.get(author)
    return {
      id: `peer-${i}`,
      label: `peer ${i}`,
      author,
      running: false,
      candidates: lineage.filter(n => n.author === author).length,
      connections: [],
      banned: bannedSet.has(author),
      facts: outcome === undefined ? [{ label: '', value: 'no outcome (not an honest peer)' }] : outcome.tests.map(t => ({ label: t.task, value: pct(t.test) }))
    }
  })
  const usage = root.usage === undefined ? {} : r.object(root.usage, 'usage')
  const calls = r.optionalNumber(usage.calls, 'usage.calls')
  const accused = r.array(root.accused ?? [], 'accused').map((a, i) => labelOf(r.string(a, `accused[${i}]`)))
  const seedAccuracy = root.seedAccuracy === undefined ? {} : r.object(root.seedAccuracy, 'seedAccuracy')
  const taskNames = [...new Set(outcomes.flatMap(o => o.tests.map(t => t.task)))]
  const evolutionMs = r.optionalNumber(root.evolutionMs, 'evolutionMs')
  return {
    title: `Swarm run (${model})`,
    mode: 'report',
    generatedAt,
    peers,
    lineage,
    scoreSeries: [],
    accusations: [],
    bans,
    timeline: bans.map(b => ({ kind: 'ban' as const, text: `${b.label} banned (${b.reasons.join(', ')})`, subject: b.author })),
    summary: [
      { label: 'model', value: simulated ? `${model} (simulator)` : model },
      { label: 'peers', value: String(keys.length) },
      { label: 'candidates', value: String(lineage.length) },
      { label: 'admitted', value: String(lineage.filter(n => n.status === 'admitted').length) },
      { label: 'model calls', value: calls === undefined ? 'n/a' : calls.toLocaleString('en-US') },
      { label: 'evolution', value: evolutionMs === undefined ? 'n/a' : `${(evolutionMs / 1000).toFixed(1)} s` },
      { label: 'agreement', value: root.agreement === true ? 'yes' : root.agreement === false ? 'NO' : 'n/a' },
      { label: 'accusations', value: String(r.optionalNumber(root.accusations, 'accusations') ?? 'n/a') }
    ],
    tables: taskNames.length === 0
      ? []
      : [{
          title: 'Test accuracy of each honest peer\'s final prompt',
          columns: ['peer', ...taskNames],
          rows: [
            ...outcomes.map(o => [labelOf(o.author), ...taskNames.map(t => pct(o.tests.find(x => x.task === t)?.test))]),
            ['seed prompt (Manual-CoT)', ...taskNames.map(t => pct(r.optionalNumber(seedAccuracy[t], `seedAccuracy.${t}`)))]
          ]
        }],
    missing: [
      `Report ${r.file}: the final archive of a swarm run.`,
      'No connections or gossip scores: they exist only while a swarm runs.',
      'No score history and no event times: the run keeps its final state only.',
      ...(accused.length > 0 ? [`Accused (accusers and verdicts are not in this file): ${[...new Set(accused)].join(', ')}.`] : [])
    ]
  }
}
