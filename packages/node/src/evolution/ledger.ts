import {
  ArchiveView, encodeSigned, openRecord, Signer, signRecord,
  type KeyPair, type ProtocolRecord, type RecordInit, type VerifiedRecord, type ViewConfig
} from '@promptswarm/protocol'

/** A record's content: what the author states, without the header the ledger fills in. */
export type RecordBody<R extends ProtocolRecord = ProtocolRecord> = R extends ProtocolRecord ? Omit<RecordInit<R>, 'author' | 'seq' | 'time'> : never

/**
 * Where the evolution engine reads the archive and publishes its records. A lone peer uses
 * `LocalLedger`; a swarm peer implements the same interface over its replicated archive.
 */
export interface Ledger {
  readonly view: ArchiveView
  readonly author: Uint8Array
  publish<R extends ProtocolRecord> (body: RecordBody<R>): Promise<VerifiedRecord<R>>
}

export interface LocalLedgerOptions {
  readonly swarm: string
  readonly keys: KeyPair
  readonly view: ViewConfig
  /**
   * Record timestamps. Defaults to a logical clock (the sequence number), so that record ids,
   * and everything derived from them such as minibatches, repeat exactly across runs.
   */
  readonly clock?: (seq: number) => number
}

/** A single peer's ledger: signs with consecutive sequence numbers and keeps every record. */
export class LocalLedger implements Ledger {
  readonly view: ArchiveView
  readonly author: Uint8Array
  private readonly signer: Signer
  private readonly records: Array<VerifiedRecord> = []
  private seq = 0

  constructor (private readonly options: LocalLedgerOptions) {
    this.signer = new Signer(options.keys)
    this.author = this.signer.publicKey
    this.view = new ArchiveView(options.view)
  }

  async publish<R extends ProtocolRecord> (body: RecordBody<R>): Promise<VerifiedRecord<R>> {
    const seq = this.seq++
    const time = this.options.clock?.(seq) ?? seq
    const signed = signRecord({ ...body, author: this.author, seq, time } as unknown as RecordInit<R>, this.signer, this.options.swarm)
    this.records.push(signed)
    this.view.add(signed)
    return signed
  }

  /** Wire bytes of every record, in publication order (for checkpoints). */
  export (): Uint8Array[] {
    return this.records.map(r => encodeSigned(r))
  }

  /** Restores records from `export()`; each is verified again. Throws naming the first bad one. */
  import (wire: readonly Uint8Array[]): void {
    wire.forEach((bytes, i) => {
      const opened = openRecord(bytes, this.options.swarm)
      if (!opened.ok) throw new Error(`checkpoint record ${i}: ${opened.error.field}: ${opened.error.reason}`)
      this.records.push(opened.value)
      this.view.add(opened.value)
      if (opened.value.authorHex === this.signer.publicKeyHex) this.seq = Math.max(this.seq, opened.value.record.seq + 1)
    })
  }
}
