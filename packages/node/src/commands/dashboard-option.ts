import { shortId } from '../dashboard/dashboard-state.js'
import { LiveDashboard } from '../dashboard/live-dashboard.js'
import type { Peer } from '../peer/peer.js'
import type { CommandIO } from './command.js'
import { UsageError } from './usage-error.js'

/** A TCP port for `--dashboard`/`--serve`: 0 (pick a free one) to 65535. */
export function parsePortOption (name: string, value: string): number {
  const port = Number(value)
  if (value.trim() === '' || !Number.isSafeInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--${name} must be a port number from 0 (pick a free one) to 65535, got ${JSON.stringify(value)}`)
  }
  return port
}

/**
 * Starts the live dashboard of one peer when `--dashboard` was given, and prints its URL.
 * Undefined when it was not.
 */
export async function openPeerDashboard (
  peer: Peer,
  options: { readonly dashboardPort?: number, readonly dashboardHost?: string },
  io: Pick<CommandIO, 'out'>
): Promise<LiveDashboard | undefined> {
  if (options.dashboardPort === undefined) return undefined
  const dashboard = await LiveDashboard.start({
    title: `promptswarm peer ${shortId(peer.peerId.toString())}`,
    port: options.dashboardPort,
    ...(options.dashboardHost !== undefined ? { host: options.dashboardHost } : {})
  })
  dashboard.attach(peer, 'this peer')
  io.out(`dashboard: ${dashboard.url} (metrics: ${dashboard.url}metrics)`)
  return dashboard
}
