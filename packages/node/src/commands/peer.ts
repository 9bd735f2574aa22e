import { parseArgs } from 'node:util'
import { Peer } from '../peer/peer.js'
import type { PeerOptions } from '../peer/options.js'
import type { Command, CommandIO } from './command.js'
import { explainListenError } from './listen-error.js'
import { formatStatusLine, parseStatusEvery } from './peer-status-line.js'
import { parseSeedPromptSpec, publishSeedPrompts, readSeedPrompts, type SeedPromptSpec } from './seed-prompts.js'
import { UsageError } from './usage-error.js'
import { openPeerDashboard, parsePortOption } from './dashboard-option.js'

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
  /** Hand-written task prompts to publish once as seed candidates (`--seed-prompt`). */
  readonly seedPrompts?: readonly SeedPromptSpec[]
  /** Print a status line (record count, archive digest) this often; none when absent. */
  readonly statusEverySeconds?: number
  /** Serve the live dashboard and /metrics on this port (0 picks one), on `dashboardHost` (default 127.0.0.1). */
  readonly dashboardPort?: number
  readonly dashboardHost?: string
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
                        (default 127.0.0.0/8)
  --seed-prompt <task>=<file>
                        publish the prompt in <file> (UTF-8) as a seed candidate for
                        <task>, once: a restart with the same flag publishes nothing new;
                        repeatable
  --status-every <s>    print "status records=N digest=<hex> connections=C ..." every
                        <s> seconds; peers hold the same archive when their digests match
  --dashboard <port>    serve the live dashboard and Prometheus /metrics on this port
                        (0 picks a free one) and print its URL; see docs/dashboard.md
  --dashboard-host <a>  address the dashboard listens on (default 127.0.0.1)
  -h, --help            show this help

Multi-machine setup, firewall and agreement checks: docs/multi-host.md`

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
        trusted: { type: 'string', multiple: true },
        'seed-prompt': { type: 'string', multiple: true },
        'status-every': { type: 'string' },
        dashboard: { type: 'string' },
        'dashboard-host': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      },
      strict: true,
      allowPositionals: false
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const v = parsed.values
  if (v.help === true) throw new PeerHelpRequested()
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
    trustedRanges: trusted.length > 0 ? trusted : ['127.0.0.0/8'],
    seedPrompts: (v['seed-prompt'] ?? []).map(parseSeedPromptSpec),
    ...(v['status-every'] !== undefined ? { statusEverySeconds: parseStatusEvery(v['status-every']) } : {}),
    ...(v.dashboard !== undefined ? { dashboardPort: parsePortOption('dashboard', v.dashboard) } : {}),
    ...(v['dashboard-host'] !== undefined ? { dashboardHost: v['dashboard-host'] } : {})
  }
}

/** `--help` is not a mistake: the command prints its help and exits 0. */
export class PeerHelpRequested extends Error {
  override readonly name = 'PeerHelpRequested'
  readonly code = 'HELP_REQUESTED'
  constructor () { super('help requested') }
}

const NO_PEER_HINT_MS = 15_000

/**
 * Runs a peer until `io.signal` aborts. `onReady` sees the running peer (the swarm launcher's
 * child processes use it to attach their control channel). Returns the exit code.
 */
export async function runPeer (
  options: PeerCommandOptions,
  io: CommandIO,
  extra: {
    readonly peer?: Partial<PeerOptions>
    readonly onReady?: (peer: Peer) => void | Promise<void>
    /** How long a peer with bootstrap addresses may stay unconnected before it prints a hint. */
    readonly noPeerHintMs?: number
  } = {}
): Promise<number> {
  if (io.signal.aborted) return 130
  // Read prompt files before joining the network: a wrong path fails at once.
  const seeds = await readSeedPrompts(options.seedPrompts ?? [])
  const peer = await Peer.start({
    ...extra.peer,
    swarm: options.swarm,
    dataDir: options.dataDir,
    listen: options.listen,
    bootstrap: options.bootstrap,
    trustedRanges: options.trustedRanges,
    hello: { tasks: options.tasks, model: options.model }
  }).catch(err => { throw explainListenError(err) ?? err })
  peer.on('warning', err => io.err(`warning: ${err.message}`))
  // Bootstrap dials start inside Peer.start: report connections made before this listener too.
  const reported = new Set<string>()
  const connected = (id: string): void => {
    if (reported.has(id)) return
    reported.add(id)
    io.out(`connected ${id}`)
  }
  peer.libp2p.addEventListener('peer:connect', evt => connected(evt.detail.toString()))
  peer.libp2p.addEventListener('peer:disconnect', evt => reported.delete(evt.detail.toString()))
  for (const id of peer.connectedPeers()) connected(id)
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
  let statusTimer: NodeJS.Timeout | undefined
  let dashboard: Awaited<ReturnType<typeof openPeerDashboard>> = undefined
  let hintTimer: NodeJS.Timeout | undefined
  try {
    dashboard = await openPeerDashboard(peer, options, io)
    for (const seed of await publishSeedPrompts(peer, seeds)) {
      io.out(`${seed.published ? 'published' : 'already published'} seed prompt for ${seed.task} from ${seed.file}: ${seed.id}`)
    }
    if (options.statusEverySeconds !== undefined) {
      io.out(formatStatusLine(peer.status()))
      statusTimer = setInterval(() => { if (peer.isRunning) io.out(formatStatusLine(peer.status())) }, options.statusEverySeconds * 1000)
    }
    if (options.bootstrap.length > 0) {
      // A wrong /p2p/ id or a closed firewall port only shows as silence (the redialer retries
      // quietly forever), so say once what to check.
      hintTimer = setTimeout(() => {
        if (peer.isRunning && peer.connectedPeers().length === 0) {
          io.err(`warning: no peer connected after ${(extra.noPeerHintMs ?? NO_PEER_HINT_MS) / 1000} s; check that each --bootstrap address is reachable from here (address, port, firewall) and that its /p2p/ id is the one that peer printed`)
        }
      }, extra.noPeerHintMs ?? NO_PEER_HINT_MS)
    }
    await extra.onReady?.(peer)
    if (!io.signal.aborted) await new Promise<void>(resolve => io.signal.addEventListener('abort', () => resolve(), { once: true }))
  } finally {
    clearInterval(statusTimer)
    clearTimeout(hintTimer)
    await dashboard?.close()
    await peer.stop()
  }
  io.out(`stopped; ${peer.view.size} records held, digest ${peer.view.recordDigest()}`)
  return 130
}

export const peerCommand: Command = {
  name: 'peer',
  summary: 'run one standalone peer (listen, bootstrap, data directory, swarm)',
  help: HELP,
  async run (argv: string[], io: CommandIO): Promise<number> {
    let options: PeerCommandOptions
    try {
      options = parsePeerArgs(argv)
    } catch (err) {
      if (!(err instanceof PeerHelpRequested)) throw err
      io.out(HELP)
      return 0
    }
    return await runPeer(options, io)
  }
}
