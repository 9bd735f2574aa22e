import type { AttackCatalog, AttackFactory } from '@promptswarm/node'
import { constantScore } from './attacks/constant-score.js'
import { inflateDeflate } from './attacks/inflate-deflate.js'
import { poisonedCandidates } from './attacks/poisoned-candidates.js'
import { randomScores } from './attacks/random-scores.js'

/** Every attack of the lab, by the name scenario files use. */
export const ATTACKS: AttackCatalog = new Map<string, AttackFactory>(
  [inflateDeflate, randomScores, constantScore, poisonedCandidates].map(a => [a.name, a])
)
