import { fromHex, type ArchiveView, type ProtocolRecord, type VerifiedRecord } from '@promptswarm/protocol'
import type { Ledger, RecordBody } from '../evolution/ledger.js'
import type { Peer, PublishInit } from '../peer/peer.js'

/**
 * The evolution engine's ledger over a swarm peer: records are signed with the peer's key,
 * persisted and gossiped by the peer, and the view is the peer's replicated archive view.
 */
export class PeerLedger implements Ledger {
  readonly view: ArchiveView
  readonly author: Uint8Array

  constructor (private readonly peer: Peer) {
    this.view = peer.view
    this.author = fromHex(peer.author) as Uint8Array
  }

  async publish<R extends ProtocolRecord> (body: RecordBody<R>): Promise<VerifiedRecord<R>> {
    return await this.peer.publish(body as unknown as PublishInit) as VerifiedRecord<R>
  }
}
