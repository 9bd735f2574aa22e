/** A peer configuration that cannot work, naming the option. */
export class PeerConfigError extends Error {
  override readonly name = 'PeerConfigError'
  readonly code = 'ERR_PEER_CONFIG'
  constructor (readonly option: string, readonly reason: string) {
    super(`invalid peer option ${option}: ${reason}`)
  }
}

/** An operation on a peer that is not running. */
export class PeerStoppedError extends Error {
  override readonly name = 'PeerStoppedError'
  readonly code = 'ERR_PEER_STOPPED'
}
