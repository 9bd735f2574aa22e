import { toHex, type ArchiveView, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { allTasks, attackHooks, runSwarmSepo, SyntheticModel, type Attack, type Ledger, type MethodBudget, type SwarmDefences, type SwarmSepoOptions, type SwarmSepoResult, type Task } from '@promptswarm/node'

/** A small undefended swarm (mean aggregator, no audits) so that one run takes a few seconds. */
export const PEERS = 6
export const ATTACKERS = [4, 5] as const
export const tasks = ['math', 'gpqa'].map(id => allTasks().get(id as 'math') as Task)
export const model = new SyntheticModel({ profile: 'synthetic:small' })
export const budget: MethodBudget = { stage1Generations: 3, stage2Generations: 1, childrenPerGeneration: 4, optimizerChildren: 1, minibatchSize: 8, finalists: 1, testRepeats: 1, validationRepeats: 1 }

export interface SmallRun {
  readonly result: SwarmSepoResult
  /** Peer 0's (honest) view after the run. */
  readonly view: ArchiveView
  /** Every peer's key, in peer order. */
  readonly authors: readonly string[]
  readonly attackerKeys: ReadonlySet<string>
}

/** Defences and run settings laid over the undefended default (mean aggregator, no audits, no screening). */
export interface SmallSwarmOptions {
  readonly defences?: Partial<SwarmDefences>
  readonly auditRate?: number
  readonly screening?: SwarmSepoOptions['screening']
  readonly budget?: Partial<MethodBudget>
  /** Records each attacker publishes honestly before its attack starts. */
  readonly startAfter?: number
}

/** Runs the small swarm; peers in ATTACKERS run `attack`, or behave honestly when it is undefined. */
export async function runSmallSwarm (attack: Attack | undefined, seed = 3, options: SmallSwarmOptions = {}): Promise<SmallRun> {
  const attackers: readonly number[] = ATTACKERS
  let view: ArchiveView | undefined
  let authors: readonly string[] = []
  const hooks = attackHooks(attack === undefined ? [] : [{ attack, peers: attackers, ...(options.startAfter === undefined ? {} : { startAfter: options.startAfter }) }], seed, PEERS)
  const result = await runSwarmSepo({
    peers: PEERS,
    tasks,
    model,
    seed,
    budget: { ...budget, ...options.budget },
    defences: { aggregator: { kind: 'mean' }, quorum: 2, committee: { size: 3, backups: 2 }, tolerance: 0.02, ...options.defences },
    ...(options.auditRate === undefined ? {} : { auditRate: options.auditRate }),
    ...(options.screening === undefined ? {} : { screening: options.screening }),
    // The same name with and without the attack: same keys, same committees (see Lockstep).
    swarm: `adversary-test-${seed}`,
    honest: i => attack === undefined || !attackers.includes(i),
    ...hooks,
    ledgerFor: (index: number, ledger: Ledger, keys: readonly string[]) => {
      authors = keys
      if (index === 0) view = ledger.view
      return hooks.ledgerFor(index, ledger, keys)
    }
  })
  if (view === undefined) throw new Error('the swarm never handed out peer 0\'s ledger')
  return { result, view, authors, attackerKeys: new Set(attackers.map(i => authors[i] as string)) }
}

/** Every evaluation record in a view. */
export function evaluations (view: ArchiveView): Array<VerifiedRecord<EvaluationRecord>> {
  const out: Array<VerifiedRecord<EvaluationRecord>> = []
  for (const id of view.ids()) {
    const r = view.get(id)
    if (r?.record.kind === 'evaluation') out.push(r as VerifiedRecord<EvaluationRecord>)
  }
  return out
}

export function mean (values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

/**
 * How far the swarm's aggregated value of a candidate sits from what its honest evaluators
 * measured, averaged over the task candidates that peers at ATTACKERS and honest peers both
 * evaluated and whose author `byAuthor` selects. `score`: the minibatch score; `improvement`:
 * score minus the parent's baseline on the same items. Comparing a run with its clean twin
 * (where the peers at ATTACKERS are honest) isolates the lie from evolution's noise.
 */
export function liarShift (run: SmallRun, field: 'score' | 'improvement', byAuthor: (author: string) => boolean): number {
  const suspects = new Set(ATTACKERS.map(i => run.authors[i] as string))
  const measured = (e: VerifiedRecord<EvaluationRecord>): number | undefined => field === 'score'
    ? e.record.score
    : e.record.baseline.length === 0 ? undefined : e.record.score - mean(e.record.baseline)
  const byCandidate = new Map<string, Array<VerifiedRecord<EvaluationRecord>>>()
  for (const e of evaluations(run.view)) {
    const key = toHex(e.record.candidate)
    byCandidate.set(key, [...(byCandidate.get(key) ?? []), e])
  }
  const shifts: number[] = []
  for (const c of run.view.candidates({ role: 'task' })) {
    const aggregated = c[field]
    const evals = byCandidate.get(c.id) ?? []
    if (aggregated === undefined || !byAuthor(c.author) || !evals.some(e => suspects.has(e.authorHex))) continue
    const honest = evals.filter(e => !suspects.has(e.authorHex)).map(measured).filter((v): v is number => v !== undefined)
    if (honest.length > 0) shifts.push(aggregated - mean(honest))
  }
  if (shifts.length === 0) throw new Error(`no ${field} to compare`)
  return mean(shifts)
}
