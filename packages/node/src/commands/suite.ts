import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { AttackCatalog } from '../scenario/attack.js'
import { planSuite, runSuite, SuiteError, SWEEPS_DIR } from '../scenario/suite.js'
import { plural } from '../scenario/suite-report.js'
import type { Command } from './command.js'
import { UsageError } from './usage-error.js'

function help (program: string): string {
  return `${program} suite — run every scenario and sweep of a directory and write an index of the results

Usage: ${program} suite [DIR] [options]

Runs every scenario file DIR/*.yaml (default DIR: scenarios) and every sweep file
DIR/${SWEEPS_DIR}/*.yaml. All files are validated first; any invalid file stops the suite before
it starts. Each report is written as soon as it is done (JSON, Markdown, HTML), then the index:
summary.md (every scenario with its gap, attack success and detection figures, every sweep with
its breakdown points), index.html (the same with plots) and suite.json. A scenario that fails
is recorded and the suite goes on. Ctrl-C stops it and still writes the index of what finished.

Options:
  --out DIR       where to write the reports and the index (default: runs/suite)
  --quick         only the first seed of each scenario and sweep (a smoke run: no CIs)
  --fresh         discard the state an interrupted suite left in <out>/state and start afresh
                  (by default the same command resumes it: finished swarms are not run again)
  --check         only validate the files, run nothing
  -h, --help      show this help

Exit codes: 0 success, 1 failure (an invalid file or a failed scenario), 2 usage error,
130 interrupted.
`
}

/** The `suite` command over a given attack catalog (packages/node ships none; see createRunCommand). */
export function createSuiteCommand (attacks: AttackCatalog, program = 'promptswarm'): Command {
  const text = help(program)
  return {
    name: 'suite',
    summary: 'run every scenario and sweep of a directory; write summary.md and index.html',
    help: text,
    async run (argv, io) {
      const { values, positionals } = parseArgs({
        args: argv,
        options: { out: { type: 'string' }, quick: { type: 'boolean' }, fresh: { type: 'boolean' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true
      })
      if (values.help === true) {
        io.out(text)
        return 0
      }
      if (positionals.length > 1) throw new UsageError('expected at most one directory')
      const dir = positionals[0] ?? 'scenarios'
      let plan
      try {
        plan = await planSuite(dir, attacks, values.quick === true)
      } catch (err) {
        if (!(err instanceof SuiteError)) throw err
        io.err(`${program} suite: ${err.message}`)
        return 1
      }
      const runs = plan.scenarios.length + plan.sweeps.reduce((n, s) => n + s.cells.length, 0)
      if (values.check === true) {
        io.out(`${dir}: valid (${plural(plan.scenarios.length, 'scenario')}, ${plural(plan.sweeps.length, 'sweep')}; ${plural(runs, 'scenario run')})`)
        return 0
      }
      const out = values.out ?? join('runs', 'suite')
      const stateDir = join(out, 'state')
      if (values.fresh === true) await rm(stateDir, { recursive: true, force: true })
      else if (existsSync(stateDir)) io.err(`Resuming the interrupted suite kept in ${stateDir} (--fresh starts afresh).`)
      const started = Date.now()
      const suite = await runSuite(plan, {
        out,
        stateDir,
        signal: io.signal,
        onProgress: message => io.err(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`)
      })
      const index = [suite.index.markdown, suite.index.html, suite.index.json].map(f => join(out, f)).join(', ')
      if (suite.interrupted) {
        io.err(`interrupted: wrote the index of what finished to ${index}`)
        return 130
      }
      const failed = [...suite.scenarios, ...suite.sweeps].filter(e => e.status === 'failed')
      io.out(`Suite done in ${suite.seconds.toFixed(0)} s: ${plural(suite.scenarios.length, 'scenario')}, ${plural(suite.sweeps.length, 'sweep')}. Index: ${index}`)
      if (failed.length > 0) {
        io.err(`${failed.length} failed: ${failed.map(e => `${e.name} (${e.error ?? ''})`).join('; ')}`)
        return 1
      }
      return 0
    }
  }
}
