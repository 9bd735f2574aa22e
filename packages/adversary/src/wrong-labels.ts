import { Rng, type Task, type TaskItem } from '@promptswarm/node'

/**
 * A task whose training split, as one peer holds it, has wrong labels on a share of items. The
 * items the model sees are unchanged (a real model answers the question, not the label; the
 * simulator renders its correct answers from the true gold), but the peer scores the replies
 * against its wrong labels. Validation and test items are left alone.
 */
export function mislabelledTask (task: Task, rate: number, rng: (itemId: string) => Rng): Task {
  let train: ReadonlySet<string> | undefined
  const labels = new Map<string, TaskItem>()
  const label = (item: TaskItem): TaskItem => {
    train ??= new Set(task.splits.train.map(i => i.id))
    if (!train.has(item.id)) return item
    let held = labels.get(item.id)
    if (held === undefined) {
      const r = rng(item.id)
      held = r.next() < rate ? wrongLabel(item, r) : item
      labels.set(item.id, held)
    }
    return held
  }
  return {
    id: task.id,
    description: task.description,
    seedPrompt: task.seedPrompt,
    ...(task.passAtK === undefined ? {} : { passAtK: task.passAtK }),
    splits: task.splits,
    userMessage: item => task.userMessage(item),
    score: async (item, reply) => await task.score(label(item), reply)
  }
}

/** The item with a wrong label: another integer, another option, negated asserts, a changed grid cell. */
export function wrongLabel (item: TaskItem, rng: Rng): TaskItem {
  const gold = item.gold.trim()
  const tests = item.data?.tests
  if (Array.isArray(tests) && tests.every(t => typeof t === 'string')) {
    // Code tasks are scored by their asserts, not by the reference code.
    return { ...item, data: { ...item.data, tests: tests.map(t => t.replace(/^\s*assert\s+(.*)$/s, 'assert not ($1)')) } }
  }
  if (/^-?\d+$/.test(gold)) return { ...item, gold: String(Number(gold) + 1 + rng.int(9)) }
  const options = item.data?.options
  if (/^[A-Z]$/.test(gold)) {
    const count = Array.isArray(options) ? options.length : 4
    const letters = Array.from({ length: Math.max(count, 2) }, (_, i) => String.fromCharCode(65 + i)).filter(l => l !== gold)
    return { ...item, gold: rng.pick(letters) }
  }
  if (gold.startsWith('[[')) {
    try {
      const grid = JSON.parse(gold) as number[][]
      const row = grid[0]
      if (row !== undefined && typeof row[0] === 'number') {
        row[0] = (row[0] + 1) % 10
        return { ...item, gold: JSON.stringify(grid) }
      }
    } catch { /* not a grid after all: fall through */ }
  }
  return { ...item, gold: `${gold} (mislabelled)` }
}
