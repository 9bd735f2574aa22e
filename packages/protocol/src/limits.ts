/**
 * Hard limits every peer enforces on every record. They bound the memory and CPU a hostile
 * peer can make others spend, and they are part of the protocol: changing one is a version bump.
 */
export const LIMITS = {
  /** A whole signed record on the wire. */
  maxRecordBytes: 128 * 1024,
  /** A signed record embedded as evidence in an accusation. */
  maxEvidenceRecordBytes: 60 * 1024,
  /** Prompt text of a candidate, in UTF-8 bytes. */
  maxPromptBytes: 32 * 1024,
  /** Task ids, model ids, item ids, peer ids. */
  maxNameBytes: 128,
  maxAddressBytes: 256,
  maxAddresses: 16,
  maxTasks: 64,
  /** Items in one evaluation (a minibatch). */
  maxItems: 512,
  maxSeq: Number.MAX_SAFE_INTEGER,
  /** Milliseconds since the epoch; 2^48 ms is past the year 10000. */
  maxTime: 2 ** 48,
  maxTokens: 2 ** 40,
  /** Records in one batch message. */
  maxBatchRecords: 4096,
  maxBatchBytes: 4 * 1024 * 1024
} as const
