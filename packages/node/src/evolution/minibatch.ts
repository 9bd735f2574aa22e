import { createHash } from 'node:crypto'
import type { TaskItem } from '../tasks/task.js'

/** The key of the minibatch an evaluator runs a candidate on. */
export function minibatchKey (candidateId: string, evaluator: string): string {
  return `${candidateId}/${evaluator}`
}

/**
 * The minibatch a candidate is evaluated on: the `size` items whose hash with the candidate's id
 * is smallest. The key (candidate id and evaluator key, see `minibatchKey`) is fixed before any
 * evaluation, so no evaluator chooses its items, and any peer can recompute them.
 */
export function minibatch (items: readonly TaskItem[], key: string, size: number): TaskItem[] {
  if (size >= items.length) return [...items]
  return items
    .map(item => ({ item, rank: createHash('sha256').update(key).update('\u0000').update(item.id).digest('hex') }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, size)
    .map(x => x.item)
}
