import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_VERIFICATION_CACHE_SIZE, encodeBatch, encodeSigned, generateKeyPair, setVerificationCacheSize, signingMessage, signRecord, signRecordWith, Signer, type RecordInit
} from '@promptswarm/protocol'
import { classifyBatch, classifyBatchDeferred, SignaturePool, stillFresh, type BatchClassification, type SignaturePoolOptions } from '@promptswarm/node'
import { makeRecords, SWARM } from './sync-fixtures.js'

/** Verdicts of a pool for a set of (key, message, signature) triples, valid and not. */
function triples (): Array<{ publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, valid: boolean }> {
  const out: Array<{ publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, valid: boolean }> = []
  for (const r of makeRecords(6, 500)) {
    const message = signingMessage(SWARM, r.body)
    out.push({ publicKey: r.record.author, message, signature: r.signature, valid: true })
    const forged = r.signature.slice()
    forged[10] = (forged[10] as number) ^ 4
    out.push({ publicKey: r.record.author, message, signature: forged, valid: false })
    out.push({ publicKey: r.record.author, message: message.subarray(1), signature: r.signature, valid: false })
  }
  // Not a curve point: every signature under it is invalid.
  out.push({ publicKey: new Uint8Array(32).fill(0xff).map((b, i) => i === 31 ? 0x3f : b), message: new Uint8Array(3), signature: new Uint8Array(64), valid: false })
  return out
}

describe('signature pool', () => {
  const pools: SignaturePool[] = []
  const pool = (options: Partial<SignaturePoolOptions>): SignaturePool => {
    const p = new SignaturePool()
    p.configure(options)
    pools.push(p)
    return p
  }
  afterEach(() => { for (const p of pools.splice(0)) p.configure({ threads: 0 }) })

  it('verifies on its worker thread with the verdicts of the calling thread', async () => {
    const p = pool({ threads: 1 })
    p.acquire()
    const cases = triples()
    const answers = cases.map(c => p.verify(c.publicKey, c.message, c.signature))
    expect(answers.every(a => a instanceof Promise)).toBe(true)
    expect(await Promise.all(answers)).toEqual(cases.map(c => c.valid))
    expect(p.stats).toMatchObject({ worker: cases.length, inline: 0, messages: 1 })
    p.release()
  })

  it('verifies on the calling thread without a worker, or while the worker is behind', async () => {
    const cases = triples()
    const none = pool({ threads: 0 })
    none.acquire()
    expect(cases.map(c => none.verify(c.publicKey, c.message, c.signature))).toEqual(cases.map(c => c.valid))
    const behind = pool({ threads: 1, maxBacklogMs: 0 })
    behind.acquire()
    const answers = cases.map(c => behind.verify(c.publicKey, c.message, c.signature))
    // The first goes to the worker; with no backlog allowed, the rest are verified at once.
    expect(answers[0]).toBeInstanceOf(Promise)
    expect(answers.slice(1).every(a => typeof a === 'boolean')).toBe(true)
    expect(await Promise.all(answers)).toEqual(cases.map(c => c.valid))
    expect(behind.stats).toMatchObject({ worker: 1, inline: cases.length - 1 })
    none.release()
    behind.release()
  })

  it('signs on its worker, byte for byte as on the calling thread, for several keys at once', async () => {
    const p = pool({ threads: 1 })
    p.acquire()
    const signers = [new Signer(generateKeyPair()), new Signer(generateKeyPair())]
    const messages = Array.from({ length: 6 }, (_, i) => signingMessage(SWARM, Uint8Array.of(i, 1, 2)))
    const signatures = await Promise.all(messages.map(async (m, i) => await (signers[i % 2] as Signer).signWith(m, p.sign)))
    expect(signatures).toEqual(messages.map((m, i) => (signers[i % 2] as Signer).sign(m)))
    expect(p.stats).toMatchObject({ signedOnWorker: 6, signedInline: 0 })
    const signer = signers[0] as Signer
    const inits = Array.from({ length: 3 }, (_, seq) => ({ kind: 'candidate', role: 'task', task: 't', text: `text ${seq}`, parent: null, optimizer: null, author: signer.publicKey, seq, time: 1 }) as RecordInit)
    const here = inits.map(init => signRecord(init, signer, SWARM))
    const there = await Promise.all(inits.map(async init => await signRecordWith(init, signer, SWARM, p.sign)))
    expect(there.map(r => [r.idHex, Buffer.from(r.signature).toString('hex')])).toEqual(here.map(r => [r.idHex, Buffer.from(r.signature).toString('hex')]))
    // A record that breaks a rule is refused at once, before anything is signed.
    expect(() => signRecordWith({ ...inits[0], text: '' } as RecordInit, signer, SWARM, p.sign)).toThrow(/text/)
    p.release()
  })

  it('loses no verification when its worker stops with work queued and in flight', async () => {
    const p = pool({ threads: 1, maxItemsPerMessage: 4 })
    p.acquire()
    const cases = triples()
    const first = cases.map(c => p.verify(c.publicKey, c.message, c.signature))
    await new Promise(resolve => setImmediate(resolve)) // some are posted now
    const second = cases.map(c => p.verify(c.publicKey, c.message, c.signature))
    p.configure({ threads: 0 })
    expect(await Promise.all([...first, ...second])).toEqual([...cases, ...cases].map(c => c.valid))
    expect(p.stats.worker + p.stats.inline).toBe(2 * cases.length)
    p.release()
  })
})

