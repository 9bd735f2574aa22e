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
 * - The application-specific score (P5) comes from the peer's `PenaltyBook`.
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
