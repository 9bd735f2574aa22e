/**
 * What a burst costs besides wall time, for the network bench's A/B runs: V8's garbage collections
 * on the main thread (always), CPU per OS thread (`BENCH_THREADS=1`, Linux) and a sampling heap
 * profile that counts collected objects too (`BENCH_HEAP=<file prefix>`), i.e. what the burst
 * allocated, not only what survived it (with `BENCH_HEAP_LIVE=1`: only what survived it).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'

export interface GcSummary {
  /** Scavenges (young generation) and their main-thread pause (ms). */
  readonly minor: number
  readonly minorMs: number
  /** Mark-compacts and incremental marking steps, and their main-thread pause (ms). */
  readonly major: number
  readonly majorMs: number
}

export interface BurstCosts {
  readonly gc: GcSummary
  /** CPU seconds per thread that used at least 10 ms, the main thread first ("main", then tids). */
  readonly threads?: Record<string, number>
  /** Bytes the sampling heap profiler attributed to the burst (collected objects included). */
  readonly sampledAllocationMB?: number
}

/** CPU seconds of every thread of this process (Linux; empty elsewhere), by thread id. */
function threadCpu (): Map<string, number> {
  const out = new Map<string, number>()
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        out.set(tid, (Number(fields[11]) + Number(fields[12])) / 100)
      } catch { /* the thread ended meanwhile */ }
    }
  } catch { /* not Linux */ }
  return out
}

// node:perf_hooks gc kinds: 1 minor (scavenge), 2 major, 4 incremental, 8 weak callbacks.
const MINOR = 1

interface HeapNode { readonly selfSize?: number, readonly children?: readonly HeapNode[] }

function sampledBytes (node: HeapNode): number {
  let sum = node.selfSize ?? 0
  for (const child of node.children ?? []) sum += sampledBytes(child)
  return sum
}

/** Starts measuring; `stop()` returns the costs since. */
export async function probeBurst (label: string): Promise<{ stop: () => Promise<BurstCosts> }> {
  const entries: PerformanceEntry[] = []
  const observer = new PerformanceObserver(list => { entries.push(...list.getEntries()) })
  observer.observe({ entryTypes: ['gc'] })
  const threads = process.env.BENCH_THREADS !== undefined ? threadCpu() : undefined
  const heapFile = process.env.BENCH_HEAP
  let session: Session | undefined
  // BENCH_HEAP_LIVE=1: only what is still alive when the burst ends (what it retained).
  const live = process.env.BENCH_HEAP_LIVE !== undefined
  if (heapFile !== undefined) {
    session = new Session()
    session.connect()
    await session.post('HeapProfiler.startSampling', { samplingInterval: 32768, includeObjectsCollectedByMajorGC: !live, includeObjectsCollectedByMinorGC: !live } as never)
  }
  return {
    stop: async () => {
      let sampledAllocationMB: number | undefined
      if (session !== undefined) {
        const { profile } = await session.post('HeapProfiler.stopSampling') as unknown as { profile: { head: HeapNode } }
        session.disconnect()
        writeFileSync(`${heapFile}-${label}.heapprofile`, JSON.stringify(profile))
        sampledAllocationMB = sampledBytes(profile.head) / 1e6
      }
      // Entries of the last collections are delivered asynchronously.
      await new Promise(resolve => setImmediate(resolve))
      observer.disconnect()
      let minor = 0; let minorMs = 0; let major = 0; let majorMs = 0
      for (const e of entries) {
        const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind
        if (kind === MINOR) { minor++; minorMs += e.duration } else { major++; majorMs += e.duration }
      }
      const gc = { minor, minorMs: Math.round(minorMs), major, majorMs: Math.round(majorMs) }
      let perThread: Record<string, number> | undefined
      if (threads !== undefined) {
        perThread = {}
        const after = [...threadCpu()].map(([tid, cpu]) => [tid, cpu - (threads.get(tid) ?? 0)] as const)
        after.sort((a, b) => (a[0] === String(process.pid) ? -1 : b[0] === String(process.pid) ? 1 : b[1] - a[1]))
        for (const [tid, cpu] of after) if (cpu >= 0.01) perThread[tid === String(process.pid) ? 'main' : tid] = Number(cpu.toFixed(2))
      }
      return { gc, ...(perThread !== undefined ? { threads: perThread } : {}), ...(sampledAllocationMB !== undefined ? { sampledAllocationMB: Number(sampledAllocationMB.toFixed(1)) } : {}) }
    }
  }
}
