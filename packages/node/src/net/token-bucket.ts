/**
 * A token bucket: `ratePerSecond` tokens accrue continuously up to `burst`. Pure apart from the
 * injectable clock, so the rate rule is testable without timers.
 */
export class TokenBucket {
  private tokens: number
  private at: number

  constructor (
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now()
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError(`token bucket needs rate > 0 and burst >= 1, got ${ratePerSecond}/${burst}`)
    this.tokens = burst
    this.at = now()
  }

  private refill (): void {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + (now - this.at) * this.ratePerSecond / 1000)
    this.at = now
  }

  /** Takes one token if available. */
  tryTake (): boolean {
    this.refill()
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Milliseconds until a token is available (0 if one is). */
  waitMs (): number {
    this.refill()
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * 1000 / this.ratePerSecond)
  }
}
