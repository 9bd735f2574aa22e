/**
 * The four record kinds of protocol version 1. A record is what an author states; it is
 * signed over its canonical bytes (see `codec.ts`) and identified by their sha256.
 */
export const PROTOCOL_VERSION = 1

export type RecordKind = 'hello' | 'candidate' | 'evaluation' | 'accusation'

/** Fields every record carries. `author` is a 32-byte Ed25519 public key. */
export interface RecordHeader {
  readonly version: typeof PROTOCOL_VERSION
  readonly author: Uint8Array
  /** Per-author sequence number: one author never signs two different records with one seq. */
  readonly seq: number
  /** Author's clock in ms since the epoch; informational, never trusted for ordering. */
  readonly time: number
}

/** A peer announces itself: its libp2p peer id, the tasks it serves and the model it evaluates with. */
export interface HelloRecord extends RecordHeader {
  readonly kind: 'hello'
  readonly peerId: string
  readonly tasks: readonly string[]
  readonly model: string
  readonly addresses: readonly string[]
  /**
   * Nonce of the author's identity work (see `identity/identity-work.ts`), for swarms whose
   * membership costs a proof of work; absent elsewhere. Encoded as hello extension 1, after every
   * other field, so hellos without it keep their bytes, ids and every digest built on them.
   */
  readonly identityNonce?: number
}

/** `task` prompts solve a task; `optimizer` prompts are the prompt agent's own system prompt. */
export type CandidateRole = 'task' | 'optimizer'

export interface CandidateRecord extends RecordHeader {
  readonly kind: 'candidate'
  readonly role: CandidateRole
  /** Task id for task prompts; empty for optimizer prompts, which serve the whole pool. */
  readonly task: string
  readonly text: string
  /** Id of the parent candidate, or null for a seed. */
  readonly parent: Uint8Array | null
  /** Id of the optimizer prompt that produced this candidate, or null (seeds, manual edits). */
  readonly optimizer: Uint8Array | null
}

export interface TokenUsage {
  readonly promptTokens: number
  readonly completionTokens: number
}

export interface EvaluationRecord extends RecordHeader {
  readonly kind: 'evaluation'
  readonly candidate: Uint8Array
  /** Item ids of the minibatch, distinct. */
  readonly items: readonly string[]
  /** Per-item outcome in [0, 1], aligned with `items`. */
  readonly outcomes: readonly number[]
  /** The mean of `outcomes` (checked on decode). */
  readonly score: number
  /**
   * The parent's outcomes on the same items, or empty for a seed. Admission and optimizer fitness
   * compare child and parent on one minibatch (a paired comparison), which removes the
   * item-difficulty variance and the regression to the mean of parents selected for high scores.
   */
  readonly baseline: readonly number[]
  readonly model: string
  readonly usage: TokenUsage
}

/** Two signed records by one author with one sequence number and different contents. Self-verifying. */
export interface EquivocationEvidence {
  readonly kind: 'equivocation'
  readonly first: Uint8Array
  readonly second: Uint8Array
}

/**
 * The accused's signed evaluation and the outcomes the accuser obtained by re-executing some of
 * its items. Verified by re-execution (see `EvidenceJudge`), not by the protocol alone.
 */
export interface EvaluationMismatchEvidence {
  readonly kind: 'evaluation-mismatch'
  readonly evaluation: Uint8Array
  /** Indices into the evaluation's items, strictly increasing. */
  readonly indices: readonly number[]
  /** Outcomes the accuser computed for those items. */
  readonly expected: readonly number[]
  /**
   * The parent's outcomes the accuser computed for those items, when the evaluation carried a
   * baseline (a liar can inflate a child's improvement by deflating its baseline); else empty.
   */
  readonly expectedBaseline: readonly number[]
}

export type Evidence = EquivocationEvidence | EvaluationMismatchEvidence

export interface AccusationRecord extends RecordHeader {
  readonly kind: 'accusation'
  readonly accused: Uint8Array
  readonly evidence: Evidence
}

export type ProtocolRecord = HelloRecord | CandidateRecord | EvaluationRecord | AccusationRecord

/** The fields an author fills in; the header's version is implied. */
export type RecordInit<R extends ProtocolRecord = ProtocolRecord> = R extends ProtocolRecord ? Omit<R, 'version'> : never
