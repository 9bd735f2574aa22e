/**
 * Network benchmark (issue 3): signed records per second delivered to every peer, and time to
 * agreement, for 8, 16, 32 and 64 in-process peers on real TCP, next to raw gossipsub carrying the
 * same record bytes without validation, storage or archive view.
 *
 * - stack: `Peer`s (batching and flow control, validation opening every record at every peer, the
 *   archive view, level storage, sync; signatures made and checked on the process's signature
 *   worker thread when the machine has two cores). All peers publish their share at once. Run
 *   twice: with the process-wide verification cache (each record is opened, i.e. copied, decoded,
 *   hashed and verified, once per PROCESS, so once for the whole in-process swarm, and the other
 *   peers get the opened record from the cache), and with it disabled (each record opened once
 *   per PEER, the CPU each peer pays when peers run on separate machines).
 * - raw, batched: the same records, batched by the same batcher with the same flow control,
 *   over plain gossipsub (no validator). The cost of the transport alone.
 * - raw, one per message: every record its own gossipsub message (what one gets without
 *   batching), flow-controlled by the load gate only.
 *
 * All peers of one run share one Node thread, so throughput is roughly 1 / (peers x per-record
 * cost at one peer). Run with `npm run bench -w packages/node` after `npx tsc -b`.
 */
import '@promptswarm/node/polyfill'
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { DEFAULT_VERIFICATION_CACHE_SIZE, openRecord, setVerificationCacheSize, verificationCacheStats } from '@promptswarm/protocol'
import { processLoad, signaturePool, Swarm, waitForAgreement, waitUntil, type InProcessMember, type MeshDegree } from '@promptswarm/node'
import { probeBurst, type BurstCosts } from './burst-probe.js'
import { RawSwarm } from './raw-swarm.js'
import { topology } from './topology.js'
import { candidateInit, signedWires, split } from './workload.js'

const SWARM = 'bench-network'
const SIZES = (process.env.BENCH_SIZES ?? '8,16,32,64').split(',').map(Number)
const RECORDS: Record<number, number> = { 8: 4000, 16: 4000, 32: 2000, 64: 1000 }
const CHARS = 600
const DEGREE = 3
const MESH: MeshDegree = { D: 6, Dlo: 4, Dhi: 10, Dout: 2 }
const TIMEOUT_MS = 180_000
/** Which runs to make (all by default): stack, stack-uncached, raw, raw-1msg. */
const RUNS = new Set((process.env.BENCH_RUNS ?? 'stack,stack-uncached,raw,raw-1msg').split(','))
// The stack's signature worker: BENCH_VERIFY_THREADS=0 verifies on the main thread (A/B runs).
if (process.env.BENCH_VERIFY_THREADS !== undefined) signaturePool.configure({ threads: Number(process.env.BENCH_VERIFY_THREADS) })
if (process.env.BENCH_VERIFY_BACKLOG_MS !== undefined) signaturePool.configure({ maxBacklogMs: Number(process.env.BENCH_VERIFY_BACKLOG_MS) })
/** Extra peer options for the stack runs, as JSON (A/B runs: e.g. '{"regossipWindowMs":0}'). */
const PEER_OPTIONS = JSON.parse(process.env.BENCH_PEER ?? '{}') as Record<string, unknown>

interface Result {
  readonly records: number
  readonly seconds: number
  readonly perSecond: number
  readonly agreementSeconds?: number
  readonly connectionsBefore: number
  readonly connectionsAfter: number
  readonly complete: boolean
  /** Largest event-loop lag seen during the run (ms): how far behind the shared thread fell. */
  readonly maxLagMs: number
  /**
   * CPU seconds the whole process used during the run (all threads: LevelDB's too). Less
   * sensitive than wall time to other work on a shared machine.
   */
  readonly cpuSeconds: number
  /** CPU seconds of the main thread alone during the run (Linux; NaN elsewhere). */
  readonly mainCpuSeconds: number
  /**
   * Signature verifications run / answered by the cache during the run, and of those run, how
   * many on the worker thread / on the main thread (stack only).
   */
  readonly verifications?: { readonly run: number, readonly cached: number, readonly worker: number, readonly inline: number }
  /** Main-thread garbage collections, and with BENCH_THREADS / BENCH_HEAP per-thread CPU and sampled allocation. */
  readonly costs?: BurstCosts
}

/**
 * CPU seconds the main thread has used (Linux: /proc/self/task/<pid>/stat, 10 ms resolution), or
 * NaN elsewhere. The stack's throughput is bounded by its main thread: this separates that thread
 * from the signature worker's and LevelDB's, which `process.cpuUsage` adds in.
 */
function mainThreadCpuSeconds (): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

