/**
 * @promptswarm/adversary: attacks against a promptswarm swarm, for scenario files and tests.
 * Each attack wraps a malicious peer's ledger (`SwarmSepoOptions.ledgerFor`, the attack seam).
 */
export { ATTACKS } from './catalog.js'
export { inflateDeflate } from './attacks/inflate-deflate.js'
export { randomScores } from './attacks/random-scores.js'
export { constantScore } from './attacks/constant-score.js'
export { poisonedCandidates, DEFAULT_PAYLOAD } from './attacks/poisoned-candidates.js'
export { rewriteEvaluations, toward, type EvaluationBody } from './rewrite-evaluations.js'
export { intensityParam, numberParam, stringParam } from './params.js'
export { labRunCommand } from './lab-run-command.js'
export { labSweepCommand } from './lab-sweep-command.js'
export { labSuiteCommand } from './lab-suite-command.js'
