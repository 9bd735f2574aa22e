import { toHex, type ArchiveView, type CandidateView, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { ReExecutor, TaskAgent, type Task } from '@promptswarm/node'
import { ATTACKERS, evaluations, mean, model, tasks, type SmallRun } from './small-swarm.js'

/**
 * Measures for the evaluator and candidate attacks on the small swarm (simulator). Each reads
 * the honest peer 0's view after a run, so attacked and clean runs are measured alike.
 */

/** Evaluations written by `keys`, in id order. */
export function evaluationsBy (view: ArchiveView, keys: ReadonlySet<string>): Array<VerifiedRecord<EvaluationRecord>> {
  return evaluations(view).filter(e => keys.has(e.authorHex)).sort((a, b) => (a.idHex < b.idHex ? -1 : 1))
}

/** The peers at ATTACKERS, by key (in the clean run they are honest). */
export function suspects (run: SmallRun): Set<string> {
  return new Set(ATTACKERS.map(i => run.authors[i] as string))
}

/**
 * What an audit would find: the share of `keys`' evaluations that re-execution (every item, and
 * the baseline) does not reproduce exactly. The simulator answers the same request the same way.
 */
export async function notReproduced (run: SmallRun, keys: ReadonlySet<string>): Promise<{ share: number, evaluations: number }> {
  const reExecutor = new ReExecutor({ records: run.view, tasks, models: model })
  let done = 0
  let differ = 0
  for (const e of evaluationsBy(run.view, keys)) {
    const again = await reExecutor.reExecute(e.record)
    if (again.status !== 'done') continue
    done++
    const same = again.outcomes.every((o, i) => o === e.record.outcomes[i]) && again.baseline.every((o, i) => o === e.record.baseline[i])
    if (!same) differ++
  }
  if (done === 0) throw new Error('no evaluation to re-execute')
  return { share: differ / done, evaluations: done }
}

/** An evaluation's paired improvement, or its score when it has no baseline. */
function measure (e: VerifiedRecord<EvaluationRecord>): number {
  return e.record.baseline.length === 0 ? e.record.score : e.record.score - mean(e.record.baseline)
}

/**
 * How far evaluations stray from the honest evaluators of the same candidate: the mean absolute
 * distance of `keys`' evaluations from the mean of the other evaluators' (liar), and of each
 * other evaluator's from the rest (honest: the spread a committee shows anyway). Candidates with
 * at least two evaluations by others only.
 */
export function straying (run: SmallRun, keys: ReadonlySet<string>): { liar: number, honest: number } {
  const byCandidate = new Map<string, Array<VerifiedRecord<EvaluationRecord>>>()
  for (const e of evaluations(run.view)) {
    const key = toHex(e.record.candidate)
    byCandidate.set(key, [...(byCandidate.get(key) ?? []), e])
  }
  const liar: number[] = []
  const honest: number[] = []
  for (const group of byCandidate.values()) {
    const others = group.filter(e => !keys.has(e.authorHex))
    if (others.length < 2) continue
    const centre = mean(others.map(measure))
    for (const e of group.filter(e => keys.has(e.authorHex))) liar.push(Math.abs(measure(e) - centre))
    for (const e of others) honest.push(Math.abs(measure(e) - mean(others.filter(o => o !== e).map(measure))))
  }
  if (liar.length === 0 || honest.length === 0) throw new Error('no candidate with both kinds of evaluations')
  return { liar: mean(liar), honest: mean(honest) }
}

/** Task children (not seeds) whose author `byAuthor` selects. */
export function children (view: ArchiveView, byAuthor: (author: string) => boolean): CandidateView[] {
  return view.candidates({ role: 'task' }).filter(c => c.parent !== null && byAuthor(c.author))
}

/** Share of those children that were admitted. */
export function admittedShare (view: ArchiveView, byAuthor: (author: string) => boolean): number {
  const list = children(view, byAuthor)
  if (list.length === 0) throw new Error('no children to count')
  return list.filter(c => c.status === 'admitted').length / list.length
}

/** Share of the first `size` committee seats of task children held by keys `adversary` selects. */
export function seatShare (view: ArchiveView, adversary: (key: string) => boolean, size = 3): number {
  let seats = 0
  let held = 0
  for (const c of children(view, () => true)) {
    for (const member of view.committee(c.id).slice(0, size)) {
      seats++
      if (adversary(member)) held++
    }
  }
  if (seats === 0) throw new Error('no committee seats')
  return held / seats
}

/** The honest peers' final prompts, one per peer and task. */
export function finalPrompts (run: SmallRun): Array<{ task: Task, text: string }> {
  return run.result.peers.flatMap(p => tasks.map(task => ({ task, text: p.tasks[task.id]?.prompt ?? '' })))
}

/** Mean honest test accuracy over peers and tasks (what the scenario runner reports). */
export function honestAccuracy (run: SmallRun): number {
  return mean(run.result.peers.flatMap(p => tasks.map(t => p.tasks[t.id]?.test ?? 0)))
}

/** Mean of (minibatch score minus validation accuracy) over the candidates `select` picks. */
export async function minibatchOverValidation (view: ArchiveView, select: (c: CandidateView) => boolean): Promise<number> {
  const agent = new TaskAgent(model)
  const gaps: number[] = []
  for (const c of view.candidates({ role: 'task' })) {
    const task = tasks.find(t => t.id === c.task)
    if (!select(c) || c.score === undefined || task === undefined) continue
    gaps.push(c.score - (await agent.evaluate(task, c.text, task.splits.validation)).score)
  }
  if (gaps.length === 0) throw new Error('no scored candidate selected')
  return mean(gaps)
}
