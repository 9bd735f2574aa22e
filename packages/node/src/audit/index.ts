/**
 * Audits: peers re-execute a random share of others' evaluations, accuse on a mismatch, and judge
 * accusations by re-executing the contested items. See docs/defences.md, "Audits".
 */
export { ReExecutor, type InconclusiveReason, type ReExecution, type ReExecutorOptions, type RecordLookup } from './re-executor.js'
export { Auditor, type AuditOutcome, type AuditorOptions, type AuditStats } from './auditor.js'
export { ReExecutionJudge, type JudgeDecision, type JudgeStats, type ReExecutionJudgeOptions } from './judge.js'
export { AuditSecret } from './audit-secret.js'
export { mismatchAccusation } from './accusation.js'
export { contestVerdict, type VerdictReason } from './verdict.js'
export { claimedValues, joinValues } from './contested-values.js'
export { allowedMismatches, checkTolerance, differingPositions, EXACT_TOLERANCE, REAL_MODEL_TOLERANCE, reproduces, toleranceFor, type Tolerance } from './tolerance.js'
export { OutcomeCache } from './outcome-cache.js'
export { AuditConfigError } from './errors.js'
