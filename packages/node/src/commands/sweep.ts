import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { AttackCatalog } from '../scenario/attack.js'
import { describeBreakdown } from '../scenario/breakdown.js'
import { loadSweep } from '../scenario/parse-sweep.js'
import { writeSweepReport } from '../scenario/report-files.js'
import { plural } from '../scenario/suite-report.js'
import { ScenarioError } from '../scenario/scenario-error.js'
import { runSweep } from '../scenario/sweep-runner.js'
import { formatSweepReport } from '../scenario/sweep-report.js'
import type { Command } from './command.js'
import { UsageError } from './usage-error.js'

function help (program: string): string {
  return `${program} sweep — run a scenario over attacker shares and defences, and find each defence's breakdown point

Usage: ${program} sweep <sweep.yaml> [options]

A sweep file names a base scenario, the attacker shares to try (e.g. 0 to 0.5 in steps of
0.125) and a list of defence variants. Every (share, defence) pair runs as a scenario (attacked
and clean run per seed). The breakdown point of a defence is the smallest share at which the
robustness gap exceeds 1 point. The whole file, and every scenario it derives, is validated
before any peer starts; errors name the file, line and field. See docs/scenarios.md.

Options:
  --out DIR       write <name>.json, <name>.md and <name>.html here (default: runs/sweeps)
  --check         only validate the file, run nothing
  -h, --help      show this help

Exit codes: 0 success, 1 failure (including an invalid file), 2 usage error, 130 interrupted.
`
}

/** The `sweep` command over a given attack catalog (packages/node ships none; see createRunCommand). */
export function createSweepCommand (attacks: AttackCatalog, program = 'promptswarm'): Command {
  const text = help(program)
  return {
    name: 'sweep',
    summary: 'run a sweep file: attacker shares × defences, breakdown point per defence',
    help: text,
    async run (argv, io) {
      const { values, positionals } = parseArgs({
        args: argv,
        options: { out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true
      })
      if (values.help === true) {
        io.out(text)
        return 0
      }
      if (positionals.length !== 1) throw new UsageError('expected exactly one sweep file')
      let sweep
      try {
        sweep = await loadSweep(positionals[0] as string, attacks)
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err
        io.err(`${program} sweep: ${err.message}`)
        return 1
      }
      const runs = sweep.cells.length
      if (values.check === true) {
        io.out(`${sweep.file}: valid (${sweep.shares.length} shares × ${sweep.defences.length} defences = ${runs} scenario runs, ${plural(sweep.cells[0]?.scenario.seeds.length ?? 0, 'seed')} each)`)
        return 0
      }
      const out = values.out ?? join('runs', 'sweeps')
      const started = Date.now()
      const report = await runSweep(sweep, {
        cacheDir: join(out, 'cache'),
        signal: io.signal,
        onProgress: message => io.err(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)
      })
      if (report.simulated) io.err(`Model ${report.model}: the embedded SIMULATOR (no real LLM). Results describe the simulator.`)
      const files = await writeSweepReport(out, report)
      io.out(formatSweepReport(report))
      for (const b of report.breakdown) io.err(`breakdown point, ${b.defence}: ${describeBreakdown(b.share, report.shares)}`)
      io.err(`Wrote ${[files.json, files.markdown, files.html].map(f => join(out, f)).join(', ')} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
      return 0
    }
  }
}
