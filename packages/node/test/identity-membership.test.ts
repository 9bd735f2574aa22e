import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { hasIdentityWork, keyPairFromSeed, mintIdentityWork, sha256, type HelloRecord, type ViewConfig } from '@promptswarm/protocol'
import { helloIdentityNonce, parseScenario, Peer, PeerConfigError, resolvePeerOptions, ScenarioError, waitUntil } from '@promptswarm/node'
import { Rng } from '../src/util/rng.js'

const SWARM = 'identity-work-test'
const BITS = 8
const WORK_VIEW: ViewConfig = { aggregator: { kind: 'median' }, quorum: 1, tolerance: 0.05, membership: { kind: 'proof-of-work', swarm: SWARM, bits: BITS } }

describe('identity work: scenario files', () => {
  const scenario = (membership: string): string => `swarm:\n  peers: 4\ndefences:\n  quorum: 2\n  membership: ${membership}\n`
  const errorOf = (text: string): ScenarioError => {
    try {
      parseScenario(text, 'work.yaml', new Map())
    } catch (err) {
      if (err instanceof ScenarioError) return err
      throw err
    }
    throw new Error('expected a ScenarioError')
  }

  it('reads open (or nothing) as open membership, and { workBits: N } as a proof of N bits per identity', () => {
    expect(parseScenario('swarm:\n  peers: 4\n', 'a.yaml', new Map()).defences.membership).toBeUndefined()
    expect(parseScenario(scenario('open'), 'a.yaml', new Map()).defences.membership).toBeUndefined()
    expect(parseScenario(scenario('{ workBits: 12 }'), 'a.yaml', new Map()).defences.membership).toEqual({ kind: 'proof-of-work', bits: 12 })
  })

  it('names the file, line and field of a bad membership', () => {
    expect(errorOf(scenario('closed')).message).toMatch(/^work\.yaml:5: defences\.membership: unknown membership "closed"; expected open or \{ workBits: N \}/)
    expect(errorOf(scenario('{ workBits: 0 }')).message).toMatch(/^work\.yaml:5: defences\.membership\.workBits: must be between 1 and 40, got 0/)
    expect(errorOf(scenario('{ workBits: 41 }')).field).toBe('defences.membership.workBits')
    expect(errorOf(scenario('{ workBits: 8.5 }')).message).toMatch(/whole number/)
    expect(errorOf(scenario('{ bits: 8 }')).message).toMatch(/^work\.yaml:5: defences\.membership\.bits: unknown field; expected one of workBits/)
    expect(errorOf(scenario('{}')).message).toMatch(/^work\.yaml:5: defences\.membership: needs workBits/)
    expect(errorOf(scenario('[8]')).field).toBe('defences.membership')
  })
})

