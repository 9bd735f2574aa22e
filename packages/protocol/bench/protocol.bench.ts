/**
 * Protocol benchmark (issue 2): how many records per second one core encodes, signs, verifies
 * and decodes, what adding one record to a 10,000-record archive view costs, and what a view
 * digest costs. tweetnacl runs on the same messages as a baseline for node:crypto's Ed25519.
 *
 * Run with `npm run bench -w packages/protocol` after `npx tsc -b` (it imports the built package).
 */
import { availableParallelism, cpus, loadavg } from 'node:os'
import nacl from 'tweetnacl'
import { ArchiveView, CANDIDATE_STATUSES, DEFAULT_VERIFICATION_CACHE_SIZE, decodeRecord, setVerificationCacheSize, encodeRecord, encodeSigned, equalBytes, openRecord, signingMessage, signRecord, toHex, verifySignature, type Signer, type VerifiedRecord, type ViewConfig } from '@promptswarm/protocol'
import { measureBatches, measureOps } from './measure.js'
import { SwarmHistory } from './swarm-history.js'
import { atLeastPerSecond, formatCount, renderTable, underMicros, type Row } from './table.js'

const SWARM = 'bench-swarm'
const VIEW_RECORDS = 10_000
/**
 * Records added to each fresh 10,000-record view per timed batch (the view grows to 12,000 at
 * most). Building a view costs five batches, so these measures stop at a wall-time cap.
 */
const ADDS_PER_BATCH = 2_000
const EXTENSION_RECORDS = 3_000
const VERIFY_TARGET = 10_000
const ADD_TARGET_MICROS = 1_000

const median: ViewConfig = { aggregator: { kind: 'median' }, quorum: 3, tolerance: 0.02 }
const reputation: ViewConfig = { aggregator: { kind: 'reputation-median' }, quorum: 3, tolerance: 0.02 }

const started = process.hrtime.bigint()
// Defeats dead-code elimination: every measured result feeds it.
let sink = 0

const history = new SwarmHistory({
  seed: 2,
  swarm: SWARM,
  peers: 12,
  tasks: ['gsm8k', 'bbh/logical-deduction', 'hotpotqa'],
  committee: 9,
  minibatch: 16,
  promptChars: 1024
})
const base = history.take(VIEW_RECORDS)
const extension = history.take(EXTENSION_RECORDS)
const setupSeconds = Number(process.hrtime.bigint() - started) / 1e9

printPreamble()

// --- Codec and signatures, over the 10,000 records of the view (their realistic mix) ---------
const n = base.length
const at = <T>(xs: readonly T[], i: number): T => xs[i % n] as T
const records = base.map(s => s.record)
const bodies = base.map(s => s.body)
const wires = base.map(s => encodeSigned(s))
const messages = bodies.map(b => signingMessage(SWARM, b))
const peerOf = new Map(history.peers.map(p => [toHex(p.keys.publicKey), p]))
const authorOf = base.map(s => peerOf.get(s.authorHex) ?? missing(`peer ${s.authorHex}`))
const signers: Signer[] = authorOf.map(p => p.signer)

const codec: Row[] = [
  { operation: 'encode (encodeRecord)', measurement: measureOps(i => { sink += encodeRecord(at(records, i)).length }) },
  { operation: 'decode + validate (decodeRecord)', measurement: measureOps(i => { sink += expectOk(decodeRecord(at(bodies, i))).seq }) },
  { operation: 'sign (signRecord: encode, Ed25519, id)', measurement: measureOps(i => { sink += signRecord(at(records, i), at(signers, i), SWARM).signature[0] as number }) },
  {
    // The process-wide verification cache would answer every pass after the first: off, this
    // measures verifying records never seen before, as a peer does for each new record.
    operation: 'verify (openRecord of wire bytes, cache off)',
    measurement: withoutVerificationCache(() => measureOps(i => { sink += expectOk(openRecord(at(wires, i), SWARM)).body.length })),
    target: atLeastPerSecond(VERIFY_TARGET)
  },
  {
    operation: 'open a record already verified (cache hit)',
    measurement: (() => {
      // One pass fills the cache, so every timed opening is a hit.
      for (const wire of wires) sink += expectOk(openRecord(wire, SWARM)).body.length
      return measureOps(i => { sink += expectOk(openRecord(at(wires, i), SWARM)).body.length })
    })()
  }
]

function withoutVerificationCache<T> (run: () => T): T {
  setVerificationCacheSize(0)
  try {
    return run()
  } finally {
    setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
  }
}

// --- Ed25519 alone on the same signing messages: node:crypto against tweetnacl ----------------
checkSameSignatures()
const ed25519: Row[] = [
  { operation: 'sign, node:crypto (Signer.sign)', measurement: measureOps(i => { sink += at(signers, i).sign(at(messages, i))[0] as number }) },
  { operation: 'sign, tweetnacl (nacl.sign.detached)', measurement: measureOps(i => { sink += nacl.sign.detached(at(messages, i), at(authorOf, i).keys.secretKey)[0] as number }) },
  { operation: 'verify, node:crypto (verifySignature)', measurement: measureOps(i => { expect(verifySignature(at(records, i).author, at(messages, i), at(base, i).signature)) }) },
  { operation: 'verify, tweetnacl (nacl.sign.detached.verify)', measurement: measureOps(i => { expect(nacl.sign.detached.verify(at(messages, i), at(base, i).signature, at(records, i).author)) }) }
]

