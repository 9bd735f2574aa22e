import { committees, inclusionExclusion, latticeDisk, latticeTriangles, linearDiophantine, marbles, rightTriangles } from './families-counting.js'
import { arithmeticSeries, bases, chineseRemainder, digitSums, divisors, floorSums, modularPower, recurrences } from './families-number.js'
import type { MathFamily } from './family.js'

export type { MathFamily, MathProblem } from './family.js'

/** Problem i of the generator uses family i mod 15, in this order (part of the generator's version). */
export const MATH_FAMILIES: readonly MathFamily[] = Object.freeze([
  arithmeticSeries, modularPower, inclusionExclusion, committees, digitSums, divisors, rightTriangles,
  latticeDisk, latticeTriangles, linearDiophantine, chineseRemainder, recurrences, bases, marbles, floorSums
])
