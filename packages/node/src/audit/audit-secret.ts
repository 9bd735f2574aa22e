import { createHmac, randomBytes } from 'node:crypto'
import { Rng } from '../util/rng.js'
import { AuditConfigError } from './errors.js'

/**
 * The auditor's private randomness. Which evaluations get audited, and which of their items are
 * re-run, is a keyed hash of the record ids under a secret only this peer knows: an evaluator cannot
 * predict it (so cannot lie only where nobody looks), and the same record always gets the same
 * decision (so seeing it twice, from gossip and from sync, does not double the chance of an audit).
 */
export class AuditSecret {
  private readonly key: Buffer

  /** A fresh random secret, or a given one (32 bytes or more) for reproducible experiments. */
  constructor (secret?: Uint8Array) {
    if (secret !== undefined && (!(secret instanceof Uint8Array) || secret.length < 32)) {
      throw new AuditConfigError('secret', 'an audit secret needs at least 32 bytes')
    }
    this.key = Buffer.from(secret ?? randomBytes(32))
  }

  /** Uniform in [0, 1), a function of the secret and the parts. */
  unit (...parts: string[]): number {
    const mac = this.mac(parts)
    // 53 random bits: a double's full precision.
    return (mac.readUInt32BE(0) * 2 ** 21 + (mac.readUInt32BE(4) >>> 11)) / 2 ** 53
  }

  /** `k` distinct positions out of `n`, increasing, a function of the secret and the parts. */
  sample (n: number, k: number, ...parts: string[]): number[] {
    const all = Array.from({ length: n }, (_, i) => i)
    if (k >= n) return all
    const rng = Rng.from(this.mac(parts).toString('hex'))
    return rng.shuffle(all).slice(0, k).sort((a, b) => a - b)
  }

  private mac (parts: readonly string[]): Buffer {
    return createHmac('sha256', this.key).update(parts.join('\u0000')).digest()
  }
}
