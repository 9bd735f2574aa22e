import type { PeerStatus } from '../peer/peer.js'
import { UsageError } from './usage-error.js'

/**
 * The line `promptswarm peer --status-every` prints. Peers on different machines hold the same
 * archive exactly when their `digest` (a hash of the sorted record ids) is equal, so an operator
 * compares this one field across hosts; the view is a pure function of the records.
 */
export function formatStatusLine (status: PeerStatus): string {
  return `status records=${status.records} digest=${status.recordDigest} connections=${status.connections} mesh=${status.meshPeers} banned=${status.banned}`
}

/** `--status-every <seconds>`: a positive number of seconds (fractions allowed), at most a day. */
export function parseStatusEvery (value: string): number {
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 86_400) {
    throw new UsageError(`--status-every must be a number of seconds from 0.1 to 86400, got ${JSON.stringify(value)}`)
  }
  return seconds
}
