import { scoreOf, type EvaluationRecord } from '@promptswarm/protocol'
import type { Ledger, RecordBody } from '@promptswarm/node'

export type EvaluationBody = RecordBody<EvaluationRecord>

/**
 * A ledger that passes every record through except evaluations, which `rewrite` may change
 * (outcomes and baseline); the score is recomputed so the record stays well-formed and only
 * re-execution can expose the lie.
 */
export function rewriteEvaluations (ledger: Ledger, rewrite: (body: EvaluationBody) => Pick<EvaluationBody, 'outcomes' | 'baseline'>): Ledger {
  return {
    view: ledger.view,
    author: ledger.author,
    publish: async (body) => {
      if (body.kind !== 'evaluation') return await ledger.publish(body)
      const { outcomes, baseline } = rewrite(body)
      return await ledger.publish<EvaluationRecord>({ ...body, outcomes, baseline, score: scoreOf(outcomes) }) as never
    }
  }
}

/** Moves `value` toward `target` by `intensity` (0: unchanged, 1: the target). */
export function toward (value: number, target: number, intensity: number): number {
  return value + (target - value) * intensity
}
