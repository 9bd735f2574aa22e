import { parseArgs } from 'node:util'
import { Peer } from '../peer/peer.js'
import type { PeerOptions } from '../peer/options.js'
import type { Command, CommandIO } from './command.js'
import { UsageError } from './usage-error.js'

/**
 * `promptswarm peer`: one standalone peer, so a swarm can span machines. It prints its multiaddrs
 * (give one to the next peer's --bootstrap) and runs until SIGINT/SIGTERM, then closes libp2p and
 * its database cleanly.
 */
export interface PeerCommandOptions {
  readonly swarm: string
  readonly dataDir: string
  readonly listen: readonly string[]
  readonly bootstrap: readonly string[]
  readonly tasks: readonly string[]
  readonly model: string
  readonly trustedRanges: readonly string[]
}

const HELP = `usage: promptswarm peer --swarm <name> --data-dir <dir> [options]

Runs one peer until SIGINT/SIGTERM.

  --swarm <name>        swarm name (records are signed for it)
  --data-dir <dir>      key and records live here; reused on restart
  --listen <multiaddr>  listen address, repeatable (default /ip4/127.0.0.1/tcp/0;
                        use /ip4/0.0.0.0/tcp/4001 to accept other machines)
  --bootstrap <addr>    a peer to dial and keep redialling, repeatable or comma-separated
                        (e.g. /ip4/10.0.0.5/tcp/4001/p2p/12D3KooW...)
  --tasks <a,b>         tasks announced in the hello record
  --model <id>          model announced in the hello record
  --trusted <cidr,...>  ranges exempt from rate limits and IP-colocation scoring
                        (default 127.0.0.0/8)`

function list (values: string[] | undefined): string[] {
  return (values ?? []).flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v.length > 0)
}

export function parsePeerArgs (argv: string[]): PeerCommandOptions {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        swarm: { type: 'string' },
        'data-dir': { type: 'string' },
        listen: { type: 'string', multiple: true },
        bootstrap: { type: 'string', multiple: true },
        tasks: { type: 'string', multiple: true },
        model: { type: 'string' },
        trusted: { type: 'string', multiple: true }
      },
      strict: true,
      allowPositionals: false
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const v = parsed.values
  if (v.swarm === undefined || v.swarm === '') throw new UsageError('--swarm is required')
  if (v['data-dir'] === undefined || v['data-dir'] === '') throw new UsageError('--data-dir is required')
  const listen = list(v.listen)
  const trusted = list(v.trusted)
  return {
    swarm: v.swarm,
    dataDir: v['data-dir'],
    listen: listen.length > 0 ? listen : ['/ip4/127.0.0.1/tcp/0'],
    bootstrap: list(v.bootstrap),
    tasks: list(v.tasks),
    model: v.model ?? 'unspecified',
    trustedRanges: trusted.length > 0 ? trusted : ['127.0.0.0/8']
  }
}

/**
 * Runs a peer until `io.signal` aborts. `onReady` sees the running peer (the swarm launcher's
 * child processes use it to attach their control channel). Returns the exit code.
 */
export async function runPeer (
  options: PeerCommandOptions,
  io: CommandIO,
  extra: { readonly peer?: Partial<PeerOptions>, readonly onReady?: (peer: Peer) => void | Promise<void> } = {}
): Promise<number> {
  if (io.signal.aborted) return 130
  const peer = await Peer.start({
    ...extra.peer,
    swarm: options.swarm,
    dataDir: options.dataDir,
    listen: options.listen,
    bootstrap: options.bootstrap,
    trustedRanges: options.trustedRanges,
    hello: { tasks: options.tasks, model: options.model }
  })
  peer.on('warning', err => io.err(`warning: ${err.message}`))
  peer.libp2p.addEventListener('peer:connect', evt => io.out(`connected ${evt.detail.toString()}`))
  peer.on('sync', ({ peer: remote, outcome }) => {
    if (outcome.status === 'done' && outcome.received > 0) io.out(`synced ${outcome.received} record${outcome.received === 1 ? '' : 's'} from ${remote}`)
    if (outcome.status === 'violation') io.err(`sync with ${remote} aborted: ${outcome.error.message}`)
  })
  const report = peer.loadReport
  io.out(`peer ${peer.peerId.toString()} (author ${peer.author.slice(0, 16)}…) in swarm ${JSON.stringify(options.swarm)}`)
  io.out(`loaded ${report.loaded} records from ${options.dataDir}${report.corrupt.length > 0 ? `, skipped ${report.corrupt.length} corrupt` : ''}`)
  for (const c of report.corrupt.slice(0, 20)) io.err(`corrupt entry ${c.key}: ${c.error.field}: ${c.error.reason}`)
  io.out('listening on:')
  for (const address of peer.multiaddrs) io.out(`  ${address}`)
  try {
    await extra.onReady?.(peer)
    if (!io.signal.aborted) await new Promise<void>(resolve => io.signal.addEventListener('abort', () => resolve(), { once: true }))
  } finally {
    await peer.stop()
  }
  io.out(`stopped; ${peer.view.size} records held`)
  return 130
}

export const peerCommand: Command = {
  name: 'peer',
  summary: 'run one standalone peer (listen, bootstrap, data directory, swarm)',
  help: HELP,
  async run (argv: string[], io: CommandIO): Promise<number> {
    return await runPeer(parsePeerArgs(argv), io)
  }
}
