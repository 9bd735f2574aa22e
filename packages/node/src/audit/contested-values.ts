import type { EvaluationRecord } from '@promptswarm/protocol'

/**
 * The values an audit compares: the outcomes at the chosen item positions, followed by the
 * baseline at the same positions when the comparison covers the baseline. Auditor and judge build
 * this one list the same way, so a tolerance counts the same values on both sides.
 */
export function claimedValues (evaluation: EvaluationRecord, indices: readonly number[], withBaseline: boolean): number[] {
  const out = indices.map(i => evaluation.outcomes[i] as number)
  if (withBaseline) for (const i of indices) out.push(evaluation.baseline[i] as number)
  return out
}

/** The recomputed (or the accuser's) values in the same layout as `claimedValues`. */
export function joinValues (outcomes: readonly number[], baseline: readonly number[], withBaseline: boolean): number[] {
  return withBaseline ? [...outcomes, ...baseline] : [...outcomes]
}
