import { EventEmitter } from 'node:events'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import {
  ArchiveView, encodeSigned, keyPairFromSeed, LIMITS, signRecordWith, Signer, type RecordInit, type VerifiedRecord
} from '@promptswarm/protocol'
import type { PeerId } from '@libp2p/interface'
import { GossipChannel, type GossipVerdictEvent } from '../net/gossip-channel.js'
import { processLoad } from '../net/load-gauge.js'
import { signaturePool } from '../net/signature-pool.js'
import { createNetworkNode, type NetworkNode } from '../net/libp2p-node.js'
import { recordsTopic, syncProtocol } from '../net/names.js'
import { PenaltyBook } from '../net/penalty-book.js'
import { reputationScore } from '../net/gossip-scoring.js'
import { Redialer } from '../net/redialer.js'
import { RecordStore } from '../storage/record-store.js'
import { SortedIdIndex } from '../sync/id-index.js'
import { SyncService, type SyncOutcome } from '../sync/sync-service.js'
import { authorOfPeerId, peerIdOfAuthor } from './author-peer-id.js'
import { helloIdentityNonce } from './identity-mint.js'
import { loadArchive, type LoadReport } from './archive-loader.js'
import { PeerStoppedError } from './errors.js'
import { resolvePeerOptions, type PeerOptions, type ResolvedPeerOptions } from './options.js'

/** What a caller fills in to publish: everything but the header the peer signs with. */
export type PublishInit = RecordInit extends infer R ? R extends RecordInit ? Omit<R, 'author' | 'seq' | 'time'> & { readonly time?: number } : never : never

export type { LoadReport }

export type RecordSource = 'local' | 'gossip' | 'sync'

export interface RecordEvent {
  readonly record: VerifiedRecord
  readonly source: RecordSource
  /** The peer it came from (gossip: the propagation source, sync: the session partner). */
  readonly from?: string
}

export interface EquivocationEvent {
  readonly first: VerifiedRecord
  readonly second: VerifiedRecord
  readonly source: RecordSource
  readonly from?: string
}

export interface SyncEvent {
  readonly peer: string
  readonly role: 'initiator' | 'responder'
  readonly outcome: SyncOutcome
}

export interface PeerStatus {
  readonly peerId: string
  readonly records: number
  readonly recordDigest: string
  readonly storedRecords: number
  readonly pendingWrites: number
  readonly nextSeq: number
  readonly connections: number
  readonly meshPeers: number
  readonly banned: number
}

export interface PeerEvents {
  /** A record new to this peer was accepted (own, gossip or sync). */
  record: [RecordEvent]
  equivocation: [EquivocationEvent]
  /** Every gossip message validated, with its verdict. */
  verdict: [GossipVerdictEvent]
  sync: [SyncEvent]
  /** Non-fatal trouble (a failed write, a failed gossip publish). */
  warning: [Error]
}

