/**
 * Network benchmark (issue 3): signed records per second delivered to every peer, and time to
 * agreement, for 8, 16, 32 and 64 in-process peers on real TCP, next to raw gossipsub carrying the
 * same record bytes without validation, storage or archive view.
 *
 * - stack: `Peer`s (batching and flow control, validation opening and verifying every record at
 *   every peer, the archive view, level storage, sync). All peers publish their share at once.
 * - raw, batched: the same records, batched by the same batcher with the same flow control,
 *   over plain gossipsub (no validator). The cost of the transport alone.
 * - raw, one per message: every record its own gossipsub message (what one gets without
 *   batching), flow-controlled by the load gate only.
 *
 * All peers of one run share one Node thread, so throughput is roughly 1 / (peers x per-record
 * cost at one peer). Run with `npm run bench -w packages/node` after `npx tsc -b`.
 */
import '@promptswarm/node/polyfill'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { openRecord } from '@promptswarm/protocol'
import { processLoad, Swarm, waitForAgreement, waitUntil, type InProcessMember, type MeshDegree } from '@promptswarm/node'
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
}

/** Samples the process's event-loop lag while `run` runs. */
async function withLag<T> (run: () => Promise<T>): Promise<{ value: T, maxLagMs: number }> {
  processLoad.acquire()
  let maxLagMs = 0
  const timer = setInterval(() => { maxLagMs = Math.max(maxLagMs, processLoad.lag) }, 20)
  try {
    return { value: await run(), maxLagMs }
  } finally {
    clearInterval(timer)
    processLoad.release()
  }
}

/** Microseconds one core needs to open (decode, validate, verify) one bench record. */
function openCost (): number {
  const wires = signedWires(SWARM, [2000], CHARS)[0] ?? []
  for (const w of wires.slice(0, 200)) openRecord(w, SWARM)
  const t = now()
  for (const w of wires) openRecord(w, SWARM)
  return (now() - t) * 1000 / wires.length
}

const now = (): number => performance.now()

async function runStack (n: number, total: number): Promise<Result> {
  const links = topology(n, DEGREE, n)
  const swarm = await Swarm.launch({ size: 1, swarm: SWARM, seed: n, peer: { mesh: MESH } })
  try {
    for (let i = 1; i < n; i++) await swarm.add(links[i])
    const peers = swarm.members.map(m => (m as InProcessMember).peer)
    await waitUntil(() => peers.every(p => p.status().meshPeers >= 1), { timeoutMs: 60_000 })
    const ready = await swarm.waitForAgreement({ timeoutMs: 60_000, minRecords: n })
    if (!ready.agreed) throw new Error(`stack ${n}: hellos did not agree: ${JSON.stringify(ready.records)}`)
    const base = peers.map(p => p.view.size)
    const connectionsBefore = peers.reduce((s, p) => s + p.status().connections, 0)
    const counts = split(total, n)
    const t0 = now()
    const { value: complete, maxLagMs } = await withLag(async () => {
      // Every peer publishes its share at once: the batcher and flow control decide what goes when.
      await Promise.all(peers.map(async (p, i) => await Promise.all(Array.from({ length: counts[i] ?? 0 }, async (_, k) => await p.publish(candidateInit(i, k, CHARS))))))
      return await waitUntil(() => peers.every((p, i) => p.view.size >= (base[i] ?? 0) + total), { timeoutMs: TIMEOUT_MS, intervalMs: 10 })
    })
    const seconds = (now() - t0) / 1000
    const agreed = await waitForAgreement(swarm.members, { timeoutMs: 30_000, intervalMs: 50 })
    const agreementSeconds = (now() - t0) / 1000
    const connectionsAfter = peers.reduce((s, p) => s + p.status().connections, 0)
    return { records: total, seconds, perSecond: total / seconds, ...(agreed.agreed ? { agreementSeconds } : {}), connectionsBefore, connectionsAfter, complete, maxLagMs }
  } finally {
    await swarm.stop()
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
    const t0 = now()
    const { value: complete, maxLagMs } = await withLag(async () => {
      const publishing = raw.publish(wires, perMessage ? { maxBatchRecords: 1, messagesPerSecond: 1000, burst: 100 } : {})
      const done = await waitUntil(() => raw.received.every((r, i) => r >= total - (counts[i] ?? 0)), { timeoutMs: TIMEOUT_MS, intervalMs: 10 })
      await publishing
      return done
    })
    const seconds = (now() - t0) / 1000
    return { records: total, seconds, perSecond: total / seconds, connectionsBefore, connectionsAfter: raw.connections(), complete, maxLagMs }
  } finally {
    await raw.stop()
  }
}

function fmt (x: number | undefined, digits = 0): string {
  return x === undefined ? 'n/a' : x.toFixed(digits)
}

async function main (): Promise<void> {
  console.log(`# network bench: ${new Date().toISOString()}, node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, load ${loadavg().map(l => l.toFixed(2)).join(' ')}`)
  console.log(`# records: candidate prompts of ${CHARS} chars (~${CHARS + 140} bytes signed); graph: ring + ${DEGREE - 1} random chords; mesh D=${MESH.D}`)
  const open = openCost()
  console.log(`# one core opens (decodes, validates, verifies) a bench record in ${open.toFixed(0)} µs`)
  const rows: string[] = []
  rows.push('| peers | records | stack rec/s | stack agreement (s) | raw batched rec/s | raw 1/msg rec/s | raw batched ÷ stack | stack ÷ raw 1/msg | stack µs per record per peer | max lag stack / batched / 1/msg (ms) | connections kept |')
  rows.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|')
  for (const n of SIZES) {
    const total = RECORDS[n] ?? 1000
    const stack = await runStack(n, total)
    console.log(`stack n=${n}: ${JSON.stringify(stack)}`)
    const batched = await runRaw(n, total, false)
    console.log(`raw batched n=${n}: ${JSON.stringify(batched)}`)
    const single = await runRaw(n, total, true)
    console.log(`raw per-message n=${n}: ${JSON.stringify(single)}`)
    const kept = [stack, batched, single].every(r => r.connectionsAfter >= r.connectionsBefore - 1) ? 'all' : `${stack.connectionsAfter}/${stack.connectionsBefore}, ${batched.connectionsAfter}/${batched.connectionsBefore}, ${single.connectionsAfter}/${single.connectionsBefore}`
    const incomplete = [stack, batched, single].some(r => !r.complete) ? ' INCOMPLETE' : ''
    rows.push(`| ${n} | ${total} | ${fmt(stack.perSecond)} | ${fmt(stack.agreementSeconds, 2)} | ${fmt(batched.perSecond)} | ${fmt(single.perSecond)} | ${fmt(batched.perSecond / stack.perSecond, 2)}x | ${fmt(stack.perSecond / single.perSecond, 2)}x | ${fmt(1e6 / (stack.perSecond * n))} | ${fmt(stack.maxLagMs)} / ${fmt(batched.maxLagMs)} / ${fmt(single.maxLagMs)} | ${kept}${incomplete} |`)
  }
  console.log('')
  console.log(rows.join('\n'))
}

main().then(() => process.exit(0), err => { console.error(err); process.exit(1) })
