import { createHash } from 'node:crypto'
import type { TaskItem, TaskSplits } from './task.js'

export type SplitName = 'train' | 'validation' | 'test'

/** Shares of items per split. Evolution samples train minibatches, selects on validation, reports test. */
export const SPLIT_FRACTIONS: Readonly<Record<SplitName, number>> = Object.freeze({ train: 0.5, validation: 0.25, test: 0.25 })

/**
 * The split of one item: the first 32 bits of sha256(`${taskId}:${itemId}`) as a fraction in
 * [0, 1), cut by SPLIT_FRACTIONS. It depends on nothing else, so adding, removing or reordering
 * items never moves an item to another split.
 */
export function splitOf (taskId: string, itemId: string): SplitName {
  const u = createHash('sha256').update(`${taskId}:${itemId}`).digest().readUInt32BE(0) / 4294967296
  if (u < SPLIT_FRACTIONS.train) return 'train'
  if (u < SPLIT_FRACTIONS.train + SPLIT_FRACTIONS.validation) return 'validation'
  return 'test'
}

export class DuplicateItemError extends Error {
  override readonly name = 'DuplicateItemError'
  readonly kind = 'duplicate-item'
  constructor (readonly taskId: string, readonly itemId: string) {
    super(`task ${taskId}: item id "${itemId}" appears more than once`)
  }
}

/** Assigns items to splits, keeping their order within each split. Item ids must be unique. */
export function splitItems (taskId: string, items: readonly TaskItem[]): TaskSplits {
  const train: TaskItem[] = []
  const validation: TaskItem[] = []
  const test: TaskItem[] = []
  const seen = new Set<string>()
  for (const item of items) {
    if (seen.has(item.id)) throw new DuplicateItemError(taskId, item.id)
    seen.add(item.id)
    const split = splitOf(taskId, item.id)
    if (split === 'train') train.push(item)
    else if (split === 'validation') validation.push(item)
    else test.push(item)
  }
  return Object.freeze({ train: Object.freeze(train), validation: Object.freeze(validation), test: Object.freeze(test) })
}

/**
 * Splits computed on first access, so that building the task registry costs nothing until a
 * task's items are actually used.
 */
export function lazySplits (taskId: string, load: () => readonly TaskItem[]): TaskSplits {
  let splits: TaskSplits | undefined
  const get = (): TaskSplits => {
    splits ??= splitItems(taskId, load())
    return splits
  }
  return {
    get train () { return get().train },
    get validation () { return get().validation },
    get test () { return get().test }
  }
}
