import { clampDifficulty } from '../item-data.js'
import { Rng } from '../rng.js'
import { MATH_FAMILIES, type MathProblem } from './families.js'

export const MATH_SEED = 'promptswarm-math-v1'
export const MATH_COUNT = 300
const MAX_DRAWS = 200

export interface GeneratedMathProblem {
  readonly family: string
  readonly question: string
  readonly answer: number
  readonly difficulty: number
}

/** Thrown when a family's two methods disagree: a bug in the generator, never ignored. */
export class MathGeneratorError extends Error {
  override readonly name = 'MathGeneratorError'
  readonly kind = 'unverified-answer'
}

/**
 * Problem i comes from family i mod (number of families) with its own random stream seeded by
 * (seed, i); draws whose question is in `taken` (earlier problems) are skipped. A larger count
 * therefore extends the set without changing earlier problems.
 */
export function generateMathProblem (index: number, seed = MATH_SEED, taken: ReadonlySet<string> = new Set()): GeneratedMathProblem {
  const family = MATH_FAMILIES[index % MATH_FAMILIES.length]
  if (family === undefined) throw new RangeError('no math families')
  const rng = new Rng(`${seed}:${index}`)
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const p: MathProblem | undefined = family.make(rng)
    if (p === undefined) continue
    if (p.answer !== p.check) {
      throw new MathGeneratorError(`math problem ${index} (${family.name}): answer ${p.answer} but check ${p.check}: ${p.question}`)
    }
    if (!Number.isInteger(p.answer) || p.answer < 0 || p.answer > 999 || taken.has(p.question)) continue
    return { family: p.family, question: p.question, answer: p.answer, difficulty: clampDifficulty(p.difficulty) }
  }
  throw new MathGeneratorError(`math problem ${index} (${family.name}): no usable draw in ${MAX_DRAWS} attempts`)
}

export function generateMathProblems (count = MATH_COUNT, seed = MATH_SEED): GeneratedMathProblem[] {
  const taken = new Set<string>()
  const out: GeneratedMathProblem[] = []
  for (let i = 0; i < count; i++) {
    const p = generateMathProblem(i, seed, taken)
    taken.add(p.question)
    out.push(p)
  }
  return out
}