describe('identity work: the nonce a peer\'s hello carries', () => {
  const key = keyPairFromSeed(sha256(new TextEncoder().encode('identity-mint test'))).publicKey
  const membership = WORK_VIEW.membership
  const earlier = (identityNonce?: number, author = key): HelloRecord => ({
    version: 1, kind: 'hello', author, seq: 0, time: 0, peerId: 'p', tasks: [], model: 'm', addresses: [], ...(identityNonce === undefined ? {} : { identityNonce })
  })

  it('none under open membership; a fresh mint when nothing earlier proves enough', async () => {
    expect(await helloIdentityNonce(undefined, key, [])).toBeUndefined()
    expect(await helloIdentityNonce({ kind: 'open' }, key, [])).toBeUndefined()
    const first = mintIdentityWork(SWARM, key, BITS) as number
    const bad = first === 0 ? 1 : 0
    expect(await helloIdentityNonce(membership, key, [earlier(), earlier(bad)])).toBe(first)
  })

  it('reuses the nonce of an earlier own hello that still proves enough (a restart mints nothing)', async () => {
    const first = mintIdentityWork(SWARM, key, BITS) as number
    const second = mintIdentityWork(SWARM, key, BITS, { start: first + 1 }) as number
    expect(await helloIdentityNonce(membership, key, [earlier(second)])).toBe(second)
    // Another key's hello with that nonce proves nothing for this one.
    const other = keyPairFromSeed(sha256(new TextEncoder().encode('someone else'))).publicKey
    expect(await helloIdentityNonce(membership, key, [earlier(second, other)])).toBe(first)
  })

  it('mints across slices and stops when aborted', async () => {
    const nonce = await helloIdentityNonce({ kind: 'proof-of-work', swarm: SWARM, bits: 16 }, key, [])
    expect(hasIdentityWork(SWARM, key, nonce as number, 16)).toBe(true)
    await expect(helloIdentityNonce({ kind: 'proof-of-work', swarm: SWARM, bits: 40 }, key, [], AbortSignal.abort())).rejects.toThrow()
  })

  it('a peer refuses identity work bound to another swarm', () => {
    expect(() => resolvePeerOptions({ swarm: 'elsewhere', dataDir: '/tmp/x', view: WORK_VIEW })).toThrow(PeerConfigError)
    expect(() => resolvePeerOptions({ swarm: 'elsewhere', dataDir: '/tmp/x', view: WORK_VIEW })).toThrow(/view\.membership\.swarm/)
  })
})

describe('identity work: peers on real TCP', () => {
  const dirs: string[] = []
  const peers: Peer[] = []

  async function startPeer (view: ViewConfig, bootstrap: string[], seed: number): Promise<Peer> {
    const dataDir = await mkdtemp(join(tmpdir(), 'promptswarm-work-'))
    dirs.push(dataDir)
    const rng = Rng.from('identity-work', seed)
    const peer = await Peer.start({ swarm: SWARM, dataDir, bootstrap, view, random: () => rng.next(), sync: { intervalMs: 300 } })
    peers.push(peer)
    return peer
  }

  afterEach(async () => {
    await Promise.all(peers.splice(0).map(async p => await p.stop()))
    await Promise.all(dirs.splice(0).map(async d => await rm(d, { recursive: true, force: true })))
  })

  it('peers that minted are members everywhere; a peer that did not is an outsider, its records kept but not counted', async () => {
    const a = await startPeer(WORK_VIEW, [], 1)
    const b = await startPeer(WORK_VIEW, [a.multiaddrs[0] as string], 2)
    // A peer that thinks the swarm is open publishes a hello without work.
    const x = await startPeer({ ...WORK_VIEW, membership: { kind: 'open' } }, [a.multiaddrs[0] as string], 3)
    const candidate = await a.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'prompt', parent: null, optimizer: null })
    const theirs = await x.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'outsider prompt', parent: null, optimizer: null })
    const vote = (score: number) => ({ kind: 'evaluation' as const, candidate: candidate.id, items: ['i'], outcomes: [score], score, baseline: [], model: 'm', usage: { promptTokens: 1, completionTokens: 1 } })
    await b.publish(vote(0.5))
    await x.publish(vote(1))
    expect(await waitUntil(() => [a, b, x].every(p => p.view.size === 7), { timeoutMs: 15_000 })).toBe(true)

    const own = a.view.peers().find(h => Buffer.from(h.author).toString('hex') === a.author) as HelloRecord
    expect(hasIdentityWork(SWARM, own.author, own.identityNonce as number, BITS)).toBe(true)
    for (const p of [a, b]) {
      expect(p.view.committeePool()).toEqual([a.author, b.author].sort())
      expect(p.view.isMember(x.author)).toBe(false)
      expect(p.view.candidate(candidate.idHex)).toMatchObject({ evaluations: 1, score: 0.5 })
      expect(p.view.candidate(theirs.idHex)?.status).toBe('outsider')
    }
    // The open-minded peer counts everyone: same records, another view.
    expect(x.view.candidate(candidate.idHex)).toMatchObject({ evaluations: 2, score: 0.75 })
  })
})