/** Samples the process's event-loop lag, and measures its CPU time, while `run` runs. */
async function withLag<T> (label: string, run: () => Promise<T>): Promise<{ value: T, maxLagMs: number, cpuSeconds: number, mainCpuSeconds: number, costs: BurstCosts }> {
  processLoad.acquire()
  const probe = await probeBurst(label)
  let maxLagMs = 0
  const timer = setInterval(() => { maxLagMs = Math.max(maxLagMs, processLoad.lag) }, 20)
  const cpu = process.cpuUsage()
  const main = mainThreadCpuSeconds()
  try {
    const value = await run()
    const used = process.cpuUsage(cpu)
    const mainCpuSeconds = mainThreadCpuSeconds() - main
    return { value, maxLagMs, cpuSeconds: (used.user + used.system) / 1e6, mainCpuSeconds, costs: await probe.stop() }
  } finally {
    clearInterval(timer)
    processLoad.release()
  }
}

/**
 * Microseconds one core needs to open (decode, validate, verify) one bench record, verifying
 * (cache off) or answering the signature from the cache (every record opened once before).
 */
function openCost (cached: boolean): number {
  const wires = signedWires(SWARM, [2000], CHARS)[0] ?? []
  setVerificationCacheSize(cached ? DEFAULT_VERIFICATION_CACHE_SIZE : 0)
  for (const w of cached ? wires : wires.slice(0, 200)) openRecord(w, SWARM)
  const t = now()
  for (const w of wires) openRecord(w, SWARM)
  const micros = (now() - t) * 1000 / wires.length
  setVerificationCacheSize(0)
  setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
  return micros
}

const now = (): number => performance.now()

async function runStack (n: number, total: number, sigCache: boolean): Promise<Result> {
  // Start empty either way, so the first opening of each record at some peer is a real verification.
  setVerificationCacheSize(0)
  setVerificationCacheSize(sigCache ? DEFAULT_VERIFICATION_CACHE_SIZE : 0)
  const links = topology(n, DEGREE, n)
  const swarm = await Swarm.launch({ size: 1, swarm: SWARM, seed: n, peer: { mesh: MESH, ...PEER_OPTIONS } })
  try {
    for (let i = 1; i < n; i++) await swarm.add(links[i])
    const peers = swarm.members.map(m => (m as InProcessMember).peer)
    await waitUntil(() => peers.every(p => p.status().meshPeers >= 1), { timeoutMs: 60_000 })
    const ready = await swarm.waitForAgreement({ timeoutMs: 60_000, minRecords: n })
    if (!ready.agreed) throw new Error(`stack ${n}: hellos did not agree: ${JSON.stringify(ready.records)}`)
    const base = peers.map(p => p.view.size)
    const connectionsBefore = peers.reduce((s, p) => s + p.status().connections, 0)
    const counts = split(total, n)
    const stats0 = verificationCacheStats()
    const pool0 = { ...signaturePool.stats }
    const mark0 = process.hrtime.bigint() / 1000n
    const t0 = now()
    const { value: complete, maxLagMs, cpuSeconds, mainCpuSeconds, costs } = await withLag(`stack${sigCache ? '' : '-uncached'}-${n}`, async () => {
      // Every peer publishes its share at once: the batcher and flow control decide what goes when.
      await Promise.all(peers.map(async (p, i) => await Promise.all(Array.from({ length: counts[i] ?? 0 }, async (_, k) => await p.publish(candidateInit(i, k, CHARS))))))
      return await waitUntil(() => peers.every((p, i) => p.view.size >= (base[i] ?? 0) + total), { timeoutMs: TIMEOUT_MS, intervalMs: 10 })
    })
    const seconds = (now() - t0) / 1000
    // For --cpu-prof: the burst's window on the profile's clock (microseconds, monotonic).
    if (process.env.BENCH_MARK !== undefined) console.log(`# burst window (µs, monotonic): ${mark0} ${process.hrtime.bigint() / 1000n}`)
    const stats1 = verificationCacheStats()
    const verifications = { run: stats1.misses - stats0.misses, cached: stats1.hits - stats0.hits, worker: signaturePool.stats.worker - pool0.worker, inline: signaturePool.stats.inline - pool0.inline }
    const agreed = await waitForAgreement(swarm.members, { timeoutMs: 30_000, intervalMs: 50 })
    const agreementSeconds = (now() - t0) / 1000
    const connectionsAfter = peers.reduce((s, p) => s + p.status().connections, 0)
    return { records: total, seconds, perSecond: total / seconds, ...(agreed.agreed ? { agreementSeconds } : {}), connectionsBefore, connectionsAfter, complete, maxLagMs, cpuSeconds, mainCpuSeconds, verifications, costs }
  } finally {
    await swarm.stop()
    setVerificationCacheSize(DEFAULT_VERIFICATION_CACHE_SIZE)
  }
}

