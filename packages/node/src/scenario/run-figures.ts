import type { ArchiveView, CandidateView } from '@promptswarm/protocol'
import type { Task } from '../tasks/task.js'
import type { LineageStep, PeerAccuracySeries } from './run-details.js'

/**
 * Attack-success figures read off the honest view at the end of a run: pure functions of the
 * view, the attackers' keys and the honest peers' final prompts.
 */
export interface ArchiveFigures {
  readonly attackerCandidatesTop: number
  readonly attackerCandidatesAdopted: number
  readonly falseAccusations: number
  readonly winningLineage: Record<string, LineageStep[]>
}

export function archiveFigures (view: ArchiveView, attackerKeys: ReadonlySet<string | undefined>, authors: readonly string[], finals: Readonly<Record<string, string>>, tasks: readonly Task[]): ArchiveFigures {
  const candidates = view.candidates({ role: 'task' })
  const byId = new Map(candidates.map(c => [c.id, c]))
  let top = 0
  for (const task of tasks) {
    const best = candidates.filter(c => c.task === task.id && c.status === 'admitted' && c.score !== undefined)
      .sort((a, b) => (b.score as number) - (a.score as number) || (a.id < b.id ? -1 : 1))[0]
    if (best !== undefined && attackerKeys.has(best.author)) top++
  }
  const adopted = new Set(candidates.filter(c => !attackerKeys.has(c.author) && c.parent !== null && attackerKeys.has(byId.get(c.parent)?.author)).map(c => c.parent))
  const honestKeys = new Set(authors.filter(a => !attackerKeys.has(a)))
  const falseAccusations = view.accusationViews().filter(a => honestKeys.has(a.accused) && honestKeys.has(a.accuser)).length
  const winningLineage: Record<string, LineageStep[]> = {}
  for (const task of tasks) {
    const text = finals[task.id]
    const winner = candidates.find(c => c.task === task.id && c.text === text)
    if (winner === undefined) continue
    const steps: LineageStep[] = []
    for (let c: CandidateView | undefined = winner; c !== undefined && steps.length < 1000; c = c.parent === null ? undefined : byId.get(c.parent)) {
      const peer = authors.indexOf(c.author)
      steps.unshift({ id: c.id, ...(peer >= 0 ? { peer } : {}), byAttacker: attackerKeys.has(c.author), ...(c.score === undefined ? {} : { score: c.score }), text: c.text })
    }
    winningLineage[task.id] = steps
  }
  return { attackerCandidatesTop: top, attackerCandidatesAdopted: adopted.size, falseAccusations, winningLineage }
}

/**
 * Each peer's best archive score (mean over tasks of its best admitted prompt's aggregated
 * minibatch score), sampled as the run goes: the curve of what the peer would pick if it stopped.
 * It costs no model calls; it is an estimate on minibatches, not test accuracy.
 */
export class ScoreTracker {
  private readonly series = new Map<number, { honest: boolean, points: Array<{ step: number, accuracy: number }> }>()

  sample (peer: number, honest: boolean, view: ArchiveView, tasks: readonly Task[], step: number): void {
    const best = tasks.map(t => Math.max(0, ...view.candidates({ role: 'task', task: t.id, status: 'admitted' }).map(c => c.score ?? 0)))
    const accuracy = best.reduce((a, b) => a + b, 0) / Math.max(1, best.length)
    const entry = this.series.get(peer) ?? { honest, points: [] }
    this.series.set(peer, entry)
    const last = entry.points[entry.points.length - 1]
    if (last === undefined || last.accuracy !== accuracy) entry.points.push({ step, accuracy })
  }

  toJSON (): PeerAccuracySeries[] {
    return [...this.series.entries()].sort(([a], [b]) => a - b).map(([peer, s]) => ({ peer, honest: s.honest, points: s.points }))
  }
}
