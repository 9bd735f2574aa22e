import { noise } from '@chainsafe/libp2p-noise'
import { gossipsub, StrictNoSign, type GossipSub, type Message } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { createLibp2p, type Libp2p } from 'libp2p'
import type { ConnectionGater, PrivateKey } from '@libp2p/interface'
import type { Identify } from '@libp2p/identify'
import { cidrToMultiaddr } from './cidr.js'
import { sha256Digest } from './digest.js'
import { peerScoreParams, SCORE_THRESHOLDS } from './gossip-scoring.js'

/**
 * The exported `GossipSub` type lacks methods the class has; the class itself is not exported.
 * This is the part of it the peer uses.
 */
export interface GossipRouter extends GossipSub {
  getScore (peerId: string): number
  getMeshPeers (topic: string): string[]
}

export type NetworkNode = Libp2p<{ pubsub: GossipSub, identify: Identify }>

export interface MeshDegree {
  readonly D: number
  readonly Dlo: number
  readonly Dhi: number
  readonly Dout: number
}

export interface NetworkNodeOptions {
  readonly privateKey: PrivateKey
  readonly listen: readonly string[]
  readonly topic: string
  readonly appSpecificScore: (peerId: string) => number
  /** CIDR ranges exempt from the inbound rate limit and from the IP-colocation penalty. */
  readonly trustedRanges: readonly string[]
  /** Gossip messages above this are cut off by the stream decoder before validation. */
  readonly maxWireMessageBytes: number
  readonly mesh: MeshDegree
  readonly connectionGater?: ConnectionGater
  /** Start listening at once (default true); a peer registers its protocols first. */
  readonly start?: boolean
}

/** Content-hash message ids: identical bytes are one message whoever publishes them. */
export function contentMessageId (msg: Message): Uint8Array {
  return new Uint8Array(sha256Digest(msg.data))
}

export async function createNetworkNode (options: NetworkNodeOptions): Promise<NetworkNode> {
  return await createLibp2p({
    start: options.start ?? true,
    privateKey: options.privateKey,
    addresses: { listen: [...options.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    ...(options.connectionGater !== undefined ? { connectionGater: options.connectionGater } : {}),
    connectionManager: {
      // Many peers share 127.0.0.1 in tests and labs: without this, inbound dials are rate-limited
      // to five a second per host and the swarm takes minutes to form.
      allow: options.trustedRanges.map(cidrToMultiaddr),
      maxConnections: 300,
      dialTimeout: 10_000,
      reconnectRetries: 5,
      reconnectRetryInterval: 500
    },
    // A saturated event loop answers pings late; aborting connections then makes it worse (see
    // shared notes: a 32-peer swarm fell apart that way). Ping rarely, tolerate slowness, and never
    // abort on a missed ping: dead connections are found by TCP and redialled by the peer's loop.
    connectionMonitor: {
      pingInterval: 30_000,
      pingTimeout: { interval: 20_000, minTimeout: 10_000, maxTimeout: 60_000 },
      abortConnectionOnPingFailure: false
    },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: StrictNoSign,
        msgIdFn: contentMessageId,
        msgIdToStrFn: id => Buffer.from(id).toString('hex'),
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        emitSelf: false,
        // Own messages go to every topic peer with a decent score, not only the mesh: a new or
        // re-formed connection carries them before the mesh includes it.
        floodPublish: true,
        D: options.mesh.D,
        Dlo: options.mesh.Dlo,
        Dhi: options.mesh.Dhi,
        Dout: options.mesh.Dout,
        maxInboundDataLength: options.maxWireMessageBytes,
        scoreParams: peerScoreParams({
          topic: options.topic,
          appSpecificScore: options.appSpecificScore,
          colocationWhitelist: options.trustedRanges
        }),
        scoreThresholds: SCORE_THRESHOLDS
      })
    }
  })
}
