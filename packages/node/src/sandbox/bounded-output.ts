/**
 * Collects a stream's bytes up to a limit and silently drops the rest, while the stream keeps
 * being drained: a child blocked on a full pipe would only hang until the wall-clock kill.
 */
export class BoundedOutput {
  private readonly chunks: Buffer[] = []
  private size = 0
  truncated = false

  constructor (readonly limit: number) {}

  push (chunk: Buffer): void {
    const room = this.limit - this.size
    if (room <= 0) {
      if (chunk.length > 0) this.truncated = true
      return
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk
    if (kept.length < chunk.length) this.truncated = true
    this.chunks.push(kept)
    this.size += kept.length
  }

  text (): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
