/**
 * Event-loop lag of this process, sampled by a timer that measures its own lateness. gossipsub's
 * `publish()` has no backpressure: when a process is saturated, messages queue up as CPU work, and
 * once that work exceeds a few seconds libp2p's pings time out and connections drop. Publishers ask
 * the gauge before flushing and hold (while their batches grow) when the loop is behind.
 *
 * One gauge per process: every in-process peer shares the thread, so they share the signal.
 */
const SAMPLE_MS = 20
/** Samples kept for `recentPeak` (about a second). */
const RECENT_SAMPLES = 50

export class LoadGauge {
  private timer: NodeJS.Timeout | undefined
  private expected = 0
  private users = 0
  /** Smoothed lag in ms. */
  private lagMs = 0
  /** The smoothed lag of the last `RECENT_SAMPLES` samples, as a ring. */
  private readonly recent = new Float64Array(RECENT_SAMPLES)
  private next = 0

  /** Current smoothed event-loop lag in milliseconds. */
  get lag (): number {
    return this.lagMs
  }

  /**
   * The largest smoothed lag of about the last second (ms). A saturated loop's lag dips between
   * bursts of work: a decision to start optional work (a periodic sync round) should not be made
   * in such a dip.
   */
  get recentPeak (): number {
    let peak = this.lagMs
    for (let i = 0; i < RECENT_SAMPLES; i++) peak = Math.max(peak, this.recent[i] as number)
    return peak
  }

  acquire (): void {
    if (this.users++ > 0) return
    this.expected = performance.now() + SAMPLE_MS
    this.timer = setInterval(() => {
      const now = performance.now()
      const late = Math.max(0, now - this.expected)
      this.expected = now + SAMPLE_MS
      // Rise fast, fall slowly: one long stall matters more than a quiet sample.
      this.lagMs = late > this.lagMs ? late : this.lagMs * 0.8 + late * 0.2
      this.recent[this.next] = this.lagMs
      this.next = (this.next + 1) % RECENT_SAMPLES
    }, SAMPLE_MS)
    this.timer.unref()
  }

  release (): void {
    if (this.users === 0) return
    if (--this.users === 0 && this.timer !== undefined) {
      clearInterval(this.timer)
      this.timer = undefined
      this.lagMs = 0
      this.recent.fill(0)
    }
  }
}

export const processLoad = new LoadGauge()
