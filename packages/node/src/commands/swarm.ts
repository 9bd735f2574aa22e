import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { AGGREGATOR_KINDS, type AggregatorSpec } from '@promptswarm/protocol'
import type { MethodBudget } from '../evolution/methods.js'
import { MINIBATCH_POLICIES, type MinibatchPolicy } from '../evolution/minibatch.js'
import { createModel, DEFAULT_MODEL } from '../model/registry.js'
import { DEFAULT_DEFENCES, runSwarmSepo, type SwarmSepoResult } from '../swarm-evolution/swarm-sepo.js'
import { allTasks, TASK_IDS, type TaskId } from '../tasks/index.js'
import { loadLocalTasks } from '../tasks/local-datasets.js'
import type { Task } from '../tasks/task.js'
import type { Command } from './command.js'
import { parseIntegerOption, parseListOption, UsageError } from './usage-error.js'
import { parsePortOption } from './dashboard-option.js'
import { SwarmDashboard } from './swarm-dashboard.js'

const HELP = `promptswarm swarm — run decentralized SePO on a local swarm of peers

Usage: promptswarm swarm [options]

Starts N peers in this process on 127.0.0.1 (real libp2p: TCP, noise, yamux, gossipsub),
each with its own archive. Together they run SePO on a shared budget: every peer proposes
children, each candidate is evaluated by a committee of peers drawn from their hellos,
scores are aggregated robustly, and every peer derives the same archive view. At the end a
trusted auditor scores each peer's final prompts on the held-out test split.

Options:
  --peers N             peers in the swarm (default: 8)
  --tasks LIST          tasks, comma-separated (default: math,gpqa,sudoku)
  --data DIR            run on the public datasets in DIR where present (see "promptswarm
                        data"); project-made sets for the other tasks
  --model NAME          synthetic:small | synthetic:large | openai:<model>@<base URL>
                        (default: ${DEFAULT_MODEL}, the embedded simulator)
  --seed N              seed of the run (default: 1)
  --stage1 N            stage-1 generations of the shared budget (default: 6)
  --stage2 N            stage-2 generations per task (default: 2)
  --children N          task-prompt children per generation (default: 5)
  --aggregator NAME     ${AGGREGATOR_KINDS.join(' | ')} (default: median)
  --trim X              trim share for trimmed/winsorized means (default: 0.2)
  --committee N         evaluators per candidate (default: ${DEFAULT_DEFENCES.committee.size})
  --quorum N            evaluations a score needs (default: ${DEFAULT_DEFENCES.quorum})
  --minibatches POLICY  shared: one minibatch per candidate for its whole committee, so a
                        median over an honest majority is exact (default); per-evaluator:
                        each member its own items, so audits catch copied outcomes
  --out DIR             write swarm.json and swarm.md here (default: runs/swarm)
  --dashboard PORT      serve the live dashboard and Prometheus /metrics on this port
                        (0 picks a free one), print its URL, and keep it up after the
                        run until Ctrl-C; see docs/dashboard.md
  --dashboard-host ADDR address the dashboard listens on (default 127.0.0.1)
  -h, --help            show this help
`

