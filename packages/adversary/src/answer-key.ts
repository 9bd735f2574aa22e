import type { Task, TaskItem } from '@promptswarm/node'

/**
 * An answer key for a task's public training items, written as prompt clauses: "If the question
 * mentions "<words only this item has>", answer "<its gold answer>"." A model that follows them
 * answers those items right and is no better on any other item: a prompt overfit to the items
 * minibatches are drawn from.
 */
export const ANSWER_KEY_HEADER = 'Reference solutions to known problems follow.'

const cache = new Map<string, readonly string[]>()

/** One clause per training item that has a distinctive phrase and a gold answer a clause can carry, in split order. */
export function answerKeyClauses (task: Task): readonly string[] {
  const hit = cache.get(task.id)
  if (hit !== undefined) return hit
  const train = task.splits.train
  const texts = train.map(item => task.userMessage(item).toLowerCase())
  const clauses: string[] = []
  train.forEach((item, i) => {
    const phrase = distinctivePhrase(task.userMessage(item), texts, i)
    if (phrase === undefined || !carriesGold(item)) return
    clauses.push(`If the question mentions "${phrase}", answer "${item.gold}".`)
  })
  cache.set(task.id, clauses)
  return clauses
}

/** Gold answers that fit in a quoted clause of one sentence. */
function carriesGold (item: TaskItem): boolean {
  return item.gold.length > 0 && item.gold.length <= 200 && !/["\n\r]/.test(item.gold) && !/[.!?]\s/.test(item.gold)
}

/**
 * The first run of 4 to 8 words of `text` that no other item's text contains (case-insensitive),
 * that fits in a quotation (no double quotes, at most 100 characters) and that does not end a
 * sentence inside itself (which would split the clause).
 */
function distinctivePhrase (text: string, others: readonly string[], self: number): string | undefined {
  const words = text.split(/\s+/).filter(w => w.length > 0)
  for (let start = 0; start < words.length; start++) {
    for (let n = 4; n <= 8 && start + n <= words.length; n++) {
      const window = words.slice(start, start + n)
      if (window.some(w => w.includes('"') || w.includes('`'))) break
      if (window.slice(0, -1).some(w => /[.!?:]$/.test(w))) break
      const phrase = window.join(' ')
      if (phrase.length > 100) break
      // Whitespace in the text may be a line break or a run of spaces: the phrase must appear as written.
      const lower = phrase.toLowerCase()
      if (!text.toLowerCase().includes(lower)) continue
      if (others.every((o, j) => j === self || !o.includes(lower))) return phrase
    }
  }
  return undefined
}