async function runRaw (n: number, total: number, perMessage: boolean): Promise<Result> {
  const links = topology(n, DEGREE, n)
  const counts = split(total, n)
  const wires = signedWires(SWARM, counts, CHARS)
  const raw = await RawSwarm.launch(n, links, SWARM, MESH)
  try {
    await waitUntil(() => raw.meshed(), { timeoutMs: 60_000 })
    const connectionsBefore = raw.connections()
    const mark0 = process.hrtime.bigint() / 1000n
    const t0 = now()
    const { value: complete, maxLagMs, cpuSeconds, mainCpuSeconds, costs } = await withLag(`raw${perMessage ? '-1msg' : ''}-${n}`, async () => {
      const publishing = raw.publish(wires, perMessage ? { maxBatchRecords: 1, messagesPerSecond: 1000, burst: 100 } : {})
      const done = await waitUntil(() => raw.received.every((r, i) => r >= total - (counts[i] ?? 0)), { timeoutMs: TIMEOUT_MS, intervalMs: 10 })
      await publishing
      return done
    })
    const seconds = (now() - t0) / 1000
    if (process.env.BENCH_MARK !== undefined) console.log(`# burst window (µs, monotonic): ${mark0} ${process.hrtime.bigint() / 1000n}`)
    return { records: total, seconds, perSecond: total / seconds, connectionsBefore, connectionsAfter: raw.connections(), complete, maxLagMs, cpuSeconds, mainCpuSeconds, costs }
  } finally {
    await raw.stop()
  }
}

function fmt (x: number | undefined, digits = 0): string {
  return x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(digits)
}

const SKIPPED: Result = { records: 0, seconds: Number.NaN, perSecond: Number.NaN, connectionsBefore: 0, connectionsAfter: 0, complete: true, maxLagMs: Number.NaN, cpuSeconds: Number.NaN, mainCpuSeconds: Number.NaN }

async function run (name: string, n: number, go: () => Promise<Result>): Promise<Result> {
  if (!RUNS.has(name)) return SKIPPED
  const result = await go()
  console.log(`${name} n=${n}: ${JSON.stringify(result)}`)
  return result
}

async function main (): Promise<void> {
  console.log(`# network bench: ${new Date().toISOString()}, node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, load ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
  console.log(`# records: candidate prompts of ${CHARS} chars (~${CHARS + 140} bytes signed); graph: ring + ${DEGREE - 1} random chords; mesh D=${MESH.D}`)
  console.log(`# one core opens (decodes, validates, verifies) a bench record in ${openCost(false).toFixed(0)} µs; ${openCost(true).toFixed(1)} µs when the signature is in the cache`)
  console.log('# "stack" opens (decodes, verifies) each record once per process (verification cache shared by the in-process peers);')
  console.log('# "stack, no cache" opens each record at every peer, as peers on separate machines do.')
  console.log(`# signature worker threads: ${signaturePool.settings.threads} (backlog before the main thread helps: ${signaturePool.settings.maxBacklogMs} ms)`)
  const rows: string[] = []
  rows.push('| peers | records | stack rec/s | stack, no cache rec/s | stack agreement (s) | raw batched rec/s | raw 1/msg rec/s | raw batched ÷ stack | raw batched ÷ stack, no cache | stack ÷ raw 1/msg | stack µs per record per peer (cache / no cache) | CPU µs per record per peer: stack / no cache / batched | main-thread CPU µs per record per peer: stack / no cache / batched | max lag stack / no cache / batched / 1/msg (ms) | connections kept |')
  rows.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---|')
  for (const n of SIZES) {
    const total = RECORDS[n] ?? 1000
    const stack = await run('stack', n, async () => await runStack(n, total, true))
    const uncached = await run('stack-uncached', n, async () => await runStack(n, total, false))
    const batched = await run('raw', n, async () => await runRaw(n, total, false))
    const single = await run('raw-1msg', n, async () => await runRaw(n, total, true))
    const all = [stack, uncached, batched, single]
    const kept = all.every(r => r.connectionsAfter >= r.connectionsBefore - 1) ? 'all' : all.map(r => `${r.connectionsAfter}/${r.connectionsBefore}`).join(', ')
    const incomplete = all.some(r => !r.complete) ? ' INCOMPLETE' : ''
    const perPeer = (r: Result): string => fmt(1e6 / (r.perSecond * n))
    const cpuPerPeer = (r: Result): string => fmt(r.cpuSeconds * 1e6 / (r.records * n))
    const mainPerPeer = (r: Result): string => fmt(r.mainCpuSeconds * 1e6 / (r.records * n))
    rows.push(`| ${n} | ${total} | ${fmt(stack.perSecond)} | ${fmt(uncached.perSecond)} | ${fmt(stack.agreementSeconds, 2)} | ${fmt(batched.perSecond)} | ${fmt(single.perSecond)} | ${fmt(batched.perSecond / stack.perSecond, 2)}x | ${fmt(batched.perSecond / uncached.perSecond, 2)}x | ${fmt(stack.perSecond / single.perSecond, 2)}x | ${perPeer(stack)} / ${perPeer(uncached)} | ${cpuPerPeer(stack)} / ${cpuPerPeer(uncached)} / ${cpuPerPeer(batched)} | ${mainPerPeer(stack)} / ${mainPerPeer(uncached)} / ${mainPerPeer(batched)} | ${all.map(r => fmt(r.maxLagMs)).join(' / ')} | ${kept}${incomplete} |`)
  }
  console.log('')
  console.log(rows.join('\n'))
}

main().then(() => process.exit(0), err => { console.error(err); process.exit(1) })