export const swarmCommand: Command = {
  name: 'swarm',
  summary: 'run decentralized SePO on a local swarm of peers and report what it evolved',
  help: HELP,
  async run (argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        peers: { type: 'string' },
        tasks: { type: 'string' },
        data: { type: 'string' },
        model: { type: 'string' },
        seed: { type: 'string' },
        stage1: { type: 'string' },
        stage2: { type: 'string' },
        children: { type: 'string' },
        aggregator: { type: 'string' },
        trim: { type: 'string' },
        committee: { type: 'string' },
        quorum: { type: 'string' },
        minibatches: { type: 'string' },
        out: { type: 'string' },
        dashboard: { type: 'string' },
        'dashboard-host': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true
    })
    if (values.help === true) {
      io.out(HELP)
      return 0
    }
    const peers = parseIntegerOption('peers', values.peers, 8, 2)
    const dashboardPort = values.dashboard === undefined ? undefined : parsePortOption('dashboard', values.dashboard)
    if (values['dashboard-host'] !== undefined && dashboardPort === undefined) throw new UsageError('--dashboard-host needs --dashboard')
    const taskIds = parseListOption<TaskId>('tasks', values.tasks, TASK_IDS, ['math', 'gpqa', 'sudoku'])
    const committee = parseIntegerOption('committee', values.committee, DEFAULT_DEFENCES.committee.size, 1)
    const quorum = parseIntegerOption('quorum', values.quorum, Math.min(DEFAULT_DEFENCES.quorum, committee), 1)
    if (committee > peers - 1) throw new UsageError(`--committee ${committee} needs at least ${committee + 1} peers (an author never evaluates its own candidates)`)
    if (quorum > committee) throw new UsageError(`--quorum ${quorum} cannot exceed --committee ${committee}`)
    const budget: MethodBudget = {
      stage1Generations: parseIntegerOption('stage1', values.stage1, 6),
      stage2Generations: parseIntegerOption('stage2', values.stage2, 2),
      childrenPerGeneration: parseIntegerOption('children', values.children, 5, 1),
      optimizerChildren: 2,
      minibatchSize: 24,
      finalists: 4
    }
    const out = values.out ?? join('runs', 'swarm')
    const model = createModel(values.model ?? DEFAULT_MODEL, { cacheDir: join(out, 'cache') })
    const registry = allTasks()
    // --data: public datasets where the data directory has them, project-made sets elsewhere.
    const local = values.data === undefined ? new Map() : await loadLocalTasks(values.data, taskIds)
    for (const { dataset } of local.values()) io.err(`${dataset.task}: ${dataset.items} items from ${dataset.path}`)
    const tasks = taskIds.map(id => (local.get(id)?.task ?? registry.get(id)) as Task)
    const aggregator = parseAggregator(values.aggregator, values.trim)
    const minibatches = parseListOption<MinibatchPolicy>('minibatches', values.minibatches, MINIBATCH_POLICIES, ['shared'])
    if (minibatches.length !== 1) throw new UsageError('--minibatches takes one policy')
    if (model.simulated) io.err(`Model ${model.id}: the embedded SIMULATOR (no real LLM). Results describe the simulator.`)
    io.err(`Starting ${peers} peers (aggregator ${aggregator.kind}, committee ${committee}, quorum ${quorum}, ${minibatches[0]} minibatches)...`)
    const dashboard = dashboardPort === undefined
      ? undefined
      : await SwarmDashboard.open({ peers, port: dashboardPort, title: `promptswarm swarm · ${peers} peers`, ...(values['dashboard-host'] !== undefined ? { host: values['dashboard-host'] } : {}) }, io)
    try {
      const started = Date.now()
      const result = await runSwarmSepo({
        peers,
        tasks,
        model,
        seed: parseIntegerOption('seed', values.seed, 1),
        budget,
        defences: { ...DEFAULT_DEFENCES, aggregator, quorum, committee: { size: committee, backups: 2 }, minibatches: minibatches[0] as MinibatchPolicy },
        signal: io.signal,
        onProgress: message => io.err(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`),
        ...dashboard?.runHooks()
      })
      const report = formatSwarmReport(result, model.id, model.simulated, tasks)
      await mkdir(out, { recursive: true })
      await writeFile(join(out, 'swarm.json'), JSON.stringify({ model: model.id, simulated: model.simulated, ...result }, null, 2))
      await writeFile(join(out, 'swarm.md'), `${report}\n`)
      io.out(report)
      io.err(`Wrote ${join(out, 'swarm.json')} and ${join(out, 'swarm.md')}`)
      await dashboard?.holdUntilInterrupted(io)
      return result.agreement ? 0 : 1
    } finally {
      await dashboard?.close()
    }
  }
}

function parseAggregator (kind: string | undefined, trim: string | undefined): AggregatorSpec {
  const k = parseListOption('aggregator', kind, AGGREGATOR_KINDS, ['median'])
  if (k.length !== 1) throw new UsageError('--aggregator takes one name')
  const t = trim === undefined ? 0.2 : Number(trim)
  if (!Number.isFinite(t) || t < 0 || t >= 0.5) throw new UsageError(`--trim must be in [0, 0.5), got ${JSON.stringify(trim)}`)
  switch (k[0]) {
    case 'trimmed-mean': return { kind: 'trimmed-mean', trim: t }
    case 'winsorized-mean': return { kind: 'winsorized-mean', trim: t }
    case 'consensus-clipping': return { kind: 'consensus-clipping', kappa: 0.5 }
    default: return { kind: k[0] as 'mean' | 'median' | 'reputation-median' }
  }
}

export function formatSwarmReport (result: SwarmSepoResult, model: string, simulated: boolean, tasks: readonly Task[]): string {
  const header = ['peer', 'author', ...tasks.map(t => t.id), 'view digest']
  const rows = result.peers.map(p => [String(p.index), p.author.slice(0, 12), ...tasks.map(t => `${((p.tasks[t.id]?.test ?? 0) * 100).toFixed(1)}`), p.viewDigest.slice(0, 16)])
  const seed = tasks.map(t => t.id)
  const widths = header.map((h, i) => Math.max(h.length, 10, ...rows.map(r => (r[i] as string).length)))
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`
  return [
    simulated ? `Model: ${model} — SIMULATOR: these figures come from promptswarm's embedded synthetic model, not a real LLM.` : `Model: ${model}`,
    `${result.peers.length} peers, ${result.candidates} candidates, ${result.usage.calls.toLocaleString('en-US')} model calls, evolution ${(result.evolutionMs / 1000).toFixed(1)} s.`,
    `Agreement: ${result.agreement ? 'every peer holds the same records and derives the same view' : 'PEERS DISAGREE'}.`,
    `Test accuracy (%) of each peer's final prompt per task (${seed.join(', ')}), scored by the trusted auditor:`,
    '',
    line(header),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    line(['seed', 'Manual-CoT', ...tasks.map(t => `${((result.seedAccuracy[t.id] ?? 0) * 100).toFixed(1)}`), ''])
  ].join('\n')
}
