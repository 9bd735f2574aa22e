/**
 * Item difficulty, fixed per item by a hash of its id and its text: the same item is hard for
 * every profile, and nothing but what a model sees (plus the item id) decides it.
 */
import { hashUnit } from './random.js'
import type { Profile, TaskKey } from './profile.js'

/** A draw from Logistic(0, scale[task]); higher is harder. */
export function itemDifficulty (profile: Profile, task: TaskKey, itemId: string, userMessage: string): number {
  const u = hashUnit('difficulty', task, itemId, userMessage)
  return profile.difficultyScale[task] * Math.log(u / (1 - u))
}
