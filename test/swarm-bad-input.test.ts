import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lpStream } from '@libp2p/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeBatch, encodeSigned, generateKeyPair, signRecord, Signer, type KeyPair, type RecordInit } from '@promptswarm/protocol'
import { encodeTurn, Peer, RecordStore, syncProtocol, waitUntil, type GossipVerdictEvent } from '@promptswarm/node'
import { Rng } from '../packages/node/src/util/rng.js'

/**
 * Hostile input on real TCP. Topology: each evil peer E is connected only to honest A; honest B is
 * connected only to A; honest C feeds honest traffic through A. Whatever A rejects, B never sees.
 * The evil peers inject bytes with `publishRaw`, which bypasses their own batching and validation.
 */
const SWARM = 'bad-input'
const CASES = ['forged', 'other-swarm', 'malformed', 'oversized', 'replay', 'equivocation', 'sync-junk'] as const
type Case = typeof CASES[number]

let base: string
const rng = Rng.from('bad-input', 1)
const peers: Peer[] = []
let a: Peer, b: Peer, c: Peer
const evil = new Map<Case, { peer: Peer, key: KeyPair }>()
const verdicts: Record<'a' | 'b', GossipVerdictEvent[]> = { a: [], b: [] }

async function start (name: string, bootstrap: string[] = []): Promise<{ peer: Peer, key: KeyPair }> {
  const dataDir = join(base, name)
  // Open the store first to learn the key: the test signs as this peer to forge its equivocation.
  const store = await RecordStore.open(dataDir, { swarm: SWARM })
  const key = store.keyPair
  await store.close()
  const peer = await Peer.start({ swarm: SWARM, dataDir, bootstrap, random: () => rng.next(), sync: { intervalMs: 60_000 } })
  peers.push(peer)
  return { peer, key }
}

function candidate (author: Uint8Array, seq: number, text: string): RecordInit {
  return { kind: 'candidate', role: 'task', task: 'arith', text, parent: null, optimizer: null, author, seq, time: Date.now() }
}

function verdictsFrom (list: GossipVerdictEvent[], from: Peer): GossipVerdictEvent[] {
  return list.filter(v => v.from === from.peerId.toString())
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'promptswarm-bad-'))
  a = (await start('a')).peer
  b = (await start('b', [a.multiaddrs[0]!])).peer
  c = (await start('c', [a.multiaddrs[0]!])).peer
  a.on('verdict', v => verdicts.a.push(v))
  b.on('verdict', v => verdicts.b.push(v))
  for (const name of CASES) evil.set(name, await start(`evil-${name}`, [a.multiaddrs[0]!]))
  const meshed = await waitUntil(() => [b, c, ...[...evil.values()].map(e => e.peer)].every(p => p.status().meshPeers >= 1), { timeoutMs: 15_000 })
  expect(meshed).toBe(true)
})

afterAll(async () => {
  await Promise.all(peers.map(async p => await p.stop()))
  await rm(base, { recursive: true, force: true })
})

