/**
 * @promptswarm/node: a promptswarm peer (libp2p networking, storage, sync), plus evolution,
 * evaluation, model backends, tasks and the CLI.
 */
export { Peer, type EquivocationEvent, type LoadReport, type PeerEvents, type PeerStatus, type PublishInit, type RecordEvent, type RecordSource, type SyncEvent } from './peer/peer.js'
export { resolvePeerOptions, DEFAULT_MESH, DEFAULT_VIEW, type PeerOptions, type ResolvedPeerOptions } from './peer/options.js'
export { PeerConfigError, PeerStoppedError } from './peer/errors.js'
export { authorOfPeerId, peerIdOfAuthor } from './peer/author-peer-id.js'
export { helloIdentityNonce, mintIdentityNonce } from './peer/identity-mint.js'
export { RecordStore, type RecordStoreOptions, type StoredEntry } from './storage/record-store.js'
export { StorageError } from './storage/errors.js'
export { GroupCommit } from './storage/group-commit.js'
export { SortedIdIndex, MIN_BOUND, MAX_BOUND } from './sync/id-index.js'
export { Reconciler, DEFAULT_RECONCILE_LIMITS, type ReconcileLimits, type SyncRange } from './sync/reconciler.js'
export { SyncSession, DEFAULT_SESSION_LIMITS, type SessionLimits, type SyncHost } from './sync/session.js'
export { SyncService, DEFAULT_SYNC_OPTIONS, type SyncOutcome, type SyncServiceOptions } from './sync/sync-service.js'
export { decodeTurn, encodeTurn, DEFAULT_TURN_LIMITS, type SyncTurn, type TurnLimits } from './sync/messages.js'
export { SyncProtocolError } from './sync/errors.js'
export { GossipBatcher, DEFAULT_BATCHER_OPTIONS, type BatcherOptions } from './net/batcher.js'
export { classifyBatch, classifyBatchDeferred, stillFresh, type BatchClassification, type GossipVerdict } from './net/gossip-validator.js'
export { DEFAULT_SIGNATURE_POOL_OPTIONS, SignaturePool, signaturePool, type SignaturePoolOptions, type SignaturePoolStats } from './net/signature-pool.js'
export { GossipChannel, type GossipVerdictEvent } from './net/gossip-channel.js'
export { PenaltyBook, type PenaltyEntry } from './net/penalty-book.js'
export { peerScoreParams, topicScoreParams, reputationScore, REPUTATION_SCORE_WEIGHT, SCORE_THRESHOLDS } from './net/gossip-scoring.js'
export { CidrSet, parseCidr, cidrToMultiaddr } from './net/cidr.js'
export { TokenBucket } from './net/token-bucket.js'
export { LoadGauge, processLoad } from './net/load-gauge.js'
export { Redialer, DEFAULT_REDIAL_OPTIONS, type RedialOptions } from './net/redialer.js'
export { createNetworkNode, contentMessageId, type GossipRouter, type MeshDegree, type NetworkNode } from './net/libp2p-node.js'
export { recordsTopic, syncProtocol } from './net/names.js'
export { Swarm, launchSwarm, type SwarmOptions } from './swarm/launcher.js'
export type { SwarmMember } from './swarm/member.js'
export { InProcessMember } from './swarm/in-process-member.js'
export { ProcessMember, SwarmProcessError, PEER_PROCESS_ENTRY } from './swarm/process-member.js'
export type { ProcessPeerConfig } from './swarm/ipc.js'
export { checkAgreement, compareDigests, waitForAgreement, type AgreementOptions, type AgreementReport, type DigestSource } from './swarm/agreement.js'
export { waitUntil } from './swarm/wait.js'
export { peerCommand, parsePeerArgs, runPeer, type PeerCommandOptions } from './commands/peer.js'

// Models: the seam, the embedded simulator, real endpoints, budgets.
export * from './model/language-model.js'
export { createModel, DEFAULT_MODEL, type ModelSettings } from './model/registry.js'
export { ModelBudget, type BudgetLimits, type BudgetUsage } from './model/budget.js'
export { MeteredModel, type ModelUsage } from './model/metered-model.js'
export { groundTruthOf, type GroundTruth } from './model/ground-truth.js'
export { SyntheticModel, SIMULATOR_LABEL, type SyntheticModelOptions } from './model/synthetic/index.js'
export { OpenAICompatibleModel, type OpenAICompatibleOptions } from './model/openai/index.js'

