/**
 * Event-loop lag of this process, sampled by a timer that measures its own lateness. gossipsub's
 * `publish()` has no backpressure: when a process is saturated, messages queue up as CPU work, and
 * once that work exceeds a few seconds libp2p's pings time out and connections drop. Publishers ask
 * the gauge before flushing and hold (while their batches grow) when the loop is behind.
 *
 * One gauge per process: every in-process peer shares the thread, so they share the signal.
 */
const SAMPLE_MS = 20

export class LoadGauge {
  private timer: NodeJS.Timeout | undefined
  private expected = 0
  private users = 0
  /** Smoothed lag in ms. */
  private lagMs = 0

  /** Current smoothed event-loop lag in milliseconds. */
  get lag (): number {
    return this.lagMs
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
    }, SAMPLE_MS)
    this.timer.unref()
  }

  release (): void {
    if (this.users === 0) return
    if (--this.users === 0 && this.timer !== undefined) {
      clearInterval(this.timer)
      this.timer = undefined
      this.lagMs = 0
    }
  }
}

export const processLoad = new LoadGauge()
