import { createHash } from 'node:crypto'
import type { TaskItem } from '../tasks/task.js'

/**
 * Which training items a committee runs a candidate on; both are fixed before any evaluation, so
 * no evaluator chooses its items and any peer can recompute them.
 * - `shared` (the default): one minibatch per candidate for its whole committee. Honest members
 *   then report the same outcomes (bit for bit on the simulator, at temperature 0 on an endpoint),
 *   so a median or trimmed mean over a committee with an honest majority returns exactly the
 *   honest score, whatever the liars say. A free-rider can copy an honest member's outcomes,
 *   though, and re-execution cannot tell.
 * - `per-evaluator`: each member's own minibatch. A committee measures more items, and copied
 *   outcomes belong to the wrong items, which audits expose; but honest scores now differ by
 *   sampling noise, and colluders choose where in that spread the median lands.
 */
export type MinibatchPolicy = 'shared' | 'per-evaluator'

export const MINIBATCH_POLICIES: readonly MinibatchPolicy[] = ['shared', 'per-evaluator']

export function isMinibatchPolicy (value: unknown): value is MinibatchPolicy {
  return typeof value === 'string' && (MINIBATCH_POLICIES as readonly string[]).includes(value)
}

/** The key of the minibatch `evaluator` runs `candidateId` on under `policy`. */
export function minibatchKey (candidateId: string, evaluator: string, policy: MinibatchPolicy): string {
  return policy === 'shared' ? candidateId : `${candidateId}/${evaluator}`
}

/** The minibatch of `key` (see `minibatchKey`): the `size` items whose hash with the key is smallest. */
export function minibatch (items: readonly TaskItem[], key: string, size: number): TaskItem[] {
  if (size >= items.length) return [...items]
  return items
    .map(item => ({ item, rank: createHash('sha256').update(key).update('\u0000').update(item.id).digest('hex') }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, size)
    .map(x => x.item)
}
