#!/usr/bin/env node
// libp2p 3 needs Promise.withResolvers, which Node 20 lacks: the polyfill loads first.
import '@promptswarm/node/polyfill'
import { isEntryPoint, runProgram, type CommandIO } from '@promptswarm/node'
import { ATTACKS } from './catalog.js'
import { labRunCommand } from './lab-run-command.js'
import { labSuiteCommand } from './lab-suite-command.js'
import { labSweepCommand } from './lab-sweep-command.js'

const HELP = `promptswarm-lab — run attack scenarios against a local promptswarm swarm

Usage: promptswarm-lab run <scenario.yaml> [--out DIR] [--check]
       promptswarm-lab sweep <sweep.yaml> [--out DIR] [--check]
       promptswarm-lab suite [DIR] [--out DIR] [--quick] [--check]

Commands:
  run      one scenario: attacked vs clean swarm per seed, robustness report (JSON, Markdown, HTML)
  sweep    a base scenario over attacker shares × defences: breakdown point per defence
  suite    every scenario in DIR (default: scenarios) and sweep in DIR/sweeps; summary.md, index.html

Attacks:
${[...ATTACKS.values()].map(a => `  ${a.name.padEnd(20)} ${a.summary}`).join('\n')}

Run \`promptswarm-lab <command> --help\` for details; scenario files are described in docs/scenarios.md.
Exit codes: 0 success, 1 failure (including an invalid scenario file), 2 usage error, 130 interrupted.`

/** Runs the lab CLI and returns its exit code; never throws. */
export async function main (argv: string[], io?: Partial<CommandIO>): Promise<number> {
  return await runProgram({ name: 'promptswarm-lab', help: () => HELP, commands: [labRunCommand, labSweepCommand, labSuiteCommand] }, argv, io)
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main(process.argv.slice(2))
