#!/usr/bin/env node
// libp2p 3 needs Promise.withResolvers, which Node 20 lacks: the polyfill loads first.
import '@promptswarm/node/polyfill'
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CommandIO } from '@promptswarm/node'
import { ATTACKS } from './catalog.js'
import { labRunCommand } from './lab-run-command.js'

const HELP = `promptswarm-lab — run attack scenarios against a local promptswarm swarm

Usage: promptswarm-lab run <scenario.yaml> [--out DIR] [--check]

Attacks:
${[...ATTACKS.values()].map(a => `  ${a.name.padEnd(20)} ${a.summary}`).join('\n')}

Run \`promptswarm-lab run --help\` for details; scenario files are described in docs/scenarios.md.
Exit codes: 0 success, 1 failure (including an invalid scenario file), 2 usage error, 130 interrupted.`

/** Runs the lab CLI and returns its exit code; never throws. */
export async function main (argv: string[], io?: Partial<CommandIO>): Promise<number> {
  const controller = new AbortController()
  const onSignal = (): void => controller.abort(new Error('interrupted'))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const streams: CommandIO = {
    out: io?.out ?? (text => { process.stdout.write(`${text}\n`) }),
    err: io?.err ?? (text => { process.stderr.write(`${text}\n`) }),
    signal: io?.signal ?? controller.signal
  }
  const [name, ...rest] = argv
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      streams.out(HELP)
      return name === undefined ? 2 : 0
    }
    if (name !== 'run') {
      streams.err(`promptswarm-lab: unknown command ${JSON.stringify(name)}\n\n${HELP}`)
      return 2
    }
    return await labRunCommand.run(rest, streams)
  } catch (err) {
    if (streams.signal.aborted) {
      streams.err('interrupted')
      return 130
    }
    const e = err as Error & { code?: string }
    if (e.name === 'UsageError' || e.code?.startsWith('ERR_PARSE_ARGS') === true) {
      streams.err(`promptswarm-lab run: ${e.message}\n\n${labRunCommand.help}`)
      return 2
    }
    streams.err(`promptswarm-lab: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`)
    return 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

function isEntryPoint (): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2))