// --- Archive view ------------------------------------------------------------------------------
// The candidate each extension record touches (itself, or the one it evaluates), computed off the clock.
const touched = extension.map(s => s.record.kind === 'candidate' ? s.idHex : s.record.kind === 'evaluation' ? toHex(s.record.candidate) : undefined)

const view: Row[] = []
for (const [name, config] of [['median', median], ['reputation-median', reputation]] as const) {
  view.push(
    { operation: `add, ${name}`, measurement: measureAdds(config, false), target: underMicros(ADD_TARGET_MICROS) },
    { operation: `add + score() + status(), ${name}`, measurement: measureAdds(config, true), target: underMicros(ADD_TARGET_MICROS) }
  )
}
for (const [name, config] of [['median', median], ['reputation-median', reputation]] as const) {
  view.push({ operation: `digest() after one add, ${name}`, measurement: measureDigest(config) })
}

console.log(renderTable([
  { title: `records (mix of the ${formatCount(n)} view records)`, rows: codec },
  { title: 'Ed25519 alone, same messages', rows: ed25519 },
  { title: `ArchiveView of ${formatCount(VIEW_RECORDS)} records`, rows: view }
]))
const rate = (rows: readonly Row[], i: number): number => (rows[i] as Row).measurement.opsPerSecond
console.log(`\nnode:crypto over tweetnacl: sign ${(rate(ed25519, 0) / rate(ed25519, 1)).toFixed(1)}x, verify ${(rate(ed25519, 2) / rate(ed25519, 3)).toFixed(1)}x`)
console.log('ops/s and µs/op: median over timed batches of ~10 ms (add: one batch per fresh view; tweetnacl and digest: one op per batch).')
console.log('±: half the interquartile range of the batch rates. mean ops/s: all timed ops over all timed seconds (hurt by interference).')
console.log(`load average at the end: ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
console.log(`total ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s (sink ${sink > 0 ? 'ok' : 'empty'})`)

/** Fresh 10,000-record views (built off the clock), each taking ADDS_PER_BATCH further records on the clock. */
function measureAdds (config: ViewConfig, read: boolean): ReturnType<typeof measureBatches> {
  return measureBatches(v => {
    for (let k = 0; k < ADDS_PER_BATCH; k++) {
      if (v.add(extension[k] as VerifiedRecord).status !== 'added') throw new Error('extension record was a duplicate')
      const id = touched[k]
      if (read && id !== undefined) sink += (v.score(id) ?? 0) + v.status(id).length
    }
    return ADDS_PER_BATCH
  }, () => buildView(config), { warmupMs: 100, minMs: 1000, maxWallMs: 2500 })
}

/**
 * A digest right after a record arrives, as a peer computes it to compare views: the add
 * invalidates the digest cache (and, for the weighted median, every cached score).
 */
function measureDigest (config: ViewConfig): ReturnType<typeof measureBatches> {
  const v = buildView(config)
  let next = 0
  return measureBatches(() => {
    const record = extension[next++]
    if (record === undefined) throw new Error('ran out of extension records for the digest measure')
    v.add(record)
    sink += v.digest().length
    return 1
  }, () => undefined, { warmupMs: 300, minMs: 1000 })
}

function buildView (config: ViewConfig): ArchiveView {
  const v = new ArchiveView(config)
  for (const s of base) v.add(s)
  return v
}

function printPreamble (): void {
  const kinds = new Map<string, { count: number, bytes: number }>()
  for (const s of base) {
    const k = kinds.get(s.record.kind) ?? { count: 0, bytes: 0 }
    k.count++
    k.bytes += s.body.length
    kinds.set(s.record.kind, k)
  }
  const mix = [...kinds].map(([kind, k]) => `${formatCount(k.count)} ${kind}s (${Math.round(k.bytes / k.count)} B)`).join(', ')
  const v = buildView(median)
  const statuses = CANDIDATE_STATUSES.map(s => [s, v.candidates({ status: s }).length] as const).filter(([, c]) => c > 0)
  console.log(`protocol benchmark: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
  console.log(`records: ${mix}; ${history.peers.length} peers; built and signed in ${setupSeconds.toFixed(1)} s`)
  console.log(`view (median, quorum 3): ${statuses.map(([s, c]) => `${c} ${s}`).join(', ')}; ${v.evaluators().length} evaluators`)
  console.log(`add: ${ADDS_PER_BATCH} records (${extension.slice(0, ADDS_PER_BATCH).filter(s => s.record.kind === 'evaluation').length} evaluations) into each fresh ${formatCount(VIEW_RECORDS)}-record view\n`)
}

/** node:crypto and tweetnacl must agree byte for byte (RFC 8032 signatures are deterministic). */
function checkSameSignatures (): void {
  for (let i = 0; i < 50; i++) {
    const ours = at(signers, i).sign(at(messages, i))
    const theirs = nacl.sign.detached(at(messages, i), at(authorOf, i).keys.secretKey)
    if (!equalBytes(ours, theirs)) throw new Error(`node:crypto and tweetnacl signatures differ for record ${i}`)
  }
}

function expectOk<T> (result: { ok: true, value: T } | { ok: false, error: { field: string, reason: string } }): T {
  if (!result.ok) throw new Error(`benchmark input rejected: ${result.error.field}: ${result.error.reason}`)
  return result.value
}

function expect (condition: boolean): void {
  if (!condition) throw new Error('benchmark check failed')
}

function missing (what: string): never {
  throw new Error(`missing ${what}`)
}
