/**
 * Entry point of a swarm member running in its own OS process (`child_process.fork` with an IPC
 * channel). It runs the standalone peer command and answers the launcher's control requests.
 * The process ends on SIGINT/SIGTERM, a `stop` request, or when the launcher disappears.
 */
import '../polyfill.js'
import { Rng } from '../util/rng.js'
import { runPeer } from '../commands/peer.js'
import type { Peer, PeerStatus } from '../peer/peer.js'
import type { ControlReply, ControlRequest, ProcessPeerConfig } from './ipc.js'

async function send (message: ControlReply): Promise<void> {
  await new Promise<void>(resolve => {
    if (process.send === undefined || !process.connected) { resolve(); return }
    process.send(message, undefined, {}, () => resolve())
  })
}

async function main (): Promise<void> {
  if (process.send === undefined) throw new Error('peer-process must be started with an IPC channel (child_process.fork)')
  const config = JSON.parse(process.argv[2] ?? '') as ProcessPeerConfig
  const controller = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort())
  process.once('disconnect', () => controller.abort())
  const rng = Rng.from('peer-process', config.seed)
  const quiet = (): void => {}
  let stopRequest: number | undefined
  const onReady = (peer: Peer): void => {
    process.on('message', (raw: ControlRequest) => {
      void handle(peer, raw).then(
        async value => { if (value !== undefined) await send({ type: 'result', id: raw.id, value }) },
        async err => { await send({ type: 'error', id: raw.id, message: (err as Error).message }) }
      )
    })
    void send({ type: 'ready', peerId: peer.peerId.toString(), multiaddrs: peer.multiaddrs, load: peer.loadReport })
  }
  const handle = async (peer: Peer, req: ControlRequest): Promise<PeerStatus | string[] | null | undefined> => {
    switch (req.type) {
      case 'status': return peer.status()
      case 'ids': return [...peer.view.ids()].sort()
      case 'publish': {
        const signed = await Promise.all(req.inits.map(async init => await peer.publish(init)))
        return signed.map(s => s.idHex)
      }
      case 'dial': await peer.dial(req.address); return null
      case 'stop': stopRequest = req.id; controller.abort(); return undefined
    }
  }
  await runPeer({
    swarm: config.swarm,
    dataDir: config.dataDir,
    listen: config.listen,
    bootstrap: config.bootstrap,
    tasks: [],
    model: 'unspecified',
    trustedRanges: ['127.0.0.0/8']
  }, { out: quiet, err: text => process.stderr.write(text + '\n'), signal: controller.signal }, {
    peer: { random: () => rng.next(), ...(config.syncIntervalMs !== undefined ? { sync: { intervalMs: config.syncIntervalMs } } : {}) },
    onReady
  })
  if (stopRequest !== undefined) await send({ type: 'result', id: stopRequest, value: null })
}

main().then(
  () => { process.disconnect?.(); process.exit(0) },
  async err => {
    await send({ type: 'fatal', message: (err as Error).stack ?? String(err) })
    process.exit(1)
  }
)
