import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LanguageModel } from '../model/language-model.js'
import { createModel } from '../model/registry.js'
import type { AttackCatalog } from './attack.js'
import { loadScenario } from './parse-scenario.js'
import { loadSweep } from './parse-sweep.js'
import { reportBaseName, reportFiles, writeScenarioReport, writeSweepReport, type ReportFiles } from './report-files.js'
import type { Scenario } from './scenario.js'
import { ScenarioError } from './scenario-error.js'
import { runScenario, type RunSummary, type ScenarioReport } from './scenario-runner.js'
import type { Sweep, SweepReport } from './sweep.js'
import { runSweep } from './sweep-runner.js'
import { suiteIndexHtml } from './suite-html.js'
import { describeDefences, formatSuiteSummary, plural, suiteJson } from './suite-report.js'

/** Sweep files live in this subdirectory of a suite's scenario directory. */
export const SWEEPS_DIR = 'sweeps'

/** A suite directory that cannot run: every invalid file, each with its line. */
export class SuiteError extends Error {
  override readonly name = 'SuiteError'
  readonly code = 'SUITE_INVALID'
  constructor (readonly dir: string, readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in ${dir}:\n${problems.map(p => `  ${p}`).join('\n')}`)
  }
}

/** Every scenario and sweep of a directory, validated before anything runs. */
export interface SuitePlan {
  readonly dir: string
  /** Only the first seed of each scenario and sweep runs. */
  readonly quick: boolean
  readonly scenarios: readonly Scenario[]
  readonly sweeps: readonly Sweep[]
}

export type EntryStatus = 'done' | 'failed' | 'not run'

export interface SuiteScenarioEntry {
  readonly name: string
  readonly file: string
  readonly defences: string
  readonly status: EntryStatus
  readonly outputs: ReportFiles
  readonly report?: ScenarioReport
  readonly error?: string
  readonly seconds?: number
}

export interface SuiteSweepEntry {
  readonly name: string
  readonly file: string
  readonly status: EntryStatus
  readonly outputs: ReportFiles
  readonly report?: SweepReport
  readonly error?: string
  readonly seconds?: number
}

export interface SuiteReport {
  readonly dir: string
  readonly quick: boolean
  /** Ctrl-C stopped the suite: entries after the one running then were not run. */
  readonly interrupted: boolean
  readonly seconds: number
  readonly scenarios: readonly SuiteScenarioEntry[]
  readonly sweeps: readonly SuiteSweepEntry[]
  /** The index files, relative to the output directory. */
  readonly index: { readonly json: string, readonly markdown: string, readonly html: string }
}

export interface SuiteRunOptions {
  readonly out: string
  readonly signal?: AbortSignal
  readonly onProgress?: (message: string) => void
  /** Overrides every scenario's model (tests). */
  readonly model?: LanguageModel
  /**
   * Keep each scenario's and sweep cell's run state here (see `RunState`), so that an interrupted
   * suite started again skips every swarm that finished. Removed once a suite completes.
   */
  readonly stateDir?: string
}

/** Scenario files (`*.yaml`, `*.yml`) directly in `dir`, sorted; none when the directory does not exist. */
async function yamlFiles (dir: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return []
  }
  return names.filter(n => /\.ya?ml$/.test(n)).sort().map(n => join(dir, n))
}

/**
 * Reads and validates every scenario in `dir` and every sweep in `dir/sweeps/`. All problems
 * are collected into one `SuiteError`, so a broken file is found before an hour of runs.
 * `quick` keeps only the first seed of each.
 */
export async function planSuite (dir: string, attacks: AttackCatalog, quick = false): Promise<SuitePlan> {
  const isDir = await stat(dir).then(s => s.isDirectory(), () => false)
  if (!isDir) throw new SuiteError(dir, [`${dir}: not a directory`])
  const problems: string[] = []
  const collect = async <T>(files: string[], load: (f: string) => Promise<T>): Promise<T[]> => {
    const loaded: T[] = []
    for (const file of files) {
      try {
        loaded.push(await load(file))
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err
        problems.push(err.message)
      }
    }
    return loaded
  }
  const scenarios = await collect(await yamlFiles(dir), async f => await loadScenario(f, attacks))
  const sweeps = await collect(await yamlFiles(join(dir, SWEEPS_DIR)), async f => await loadSweep(f, attacks))
  if (scenarios.length + sweeps.length === 0 && problems.length === 0) problems.push(`${dir}: no scenario files (*.yaml) here or in ${join(dir, SWEEPS_DIR)}`)
  duplicates(scenarios.map(s => ({ name: s.name, file: s.file })), problems)
  duplicates(sweeps.map(s => ({ name: s.name, file: s.file })), problems)
  if (problems.length > 0) throw new SuiteError(dir, problems)
  return {
    dir,
    quick,
    scenarios: quick ? scenarios.map(firstSeed) : scenarios,
    sweeps: quick ? sweeps.map(s => ({ ...s, cells: s.cells.map(c => ({ ...c, scenario: firstSeed(c.scenario) })) })) : sweeps
  }
}

/** Two files whose reports would overwrite each other. */
function duplicates (entries: ReadonlyArray<{ name: string, file: string }>, problems: string[]): void {
  entries.forEach((e, i) => {
    const other = entries.find((o, j) => j < i && reportBaseName(o.name) === reportBaseName(e.name))
    if (other !== undefined) problems.push(`${e.file}: name ${JSON.stringify(e.name)} gives the same report files as ${other.file}; give one a different name`)
  })
}

function firstSeed (scenario: Scenario): Scenario {
  return { ...scenario, seeds: scenario.seeds.slice(0, 1) }
}

/**
 * Runs a planned suite: scenarios, then sweeps, writing each report as soon as it is done and
 * the index (suite.json, summary.md, index.html) at the end, also after a failure or Ctrl-C.
 * A failing entry is recorded and the suite goes on; an abort stops it (`interrupted`).
 */
export async function runSuite (plan: SuitePlan, options: SuiteRunOptions): Promise<SuiteReport> {
  const started = Date.now()
  const { out, signal } = options
  const progress = options.onProgress ?? (() => {})
  const total = plan.scenarios.length + plan.sweeps.length
  const scenarios: SuiteScenarioEntry[] = plan.scenarios.map(s => ({ name: s.name, file: s.file, defences: describeDefences(s), status: 'not run', outputs: reportFiles(s.name) }))
  const sweeps: SuiteSweepEntry[] = plan.sweeps.map(s => ({ name: s.name, file: s.file, status: 'not run', outputs: reportFiles(s.name, SWEEPS_DIR) }))
  const cacheDir = join(out, 'cache')
  const models = new Map<string, LanguageModel>()
  const modelFor = (spec: string): LanguageModel => {
    if (options.model !== undefined) return options.model
    let model = models.get(spec)
    if (model === undefined) models.set(spec, model = createModel(spec, { cacheDir }))
    return model
  }
  // Scenarios and sweep cells of the same shape (all but the attackers) share their clean runs.
  const cleanRuns = new Map<string, RunSummary>()
  let interrupted = false
  let step = 0
  const attempt = async <T>(name: string, what: string, run: (onProgress: (m: string) => void) => Promise<T>): Promise<{ value?: T, error?: string, seconds: number }> => {
    const at = Date.now()
    const prefix = `(${++step}/${total}) ${name}`
    progress(`${prefix}: ${what}`)
    try {
      return { value: await run(m => progress(`${prefix}: ${m}`)), seconds: (Date.now() - at) / 1000 }
    } catch (err) {
      if (signal?.aborted === true) throw err
      const error = (err as Error).message
      progress(`${prefix}: FAILED: ${error}`)
      return { error, seconds: (Date.now() - at) / 1000 }
    }
  }
  try {
    for (const [i, scenario] of plan.scenarios.entries()) {
      signal?.throwIfAborted()
      const r = await attempt(scenario.name, `scenario ${scenario.file}, ${plural(scenario.seeds.length, 'seed')}`, async onProgress => {
        const report = await runScenario(scenario, { model: modelFor(scenario.model), cleanRuns, onProgress, ...(signal === undefined ? {} : { signal }), ...(options.stateDir === undefined ? {} : { stateDir: join(options.stateDir, 'scenarios', scenario.name) }) })
        await writeScenarioReport(out, report)
        return report
      })
      scenarios[i] = { ...(scenarios[i] as SuiteScenarioEntry), seconds: r.seconds, ...(r.value === undefined ? { status: 'failed', error: r.error ?? 'unknown error' } : { status: 'done', report: r.value }) }
    }
    for (const [i, sweep] of plan.sweeps.entries()) {
      signal?.throwIfAborted()
      const r = await attempt(sweep.name, `sweep ${sweep.file}, ${sweep.shares.length} shares × ${sweep.defences.length} defences`, async onProgress => {
        const report = await runSweep(sweep, { model: modelFor(sweep.cells[0]?.scenario.model ?? sweep.base.model), cleanRuns, onProgress, ...(signal === undefined ? {} : { signal }), ...(options.stateDir === undefined ? {} : { stateDir: join(options.stateDir, 'sweeps', sweep.name) }) })
        await writeSweepReport(out, report, SWEEPS_DIR)
        return report
      })
      sweeps[i] = { ...(sweeps[i] as SuiteSweepEntry), seconds: r.seconds, ...(r.value === undefined ? { status: 'failed', error: r.error ?? 'unknown error' } : { status: 'done', report: r.value }) }
    }
  } catch (err) {
    if (signal?.aborted !== true) throw err
    interrupted = true
  }
  const suite: SuiteReport = {
    dir: plan.dir,
    quick: plan.quick,
    interrupted,
    seconds: (Date.now() - started) / 1000,
    scenarios,
    sweeps,
    index: { json: 'suite.json', markdown: 'summary.md', html: 'index.html' }
  }
  await mkdir(out, { recursive: true })
  await writeFile(join(out, suite.index.json), `${JSON.stringify(suiteJson(suite), null, 2)}\n`)
  await writeFile(join(out, suite.index.markdown), `${formatSuiteSummary(suite)}\n`)
  await writeFile(join(out, suite.index.html), suiteIndexHtml(suite))
  // A completed suite needs no state; an interrupted or partly failed one keeps it to resume.
  const complete = !interrupted && [...scenarios, ...sweeps].every(e => e.status === 'done')
  if (complete && options.stateDir !== undefined) await rm(options.stateDir, { recursive: true, force: true })
  return suite
}