describe('hostile input', () => {
  it('rejects bad gossip at the first hop, never forwards it, and drives the sender\'s score negative', async () => {
    const outsider = new Signer(generateKeyPair())
    const honest = [
      await c.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'honest before 1', parent: null, optimizer: null }),
      await c.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'honest before 2', parent: null, optimizer: null })
    ]
    await waitUntil(() => honest.every(r => a.view.has(r.idHex) && b.view.has(r.idHex)), { timeoutMs: 10_000 })

    const forged = encodeSigned(signRecord(candidate(outsider.publicKey, 0, 'forged'), outsider, SWARM))
    forged[forged.length - 5]! ^= 0x40
    const otherSwarm = encodeSigned(signRecord(candidate(outsider.publicKey, 1, 'wrong swarm'), outsider, 'another-swarm'))
    const junk = Uint8Array.from({ length: 300 }, () => rng.int(256))
    const big = Array.from({ length: 40 }, (_, i) => encodeSigned(signRecord(candidate(outsider.publicKey, 10 + i, 'x'.repeat(30_000) + i), outsider, SWARM)))
    const injected: Record<Exclude<Case, 'equivocation' | 'sync-junk'>, Uint8Array> = {
      forged: encodeBatch([forged]),
      'other-swarm': encodeBatch([otherSwarm]),
      malformed: junk,
      oversized: encodeBatch(big),
      // Records everybody already holds, in a new message (the original bytes would be dropped
      // as a duplicate before validation): valid but nothing new.
      replay: encodeBatch(honest.map(r => encodeSigned(r)).reverse())
    }
    const expected = { forged: /signature/, 'other-swarm': /signature.*swarm/, malformed: /./, oversized: /exceeds the limit/ }
    for (const [name, data] of Object.entries(injected)) await evil.get(name as Case)!.peer.publishRaw(data)

    for (const [name, data] of Object.entries(injected)) {
      const sender = evil.get(name as Case)!.peer
      const id = createHash('sha256').update(data).digest('hex')
      expect(await waitUntil(() => verdictsFrom(verdicts.a, sender).some(v => v.messageId === id), { timeoutMs: 10_000 }), name).toBe(true)
      const verdict = verdictsFrom(verdicts.a, sender).find(v => v.messageId === id)!
      if (name === 'replay') {
        expect(verdict.classification.verdict).toBe('ignore')
      } else {
        expect(verdict.classification.verdict, name).toBe('reject')
        const reason = `${verdict.classification.reason?.field}: ${verdict.classification.reason?.reason}`
        expect(reason, name).toMatch(expected[name as keyof typeof expected])
        expect(await waitUntil(() => a.gossipScore(sender.peerId.toString()) < 0, { timeoutMs: 5000 }), `${name} score`).toBe(true)
      }
    }
    // The replayer did nothing harmful: it is not charged.
    expect(a.gossipScore(evil.get('replay')!.peer.peerId.toString())).toBeGreaterThanOrEqual(0)
    expect(a.view.size).toBe(b.view.size)

    // Honest traffic from others still flows through A to B.
    const after = await c.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'honest after', parent: null, optimizer: null })
    expect(await waitUntil(() => b.view.has(after.idHex), { timeoutMs: 10_000 })).toBe(true)
    // B is connected to A only: anything A forwarded would have reached B by now, like `after` did.
    for (const [name, data] of Object.entries(injected)) {
      const id = createHash('sha256').update(data).digest('hex')
      expect(verdicts.b.some(v => v.messageId === id), `${name} forwarded`).toBe(false)
    }
    expect(verdicts.b.length).toBeGreaterThan(0)
  })

  it('accepts an equivocation as evidence, bans its author everywhere and charges its peer', async () => {
    const { peer: liar, key } = evil.get('equivocation')!
    const first = await liar.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'first statement', parent: null, optimizer: null })
    await waitUntil(() => b.view.has(first.idHex), { timeoutMs: 10_000 })
    const second = signRecord(candidate(key.publicKey, first.record.seq, 'contradicting statement'), new Signer(key), SWARM)
    await liar.publishRaw(encodeBatch([encodeSigned(second)]))
    expect(await waitUntil(() => a.view.isBanned(liar.author) && b.view.isBanned(liar.author), { timeoutMs: 10_000 })).toBe(true)
    expect(a.view.banned().find(x => x.author === liar.author)?.reasons).toEqual(['equivocation'])
    expect(await waitUntil(() => a.gossipScore(liar.peerId.toString()) < 0, { timeoutMs: 5000 })).toBe(true)
    expect(a.penalties.isBanned(liar.peerId.toString())).toBe(true)
    // Honest peers are not affected.
    expect(a.view.isBanned(c.author) || b.view.isBanned(c.author)).toBe(false)
    const after = await c.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'still honest', parent: null, optimizer: null })
    expect(await waitUntil(() => b.view.has(after.idHex), { timeoutMs: 10_000 })).toBe(true)
  })

  it('aborts a sync session that sends unrequested records and charges the sender', async () => {
    const sender = evil.get('sync-junk')!.peer
    const stream = await sender.libp2p.dialProtocol(a.peerId, syncProtocol(SWARM))
    const lp = lpStream(stream)
    const junkRecord = encodeSigned(signRecord(candidate(evil.get('sync-junk')!.key.publicKey, 999, 'pushed'), new Signer(evil.get('sync-junk')!.key), SWARM))
    await lp.write(encodeTurn({ ranges: [{ upper: '~', mode: 'skip' }], want: [], records: [junkRecord] }))
    await expect(lp.read({ signal: AbortSignal.timeout(5000) })).rejects.toThrow()
    expect(a.penalties.score(sender.peerId.toString())).toBeLessThan(0)
    expect(a.view.size).toBe(b.view.size)
    expect(await waitUntil(() => a.gossipScore(sender.peerId.toString()) < 0, { timeoutMs: 5000 })).toBe(true)
  })
})
