import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterEach, describe, expect, it } from 'vitest'
import { encodeSigned } from '@promptswarm/protocol'
import { Peer, RecordStore, StorageError } from '@promptswarm/node'
import { makeRecords } from './sync-fixtures.js'

const SWARM = 'storage-test'
const dirs: string[] = []

async function tempDir (): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'promptswarm-store-'))
  dirs.push(dir)
  return dir
}

async function rawDb (dir: string): Promise<ClassicLevel<string, Uint8Array>> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await db.open()
  return db
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map(async d => await rm(d, { recursive: true, force: true })))
})

describe('RecordStore', () => {
  it('creates an identity once and reuses it', async () => {
    const dir = await tempDir()
    const first = await RecordStore.open(dir, { swarm: SWARM })
    const key = Buffer.from(first.keyPair.secretKey).toString('hex')
    expect(first.keyPair.secretKey).toHaveLength(64)
    expect(Buffer.from(first.keyPair.secretKey.subarray(32))).toEqual(Buffer.from(first.keyPair.publicKey))
    expect(first.nextSeq).toBe(0)
    await first.close()
    const second = await RecordStore.open(dir, { swarm: SWARM })
    expect(Buffer.from(second.keyPair.secretKey).toString('hex')).toBe(key)
    await second.close()
  })

  it('commits own records with the sequence bump, and group-commits concurrent writes in order', async () => {
    const dir = await tempDir()
    const store = await RecordStore.open(dir, { swarm: SWARM })
    const records = makeRecords(50, 0, SWARM)
    await Promise.all(records.map(async (r, i) => await store.commitOwn([{ idHex: r.idHex, wire: encodeSigned(r) }], i + 1)))
    store.storeReceived(makeRecords(1, 100, SWARM)[0]!.idHex, encodeSigned(makeRecords(1, 100, SWARM)[0]!))
    await store.flush()
    expect(store.nextSeq).toBe(50)
    expect(store.storedRecords).toBe(51)
    expect(store.pendingWrites).toBe(0)
    await store.raiseSeq(10) // never lowers
    await store.close()
    const reopened = await RecordStore.open(dir, { swarm: SWARM })
    expect(reopened.nextSeq).toBe(50)
    const stored = []
    for await (const e of reopened.entries()) stored.push(e.idHex)
    expect(stored).toHaveLength(51)
    await reopened.close()
  })

  it('refuses a corrupt identity instead of replacing it', async () => {
    const dir = await tempDir()
    await (await RecordStore.open(dir, { swarm: SWARM })).close()
    const db = await rawDb(dir)
    await db.put('meta:identity', new Uint8Array(63))
    await db.close()
    await expect(RecordStore.open(dir, { swarm: SWARM })).rejects.toThrow(/64-byte Ed25519 secret key, found 63 bytes/)
    const db2 = await rawDb(dir)
    const bad = new Uint8Array(64).fill(1)
    await db2.put('meta:identity', bad)
    await db2.close()
    await expect(RecordStore.open(dir, { swarm: SWARM })).rejects.toMatchObject({ code: 'ERR_STORAGE_IDENTITY' })
    // Still there, untouched.
    const db3 = await rawDb(dir)
    expect(Buffer.from((await db3.get('meta:identity'))!)).toEqual(Buffer.from(bad))
    await db3.close()
  })

  it('refuses a corrupt sequence number and another swarm\'s directory', async () => {
    const dir = await tempDir()
    await (await RecordStore.open(dir, { swarm: SWARM })).close()
    await expect(RecordStore.open(dir, { swarm: 'other' })).rejects.toThrow(/belongs to swarm "storage-test"/)
    const db = await rawDb(dir)
    await db.put('meta:seq', new TextEncoder().encode('12x'))
    await db.close()
    await expect(RecordStore.open(dir, { swarm: SWARM })).rejects.toThrow(StorageError)
  })
})

