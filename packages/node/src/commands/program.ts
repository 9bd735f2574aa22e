import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Command, CommandIO } from './command.js'
import { UsageError } from './usage-error.js'

/** A command-line program: its name, its help text and its subcommands. */
export interface Program {
  readonly name: string
  readonly help: () => string
  readonly commands: readonly Command[]
}

/**
 * Runs a program's subcommand and returns the exit code; never throws. 0 success, 1 failure,
 * 2 usage error (printed with the command's help), 130 interrupted (SIGINT/SIGTERM abort the
 * command's signal so it can stop cleanly).
 */
export async function runProgram (program: Program, argv: string[], io?: Partial<CommandIO>): Promise<number> {
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
      streams.out(program.help())
      return name === undefined ? 2 : 0
    }
    const command = program.commands.find(c => c.name === name)
    if (command === undefined) throw new UsageError(`unknown command ${JSON.stringify(name)}`)
    try {
      return await command.run(rest, streams)
    } catch (err) {
      if (streams.signal.aborted) {
        streams.err('interrupted')
        return 130
      }
      if (isUsageError(err)) {
        streams.err(`${program.name} ${command.name}: ${(err as Error).message}\n\n${command.help}`)
        return 2
      }
      throw err
    }
  } catch (err) {
    if (err instanceof UsageError) {
      streams.err(`${program.name}: ${err.message}\n\n${program.help()}`)
      return 2
    }
    const e = err as Error
    streams.err(`${program.name}: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`)
    return 1
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** Usage errors: ours, and parseArgs' unknown or malformed flags (TypeErrors with an ERR_PARSE_ARGS code). */
function isUsageError (err: unknown): boolean {
  return err instanceof UsageError || (err as Error | undefined)?.name === 'UsageError' || (err as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS') === true
}

/** True when the module at `moduleUrl` is the program being run (directly or through a bin symlink), not imported. */
export function isEntryPoint (moduleUrl: string): boolean {
  const script = process.argv[1]
  if (script === undefined) return false
  try {
    return realpathSync(script) === fileURLToPath(moduleUrl)
  } catch {
    return false
  }
}
