import { EncodeError, PROTOCOL_VERSION, scoreOf, toHex, type EvaluationRecord, type ProtocolRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { Rng, type Attack, type AttackFactory, type RecordBody } from '@promptswarm/node'
import { countParam } from '../attack-params.js'
import { flipEffect, flipFloatBit, type FlipEffect } from '../float-bits.js'
import { numberParam } from '../params.js'
import type { EvaluationBody } from '../rewrite-evaluations.js'

export interface CorruptedScoresStats {
  /** Evaluations a fault hit. */
  faulty: number
  /** Of those, refused by the peer's own encoder (an outcome left [0, 1] or stopped being a number): lost evaluations. */
  refused: number
  /** Of those, signed and published with every value still in [0, 1] but wrong. */
  published: number
  /** Corrupted values by what the flip made of them. */
  values: Record<FlipEffect, number>
}

export interface CorruptedScoresAttack extends Attack {
  readonly stats: CorruptedScoresStats
}

/**
 * A hardware fault, not a liar: on a share `rate` of its evaluations, `flips` random bits of the
 * computed per-item outcomes and baseline outcomes flip between the model run and signing (the
 * score is then taken over the corrupted outcomes, as the engine computes it). A flip usually
 * turns 1 into a number above 1, -1 or Infinity, or 0 into a tiny subnormal or 2. The protocol's
 * encoder refuses any value outside [0, 1]: the peer cannot sign the record and the evaluation is
 * lost (this wrapper then drops it, as a peer that survives the error would). Values that stay in
 * range (1 becoming 0.5 or 2^-k, 0 becoming 5e-324) are signed and published: wrong scores that
 * only re-execution can tell from a lie.
 */
export const corruptedScores = {
  name: 'corrupted-scores',
  summary: 'a faulty evaluator: random bit flips in computed outcomes before signing',
  params: {
    rate: 'share of evaluations hit by a fault, 0 to 1; default 0.5',
    flips: 'bits flipped per faulty evaluation, 1 to 16; default 1'
  },
  create (params): CorruptedScoresAttack {
    const rate = numberParam(params, 'rate', { min: 0, max: 1, fallback: 0.5 })
    const flips = countParam(params, 'flips', { min: 1, max: 16, fallback: 1 })
    const stats: CorruptedScoresStats = { faulty: 0, refused: 0, published: 0, values: { 'in-range': 0, 'out-of-range': 0, 'not-finite': 0 } }
    return {
      name: 'corrupted-scores',
      stats,
      wrap (index, ledger, _authors, context) {
        const rng = Rng.from('corrupted-scores', context.seed, index)
        return {
          view: ledger.view,
          author: ledger.author,
          publish: async (body) => {
            if (body.kind !== 'evaluation' || rng.next() >= rate) return await ledger.publish(body)
            stats.faulty++
            const corrupted = corrupt(body, flips, rng, stats)
            try {
              const published = await ledger.publish<EvaluationRecord>(corrupted)
              stats.published++
              return published as never
            } catch (err) {
              if (!(err instanceof EncodeError)) throw err
              stats.refused++
              return unpublished(corrupted, ledger.author) as never
            }
          }
        }
      }
    }
  }
} satisfies AttackFactory

function corrupt (body: EvaluationBody, flips: number, rng: Rng, stats: CorruptedScoresStats): EvaluationBody {
  const outcomes = [...body.outcomes]
  const baseline = [...body.baseline]
  const hit = new Set<number>()
  for (let f = 0; f < flips; f++) {
    // One draw over every bit of every value: outcomes first, then the baseline.
    const slot = rng.int(outcomes.length + baseline.length)
    const bit = rng.int(64)
    const list = slot < outcomes.length ? outcomes : baseline
    const i = slot < outcomes.length ? slot : slot - outcomes.length
    list[i] = flipFloatBit(list[i] as number, bit)
    hit.add(slot)
  }
  for (const slot of hit) {
    const value = slot < outcomes.length ? outcomes[slot] : baseline[slot - outcomes.length]
    stats.values[flipEffect(value as number)]++
  }
  return { ...body, outcomes, baseline, score: scoreOf(outcomes) }
}

/**
 * What `publish` resolves to when the encoder refused the record: the record as it would have
 * been, never signed, stored or sent (no id, no signature). The swarm's worker ignores what an
 * evaluation's publish returns, so the evaluation is simply missing from every view.
 */
function unpublished (body: RecordBody<EvaluationRecord>, author: Uint8Array): VerifiedRecord<EvaluationRecord> {
  const record = { version: PROTOCOL_VERSION, ...body, author, seq: 0, time: 0 } as ProtocolRecord
  return { record, body: new Uint8Array(0), signature: new Uint8Array(64), id: new Uint8Array(32), idHex: '', authorHex: toHex(author) } as unknown as VerifiedRecord<EvaluationRecord>
}
