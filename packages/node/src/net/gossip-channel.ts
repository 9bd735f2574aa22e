import { TopicValidatorResult, type Message } from '@libp2p/gossipsub'
import type { PeerId } from '@libp2p/interface'
import type { VerifiedRecord } from '@promptswarm/protocol'
import { GossipBatcher, type BatcherOptions } from './batcher.js'
import { classifyBatchDeferred, stillFresh, type BatchClassification } from './gossip-validator.js'
import { contentMessageId, type GossipRouter, type NetworkNode } from './libp2p-node.js'
import { signaturePool, type SignaturePool } from './signature-pool.js'

/**
 * The records topic: outgoing records go through the batcher, incoming messages through the
 * validator, which also hands accepted records to the peer. Signatures are checked on the
 * process's signature pool (a worker thread when the machine has a spare core), so a validation
 * may finish later; the last step, which re-checks what is still new and ingests it, is
 * synchronous, so a record cannot be accepted twice by two messages racing.
 */
export interface GossipHost {
  has (idHex: string): boolean
  /** The signature of a held record (lets byte-identical copies skip verification). */
  heldSignature? (idHex: string): Uint8Array | undefined
  /** `wires[i]` is the wire form of `records[i]`, as received. */
  ingest (records: readonly VerifiedRecord[], from: string, wires: readonly Uint8Array[]): void
}

export interface GossipVerdictEvent {
  /** The propagation source: the neighbour that sent the message. */
  readonly from: string
  /** The message id (sha256 of the data, hex): the same at every peer. */
  readonly messageId: string
  readonly classification: BatchClassification
  readonly bytes: number
}

export interface GossipChannelOptions {
  readonly topic: string
  readonly swarm: string
  /** Larger messages are rejected by the validator. */
  readonly maxMessageBytes: number
  readonly batcher?: Partial<BatcherOptions>
  readonly onVerdict?: (event: GossipVerdictEvent) => void
  /** Whether anyone listens for verdicts (saves hashing each message again when nobody does). */
  readonly wantsVerdicts?: () => boolean
  readonly onPublishError?: (err: unknown) => void
  /** Where signatures are verified (default: the process's shared pool). */
  readonly signatures?: SignaturePool
}

const RESULTS = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject
} as const

export class GossipChannel {
  readonly batcher: GossipBatcher
  private readonly pubsub: GossipRouter
  private readonly signatures: SignaturePool
  private started = false

  constructor (node: NetworkNode, private readonly host: GossipHost, private readonly options: GossipChannelOptions) {
    this.pubsub = node.services.pubsub as GossipRouter
    this.batcher = new GossipBatcher(async batch => { await this.pubsub.publish(options.topic, batch) }, options.batcher, undefined, options.onPublishError)
    this.signatures = options.signatures ?? signaturePool
  }

  start (): void {
    if (!this.started) this.signatures.acquire()
    this.started = true
    this.pubsub.topicValidators.set(this.options.topic, this.validate)
    this.pubsub.subscribe(this.options.topic)
  }

  async stop (): Promise<void> {
    try {
      await this.batcher.close()
      this.pubsub.unsubscribe(this.options.topic)
      this.pubsub.topicValidators.delete(this.options.topic)
    } finally {
      if (this.started) this.signatures.release()
      this.started = false
    }
  }

  /** Queues a wire record for the next batch. */
  async publish (wire: Uint8Array): Promise<void> {
    await this.batcher.add(wire)
  }

  /**
   * Publishes bytes as they are, bypassing batching and validation. For tests and the adversary
   * lab: an honest peer never needs it.
   */
  async publishRaw (data: Uint8Array): Promise<void> {
    await this.pubsub.publish(this.options.topic, data)
  }

  /** The gossipsub score this peer gives another. */
  score (peerId: string): number {
    return this.pubsub.getScore(peerId)
  }

  meshPeers (): string[] {
    return this.pubsub.getMeshPeers(this.options.topic)
  }

  private readonly validate = (from: PeerId, message: Message): TopicValidatorResult | Promise<TopicValidatorResult> => {
    const classified = classifyBatchDeferred(message.data, {
      swarm: this.options.swarm,
      maxMessageBytes: this.options.maxMessageBytes,
      has: this.has,
      ...(this.host.heldSignature !== undefined ? { heldSignature: (id: string) => this.host.heldSignature?.(id) } : {})
    }, this.signatures.verify)
    if (classified instanceof Promise) {
      // Other messages may have delivered some of these records while the signatures were checked.
      return classified.then(c => this.conclude(from, message, stillFresh(c, this.has)))
    }
    return this.conclude(from, message, classified)
  }

  private readonly has = (id: string): boolean => this.host.has(id)

  /** Ingests what a classification accepted and reports the verdict; synchronous, so atomic. */
  private conclude (from: PeerId, message: Message, classification: BatchClassification): TopicValidatorResult {
    // Stopped while the signatures were checked: the peer may be closing its store.
    if (!this.started && classification.verdict === 'accept') return TopicValidatorResult.Ignore
    const source = from.toString()
    if (classification.verdict === 'accept') this.host.ingest(classification.fresh, source, classification.freshWires)
    if (this.options.onVerdict !== undefined && this.options.wantsVerdicts?.() !== false) {
      const messageId = Buffer.from(contentMessageId(message)).toString('hex')
      this.options.onVerdict({ from: source, messageId, classification, bytes: message.data.length })
    }
    return RESULTS[classification.verdict]
  }
}
