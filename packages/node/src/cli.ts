#!/usr/bin/env node
// libp2p 3 needs Promise.withResolvers, which Node 20 lacks: the polyfill loads first.
import './polyfill.js'
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { evolveCommand } from './commands/evolve.js'
import { peerCommand } from './commands/peer.js'
import { swarmCommand } from './commands/swarm.js'
import { createRunCommand } from './commands/run.js'
import type { Command, CommandIO } from './commands/command.js'
import { UsageError } from './commands/usage-error.js'

// `run` without attacks (they live in @promptswarm/adversary; its promptswarm-lab has them all).
const COMMANDS: readonly Command[] = [swarmCommand, evolveCommand, peerCommand, createRunCommand(new Map())]

function mainHelp (): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length))
  return [
    'promptswarm — a decentralized swarm that evolves system prompts (SePO), and a lab for attacking it',
    '',
    'Usage: promptswarm <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `promptswarm <command> --help` for a command\'s options.',
    'Exit codes: 0 success, 1 failure, 2 usage error, 130 interrupted.'
  ].join('\n')
}

/** Runs the CLI and returns its exit code; never throws. */
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
      streams.out(mainHelp())
      return name === undefined ? 2 : 0
    }
    const command = COMMANDS.find(c => c.name === name)
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`)
    try {
      return await command.run(rest, streams)
    } catch (err) {
      if (streams.signal.aborted) {
        streams.err('interrupted')
        return 130
      }
      // parseArgs reports unknown or malformed flags as TypeErrors with an ERR_PARSE_ARGS code.
      if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
        streams.err(`promptswarm ${command.name}: ${(err as Error).message}\n\n${command.help}`)
        return 2
      }
      throw err
    }
  } catch (err) {
    if (err instanceof UsageError) {
      streams.err(`promptswarm: ${err.message}\n\n${mainHelp()}`)
      return 2
    }
    const e = err as Error
    streams.err(`promptswarm: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`)
    return 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** True when this file is the program (run directly or through npm's bin symlink), not imported. */
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
