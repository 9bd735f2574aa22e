import { CidrSet } from './cidr.js'
import type { PeerScoreParams, PeerScoreThresholds, TopicScoreParams } from '@libp2p/gossipsub/score'

/**
 * Gossipsub peer-scoring configuration, set explicitly rather than inherited from defaults:
 *
 * - Quiet mesh peers are not penalised (P3 and P3b off). SePO traffic is bursty: a peer may have
 *   nothing to publish for minutes while it runs evaluations, and that is not misbehaviour.
 * - Invalid messages (validator REJECT) are punished hard (P4): one rejected message takes the sender
 *   below the graylist threshold until it decays (about a second), repeated ones for much longer
 *   because P4 is the square of a counter.
 * - IP colocation (P6) exempts the whitelisted ranges (127.0.0.0/8 by default), where many honest
 *   peers of a test swarm share one address.
 * - Broken IHAVE/IWANT promises (P7) are tolerated up to a threshold: an overloaded honest peer
 *   answers IWANT late, and we would rather not graylist it for being slow.
 * - The application-specific score (P5) is the peer's `PenaltyBook` score plus a reputation bonus
 *   (see `reputationScore`).
 */
export interface GossipScoringOptions {
  readonly topic: string
  readonly appSpecificScore: (peerId: string) => number
  readonly colocationWhitelist?: readonly string[]
}

export const SCORE_THRESHOLDS: PeerScoreThresholds = {
  gossipThreshold: -10,
  publishThreshold: -50,
  graylistThreshold: -80,
  acceptPXThreshold: 100,
  opportunisticGraftThreshold: 1
}

/** The most the archive view's reputation adds to a peer's application-specific score. */
export const REPUTATION_SCORE_WEIGHT = 5

/**
 * Maps an author's reputation in the archive view (agreement with the consensus in [0, 1), 0 for
 * newcomers and banned keys) to its libp2p peer's share of the application-specific score:
 * `REPUTATION_SCORE_WEIGHT * reputation`, so in [0, 5).
 *
 * A bonus rather than a penalty, because reputation starts at 0: a penalty for low reputation
 * would push every fresh honest peer below 0, where gossipsub prunes it from meshes. As an
 * evaluator's evaluations stray from the consensus its reputation, and so its score, falls
 * gradually towards a newcomer's; it never goes below 0 from reputation alone. Only a ban
 * (the `PenaltyBook`'s -1e6) takes a peer below the graylist threshold (-80). The bound keeps
 * earned reputation from masking much: 5 points are a sixteenth of the way to the graylist
 * threshold, and about what ten first message deliveries (P2) are worth, so it steers mesh
 * choice (pruning keeps the best scored, opportunistic grafting seeks them) without overruling it.
 */
export function reputationScore (reputation: number): number {
  if (!Number.isFinite(reputation) || reputation <= 0) return 0
  return REPUTATION_SCORE_WEIGHT * Math.min(1, reputation)
}

export function topicScoreParams (): TopicScoreParams {
  return {
    topicWeight: 1,
    timeInMeshWeight: 0.01,
    timeInMeshQuantum: 1000,
    timeInMeshCap: 300,
    firstMessageDeliveriesWeight: 0.5,
    firstMessageDeliveriesDecay: 0.9,
    firstMessageDeliveriesCap: 20,
    meshMessageDeliveriesWeight: 0,
    meshMessageDeliveriesDecay: 0.5,
    meshMessageDeliveriesCap: 100,
    meshMessageDeliveriesThreshold: 1,
    meshMessageDeliveriesWindow: 10,
    meshMessageDeliveriesActivation: 5000,
    meshFailurePenaltyWeight: 0,
    meshFailurePenaltyDecay: 0.5,
    invalidMessageDeliveriesWeight: -100,
    invalidMessageDeliveriesDecay: 0.9
  }
}

export function peerScoreParams (options: GossipScoringOptions): PeerScoreParams {
  return {
    topics: { [options.topic]: topicScoreParams() },
    topicScoreCap: 10,
    appSpecificScore: options.appSpecificScore,
    appSpecificWeight: 1,
    IPColocationFactorWeight: -5,
    IPColocationFactorThreshold: 10,
    IPColocationFactorWhitelist: new CidrSet(options.colocationWhitelist ?? ['127.0.0.0/8']),
    behaviourPenaltyWeight: -1,
    behaviourPenaltyThreshold: 10,
    behaviourPenaltyDecay: 0.9,
    decayInterval: 1000,
    decayToZero: 0.01,
    retainScore: 10 * 60 * 1000
  }
}
