/**
 * The remote broke the sync protocol: malformed or oversized messages, forged or unrequested
 * records, lies about what it holds. The session is aborted and the remote penalised.
 */
export class SyncProtocolError extends Error {
  override readonly name = 'SyncProtocolError'
  readonly code = 'ERR_SYNC_PROTOCOL'
  constructor (readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`)
  }
}
