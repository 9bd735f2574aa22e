/**
 * The sfc32 generator's state machine (128 bits of state; a counter guarantees a long period).
 * Every seeded stream in the project (evolution, the simulator, the task generators) runs on it;
 * each seeds it in its own way, which fixes its streams, so seeding stays with the callers.
 * Quality is ample for simulation; it is not for cryptography.
 */
export class Sfc32 {
  private a: number
  private b: number
  private c: number
  private d: number

  /** Starts from four 32-bit words and discards the first 12 outputs, as sfc32 prescribes. */
  constructor (a: number, b: number, c: number, d: number, warmUp = 12) {
    this.a = a | 0
    this.b = b | 0
    this.c = c | 0
    this.d = d | 0
    for (let i = 0; i < warmUp; i++) this.nextUint32()
  }

  nextUint32 (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** The four state words, unsigned. */
  state (): number[] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0]
  }
}
