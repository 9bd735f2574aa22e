import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { DashboardServer } from '../dashboard/dashboard-server.js'
import { loadPageAssets, renderPage } from '../dashboard/page.js'
import { loadReportFile, ReportFileError, StaticSource } from '../dashboard/report-source.js'
import type { Command } from './command.js'
import { parsePortOption } from './dashboard-option.js'
import { UsageError } from './usage-error.js'

const HELP = `promptswarm report — open a finished run's report in the dashboard

Usage: promptswarm report <report.json> [options]

Reads a scenario report (written by \`run\`: <name>.json) or a swarm result (written by
\`swarm\`: swarm.json) and shows it in the dashboard page: what the file holds, and a note on
what it does not (a report keeps no connections or score history).

Without --serve, writes one self-contained HTML file (no network access needed to view it)
and prints its path. With --serve, serves the page until Ctrl-C.

Options:
  --serve PORT      serve the dashboard on this port (0 picks a free one) and print its URL
  --host ADDR       address to serve on (default 127.0.0.1: this machine only)
  --out FILE        where to write the HTML (default: the report's path with .html)
  -h, --help        show this help
`

export const reportCommand: Command = {
  name: 'report',
  summary: 'open a finished run\'s report (scenario or swarm JSON) in the dashboard',
  help: HELP,
  async run (argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        serve: { type: 'string' },
        host: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      },
      allowPositionals: true,
      strict: true
    })
    if (values.help === true) {
      io.out(HELP)
      return 0
    }
    if (positionals.length !== 1) throw new UsageError(`expected exactly one report file, got ${positionals.length}`)
    if (values.serve !== undefined && values.out !== undefined) throw new UsageError('--out writes a file and --serve serves the page: give one of them')
    if (values.host !== undefined && values.serve === undefined) throw new UsageError('--host needs --serve')
    const file = positionals[0] as string
    const port = values.serve === undefined ? undefined : parsePortOption('serve', values.serve)
    let state
    try {
      state = await loadReportFile(file)
    } catch (err) {
      if (!(err instanceof ReportFileError)) throw err
      io.err(`promptswarm report: ${err.message}`)
      return 1
    }
    if (port === undefined) {
      const out = values.out ?? `${file.replace(/\.json$/i, '')}.html`
      await writeFile(out, renderPage(await loadPageAssets(), state))
      io.out(out)
      io.err(`Wrote the dashboard of ${file} to ${out}`)
      return 0
    }
    const server = await DashboardServer.start({ source: new StaticSource(state), port, ...(values.host !== undefined ? { host: values.host } : {}) })
    try {
      io.out(`dashboard: ${server.url}`)
      io.err('Serving until Ctrl-C.')
      if (!io.signal.aborted) await new Promise<void>(resolve => io.signal.addEventListener('abort', () => resolve(), { once: true }))
    } finally {
      await server.close()
    }
    return 130
  }
}