// Tasks and the code sandbox.
export type { ScoreResult, Task, TaskItem, TaskSplits } from './tasks/task.js'
export { allTasks, isTaskId, TASK_IDS, UnknownTaskError, type TaskId } from './tasks/index.js'
export { PythonSandbox, defaultPythonSandbox, type SandboxOptions, type PythonProgram } from './sandbox/python-sandbox.js'
export type { SandboxResult } from './sandbox/result.js'

// Agents and SePO evolution.
export { TaskAgent, type EvaluateOptions, type ItemResult, type PromptEvaluation } from './agents/task-agent.js'
export { PromptAgent, type Proposal } from './agents/prompt-agent.js'
export { BASE_OPTIMIZER_PROMPT, CRITIQUE_REWRITE_PROMPT } from './agents/optimizer-prompts.js'
export { Evolution, isBudgetExhausted, type EvolutionOptions, type EvolutionState } from './evolution/evolution.js'
export { LocalLedger, type Ledger, type LocalLedgerOptions, type RecordBody } from './evolution/ledger.js'
export { MINIBATCH_POLICIES, isMinibatchPolicy, minibatch, minibatchKey, type MinibatchPolicy } from './evolution/minibatch.js'
export { bestOptimizer, selectOptimizer, selectParent, selectionWeights } from './evolution/selection.js'
export { METHODS, METHOD_LABELS, runMethod, selectFinalPrompt, type MethodBudget, type MethodId, type MethodRun, type TaskOutcome } from './evolution/methods.js'
export { formatResultTable, runExperiment, type ExperimentOptions, type ExperimentResult } from './evolution/experiment.js'
export { estimate, formatEstimate, type Estimate } from './evolution/stats.js'
export { Rng } from './util/rng.js'

// Audits: re-executing others' evaluations, accusing on a mismatch, judging accusations.
export {
  Auditor, AuditSecret, AuditConfigError, ReExecutionJudge, ReExecutor, mismatchAccusation, contestVerdict,
  EXACT_TOLERANCE, REAL_MODEL_TOLERANCE, toleranceFor,
  type AuditOutcome, type AuditorOptions, type AuditStats, type InconclusiveReason, type JudgeDecision, type JudgeStats,
  type ReExecution, type ReExecutionJudgeOptions, type ReExecutorOptions, type RecordLookup, type Tolerance, type VerdictReason
} from './audit/index.js'

// Decentralized SePO on a swarm.
export { PeerLedger } from './swarm-evolution/peer-ledger.js'
export { EvolutionWorker, type WorkerOptions, type WorkItem } from './swarm-evolution/evolution-worker.js'
export { Lockstep, type Busy, type LockstepOptions } from './swarm-evolution/lockstep.js'
export { PartitionGaters, SwarmController, type SwarmControl } from './swarm-evolution/swarm-control.js'
export { DEFAULT_DEFENCES, runSwarmSepo, shareWork, type PeerOutcome, type SwarmDefences, type SwarmSepoOptions, type SwarmSepoResult } from './swarm-evolution/swarm-sepo.js'

// Candidate screening: size, lineage and injection rules, behavioural backdoor probes.
export {
  CandidateScreen, DEFAULT_SCREENING_CONFIG, DEFAULT_PROBE_CONFIG, ScreeningConfigError, resolveScreeningConfig, detectInjections, editDistance,
  extractTriggers, runBackdoorProbes,
  type CandidateScreenOptions, type ClauseMatch, type ProbeConfig, type ProbeReport, type ScreeningCheck, type ScreeningConfig,
  type ScreeningConfigInput, type ScreeningInput, type ScreeningReason, type ScreeningVerdict, type TriggerCandidate, type TriggerMeasurement
} from './screening/index.js'

// Attack scenarios: files, the runner, reports (the attacks themselves live in @promptswarm/adversary).
export * from './scenario/index.js'
export { parseSeedList, createRunCommand } from './commands/run.js'
export { UsageError } from './commands/usage-error.js'
export { createSweepCommand } from './commands/sweep.js'
export { createSuiteCommand } from './commands/suite.js'
export type { Command, CommandIO } from './commands/command.js'
export { isEntryPoint, runProgram, type Program } from './commands/program.js'

// Operator experience: Prometheus metrics, the live dashboard and report viewer.
export * from './metrics/index.js'
export * from './dashboard/index.js'
export { reportCommand } from './commands/report.js'
export { dataCommand } from './commands/data.js'
export { loadLocalTasks, LOCAL_DATASET_PATHS, type LocalDataset } from './tasks/local-datasets.js'
