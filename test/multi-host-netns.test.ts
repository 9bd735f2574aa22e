import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RecordStore, waitUntil } from '@promptswarm/node'
import { CliPeer } from './support/cli-peer.js'
import { listOurNamespaces, namespaceSupport, NetnsLan, probeTcp, removeStaleNamespaces } from './support/netns.js'

/**
 * Three standalone peers (the built `promptswarm peer` command) on three emulated machines: Linux
 * network namespaces on a bridged 10.77.0.0/24 LAN, each with its own loopback and ports. The
 * peers find each other only through bootstrap multiaddrs with /p2p ids, as docs/multi-host.md
 * tells operators to do, and must end up holding one archive. Skipped (with the reason) only where
 * the machine does not allow network namespaces.
 */
const SWARM = 'multi-host'
const PORT = 4001
const HOSTS = 3

describe('peers on separate hosts (network namespaces)', () => {
  let support: Awaited<ReturnType<typeof namespaceSupport>> = { ok: false, reason: 'not probed' }
  let lan: NetnsLan | undefined
  let base = ''
  const peers: CliPeer[] = []

  beforeAll(async () => {
    support = await namespaceSupport()
    if (support.ok) await removeStaleNamespaces()
    base = await mkdtemp(join(tmpdir(), 'promptswarm-multihost-'))
  })

  afterAll(async () => {
    // Processes first (a namespace with a process in it outlives its name), then the namespaces.
    await Promise.all(peers.map(async p => await p.kill()))
    await lan?.destroy()
    if (base !== '') await rm(base, { recursive: true, force: true })
  })

  it('3 peers in 3 namespaces bootstrap over 10.x addresses, cannot see each other on 127.0.0.1, and agree on one archive', async ctx => {
    if (!support.ok) ctx.skip(`network namespaces unavailable: ${support.reason}`)
    lan = await NetnsLan.create(HOSTS)
    const hosts = lan.hosts
    const prompts = await Promise.all(hosts.map(async (h, i) => {
      const file = join(base, `prompt-${i}.txt`)
      await writeFile(file, `Work the problem step by step, then state the answer. (seed from ${h.address})\n`)
      return file
    }))
    const args = (i: number, listen: string, bootstrap: string[]): string[] => [
      '--swarm', SWARM,
      '--data-dir', join(base, `host-${i}`),
      '--listen', listen,
      ...bootstrap.flatMap(b => ['--bootstrap', b]),
      '--tasks', 'math',
      '--model', `host-${i}`,
      '--seed-prompt', `math=${prompts[i] as string}`,
      '--status-every', '0.5'
    ]

    // Host 0 listens on every interface, as a machine open to the LAN would; the others on their
    // LAN address only. All use the same port: separate hosts do not share a port space.
    const [h0, h1, h2] = hosts as [typeof hosts[0], typeof hosts[0], typeof hosts[0]]
    peers.push(await CliPeer.start('h0', args(0, `/ip4/0.0.0.0/tcp/${PORT}`, []), { netns: h0.netns }))
    const first = peers[0] as CliPeer
    const bootstrap = first.addresses.find(a => a.startsWith(`/ip4/${h0.address}/tcp/${PORT}/p2p/`))
    expect(bootstrap, `h0 printed ${first.addresses.join(', ')}`).toBe(`/ip4/${h0.address}/tcp/${PORT}/p2p/${first.peerId}`)
    peers.push(...await Promise.all([h1, h2].map(async (h, j) =>
      await CliPeer.start(`h${j + 1}`, args(j + 1, `/ip4/${h.address}/tcp/${PORT}`, [bootstrap as string]), { netns: h.netns }))))
    expect(peers.map(p => p.addresses)).toEqual([
      expect.arrayContaining([`/ip4/127.0.0.1/tcp/${PORT}/p2p/${first.peerId}`, bootstrap]),
      [`/ip4/${h1.address}/tcp/${PORT}/p2p/${(peers[1] as CliPeer).peerId}`],
      [`/ip4/${h2.address}/tcp/${PORT}/p2p/${(peers[2] as CliPeer).peerId}`]
    ])

    // They really are separate hosts: host 0's listener answers on its own loopback and on the
    // LAN, but host 1's 127.0.0.1 is its own, where nothing listens.
    expect(await probeTcp(h0.netns, '127.0.0.1', PORT)).toBe('open')
    expect(await probeTcp(h1.netns, h0.address, PORT)).toBe('open')
    expect(await probeTcp(h1.netns, '127.0.0.1', PORT)).toBe('ECONNREFUSED')
    expect(await probeTcp(h2.netns, '127.0.0.1', PORT)).toBe('ECONNREFUSED')

    // Each peer published its hello and one seed prompt: 6 records, one digest everywhere.
    const seedIds = await Promise.all(peers.map(async p => {
      const line = await p.waitFor(l => l.startsWith('published seed prompt for math'), 5000, 'its seed prompt id')
      return line.split(': ').pop() as string
    }))
    const agreed = await waitUntil(() => {
      const statuses = peers.map(p => p.latestStatus())
      return statuses.every(s => s?.records === 2 * HOSTS && s.digest === statuses[0]?.digest)
    }, { timeoutMs: 20_000, intervalMs: 100 })
    expect(agreed, peers.map(p => `${p.name}:\n${p.output()}`).join('\n\n')).toBe(true)
    for (const p of [peers[1], peers[2]] as CliPeer[]) expect(p.lines).toContain(`connected ${first.peerId}`)

    // A clean stop reports the same archive, and the same records are on each host's disk.
    const digest = peers[0]?.latestStatus()?.digest as string
    expect(await Promise.all(peers.map(async p => await p.stop()))).toEqual([130, 130, 130])
    for (const p of peers) expect(p.lines).toContain(`stopped; ${2 * HOSTS} records held, digest ${digest}`)
    const onDisk = await Promise.all(hosts.map(async (_, i) => {
      const store = await RecordStore.open(join(base, `host-${i}`), { swarm: SWARM })
      const ids: string[] = []
      for await (const entry of store.entries()) ids.push(entry.idHex)
      await store.close()
      return ids.sort()
    }))
    expect(onDisk[0]).toHaveLength(2 * HOSTS)
    expect(onDisk[0]).toEqual(expect.arrayContaining(seedIds))
    expect(onDisk[1]).toEqual(onDisk[0])
    expect(onDisk[2]).toEqual(onDisk[0])

    const made = [...lan.names]
    expect(made).toHaveLength(HOSTS + 1)
    await lan.destroy()
    expect((await listOurNamespaces()).filter(n => made.includes(n))).toEqual([])
  })
})