describe('gossip validation with signatures checked on a worker', () => {
  // Disabled, so that every record is really verified, on the worker.
  beforeEach(() => setVerificationCacheSize(0))
  afterEach(() => setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE))

  const records = makeRecords(5, 700)
  const wires = records.map(r => encodeSigned(r))
  const forged = (wire: Uint8Array, at: number): Uint8Array => { const f = wire.slice(); f[at] = (f[at] as number) ^ 1; return f }
  const outsider = new Signer(generateKeyPair())
  const foreign = encodeSigned(signRecord({ kind: 'candidate', role: 'task', task: 't', text: 'x', parent: null, optimizer: null, author: outsider.publicKey, seq: 0, time: 1 } as RecordInit, outsider, 'another-swarm'))
  const batches = [
    encodeBatch(wires),
    encodeBatch([wires[0]!, forged(wires[1]!, wires[1]!.length - 1), wires[2]!]),
    // A bad signature before a malformed record: the earlier failure names the rejection.
    encodeBatch([wires[0]!, forged(wires[1]!, wires[1]!.length - 2), Uint8Array.of(1, 2, 3)]),
    encodeBatch([Uint8Array.of(1, 2, 3), forged(wires[1]!, wires[1]!.length - 2)]),
    encodeBatch([wires[3]!, wires[4]!, wires[3]!]),
    encodeBatch([foreign, wires[0]!]),
    encodeBatch([]),
    Uint8Array.of(9, 9, 9)
  ]
  const summary = (c: BatchClassification): unknown => ({ verdict: c.verdict, fresh: c.fresh.map(r => r.idHex), records: c.records, reason: c.reason })

  it('classifies every batch exactly as the synchronous rule does', async () => {
    const p = new SignaturePool()
    p.configure({ threads: 1 })
    p.acquire()
    try {
      for (const held of [[], [records[0]!.idHex]]) {
        const options = { swarm: SWARM, maxMessageBytes: 64 * 1024, has: (id: string) => held.includes(id) }
        for (const data of batches) {
          const deferred = await classifyBatchDeferred(data, options, p.verify)
          expect(summary(deferred)).toEqual(summary(classifyBatch(data, options)))
        }
      }
      expect(p.stats.worker).toBeGreaterThan(0)
    } finally {
      p.configure({ threads: 0 })
    }
  })

  it('leaves out of an acceptance what became held while it was verified', () => {
    const options = { swarm: SWARM, maxMessageBytes: 64 * 1024, has: () => false }
    const accepted = classifyBatch(encodeBatch(wires.slice(0, 3)), options)
    expect(stillFresh(accepted, () => false)).toBe(accepted)
    const some = stillFresh(accepted, id => id === records[1]!.idHex)
    expect(some.verdict).toBe('accept')
    expect(some.fresh.map(r => r.idHex)).toEqual([records[0]!.idHex, records[2]!.idHex])
    expect(some.freshWires).toEqual([wires[0], wires[2]])
    expect(stillFresh(accepted, () => true)).toMatchObject({ verdict: 'ignore', fresh: [], freshWires: [] })
  })
})
