#!/usr/bin/env node
// libp2p 3 needs Promise.withResolvers, which Node 20 lacks: the polyfill loads first.
import './polyfill.js'
import { evolveCommand } from './commands/evolve.js'
import { peerCommand } from './commands/peer.js'
import { swarmCommand } from './commands/swarm.js'
import { createRunCommand } from './commands/run.js'
import { reportCommand } from './commands/report.js'
import { dataCommand } from './commands/data.js'
import type { Command, CommandIO } from './commands/command.js'
import { isEntryPoint, runProgram } from './commands/program.js'

// `run` without attacks (they live in @promptswarm/adversary; its promptswarm-lab has them all).
const COMMANDS: readonly Command[] = [swarmCommand, evolveCommand, peerCommand, createRunCommand(new Map()), reportCommand, dataCommand]

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
  return await runProgram({ name: 'promptswarm', help: mainHelp, commands: COMMANDS }, argv, io)
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2))
