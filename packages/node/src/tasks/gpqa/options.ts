import { Rng } from '../rng.js'

export const LETTERS = ['A', 'B', 'C', 'D'] as const
export type Letter = typeof LETTERS[number]

/**
 * The four options in a deterministic order drawn from the item id, and the letter of the correct
 * one. Seeding by id (not position) keeps an item's order fixed however the dataset is loaded.
 */
export function shuffleOptions (itemId: string, correct: string, incorrect: readonly [string, string, string]): { options: string[], gold: Letter } {
  const order = new Rng(`gpqa-options:${itemId}`).shuffle([0, 1, 2, 3])
  const all = [correct, ...incorrect]
  const options = order.map(i => all[i] as string)
  return { options, gold: LETTERS[order.indexOf(0)] as Letter }
}

/** GPQA's zero-shot question form: the question, then the lettered choices. */
export function gpqaQuestion (question: string, options: readonly string[]): string {
  const choices = options.map((o, i) => `(${LETTERS[i] ?? '?'}) ${o}`).join('\n')
  return `What is the correct answer to this question: ${question.trim()}\n\nChoices:\n${choices}`
}
