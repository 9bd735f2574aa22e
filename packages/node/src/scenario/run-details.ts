import type { RunSummary, ScenarioReport, SeedOutcome } from './scenario-runner.js'

/** One point of a peer's accuracy curve: `step` counts the peer's progress (e.g. records or generations). */
export interface AccuracyPoint {
  readonly step: number
  /** 0 to 1. */
  readonly accuracy: number
}

export interface PeerAccuracySeries {
  readonly peer: number
  /** False for an attacker's curve (drawn dashed). */
  readonly honest: boolean
  readonly points: readonly AccuracyPoint[]
}

/** One candidate on the path from a task's seed prompt to the winning prompt. */
export interface LineageStep {
  readonly id: string
  /** Peer index of the author, when known. */
  readonly peer?: number
  readonly byAttacker: boolean
  readonly score?: number
  readonly text?: string
}

/**
 * Data a run summary may carry beyond `RunSummary`. Reports draw whatever is present and leave
 * out what is absent, so the runner can add these fields one at a time.
 */
export interface RunDetails {
  /** Attacker candidates that ended as the best-scored candidate of their task in the honest view. */
  readonly attackerCandidatesTop?: number
  /** Attacker candidates that honest peers chose as parents of their own children. */
  readonly attackerCandidatesAdopted?: number
  /** Share (0 to 1) of honest final prompts whose planted backdoor fires on its trigger. */
  readonly backdoorSuccess?: number
  /** Accusations by honest peers against honest peers. */
  readonly falseAccusations?: number
  /** Per peer accuracy curves during evolution. */
  readonly accuracyOverTime?: readonly PeerAccuracySeries[]
  /** By task: the honest peers' winning prompt's ancestry, seed first, winner last. */
  readonly winningLineage?: Readonly<Record<string, readonly LineageStep[]>>
  /** Gossip the peers originated (batches and their bytes; forwarding not counted). */
  readonly bytes?: number
  readonly messages?: number
  /** Milliseconds until every peer derived the same view. */
  readonly agreementMs?: number
  /** Tokens the swarm's model calls used (prompt + completion), as the backend reports them. */
  readonly tokens?: number
}

export type DetailedRunSummary = RunSummary & RunDetails

/** A seed outcome whose runs may carry `RunDetails`; a plain `SeedOutcome` is one. */
export type DetailedSeedOutcome = Omit<SeedOutcome, 'attacked' | 'clean'> & {
  readonly attacked: DetailedRunSummary
  readonly clean: DetailedRunSummary
}

export type DetailedScenarioReport = Omit<ScenarioReport, 'seeds'> & { readonly seeds: readonly DetailedSeedOutcome[] }
