import { encodeSigned, type AccusationRecord, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import type { RecordBody } from '../evolution/ledger.js'

/**
 * The body of an `evaluation-mismatch` accusation, ready to publish: the accused's signed
 * evaluation as wire bytes, the re-run positions and what re-running them gave. `expectedBaseline`
 * is given exactly when the evaluation carries a baseline. Throws `RangeError` on inputs that
 * would make a record `openRecord` rejects (a local programming error, never network input).
 */
export function mismatchAccusation (
  evaluation: VerifiedRecord<EvaluationRecord>,
  indices: readonly number[],
  expected: readonly number[],
  expectedBaseline: readonly number[]
): RecordBody<AccusationRecord> {
  const r = evaluation.record
  if (indices.length === 0) throw new RangeError('an accusation names at least one item')
  indices.forEach((index, i) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= r.items.length) throw new RangeError(`indices[${i}] = ${index} is not an item position`)
    if (i > 0 && index <= (indices[i - 1] as number)) throw new RangeError('indices must be strictly increasing')
  })
  if (expected.length !== indices.length) throw new RangeError(`expected ${indices.length} outcomes, got ${expected.length}`)
  const hasBaseline = r.baseline.length > 0
  if (expectedBaseline.length !== (hasBaseline ? indices.length : 0)) {
    throw new RangeError(hasBaseline ? `expected ${indices.length} baseline outcomes, got ${expectedBaseline.length}` : 'the evaluation has no baseline to contradict')
  }
  const differs = indices.some((index, i) => r.outcomes[index] !== expected[i] || (hasBaseline && r.baseline[index] !== expectedBaseline[i]))
  if (!differs) throw new RangeError('the expected values agree with the evaluation: nothing to accuse')
  return {
    kind: 'accusation',
    accused: r.author,
    evidence: {
      kind: 'evaluation-mismatch',
      evaluation: encodeSigned(evaluation),
      indices: [...indices],
      expected: [...expected],
      expectedBaseline: [...expectedBaseline]
    }
  }
}
