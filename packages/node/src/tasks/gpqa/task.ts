import { dataStrings } from '../item-data.js'
import { lazySplits } from '../split.js'
import type { ScoreResult, Task, TaskItem } from '../task.js'
import { parseLetterAnswer } from './answer.js'
import { generateScienceQuestions } from './generator.js'
import { gpqaQuestion, LETTERS, shuffleOptions } from './options.js'

export const GPQA_SEED_PROMPT = [
  'Think step by step: identify the principle the question tests, work through the calculation or reasoning,',
  'and compare your result with each option before choosing.',
  'Give the final answer on its own last line as `Answer: X`, where X is the letter A, B, C or D.'
].join(' ')

/** A task item from a question with one correct and three incorrect answers. */
export function gpqaItem (id: string, question: string, correct: string, incorrect: readonly [string, string, string], extra: Readonly<Record<string, unknown>>): TaskItem {
  const { options, gold } = shuffleOptions(id, correct, incorrect)
  return { id, question: gpqaQuestion(question, options), gold, data: { ...extra, options } }
}

export function generatedGpqaItems (): TaskItem[] {
  return generateScienceQuestions().map((q, i) => gpqaItem(`science-${String(i).padStart(4, '0')}`, q.question, q.correct, q.incorrect, {
    difficulty: q.difficulty,
    domain: q.domain,
    template: q.template
  }))
}

export function scoreGpqa (item: TaskItem, reply: string): ScoreResult {
  const gold = item.gold.trim().toUpperCase()
  if (!(LETTERS as readonly string[]).includes(gold)) return { outcome: 0, reason: 'item gold is not a letter A-D' }
  const options = dataStrings(item, 'options')
  const parsed = parseLetterAnswer(reply)
  if (!parsed.ok) return { outcome: 0, reason: parsed.reason, ...(parsed.text === undefined ? {} : { answer: parsed.text }) }
  if (options !== undefined && LETTERS.indexOf(parsed.letter) >= options.length) return { outcome: 0, reason: `option ${parsed.letter} does not exist`, answer: parsed.letter }
  if (parsed.letter !== gold) return { outcome: 0, reason: `wrong option ${parsed.letter}`, answer: parsed.letter }
  return { outcome: 1, answer: parsed.letter }
}

export interface GpqaTaskOptions {
  /** Items to use instead of the project-made set (e.g. from `loadGpqaCsv`). */
  readonly items?: readonly TaskItem[]
}

export function createGpqaTask (options: GpqaTaskOptions = {}): Task {
  const items = options.items
  return {
    id: 'gpqa',
    description: 'Science multiple choice in GPQA format (4 options, letter match); project-made calculation items by default.',
    seedPrompt: GPQA_SEED_PROMPT,
    splits: lazySplits('gpqa', () => items ?? generatedGpqaItems()),
    userMessage: item => item.question,
    score: async (item, reply) => scoreGpqa(item, reply)
  }
}