/**
 * A promptswarm peer: identity and records in a level database, gossip with validation and
 * scoring, anti-entropy sync, redial. `Peer.start()` returns a running peer.
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly view: ArchiveView
  readonly penalties = new PenaltyBook()
  readonly options: ResolvedPeerOptions
  readonly loadReport: LoadReport
  private readonly index: SortedIdIndex
  private readonly signer: Signer
  private nextSeq: number
  private running = true
  /** Own records being signed (on the signature worker): `stop()` waits for them. */
  private readonly signing = new Set<Promise<VerifiedRecord>>()
  private knownBans = 0
  private node!: NetworkNode
  private gossip!: GossipChannel
  private sync!: SyncService
  private redialer!: Redialer

  private constructor (
    options: ResolvedPeerOptions,
    private readonly store: RecordStore,
    view: ArchiveView,
    index: SortedIdIndex,
    loadReport: LoadReport,
    nextSeq: number
  ) {
    super()
    this.options = options
    this.view = view
    this.index = index
    this.loadReport = loadReport
    this.signer = new Signer(store.keyPair)
    this.nextSeq = nextSeq
  }

  /** Opens the data directory, loads the archive, joins the network and announces itself. */
  static async start (init: PeerOptions): Promise<Peer> {
    const options = resolvePeerOptions(init)
    let peer: Peer | undefined
    const store = await RecordStore.open(options.dataDir, {
      swarm: options.swarm,
      syncAll: options.syncAllWrites === true,
      onWriteError: err => peer?.emit('warning', err as Error),
      ...(options.identitySeed === undefined ? {} : { newIdentity: () => keyPairFromSeed(options.identitySeed as Uint8Array) })
    })
    try {
      const view = new ArchiveView(options.view)
      const index = new SortedIdIndex()
      const { report, maxOwnSeq } = await loadArchive(store, view, index, options.swarm)
      const nextSeq = Math.max(store.nextSeq, maxOwnSeq + 1)
      if (nextSeq > store.nextSeq) await store.raiseSeq(nextSeq)
      peer = new Peer(options, store, view, index, report, nextSeq)
      await peer.connect()
      return peer
    } catch (err) {
      await peer?.stop().catch(() => {})
      await store.close().catch(() => {})
      throw err
    }
  }

  get peerId (): PeerId {
    return this.node.peerId
  }

  /** This peer's Ed25519 public key (hex): the author of its records. */
  get author (): string {
    return this.signer.publicKeyHex
  }

  get multiaddrs (): string[] {
    return this.node.getMultiaddrs().map(m => m.toString())
  }

  get isRunning (): boolean {
    return this.running
  }

  /** Gossip this peer originated: batches (messages) and bytes it published, not what it forwarded. */
  get publishedTraffic (): { readonly messages: number, readonly bytes: number } {
    const stats = this.gossip.batcher.stats
    return { messages: stats.batches, bytes: stats.bytes }
  }

  /** The libp2p node, for diagnostics and tests. */
  get libp2p (): NetworkNode {
    return this.node
  }

  /**
   * Signs a record with the next sequence number, commits it (with the sequence bump) to disk,
   * adds it to the view and queues it for gossip. Resolves once it is durable and queued.
   */
  async publish (init: PublishInit): Promise<VerifiedRecord> {
    if (!this.running) throw new PeerStoppedError('cannot publish: the peer is stopped')
    const seq = this.nextSeq
    // Signed on the process's signature worker when there is one. A record that breaks a protocol
    // rule throws here, before its sequence number is taken; stop() waits for the signature.
    const signing = signRecordWith({ time: Date.now(), ...init, author: this.signer.publicKey, seq } as RecordInit, this.signer, this.options.swarm, signaturePool.sign)
    this.nextSeq = seq + 1
    this.signing.add(signing)
    let signed: VerifiedRecord
    try { signed = await signing } finally { this.signing.delete(signing) }
    const wire = encodeSigned(signed)
    await this.store.commitOwn([{ idHex: signed.idHex, wire }], seq + 1)
    this.accept(signed, 'local')
    if (this.running) await this.gossip.publish(wire)
    return signed
  }

  /** Publishes bytes on the records topic as they are, skipping batching and validation (tests, attacks). */
  async publishRaw (data: Uint8Array): Promise<void> {
    if (!this.running) throw new PeerStoppedError('cannot publish: the peer is stopped')
    await this.gossip.publishRaw(data)
  }

  /** Wire bytes of a held record. */
  wire (idHex: string): Uint8Array | undefined {
    const signed = this.view.get(idHex)
    return signed === undefined ? undefined : encodeSigned(signed)
  }

  async dial (address: string): Promise<void> {
    await this.node.dial(multiaddr(address))
  }

  async hangUp (peerId: string): Promise<void> {
    await this.node.hangUp(peerIdFromString(peerId))
  }

  /** Runs one anti-entropy session with a connected peer now. */
  async syncWith (peerId: string): Promise<SyncOutcome> {
    return await this.sync.syncWith(peerIdFromString(peerId))
  }

  /**
   * The application-specific score (gossipsub's P5) this peer gives another: its penalties plus a
   * bounded bonus for the reputation its author key earned in the view (see `reputationScore`).
   */
  appScore (peerId: string): number {
    const author = authorOfPeerId(peerId)
    return this.penalties.score(peerId) + (author === undefined ? 0 : reputationScore(this.view.reputation(author)))
  }

  /** The gossipsub score this peer currently gives another (P1..P7 with the app-specific P5). */
  gossipScore (peerId: string): number {
    return this.gossip.score(peerId)
  }

  connectedPeers (): string[] {
    return this.node.getPeers().map(p => p.toString())
  }

  status (): PeerStatus {
    return {
      peerId: this.node.peerId.toString(),
      records: this.view.size,
      recordDigest: this.view.recordDigest(),
      storedRecords: this.store.storedRecords,
      pendingWrites: this.store.pendingWrites,
      nextSeq: this.nextSeq,
      connections: this.node.getConnections().length,
      meshPeers: this.gossip.meshPeers().length,
      banned: this.view.banned().length
    }
  }

  /** Waits until every received record queued for disk is written. */
  async flush (): Promise<void> {
    await this.store.flush()
  }

  /** Flushes pending gossip, leaves the network and closes the database. */
  async stop (): Promise<void> {
    if (!this.running) return
    this.running = false
    this.redialer?.stop()
    await this.sync?.stop().catch(err => this.emit('warning', err as Error))
    await this.gossip?.stop().catch(err => this.emit('warning', err as Error))
    await Promise.resolve(this.node?.stop()).catch(err => this.emit('warning', err as Error))
    // Own records still being signed are committed before the store closes.
    await Promise.allSettled([...this.signing])
    await this.store.close()
  }

  private async connect (): Promise<void> {
    const o = this.options
    this.node = await createNetworkNode({
      privateKey: privateKeyFromRaw(this.store.keyPair.secretKey),
      listen: o.listen,
      topic: recordsTopic(o.swarm),
      appSpecificScore: id => this.appScore(id),
      trustedRanges: o.trustedRanges,
      // Let oversized messages reach the validator (which rejects and scores them) up to the
      // protocol's batch limit; beyond that the stream decoder drops them.
      maxWireMessageBytes: LIMITS.maxBatchBytes + 64 * 1024,
      mesh: o.mesh,
      ...(o.connectionGater !== undefined ? { connectionGater: o.connectionGater } : {}),
      // Protocols are registered before the node listens, so no early dialer finds them missing.
      start: false
    })
    this.gossip = new GossipChannel(this.node, {
      has: id => this.view.has(id),
      heldSignature: id => this.view.get(id)?.signature,
      ingest: (records, from, wires) => this.ingest(records, 'gossip', from, wires)
    }, {
      topic: recordsTopic(o.swarm),
      swarm: o.swarm,
      maxMessageBytes: o.maxGossipMessageBytes,
      batcher: { maxBatchBytes: Math.min(256 * 1024, o.maxGossipMessageBytes - 1024), ...o.batcher },
      onVerdict: event => this.emit('verdict', event),
      wantsVerdicts: () => this.listenerCount('verdict') > 0,
      onPublishError: err => this.emit('warning', err as Error)
    })
    this.sync = new SyncService(this.node, {
      swarm: o.swarm,
      index: this.index,
      has: id => this.view.has(id),
      wire: id => this.wire(id),
      ingest: (records, from) => this.ingest(records, 'sync', from)
    }, { ...o.sync, protocol: syncProtocol(o.swarm) }, {
      penalise: (peer, points, reason) => this.penalties.penalise(peer, points, reason),
      onSession: (peer, role, outcome) => this.emit('sync', { peer, role, outcome }),
      // Overloaded at any time in the last second: a dip in the lag between bursts of work is
      // not the time for a round (it would mostly pull records gossip is still delivering).
      busy: () => processLoad.recentPeak > this.gossip.batcher.options.maxLagMs
    }, o.random)
    this.redialer = new Redialer(this.node, o.redial, o.random)
    for (const address of o.bootstrap) this.redialer.addBootstrap(address)
    await this.sync.start()
    await this.node.start()
    this.gossip.start()
    this.redialer.start()
    if (o.hello !== false) {
      const hello = o.hello ?? { tasks: [], model: 'unspecified' }
      // Under proof-of-work membership the hello carries identity work: reused from an earlier own hello, else minted now.
      const identityNonce = await helloIdentityNonce(o.view.membership, this.signer.publicKey, this.view.peers())
      await this.publish({
        kind: 'hello',
        peerId: this.node.peerId.toString(),
        tasks: [...hello.tasks],
        model: hello.model,
        addresses: this.multiaddrs.filter(a => Buffer.byteLength(a) <= LIMITS.maxAddressBytes).slice(0, LIMITS.maxAddresses),
        ...(identityNonce === undefined ? {} : { identityNonce })
      })
    }
  }

  /**
   * Adds verified records from the network: view, index, disk, events, penalties. `wires[i]`, when
   * given, is the wire form of `records[i]` as received (spares encoding it again for storage).
   */
  private ingest (records: readonly VerifiedRecord[], source: RecordSource, from?: string, wires?: readonly Uint8Array[]): void {
    const now = Date.now()
    // Columns, not an object per record: they wait for the database as long as the loop is busy.
    const ids: string[] = []
    const fresh: Uint8Array[] = []
    for (let i = 0; i < records.length; i++) {
      const signed = records[i] as VerifiedRecord
      if (this.view.has(signed.idHex)) continue
      const wire = wires?.[i] ?? encodeSigned(signed)
      ids.push(signed.idHex)
      fresh.push(wire)
      this.accept(signed, source, from)
      // A recent record that reached us by sync missed gossip somewhere (published before a mesh
      // formed, or across a partition): pass it on. Old ones are a catch-up and stay put.
      if (source === 'sync' && Math.abs(now - signed.record.time) < this.options.regossipWindowMs && this.running) {
        this.gossip.publish(wire).catch(err => this.emit('warning', err as Error))
      }
      if (signed.authorHex === this.author && signed.record.seq >= this.nextSeq) {
        // Our own key signed this and we do not remember it (lost data, or a clone of our key):
        // never sign with these sequence numbers again.
        this.nextSeq = signed.record.seq + 1
        this.store.raiseSeq(this.nextSeq).catch(err => this.emit('warning', err as Error))
      }
    }
    this.store.storeReceivedBatch(ids, fresh)
    // Bans from records of this batch are synced in `accept`; this also picks up any a re-judged
    // accusation made since (once per batch: `banned()` builds arrays, too much for every record).
    this.syncBans()
  }

  private accept (signed: VerifiedRecord, source: RecordSource, from?: string): void {
    const result = this.view.add(signed)
    if (result.status === 'duplicate') return
    this.index.add(signed.idHex)
    // Adding a record bans someone only through an equivocation or an accusation's verdict.
    if (result.equivocation !== undefined || signed.record.kind === 'accusation' || source === 'local') this.syncBans()
    // A throwing listener must not abort ingestion half-way (inside the gossip validator that
    // would drop the rest of the batch): report it and carry on.
    try {
      if (result.equivocation !== undefined) {
        this.emit('equivocation', { ...result.equivocation, source, ...(from !== undefined ? { from } : {}) })
      }
      // Most peers have no listener: build the event only for one (it is one object per record).
      if (this.listenerCount('record') > 0) this.emit('record', { record: signed, source, ...(from !== undefined ? { from } : {}) })
    } catch (err) {
      this.emit('warning', err instanceof Error ? err : new Error(String(err)))
    }
  }

  /** Authors the view bans (equivocation, proven accusations) are banned peers for gossipsub too. */
  private syncBans (): void {
    const banned = this.view.banned()
    if (banned.length === this.knownBans) return
    this.knownBans = banned.length
    for (const { author, reasons } of banned) {
      const peerId = peerIdOfAuthor(author)
      if (!this.penalties.isBanned(peerId)) this.penalties.ban(peerId, reasons.join(', '))
    }
  }
}
