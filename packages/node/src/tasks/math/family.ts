import type { Rng } from '../rng.js'

/**
 * Problem families for the math generator. Each draws parameters, states the problem in AIME
 * style, and computes the answer twice by different methods (a formula and a brute-force or
 * otherwise independent computation); the generator keeps a problem only if both agree and the
 * answer is an integer in 0..999. Difficulty comes from the structure: the family's number of
 * reasoning steps, the size of the numbers, and the variant.
 */
export interface MathProblem {
  readonly family: string
  readonly question: string
  /** By the primary method. */
  readonly answer: number
  /** By the independent method; must equal `answer`. */
  readonly check: number
  /** Structural difficulty before clamping to [0, 1]. */
  readonly difficulty: number
}

export interface MathFamily {
  readonly name: string
  /** Undefined when the draw is unusable (answer out of range, degenerate): the generator redraws. */
  make (rng: Rng): MathProblem | undefined
}

/** AIME's way of keeping answers below 1000. */
export const mod1000 = (question: string, what: string): string => `${question} Find the remainder when ${what} is divided by $1000$.`
