import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Peer, PeerConfigError, recordsTopic, waitUntil, type PublishInit } from '@promptswarm/node'
import { Rng } from '../src/util/rng.js'

const SWARM = 'peer-test'
const dirs: string[] = []
const peers: Peer[] = []

async function tempDir (): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'promptswarm-peer-'))
  dirs.push(dir)
  return dir
}

async function startPeer (dataDir: string, bootstrap: string[] = [], seed = 1): Promise<Peer> {
  const rng = Rng.from('peer-test', seed)
  const peer = await Peer.start({ swarm: SWARM, dataDir, bootstrap, random: () => rng.next(), sync: { intervalMs: 500 } })
  peers.push(peer)
  return peer
}

function candidate (text: string): PublishInit {
  return { kind: 'candidate', role: 'task', task: 'arith', text, parent: null, optimizer: null }
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map(async p => await p.stop()))
  await Promise.all(dirs.splice(0).map(async d => await rm(d, { recursive: true, force: true })))
})

describe('Peer', () => {
  it('publishes signed records that a connected peer validates, stores and emits', async () => {
    const a = await startPeer(await tempDir(), [], 1)
    const b = await startPeer(await tempDir(), [a.multiaddrs[0] as string], 2)
    const received: string[] = []
    b.on('record', e => { if (e.source !== 'local') received.push(e.record.idHex) })
    await waitUntil(() => a.status().meshPeers > 0 && b.status().meshPeers > 0, { timeoutMs: 10_000 })
    const ids: string[] = []
    for (let i = 0; i < 20; i++) ids.push((await a.publish(candidate(`prompt ${i}`))).idHex)
    expect(await waitUntil(() => ids.every(id => b.view.has(id)), { timeoutMs: 10_000 })).toBe(true)
    expect(received).toEqual(expect.arrayContaining(ids))
    expect(b.view.recordDigest()).toBe(a.view.recordDigest())
    // Both hellos (and so both peers) are known to both sides.
    expect(b.view.peers().map(h => h.peerId).sort()).toEqual([a.peerId.toString(), b.peerId.toString()].sort())
  })

  it('restarts with the same identity, archive and sequence numbers', async () => {
    const dir = await tempDir()
    const first = await startPeer(dir)
    const author = first.author
    const peerId = first.peerId.toString()
    const published = []
    for (let i = 0; i < 5; i++) published.push(await first.publish(candidate(`p${i}`)))
    const digest = first.view.recordDigest()
    const lastSeq = published[published.length - 1]?.record.seq as number
    await first.stop()

    const second = await startPeer(dir)
    expect(second.author).toBe(author)
    expect(second.peerId.toString()).toBe(peerId)
    expect(second.loadReport.loaded).toBe(6) // five candidates and one hello
    expect(second.loadReport.recordDigest).toBe(digest)
    expect(second.loadReport.corrupt).toEqual([])
    const next = await second.publish(candidate('after restart'))
    // The restart's hello took lastSeq + 1.
    expect(next.record.seq).toBe(lastSeq + 2)
    expect(second.view.banned()).toEqual([])
  })

  it('redials a dropped connection and resumes gossip', async () => {
    const a = await startPeer(await tempDir(), [], 5)
    const b = await startPeer(await tempDir(), [a.multiaddrs[0] as string], 6)
    // Both ends must hold the connection before A hangs up: B can count it while A is still
    // finishing the inbound upgrade, and then A's hang-up closes nothing (seen under load).
    await waitUntil(() => b.connectedPeers().includes(a.peerId.toString()) && a.connectedPeers().includes(b.peerId.toString()), { timeoutMs: 10_000 })
    // Listen for the drop rather than poll for it: under load the redial can win the race against a
    // poll, and the disconnected state is never seen although it happened.
    let dropped = false
    b.libp2p.addEventListener('peer:disconnect', event => { if (event.detail.equals(a.peerId)) dropped = true })
    await a.hangUp(b.peerId.toString())
    expect(await waitUntil(() => dropped, { timeoutMs: 10_000 })).toBe(true)
    expect(await waitUntil(() => b.connectedPeers().includes(a.peerId.toString()), { timeoutMs: 10_000 })).toBe(true)
    // Gossip flows again once B has heard A's subscription on the new connection.
    const sources = new Map<string, string>()
    b.on('record', e => sources.set(e.record.idHex, e.source))
    await waitUntil(() => a.libp2p.services.pubsub.getSubscribers(recordsTopic(SWARM)).some(p => p.equals(b.peerId)), { timeoutMs: 10_000 })
    const r = await a.publish(candidate('after the redial'))
    expect(await waitUntil(() => b.view.has(r.idHex), { timeoutMs: 10_000 })).toBe(true)
    expect(sources.get(r.idHex)).toBe('gossip')
  })

  it('refuses bad options with an error naming the option', async () => {
    await expect(Peer.start({ swarm: '', dataDir: await tempDir() })).rejects.toThrow(PeerConfigError)
    await expect(Peer.start({ swarm: SWARM, dataDir: await tempDir(), bootstrap: ['not-a-multiaddr'] })).rejects.toThrow(/bootstrap\[0\]/)
    await expect(Peer.start({ swarm: SWARM, dataDir: await tempDir(), trustedRanges: ['300.1.1.1/8'] })).rejects.toThrow(/trustedRanges\[0\]/)
  })

  it('lets a second process-level open of a data directory fail clearly', async () => {
    const dir = await tempDir()
    await startPeer(dir)
    await expect(Peer.start({ swarm: SWARM, dataDir: dir })).rejects.toThrow(/in use by another process/)
  })
})
