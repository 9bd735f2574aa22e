import type { EligibilityRule } from '@promptswarm/protocol'
import { minibatch, minibatchKey, type MinibatchPolicy } from '../evolution/minibatch.js'
import type { Task } from '../tasks/task.js'

/**
 * An evaluation counts only if it ran exactly the items its minibatch key prescribes (see
 * `MinibatchPolicy`): the candidate's id, and under `per-evaluator` the evaluator's key, pick them
 * from the task's training split, so an evaluator cannot cherry-pick easy or hard items. Every
 * peer holding the same task data reaches the same answer, which keeps the rule pure; verdicts are
 * remembered by evaluation id.
 */
export function prescribedMinibatchRule (tasks: readonly Task[], size: number, policy: MinibatchPolicy): EligibilityRule {
  const train = new Map(tasks.map(t => [t.id, t.splits.train]))
  const verdicts = new Map<string, boolean>()
  return (candidate, evaluation) => {
    const known = verdicts.get(evaluation.idHex)
    if (known !== undefined) return known
    const items = train.get(candidate.record.task)
    let ok = false
    if (items !== undefined) {
      const expected = minibatch(items, minibatchKey(candidate.idHex, evaluation.authorHex, policy), size)
      const claimed = evaluation.record.items
      ok = expected.length === claimed.length && expected.every((item, i) => item.id === claimed[i])
    }
    if (verdicts.size >= 100_000) verdicts.clear()
    verdicts.set(evaluation.idHex, ok)
    return ok
  }
}
