/**
 * Candidate screening: pure rules (size, growth, lineage, injection clauses) and behavioural
 * backdoor probes, combined by `CandidateScreen`. See docs/defences.md.
 */
export { CandidateScreen, screenRules, type CandidateScreenOptions, type ScreeningInput } from './candidate-screen.js'
export { DEFAULT_SCREENING_CONFIG, DEFAULT_PROBE_CONFIG, resolveScreeningConfig, type ScreeningConfig, type ScreeningConfigInput, type ProbeConfig } from './config.js'
export { ScreeningConfigError } from './errors.js'
export type { ScreeningVerdict, ScreeningReason, ScreeningCheck } from './verdict.js'
export { checkSize } from './size-rule.js'
export { checkLineage } from './lineage-rule.js'
export { editDistance, levenshtein, bagDistance, DEFAULT_MAX_CELLS, type EditDistance, type EditUnit } from './edit-distance.js'
export { detectInjections, type ClauseMatch, type ClauseRule } from './injection-detector.js'
export { isValuePayload } from './payload.js'
export { extractTriggers, type TriggerCandidate, type TriggerSource, type TriggerOptions } from './trigger-candidates.js'
export { planCanaries, canaryItem, insertPhrase, FRAMES, CONTROL_PHRASES, type Canary, type CanaryPlan, type Frame } from './canaries.js'
export { runBackdoorProbes, type ProbeInput } from './backdoor-probe.js'
export { armStats, answerKey, pairedWorseP, suspicionOf, type CanaryAnswer, type Judgement } from './probe-stats.js'
export type { ProbeReport, TriggerMeasurement, ArmStats } from './probe-report.js'
export { COMMON_WORDS, isKnownWord } from './vocabulary.js'
