import type { ArchiveView } from '@promptswarm/protocol'
import type { Ledger } from '../evolution/ledger.js'
import { estimate, type Estimate } from '../evolution/stats.js'
import type { LanguageModel } from '../model/language-model.js'
import { createModel } from '../model/registry.js'
import { runSwarmSepo, type SwarmSepoResult } from '../swarm-evolution/swarm-sepo.js'
import { allTasks } from '../tasks/index.js'
import type { Task } from '../tasks/task.js'
import { attackHooks } from './attack-hooks.js'
import type { AttackMeasurement } from './attack.js'
import { cleanRunKey, RunState } from './run-state.js'
import type { RunDetails } from './run-details.js'
import { archiveFigures, ScoreTracker } from './run-figures.js'
import type { SwarmControl } from '../swarm-evolution/swarm-control.js'
import { attackerIndices, type Scenario } from './scenario.js'

/** What one swarm run (attacked or clean) produced, from the honest peers' point of view. */
export interface RunSummary extends RunDetails {
  /** Mean test accuracy of the honest peers' final prompts over peers and tasks. */
  readonly honestAccuracy: number
  readonly taskAccuracy: Record<string, number>
  /**
   * The same accuracy as the model's exact expectation over the test split, when the model knows
   * its own odds (the simulator's ground truth): `honestAccuracy` without its sampling noise.
   */
  readonly expectedHonestAccuracy?: number
  readonly bannedAttackers: number
  readonly bannedHonest: number
  readonly accusations: number
  readonly modelCalls: number
  readonly candidates: number
  /** Candidates by attackers in the honest view, and how many of them were admitted. */
  readonly attackerCandidates: number
  readonly attackerCandidatesAdmitted: number
  /** (honest peer, task) final prompts that contain an attack's payload. */
  readonly poisonedFinalPrompts: number
  readonly agreement: boolean
}

export interface SeedOutcome {
  readonly seed: number
  readonly attacked: RunSummary
  readonly clean: RunSummary
  /** Clean minus attacked honest accuracy: what the attack cost the honest peers. */
  readonly robustnessGap: number
  /** The gap in expected accuracy (simulator ground truth), when both runs have one. */
  readonly expectedGap?: number
}

export interface ScenarioReport {
  readonly scenario: string
  readonly file: string
  readonly description: string
  readonly model: string
  readonly simulated: boolean
  readonly peers: number
  readonly attackers: Array<{ attack: string, peers: number[], startAfter: number, params: Record<string, unknown> }>
  readonly seeds: SeedOutcome[]
  /** Mean and 95% CI over seeds. */
  readonly summary: {
    readonly attackedAccuracy: Estimate
    readonly cleanAccuracy: Estimate
    readonly robustnessGap: Estimate
    readonly bannedAttackers: Estimate
    readonly bannedHonest: Estimate
    readonly accusations: Estimate
    readonly attackedModelCalls: Estimate
    readonly cleanModelCalls: Estimate
    readonly poisonedFinalPrompts: Estimate
    /** Over the seeds whose runs have ground truth (the simulator): all of them, or none. */
    readonly expectedAttackedAccuracy?: Estimate
    readonly expectedCleanAccuracy?: Estimate
    readonly expectedGap?: Estimate
  }
}

export interface ScenarioRunOptions {
  /** Overrides the scenario's model (tests; a shared cache). */
  readonly model?: LanguageModel
  readonly cacheDir?: string
  readonly onProgress?: (message: string) => void
  readonly signal?: AbortSignal
  /**
   * Keep the run's state here (see `RunState`): an interrupted run started again with the same
   * directory skips the swarms that finished and resumes the one that was running from its stores.
   */
  readonly stateDir?: string
  /**
   * Clean runs by `cleanRunKey`, reused: a clean twin depends only on the swarm's shape and seed,
   * so the scenarios of one suite or sweep that differ only by their attacks share it. In memory
   * only: a summary on disk could outlive the code that made it.
   */
  readonly cleanRuns?: Map<string, RunSummary>
}

/**
 * Runs a scenario: for each seed, the swarm with its attackers and the same swarm with every peer
 * honest (same peers, defences, budget and seed), then compares what the honest peers got.
 */
