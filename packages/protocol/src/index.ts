/**
 * @promptswarm/protocol: the pure core every peer computes. Records and their canonical
 * encoding, signatures with swarm domain separation, validation, aggregation and the archive
 * view. No I/O: the same inputs give the same outputs on every peer.
 */
export { LIMITS } from './limits.js'
export { ConfigError, DecodeError, EncodeError, fail, ok, type FieldError, type Result } from './errors.js'
export { compareBytes, concatBytes, equalBytes, fromHex, sha256, toHex } from './bytes.js'

export * from './records/types.js'
export { decodeRecord, encodeRecord } from './records/codec.js'
export { isKey, scoreOf, validateRecord } from './records/validate.js'
export { decodeBatch, encodeBatch } from './codec/batch.js'

export { checkKeyPair, generateKeyPair, isWeakPublicKey, KeyError, keyPairFromSeed, Signer, verifySignature, type KeyPair, type KeySigner } from './signing/keys.js'
export { domainPrefix, signingMessage } from './signing/domain.js'
export { encodeSigned, recordId, signRecord, signRecordWith, type SignedRecord, type VerifiedRecord } from './signing/envelope.js'
export { cachedRecord, openRecord, openRecordDeferred, verifyRecord, type Ed25519Verifier, type OpenOptions } from './signing/open.js'
export { equivocationProof } from './signing/equivocation.js'
export { DEFAULT_VERIFICATION_CACHE_SIZE, setVerificationCacheSize, verificationCacheStats, type VerificationCacheStats } from './signing/verification-cache.js'

export * from './aggregation/index.js'

export { ArchiveView, CANDIDATE_STATUSES, type AccusationView, type AddResult, type BanReason, type CandidateStatus, type CandidateView } from './archive/archive-view.js'
export { checkViewConfig, type EligibilityRule, type EvidenceJudge, type Membership, type Verdict, type ViewConfig } from './archive/config.js'
export { checkCommitteeConfig, committeeOf, committeeRank, type CommitteeConfig } from './committee/committee.js'
export { recordSetDigest, viewDigest } from './archive/digest.js'
export { hasIdentityWork, identityWorkHash, leadingZeroBits, mintIdentityWork, MAX_IDENTITY_NONCE, MAX_IDENTITY_WORK_BITS, MIN_IDENTITY_WORK_BITS, type MintOptions } from './identity/identity-work.js'
