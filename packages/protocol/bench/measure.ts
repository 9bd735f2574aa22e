/**
 * A small timing harness. Work runs in batches of a few milliseconds; each batch is timed with
 * `process.hrtime.bigint()`, so the clock's own cost is amortised over many operations. A warm-up
 * phase lets V8 optimise the code (and sizes the batches) before anything is recorded.
 */
export interface Measurement {
  readonly ops: number
  readonly seconds: number
  /**
   * The median of the per-batch rates. On a machine shared with other work, interference only
   * ever slows a batch down, and the median ignores the batches it hit hardest.
   */
  readonly opsPerSecond: number
  readonly microsPerOp: number
  /** Half the interquartile range of the per-batch rates, relative to the median, in percent. */
  readonly spreadPercent: number
  /** Total operations over total timed seconds, interference included. */
  readonly meanOpsPerSecond: number
  readonly batches: number
}

export interface MeasureOptions {
  /** Untimed warm-up before recording. */
  readonly warmupMs?: number
  /** Timed work to accumulate (setup between batches is not counted). */
  readonly minMs?: number
  /** Stop after this much wall time even if `minMs` is not reached (setup-heavy measures). */
  readonly maxWallMs?: number
}

/**
 * Times `run` (which does some operations and returns how many) until `minMs` of timed work has
 * accumulated. `setup`, if given, prepares fresh state before every batch, outside the clock.
 */
export function measureBatches<S> (run: (state: S) => number, setup: () => S, options: MeasureOptions = {}): Measurement {
  const warmupMs = options.warmupMs ?? 200
  const minNs = BigInt(Math.round((options.minMs ?? 1000) * 1e6))
  const maxWallNs = BigInt(Math.round((options.maxWallMs ?? 30_000) * 1e6))

  const warmupEnd = process.hrtime.bigint() + BigInt(warmupMs * 1e6)
  do { run(setup()) } while (process.hrtime.bigint() < warmupEnd)

  const rates: number[] = []
  let ops = 0
  let timed = 0n
  const wallStart = process.hrtime.bigint()
  while (timed < minNs && process.hrtime.bigint() - wallStart < maxWallNs) {
    const state = setup()
    const start = process.hrtime.bigint()
    const n = run(state)
    const ns = process.hrtime.bigint() - start
    ops += n
    timed += ns
    rates.push(n / Number(ns))
  }
  const seconds = Number(timed) / 1e9
  const sorted = rates.sort((a, b) => a - b)
  const median = quantile(sorted, 0.5) * 1e9
  return {
    ops,
    seconds,
    opsPerSecond: median,
    microsPerOp: 1e6 / median,
    spreadPercent: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) * 1e9 / 2 / median * 100,
    meanOpsPerSecond: ops / seconds,
    batches: rates.length
  }
}

/**
 * Times `op(i)` for i = 0, 1, 2, ... (the caller cycles through its inputs with `i`). Batch size
 * is chosen from the warm-up so that one batch takes about `batchMs`.
 */
export function measureOps (op: (i: number) => void, options: MeasureOptions & { readonly batchMs?: number } = {}): Measurement {
  const batchMs = options.batchMs ?? 10
  let i = 0
  // Calibrate: double the batch until it takes a measurable time, then scale to batchMs.
  let size = 1
  for (;;) {
    const start = process.hrtime.bigint()
    for (let k = 0; k < size; k++) op(i++)
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (ms >= 2 || size >= 1 << 24) {
      size = Math.max(1, Math.round(size * batchMs / ms))
      break
    }
    size *= 2
  }
  const batch = (): number => {
    for (let k = 0; k < size; k++) op(i++)
    return size
  }
  return measureBatches(batch, () => undefined, options)
}

/** Linear interpolation between the closest ranks of an ascending list. */
function quantile (sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const a = sorted[lo] as number
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number
  return a + (b - a) * (pos - lo)
}
