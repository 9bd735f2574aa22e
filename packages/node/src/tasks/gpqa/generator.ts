import { clampDifficulty } from '../item-data.js'
import { Rng } from '../rng.js'
import { SCIENCE_TEMPLATES, type Domain } from './templates.js'

export const GPQA_SEED = 'promptswarm-science-v1'
export const GPQA_COUNT = 200

export interface GeneratedScienceQuestion {
  readonly template: string
  readonly domain: Domain
  readonly question: string
  readonly correct: string
  readonly incorrect: readonly [string, string, string]
  readonly difficulty: number
}

/**
 * Question i uses template i mod (number of templates) and its own random stream (seed, i). The
 * three incorrect options are the first three distinct distractors that differ from the answer.
 */
export function generateScienceQuestion (index: number, seed = GPQA_SEED, taken: ReadonlySet<string> = new Set()): GeneratedScienceQuestion {
  const template = SCIENCE_TEMPLATES[index % SCIENCE_TEMPLATES.length]
  if (template === undefined) throw new RangeError('no science templates')
  const rng = new Rng(`${seed}:${index}`)
  for (let draw = 0; draw < 100; draw++) {
    const d = template.make(rng)
    if (taken.has(d.question)) continue
    const incorrect: string[] = []
    for (const w of d.wrong) {
      if (w !== d.correct && !incorrect.includes(w)) incorrect.push(w)
      if (incorrect.length === 3) break
    }
    if (incorrect.length < 3) continue
    return {
      template: d.template,
      domain: d.domain,
      question: d.question,
      correct: d.correct,
      incorrect: incorrect as [string, string, string],
      difficulty: clampDifficulty(d.difficulty)
    }
  }
  throw new Error(`science question ${index} (${template.name}): no usable draw`)
}

export function generateScienceQuestions (count = GPQA_COUNT, seed = GPQA_SEED): GeneratedScienceQuestion[] {
  const taken = new Set<string>()
  const out: GeneratedScienceQuestion[] = []
  for (let i = 0; i < count; i++) {
    const q = generateScienceQuestion(i, seed, taken)
    taken.add(q.question)
    out.push(q)
  }
  return out
}
