import { lazySplits } from '../split.js'
import type { ScoreResult, Task, TaskItem } from '../task.js'
import { parseIntegerAnswer } from './answer.js'
import { generateMathProblems } from './generator.js'

export const MATH_SEED_PROMPT = [
  'Think step by step: work out what the problem asks, solve it carefully, and check each calculation.',
  'The answer is an integer from 0 to 999.',
  'Give the final answer on its own last line as `Answer: N`.'
].join(' ')

export function generatedMathItems (): TaskItem[] {
  return generateMathProblems().map((p, i) => ({
    id: `math-${String(i).padStart(4, '0')}`,
    question: p.question,
    gold: String(p.answer),
    data: { difficulty: p.difficulty, family: p.family }
  }))
}

/** Exact match of the final integer with the gold integer (AIME rules: 045 and 45 are the same). */
export function scoreMath (item: TaskItem, reply: string): ScoreResult {
  const parsed = parseIntegerAnswer(reply)
  if (!parsed.ok) return { outcome: 0, reason: parsed.reason, ...(parsed.text === undefined ? {} : { answer: parsed.text }) }
  const gold = Number(item.gold.trim())
  if (!Number.isInteger(gold)) return { outcome: 0, reason: 'item gold is not an integer', answer: parsed.text }
  if (parsed.value !== gold) return { outcome: 0, reason: `wrong answer ${parsed.text}`, answer: parsed.text }
  return { outcome: 1, answer: parsed.text }
}

export interface MathTaskOptions {
  /** Items to use instead of the generated set (e.g. from `loadAime`). */
  readonly items?: readonly TaskItem[]
}

export function createMathTask (options: MathTaskOptions = {}): Task {
  const items = options.items
  return {
    id: 'math',
    description: 'Competition math with integer answers 0-999 (AIME format); exact match of the final integer.',
    seedPrompt: MATH_SEED_PROMPT,
    splits: lazySplits('math', () => items ?? generatedMathItems()),
    userMessage: item => item.question,
    score: async (item, reply) => scoreMath(item, reply)
  }
}
