import type { AttackCatalog, AttackFactory } from '@promptswarm/node'
import { constantScore } from './attacks/constant-score.js'
import { inflateDeflate } from './attacks/inflate-deflate.js'
import { poisonedCandidates } from './attacks/poisoned-candidates.js'
import { randomScores } from './attacks/random-scores.js'
import { crashRestart } from './attacks/crash-restart.js'
import { straggler } from './attacks/straggler.js'
import { partition } from './attacks/partition.js'
import { wireBitflips } from './attacks/wire-bitflips.js'
import { compromisedBackend } from './attacks/compromised-backend.js'
import { poisonedLabels } from './attacks/poisoned-labels.js'
import { replay } from './attacks/replay.js'
import { forgery } from './attacks/forgery.js'
import { equivocation } from './attacks/equivocation.js'
import { eclipse } from './attacks/eclipse.js'
import { littleIsEnough } from './attacks/little-is-enough.js'
import { intermittent } from './attacks/intermittent.js'
import { scoreCopying } from './attacks/score-copying.js'
import { sybil } from './attacks/sybil.js'
import { corruptedScores } from './attacks/corrupted-scores.js'
import { backdoorCandidates } from './attacks/backdoor-candidates.js'
import { overfitCandidates } from './attacks/overfit-candidates.js'
import { lineageForgery } from './attacks/lineage-forgery.js'
import { archiveSpam } from './attacks/archive-spam.js'

/** Every attack of the lab, by the name scenario files use. */
export const ATTACKS: AttackCatalog = new Map<string, AttackFactory>(
  [inflateDeflate, randomScores, constantScore, poisonedCandidates,
    crashRestart, straggler, partition, wireBitflips, compromisedBackend, poisonedLabels, replay, forgery, equivocation, eclipse,
    littleIsEnough, intermittent, scoreCopying, sybil, corruptedScores, backdoorCandidates, overfitCandidates, lineageForgery, archiveSpam].map(a => [a.name, a])
)
