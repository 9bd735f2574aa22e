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

  /**
   * `clock` stamps records (default: the peer's wall clock). A lockstep run passes its logical
   * clock, so that record ids, and all that is derived from them, repeat exactly.
   */
  constructor (private readonly peer: Peer, private readonly clock?: () => number) {
    this.view = peer.view
    this.author = fromHex(peer.author) as Uint8Array
  }

  async publish<R extends ProtocolRecord> (body: RecordBody<R>): Promise<VerifiedRecord<R>> {
    const init = (this.clock === undefined ? body : { ...body, time: this.clock() }) as unknown as PublishInit
    return await this.peer.publish(init) as VerifiedRecord<R>
  }
}
