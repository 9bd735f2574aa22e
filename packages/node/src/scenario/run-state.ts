import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256, toHex } from '@promptswarm/protocol'
import type { Scenario } from './scenario.js'
import type { RunSummary } from './scenario-runner.js'

/** The state directory belongs to another scenario, or a finished run's summary is unreadable. */
export class RunStateError extends Error {
  override readonly name = 'RunStateError'
  readonly code = 'RUN_STATE'
}

/**
 * What a scenario run keeps on disk so that it can be interrupted (Ctrl-C, SIGKILL, a crash) and
 * resumed: per seed and twin, the peers' level stores while the swarm runs and the summary once it
 * has finished. A fingerprint of the scenario guards against resuming with a changed file.
 */
export class RunState {
  private constructor (readonly directory: string) {}

  static async open (directory: string, scenario: Scenario): Promise<RunState> {
    await mkdir(directory, { recursive: true })
    const file = join(directory, 'scenario.json')
    const fingerprint = scenarioFingerprint(scenario)
    let stored: string | undefined
    try {
      stored = (JSON.parse(await readFile(file, 'utf8')) as { fingerprint?: string }).fingerprint
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new RunStateError(`${file}: unreadable (${(err as Error).message}); remove ${directory} to start afresh`)
    }
    if (stored !== undefined && stored !== fingerprint) {
      throw new RunStateError(`${directory} holds an interrupted run of a different version of ${scenario.file}; remove it (or pass --fresh) to start afresh`)
    }
    if (stored === undefined) await writeAtomically(file, JSON.stringify({ scenario: scenario.name, file: scenario.file, fingerprint }, null, 2))
    return new RunState(directory)
  }

  /** Where the swarm of one seed and twin keeps its peers' stores. */
  peersDir (seed: number, twin: 'attacked' | 'clean'): string {
    return join(this.directory, `seed-${seed}-${twin}`, 'peers')
  }

  async finished (seed: number, twin: 'attacked' | 'clean'): Promise<RunSummary | undefined> {
    const file = this.summaryFile(seed, twin)
    try {
      return JSON.parse(await readFile(file, 'utf8')) as RunSummary
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new RunStateError(`${file}: unreadable (${(err as Error).message}); remove it to run that swarm again`)
    }
  }

  async finish (seed: number, twin: 'attacked' | 'clean', summary: RunSummary): Promise<void> {
    const file = this.summaryFile(seed, twin)
    await mkdir(join(this.directory, `seed-${seed}-${twin}`), { recursive: true })
    await writeAtomically(file, JSON.stringify(summary, null, 2))
  }

  private summaryFile (seed: number, twin: 'attacked' | 'clean'): string {
    return join(this.directory, `seed-${seed}-${twin}`, 'summary.json')
  }
}

/** A hash of everything in the scenario that changes a run (attacks by name and parameters). */
export function scenarioFingerprint (scenario: Scenario): string {
  const { attackers, file: _file, ...rest } = scenario
  const canonical = JSON.stringify({ ...rest, attackers: attackers.map(g => ({ attack: g.attack.name, peers: g.peers, startAfter: g.startAfter, params: g.params })) })
  return toHex(sha256(Buffer.from(canonical)))
}

/**
 * The key of a scenario's clean twin for one seed: everything that shapes a clean run and nothing
 * else (not the name, the description or the attackers). In lockstep, scenarios that differ only
 * by their attacks have the very same clean run, so a suite or sweep computes it once.
 */
export function cleanRunKey (scenario: Scenario, seed: number): string {
  const { attackers: _a, file: _f, name: _n, description: _d, seeds: _s, ...shape } = scenario
  return toHex(sha256(Buffer.from(JSON.stringify({ shape, seed, version: 1 }))))
}

/** Written to a temporary name and renamed, so a kill never leaves half a file. */
async function writeAtomically (file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text)
  await rename(`${file}.tmp`, file)
}
