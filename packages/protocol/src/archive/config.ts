import type { AggregatorSpec } from '../aggregation/index.js'
import { createAggregator } from '../aggregation/index.js'
import { checkCommitteeConfig, type CommitteeConfig } from '../committee/committee.js'
import { utf8 } from '../bytes.js'
import { ConfigError } from '../errors.js'
import { MAX_IDENTITY_WORK_BITS, MIN_IDENTITY_WORK_BITS } from '../identity/identity-work.js'
import { LIMITS } from '../limits.js'
import type { AccusationRecord, CandidateRecord, EvaluationRecord } from '../records/types.js'
import type { VerifiedRecord } from '../signing/envelope.js'

/** What a peer decides about an evaluation-mismatch accusation after re-executing it. */
export type Verdict = 'proven' | 'refuted' | 'undecided'

/**
 * Decides accusations whose evidence needs re-execution. It must be deterministic: every honest
 * peer must reach the same verdict from the same accusation (the synthetic model re-executes
 * exactly; real endpoints use temperature 0 and a tolerance). Equivocation proofs need no judge.
 */
export interface EvidenceJudge {
  judge (accusation: VerifiedRecord<AccusationRecord>): Verdict
}

/**
 * Which evaluations count for a candidate (committee membership, issue-level policy). Must be a
 * pure function of its arguments.
 */
export type EligibilityRule = (candidate: VerifiedRecord<CandidateRecord>, evaluation: VerifiedRecord<EvaluationRecord>) => boolean

export interface ViewConfig {
  readonly aggregator: AggregatorSpec
  /** Counted evaluations a task prompt needs before it has a score. */
  readonly quorum: number
  /** A child is admitted when its score is at least its parent's minus this. */
  readonly tolerance: number
  /** Scored children an optimizer prompt needs before its fitness counts for admission. Default 1. */
  readonly minFitnessSamples?: number
  /** Whether an author's evaluations of its own candidates count. Default false. */
  readonly countSelfEvaluations?: boolean
  readonly eligible?: EligibilityRule
  readonly judge?: EvidenceJudge
  /** Evaluation committees: only members of a candidate's committee have their evaluations counted. */
  readonly committee?: CommitteeConfig
  /** Who may contribute. Records of non-members stay in the record set but count for nothing. Default open. */
  readonly membership?: Membership
  /** Ban the author of an accusation the judge refutes (a provably false claim). Default true. */
  readonly banFalseAccusers?: boolean
}

/**
 * - open: anyone; the committee pool is every author that announced itself with a hello.
 * - allow-list: only these keys (hex); they form the committee pool.
 * - proof-of-work: keys whose hello carries identity work of at least `bits` for `swarm` (see
 *   `identity/identity-work.ts`); they form the committee pool. Others are outsiders, as under an
 *   allow-list. `swarm` is the name records are signed for: the work is bound to it.
 */
export type Membership =
  | { readonly kind: 'open' }
  | { readonly kind: 'allow-list', readonly keys: readonly string[] }
  | { readonly kind: 'proof-of-work', readonly swarm: string, readonly bits: number }

export function checkViewConfig (config: ViewConfig): void {
  createAggregator(config.aggregator)
  if (!Number.isSafeInteger(config.quorum) || config.quorum < 1 || config.quorum > 1024) {
    throw new ConfigError('quorum', `must be an integer in [1, 1024], got ${config.quorum}`)
  }
  if (!Number.isFinite(config.tolerance) || config.tolerance < 0 || config.tolerance > 1) {
    throw new ConfigError('tolerance', `must be in [0, 1], got ${config.tolerance}`)
  }
  if (config.committee !== undefined) checkCommitteeConfig(config.committee)
  const membership = config.membership ?? { kind: 'open' }
  if (membership.kind === 'allow-list') {
    if (!Array.isArray(membership.keys) || membership.keys.length === 0) throw new ConfigError('membership.keys', 'an allow-list needs at least one key')
    membership.keys.forEach((k, i) => {
      if (typeof k !== 'string' || !/^[0-9a-f]{64}$/.test(k)) throw new ConfigError(`membership.keys[${i}]`, 'expected a 64-character lowercase hex public key')
    })
  } else if (membership.kind === 'proof-of-work') {
    const bits = membership.bits
    if (!Number.isSafeInteger(bits) || bits < MIN_IDENTITY_WORK_BITS || bits > MAX_IDENTITY_WORK_BITS) {
      throw new ConfigError('membership.bits', `must be an integer in [${MIN_IDENTITY_WORK_BITS}, ${MAX_IDENTITY_WORK_BITS}], got ${String(bits)}`)
    }
    const swarmBytes = typeof membership.swarm === 'string' ? utf8.byteLength(membership.swarm) : 0
    if (swarmBytes === 0 || swarmBytes > LIMITS.maxNameBytes) throw new ConfigError('membership.swarm', `a swarm name is 1 to ${LIMITS.maxNameBytes} bytes`)
  } else if (membership.kind !== 'open') {
    throw new ConfigError('membership.kind', `unknown membership ${JSON.stringify((membership as { kind: unknown }).kind)}; expected open, allow-list or proof-of-work`)
  }
  const m = config.minFitnessSamples ?? 1
  if (!Number.isSafeInteger(m) || m < 1) throw new ConfigError('minFitnessSamples', `must be a positive integer, got ${m}`)
}