export async function runScenario (scenario: Scenario, options: ScenarioRunOptions = {}): Promise<ScenarioReport> {
  const model = options.model ?? createModel(scenario.model, options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir })
  const registry = allTasks()
  const tasks = scenario.tasks.map(id => registry.get(id) as Task)
  const outcomes: SeedOutcome[] = []
  const state = options.stateDir === undefined ? undefined : await RunState.open(options.stateDir, scenario)
  const cleanRuns = options.cleanRuns
  const twin = async (seed: number, kind: 'attacked' | 'clean'): Promise<RunSummary> => {
    const key = kind === 'clean' && cleanRuns !== undefined ? cleanRunKey(scenario, seed) : undefined
    const done = await state?.finished(seed, kind) ?? (key === undefined ? undefined : cleanRuns?.get(key))
    if (done !== undefined) {
      options.onProgress?.(`seed ${seed}: ${kind} run done before (${key === undefined ? 'resumed' : 'a shared clean run'})`)
      return done
    }
    options.onProgress?.(`seed ${seed}: ${kind} run`)
    const dataDir = state?.peersDir(seed, kind)
    const summary = await runOnce(scenario, tasks, model, seed, kind === 'attacked', { ...options, ...(dataDir === undefined ? {} : { dataDir }) })
    await state?.finish(seed, kind, summary)
    if (key !== undefined) cleanRuns?.set(key, summary)
    return summary
  }
  for (const seed of scenario.seeds) {
    const attacked = await twin(seed, 'attacked')
    const clean = await twin(seed, 'clean')
    const expectedGap = attacked.expectedHonestAccuracy === undefined || clean.expectedHonestAccuracy === undefined ? undefined : clean.expectedHonestAccuracy - attacked.expectedHonestAccuracy
    outcomes.push({ seed, attacked, clean, robustnessGap: clean.honestAccuracy - attacked.honestAccuracy, ...(expectedGap === undefined ? {} : { expectedGap }) })
  }
  const over = (f: (o: SeedOutcome) => number): Estimate => estimate(outcomes.map(f))
  const withTruth = outcomes.length > 0 && outcomes.every(o => o.expectedGap !== undefined)
  const expected = withTruth
    ? {
        expectedAttackedAccuracy: over(o => o.attacked.expectedHonestAccuracy as number),
        expectedCleanAccuracy: over(o => o.clean.expectedHonestAccuracy as number),
        expectedGap: over(o => o.expectedGap as number)
      }
    : {}
  return {
    scenario: scenario.name,
    file: scenario.file,
    description: scenario.description,
    model: model.id,
    simulated: model.simulated,
    peers: scenario.peers,
    attackers: scenario.attackers.map(g => ({ attack: g.attack.name, peers: [...g.peers], startAfter: g.startAfter, params: { ...g.params } })),
    seeds: outcomes,
    summary: {
      attackedAccuracy: over(o => o.attacked.honestAccuracy),
      cleanAccuracy: over(o => o.clean.honestAccuracy),
      robustnessGap: over(o => o.robustnessGap),
      bannedAttackers: over(o => o.attacked.bannedAttackers),
      bannedHonest: over(o => o.attacked.bannedHonest),
      accusations: over(o => o.attacked.accusations),
      attackedModelCalls: over(o => o.attacked.modelCalls),
      cleanModelCalls: over(o => o.clean.modelCalls),
      poisonedFinalPrompts: over(o => o.attacked.poisonedFinalPrompts),
      ...expected
    }
  }
}

