import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { AttackCatalog } from '../scenario/attack.js'
import { loadScenario } from '../scenario/parse-scenario.js'
import { writeScenarioReport } from '../scenario/report-files.js'
import { formatScenarioReport } from '../scenario/scenario-report.js'
import { runScenario } from '../scenario/scenario-runner.js'
import { ScenarioError } from '../scenario/scenario-error.js'
import { RunStateError } from '../scenario/run-state.js'
import type { Command } from './command.js'
import { UsageError } from './usage-error.js'

function help (program: string, attacks: AttackCatalog): string {
  const names = [...attacks.values()]
  return `${program} run — run an attack scenario on a local swarm and compare it with a clean run

Usage: ${program} run <scenario.yaml> [options]

Validates the scenario file (errors name the file, line and field), then for each seed runs
the swarm with its attackers and the same swarm with every peer honest, and reports the
honest peers' test accuracy against the clean run (the robustness gap), bans (true and false
positives), accusations and model calls, as mean ± 95% CI over seeds. See docs/scenarios.md.

Options:
  --out DIR       write <name>.json, <name>.md and <name>.html here (default: runs/scenarios)
  --seeds LIST    run these seeds instead of the file's: 1,2,5 or 1-10
  --state DIR     keep the run's state here (default: <out>/state/<name>); an interrupted run
                  (Ctrl-C, kill, crash) started again resumes from it
  --fresh         discard a previous interrupted run's state and start afresh
  --keep-state    keep the state (peers' stores, per-swarm summaries) after success
  --check         only validate the file, run nothing
  -h, --help      show this help

Attacks: ${names.length === 0 ? 'none in this program (they live in @promptswarm/adversary: promptswarm-lab)' : ''}
${names.map(a => `  ${a.name.padEnd(20)} ${a.summary}`).join('\n')}
`
}

/**
 * The `run` command over a given attack catalog. packages/node ships no attacks (the adversary
 * package depends on this one, not the reverse), so the lab program supplies them.
 */
export function createRunCommand (attacks: AttackCatalog, program = 'promptswarm'): Command {
  const text = help(program, attacks)
  return {
    name: 'run',
    summary: 'run an attack scenario file: attacked vs clean swarm, robustness report',
    help: text,
    async run (argv, io) {
      const { values, positionals } = parseArgs({
        args: argv,
        options: {
          out: { type: 'string' },
          state: { type: 'string' },
          fresh: { type: 'boolean' },
          seeds: { type: 'string' },
          'keep-state': { type: 'boolean' },
          check: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' }
        },
        allowPositionals: true,
        strict: true
      })
      if (values.help === true) {
        io.out(text)
        return 0
      }
      if (positionals.length !== 1) throw new UsageError('expected exactly one scenario file')
      let scenario
      try {
        scenario = await loadScenario(positionals[0] as string, attacks)
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err
        io.err(`${program} run: ${err.message}`)
        return 1
      }
      if (values.seeds !== undefined) scenario = { ...scenario, seeds: parseSeedList(values.seeds) }
      if (values.check === true) {
        io.out(`${scenario.file}: valid (${scenario.peers} peers, ${scenario.attackers.length} attacker groups, ${scenario.seeds.length} seeds)`)
        return 0
      }
      const out = values.out ?? join('runs', 'scenarios')
      const stateDir = values.state ?? join(out, 'state', scenario.name)
      if (values.fresh === true) await rm(stateDir, { recursive: true, force: true })
      else if (existsSync(join(stateDir, 'scenario.json'))) io.err(`Resuming the interrupted run kept in ${stateDir} (--fresh starts afresh).`)
      const started = Date.now()
      let report
      try {
        report = await runScenario(scenario, {
          cacheDir: join(out, 'cache'),
          stateDir,
          signal: io.signal,
          onProgress: message => io.err(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)
        })
      } catch (err) {
        if (err instanceof RunStateError) {
          io.err(`${program} run: ${err.message}`)
          return 1
        }
        if (io.signal.aborted) io.err(`Interrupted: the same command resumes from ${stateDir}.`)
        throw err
      }
      if (values['keep-state'] !== true) await rm(stateDir, { recursive: true, force: true })
      if (report.simulated) io.err(`Model ${report.model}: the embedded SIMULATOR (no real LLM). Results describe the simulator.`)
      const files = await writeScenarioReport(out, report)
      io.out(formatScenarioReport(report))
      io.err(`Wrote ${[files.json, files.markdown, files.html].map(f => join(out, f)).join(', ')}`)
      return 0
    }
  }
}

/** `1,2,5` or `1-10` (or both, `1-3,7`): distinct non-negative integers, in order given. */
export function parseSeedList (text: string): number[] {
  const seeds: number[] = []
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part)
    if (range === null) throw new UsageError(`--seeds: ${JSON.stringify(part)} is not a seed or a range like 1-10`)
    const from = Number(range[1])
    const to = range[2] === undefined ? from : Number(range[2])
    if (to < from || to - from >= 1000) throw new UsageError(`--seeds: ${JSON.stringify(part)} is not an increasing range of at most 1000 seeds`)
    for (let s = from; s <= to; s++) if (!seeds.includes(s)) seeds.push(s)
  }
  return seeds
}
