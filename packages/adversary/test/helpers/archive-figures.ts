import { toHex, type ArchiveView, type CandidateRecord, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'

/**
 * Figures read off an archive view for fault and protocol tests. Record times in lockstep runs
 * are logical (round × tick), so delays come out in rounds.
 */
export const TICK_MS = 100

/** Ids of every record but hellos, sorted. Hellos carry wall-clock time and TCP ports, so they differ between any two runs; everything else repeats in a lockstep run. */
export function statementIds (view: ArchiveView): string[] {
  return [...view.ids()].filter(id => view.get(id)?.record.kind !== 'hello').sort()
}

/** Evaluations of `view`, grouped by candidate id. */
export function evaluationsByCandidate (view: ArchiveView): Map<string, Array<VerifiedRecord<EvaluationRecord>>> {
  const out = new Map<string, Array<VerifiedRecord<EvaluationRecord>>>()
  for (const id of view.ids()) {
    const r = view.get(id)
    if (r?.record.kind !== 'evaluation') continue
    const key = toHex(r.record.candidate)
    out.set(key, [...(out.get(key) ?? []), r as VerifiedRecord<EvaluationRecord>])
  }
  return out
}

/** Evaluations made from a backup seat: by an evaluator ranked `committeeSize` or lower on the candidate's committee. */
export function backupEvaluations (view: ArchiveView, committeeSize = 3): number {
  let n = 0
  for (const [candidate, evals] of evaluationsByCandidate(view)) {
    const committee = view.committee(candidate)
    n += evals.filter(e => committee.indexOf(e.authorHex) >= committeeSize).length
  }
  return n
}

/** Mean rounds from a task candidate's publication to its `quorum`-th evaluation, over candidates that reached it. */
export function roundsToQuorum (view: ArchiveView, quorum = 2): number {
  const delays: number[] = []
  for (const [candidate, evals] of evaluationsByCandidate(view)) {
    const c = view.get(candidate)
    if (c?.record.kind !== 'candidate' || (c.record as CandidateRecord).role !== 'task' || evals.length < quorum) continue
    const times = evals.map(e => e.record.time).sort((a, b) => a - b)
    delays.push(((times[quorum - 1] as number) - c.record.time) / TICK_MS)
  }
  return delays.reduce((a, b) => a + b, 0) / delays.length
}

/** Task and optimizer children (candidates with a parent) published by `author`. */
export function childrenBy (view: ArchiveView, author: string): number {
  return view.candidates().filter(c => c.author === author && c.parent !== null).length
}

/** Records of each kind published by `author`. */
export function recordsOf (view: ArchiveView, author: string, kind: 'hello' | 'candidate' | 'evaluation' | 'accusation'): number {
  let n = 0
  for (const id of view.ids()) {
    const r = view.get(id)
    if (r?.authorHex === author && r.record.kind === kind) n++
  }
  return n
}