/** One swarm run of the scenario; `withAttackers: false` is its clean twin. */
export async function runOnce (scenario: Scenario, tasks: readonly Task[], model: LanguageModel, seed: number, withAttackers: boolean, options: ScenarioRunOptions & { readonly dataDir?: string } = {}): Promise<RunSummary> {
  const groups = withAttackers ? scenario.attackers : []
  const attackers = new Set(attackerIndices({ attackers: groups }))
  const honestIndex = [...Array(scenario.peers).keys()].find(i => !attackers.has(i)) ?? 0
  let honestView: ArchiveView | undefined
  let authors: readonly string[] = []
  const hooks = attackHooks(groups, seed, scenario.peers)
  const tracker = new ScoreTracker()
  // Every 5 rounds, each peer's best archive score (the accuracy-over-time curves of reports).
  const onRound = async (control: SwarmControl): Promise<void> => {
    if (control.round % 5 === 0) {
      for (let i = 0; i < control.size; i++) if (control.isUp(i)) tracker.sample(i, !attackers.has(i), control.peer(i).view, tasks, control.round)
    }
    await hooks.onRound?.(control)
  }
  const ledgerFor = (index: number, ledger: Ledger, keys: readonly string[]): Ledger => {
    authors = keys
    if (index === honestIndex) honestView = ledger.view
    return hooks.ledgerFor(index, ledger, keys)
  }
  const result = await runSwarmSepo({
    peers: scenario.peers,
    tasks,
    model,
    seed,
    budget: scenario.budget,
    defences: scenario.defences,
    auditRate: scenario.auditRate,
    crossChecks: scenario.crossChecks,
    timeoutMs: scenario.timeoutMs,
    ...(scenario.screening === undefined ? {} : { screening: scenario.screening }),
    ...hooks,
    ledgerFor,
    onRound,
    honest: i => !attackers.has(i),
    // One swarm name for the attacked run and its clean twin (and for every scenario): the same
    // seed gives the same keys, record ids, committees and minibatches, so the runs differ only
    // by the attack, and scenarios of the same shape share one clean run.
    swarm: `scenario-${seed}`,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir })
  })
  const attackerKeys = new Set([...attackers].map(i => authors[i]))
  const payloads = groups.map(g => g.attack.payload).filter((p): p is string => p !== undefined && p !== '')
  const summary = summarize(result, honestView, attackerKeys, payloads, tasks)
  const finals = Object.fromEntries(tasks.map(t => [t.id, result.peers[0]?.tasks[t.id]?.prompt ?? '']))
  // Attacks that measure their own success do so on the attacked run and on its clean twin alike.
  const measured: AttackMeasurement = {}
  for (const group of scenario.attackers) {
    if (group.attack.measure === undefined) continue
    const prompts = result.peers.flatMap(p => tasks.map(t => ({ task: t, text: p.tasks[t.id]?.prompt ?? '' })))
    Object.assign(measured, await group.attack.measure(prompts, model))
  }
  return {
    ...summary,
    ...(honestView === undefined ? {} : archiveFigures(honestView, attackerKeys, authors, finals, tasks)),
    accuracyOverTime: tracker.toJSON(),
    // The run ends at the first moment every honest peer is done and all agree: its evolution
    // time is the time to that agreement.
    agreementMs: result.evolutionMs,
    tokens: result.usage.promptTokens + result.usage.completionTokens,
    bytes: result.traffic.bytes,
    messages: result.traffic.messages,
    ...measured
  }
}

function summarize (result: SwarmSepoResult, view: ArchiveView | undefined, attackerKeys: ReadonlySet<string | undefined>, payloads: readonly string[], tasks: readonly Task[]): RunSummary {
  const taskAccuracy: Record<string, number> = {}
  for (const task of tasks) taskAccuracy[task.id] = mean(result.peers.map(p => p.tasks[task.id]?.test ?? 0))
  const expected = result.peers.flatMap(p => tasks.map(t => p.tasks[t.id]?.expectedTest))
  const expectedHonestAccuracy = expected.length > 0 && expected.every(e => e !== undefined) ? mean(expected as number[]) : undefined
  const finals = result.peers.flatMap(p => tasks.map(t => p.tasks[t.id]?.prompt ?? ''))
  const byAttackers = view?.candidates().filter(c => attackerKeys.has(c.author)) ?? []
  return {
    honestAccuracy: mean(Object.values(taskAccuracy)),
    taskAccuracy,
    ...(expectedHonestAccuracy === undefined ? {} : { expectedHonestAccuracy }),
    bannedAttackers: result.banned.filter(b => attackerKeys.has(b.author)).length,
    bannedHonest: result.banned.filter(b => !attackerKeys.has(b.author)).length,
    accusations: result.accusations,
    modelCalls: result.usage.calls,
    candidates: result.candidates,
    attackerCandidates: byAttackers.length,
    attackerCandidatesAdmitted: byAttackers.filter(c => c.status === 'admitted').length,
    poisonedFinalPrompts: finals.filter(text => payloads.some(p => text.includes(p))).length,
    agreement: result.agreement
  }
}

function mean (values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length
}