describe('RecordStore received batches and meta writes', () => {
  it('stores received batches exactly, from views of one message and from separate buffers', async () => {
    const dir = await tempDir()
    const store = await RecordStore.open(dir, { swarm: SWARM })
    const records = makeRecords(6, 200, SWARM)
    const wires = records.map(r => encodeSigned(r))
    // Views of one buffer at odd offsets, as the gossip validator hands them over.
    const message = new Uint8Array(7 + wires.slice(0, 3).reduce((n, w) => n + w.length + 1, 0))
    let at = 7
    const views = wires.slice(0, 3).map(w => { message.set(w, at); const v = message.subarray(at, at + w.length); at += w.length + 1; return v })
    store.storeReceivedBatch(records.slice(0, 3).map(r => r.idHex), views)
    store.storeReceivedBatch(records.slice(3).map(r => r.idHex), wires.slice(3))
    expect(store.pendingWrites).toBe(6)
    await store.flush()
    expect(store.storedRecords).toBe(6)
    expect(store.pendingWrites).toBe(0)
    expect(() => store.storeReceivedBatch([records[0]!.idHex], [])).toThrow(StorageError)
    await store.close()
    const db = await rawDb(dir)
    for (let i = 0; i < records.length; i++) {
      expect(Buffer.from((await db.get(`rec:${records[i]!.idHex}`))!)).toEqual(Buffer.from(wires[i]!))
    }
    await db.close()
  })

  it('keeps the highest sequence number when a group commit carries many of them', async () => {
    const dir = await tempDir()
    const store = await RecordStore.open(dir, { swarm: SWARM })
    const records = makeRecords(20, 0, SWARM)
    // Queued in one tick: one group commit with twenty meta:seq writes, in increasing order.
    await Promise.all(records.map(async (r, i) => await store.commitOwn([{ idHex: r.idHex, wire: encodeSigned(r) }], i + 1)))
    await store.close()
    const db = await rawDb(dir)
    expect(Buffer.from((await db.get('meta:seq'))!).toString()).toBe('20')
    await db.close()
  })
})

describe('Peer storage', () => {
  it('reports and skips corrupt entries on load, keeping the good ones', async () => {
    const dir = await tempDir()
    const peer = await Peer.start({ swarm: SWARM, dataDir: dir, hello: false })
    const good = await peer.publish({ kind: 'candidate', role: 'task', task: 't', text: 'kept', parent: null, optimizer: null })
    await peer.stop()

    const db = await rawDb(dir)
    const foreign = makeRecords(1, 0, 'another-swarm')[0]!
    const valid = makeRecords(1, 7, SWARM)[0]!
    await db.batch([
      { type: 'put', key: `rec:${'ab'.repeat(32)}`, value: new Uint8Array([1, 2, 3]) },
      { type: 'put', key: 'rec:not-an-id', value: encodeSigned(valid) },
      { type: 'put', key: `rec:${foreign.idHex}`, value: encodeSigned(foreign) },
      { type: 'put', key: `rec:${'cd'.repeat(32)}`, value: encodeSigned(valid) }
    ])
    await db.close()

    const again = await Peer.start({ swarm: SWARM, dataDir: dir, hello: false })
    try {
      expect(again.loadReport.loaded).toBe(1)
      expect(again.view.has(good.idHex)).toBe(true)
      expect(again.loadReport.corrupt.map(c => c.key).sort()).toEqual([`rec:${'ab'.repeat(32)}`, `rec:${'cd'.repeat(32)}`, `rec:${foreign.idHex}`, 'rec:not-an-id'].sort())
      const reasons = again.loadReport.corrupt.map(c => `${c.error.field}: ${c.error.reason}`).join('\n')
      expect(reasons).toMatch(/signature/)
      expect(reasons).toMatch(/stored under/)
      // The next own record does not reuse a sequence number.
      const next = await again.publish({ kind: 'candidate', role: 'task', task: 't', text: 'next', parent: null, optimizer: null })
      expect(next.record.seq).toBe(good.record.seq + 1)
    } finally {
      await again.stop()
    }
  })

  it('never reuses a sequence number even if the stored counter is behind its own records', async () => {
    const dir = await tempDir()
    const peer = await Peer.start({ swarm: SWARM, dataDir: dir, hello: false })
    for (let i = 0; i < 3; i++) await peer.publish({ kind: 'candidate', role: 'task', task: 't', text: `r${i}`, parent: null, optimizer: null })
    await peer.stop()
    const db = await rawDb(dir)
    await db.put('meta:seq', new TextEncoder().encode('0'))
    await db.close()
    const again = await Peer.start({ swarm: SWARM, dataDir: dir, hello: false })
    try {
      const next = await again.publish({ kind: 'candidate', role: 'task', task: 't', text: 'r3', parent: null, optimizer: null })
      expect(next.record.seq).toBe(3)
      expect(again.view.banned()).toEqual([])
    } finally {
      await again.stop()
    }
  })
})
