import { clampDifficulty } from '../item-data.js'
import { Rng } from '../rng.js'
import { type ArcPair, type ArcTaskJson, gridsEqual, gridError } from './grid.js'
import { ARC_FAMILIES } from './rules.js'

export const ARC_SEED = 'promptswarm-arc-v1'
export const ARC_COUNT = 200
const MAX_ATTEMPTS = 100

export interface GeneratedArcTask {
  readonly family: string
  readonly task: ArcTaskJson
  readonly difficulty: number
}

/**
 * One ARC-format task: a rule from family i mod (number of families), 2-4 demonstration pairs and
 * one test pair, all distinct, each output different from its input and within ARC's 30x30
 * limit. Task i depends only on (seed, i).
 */
export function generateArcTask (index: number, seed = ARC_SEED): GeneratedArcTask {
  const family = ARC_FAMILIES[index % ARC_FAMILIES.length]
  if (family === undefined) throw new RangeError('no ARC families')
  const rng = new Rng(`${seed}:${index}`)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const rule = family.rule(rng)
    const trainCount = rng.int(2, 4)
    const pairs: ArcPair[] = []
    for (let tries = 0; tries < 50 && pairs.length < trainCount + 1; tries++) {
      const input = rule.input(rng)
      const output = rule.apply(input)
      if (gridError(input) !== undefined || gridError(output) !== undefined) continue
      if (gridsEqual(input, output)) continue
      if (pairs.some(p => gridsEqual(p.input, input))) continue
      pairs.push({ input, output })
    }
    if (pairs.length < trainCount + 1) continue
    const test = pairs.pop() as ArcPair
    const cells = test.input.length * (test.input[0]?.length ?? 0) + test.output.length * (test.output[0]?.length ?? 0)
    const difficulty = rule.difficulty + 0.2 * Math.min(1, cells / 250) + (trainCount === 2 ? 0.08 : 0)
    return { family: rule.family, task: { train: pairs, test: [test] }, difficulty: clampDifficulty(difficulty) }
  }
  throw new Error(`ARC task ${index} (${family.name}): no valid task in ${MAX_ATTEMPTS} attempts`)
}

export function generateArcTasks (count = ARC_COUNT, seed = ARC_SEED): GeneratedArcTask[] {
  return Array.from({ length: count }, (_, i) => generateArcTask(i, seed))
}
