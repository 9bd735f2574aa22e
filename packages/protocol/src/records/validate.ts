import { fail, ok, type Result } from '../errors.js'
import { LIMITS } from '../limits.js'
import { utf8 } from '../bytes.js'
import { MAX_IDENTITY_NONCE } from '../identity/identity-work.js'
import { PROTOCOL_VERSION, type AccusationRecord, type CandidateRecord, type EvaluationRecord, type HelloRecord, type ProtocolRecord } from './types.js'

/**
 * The semantic rules of a record, shared by the encoder (which refuses to produce an invalid
 * record) and the decoder (which rejects one). Never throws.
 */
export function validateRecord (r: ProtocolRecord): Result<ProtocolRecord> {
  const k = r.kind
  if (r.version !== PROTOCOL_VERSION) return fail(`${k}.version`, `unsupported version ${String(r.version)}`)
  if (!isKey(r.author)) return fail(`${k}.author`, 'expected a 32-byte public key')
  if (!isUint(r.seq, LIMITS.maxSeq)) return fail(`${k}.seq`, `expected an integer in [0, ${LIMITS.maxSeq}]`)
  if (!isUint(r.time, LIMITS.maxTime)) return fail(`${k}.time`, `expected an integer in [0, ${LIMITS.maxTime}]`)
  switch (k) {
    case 'hello': return validateHello(r as HelloRecord)
    case 'candidate': return validateCandidate(r as CandidateRecord)
    case 'evaluation': return validateEvaluation(r as EvaluationRecord)
    case 'accusation': return validateAccusation(r as AccusationRecord)
    default: return fail('kind', `unknown record kind ${String(k)}`)
  }
}

/**
 * The score an evaluation must carry for its outcomes: their mean, summed left to right.
 * Every peer computes it with the same float operations, so equality is exact.
 */
export function scoreOf (outcomes: readonly number[]): number {
  let sum = 0
  for (const o of outcomes) sum += o
  return outcomes.length === 0 ? 0 : sum / outcomes.length
}

function validateHello (r: HelloRecord): Result<ProtocolRecord> {
  const e = name('hello.peerId', r.peerId, LIMITS.maxNameBytes) ??
    names('hello.tasks', r.tasks, LIMITS.maxTasks, LIMITS.maxNameBytes) ??
    name('hello.model', r.model, LIMITS.maxNameBytes) ??
    names('hello.addresses', r.addresses, LIMITS.maxAddresses, LIMITS.maxAddressBytes)
  if (e !== undefined) return e
  if (r.identityNonce !== undefined && !isUint(r.identityNonce, MAX_IDENTITY_NONCE)) return fail('hello.identityNonce', 'expected an unsigned safe integer or nothing')
  return ok(r)
}

function validateCandidate (r: CandidateRecord): Result<ProtocolRecord> {
  if (r.role !== 'task' && r.role !== 'optimizer') return fail('candidate.role', `expected "task" or "optimizer", got ${String(r.role)}`)
  if (r.role === 'task') {
    const e = name('candidate.task', r.task, LIMITS.maxNameBytes)
    if (e !== undefined) return e
  } else if (r.task !== '') {
    return fail('candidate.task', 'optimizer prompts serve the whole pool: task must be empty')
  }
  const e = text('candidate.text', r.text, LIMITS.maxPromptBytes)
  if (e !== undefined) return e
  if (r.parent !== null && !isKey(r.parent)) return fail('candidate.parent', 'expected a 32-byte id or null')
  if (r.optimizer !== null && !isKey(r.optimizer)) return fail('candidate.optimizer', 'expected a 32-byte id or null')
  return ok(r)
}

function validateEvaluation (r: EvaluationRecord): Result<ProtocolRecord> {
  if (!isKey(r.candidate)) return fail('evaluation.candidate', 'expected a 32-byte id')
  const e = names('evaluation.items', r.items, LIMITS.maxItems, LIMITS.maxNameBytes)
  if (e !== undefined) return e
  if (r.items.length === 0) return fail('evaluation.items', 'an evaluation needs at least one item')
  if (!Array.isArray(r.outcomes) || r.outcomes.length !== r.items.length) {
    return fail('evaluation.outcomes', `expected ${r.items.length} outcomes, one per item`)
  }
  for (let i = 0; i < r.outcomes.length; i++) {
    if (!isUnit(r.outcomes[i])) return fail(`evaluation.outcomes[${i}]`, 'expected a finite number in [0, 1]')
  }
  if (!isUnit(r.score)) return fail('evaluation.score', 'expected a finite number in [0, 1]')
  if (!Array.isArray(r.baseline) || (r.baseline.length !== 0 && r.baseline.length !== r.items.length)) {
    return fail('evaluation.baseline', `expected no outcomes or ${r.items.length}, one per item`)
  }
  for (let i = 0; i < r.baseline.length; i++) {
    if (!isUnit(r.baseline[i])) return fail(`evaluation.baseline[${i}]`, 'expected a finite number in [0, 1]')
  }
  if (r.score !== scoreOf(r.outcomes)) return fail('evaluation.score', 'does not equal the mean of the outcomes')
  const m = name('evaluation.model', r.model, LIMITS.maxNameBytes)
  if (m !== undefined) return m
  if (typeof r.usage !== 'object' || r.usage === null) return fail('evaluation.usage', 'missing')
  if (!isUint(r.usage.promptTokens, LIMITS.maxTokens)) return fail('evaluation.usage.promptTokens', 'expected a token count')
  if (!isUint(r.usage.completionTokens, LIMITS.maxTokens)) return fail('evaluation.usage.completionTokens', 'expected a token count')
  return ok(r)
}

function validateAccusation (r: AccusationRecord): Result<ProtocolRecord> {
  if (!isKey(r.accused)) return fail('accusation.accused', 'expected a 32-byte public key')
  const ev = r.evidence
  if (typeof ev !== 'object' || ev === null) return fail('accusation.evidence', 'missing')
  if (ev.kind === 'equivocation') {
    if (!isEvidenceBytes(ev.first)) return fail('accusation.evidence.first', `expected 1 to ${LIMITS.maxEvidenceRecordBytes} bytes`)
    if (!isEvidenceBytes(ev.second)) return fail('accusation.evidence.second', `expected 1 to ${LIMITS.maxEvidenceRecordBytes} bytes`)
    return ok(r)
  }
  if (ev.kind === 'evaluation-mismatch') {
    if (!isEvidenceBytes(ev.evaluation)) return fail('accusation.evidence.evaluation', `expected 1 to ${LIMITS.maxEvidenceRecordBytes} bytes`)
    if (!Array.isArray(ev.indices) || ev.indices.length === 0 || ev.indices.length > LIMITS.maxItems) {
      return fail('accusation.evidence.indices', `expected 1 to ${LIMITS.maxItems} item indices`)
    }
    for (let i = 0; i < ev.indices.length; i++) {
      const idx = ev.indices[i]
      if (!isUint(idx, LIMITS.maxItems - 1) || (i > 0 && (idx as number) <= (ev.indices[i - 1] as number))) {
        return fail(`accusation.evidence.indices[${i}]`, 'indices must be strictly increasing item positions')
      }
    }
    if (!Array.isArray(ev.expected) || ev.expected.length !== ev.indices.length) {
      return fail('accusation.evidence.expected', 'expected one outcome per index')
    }
    for (let i = 0; i < ev.expected.length; i++) {
      if (!isUnit(ev.expected[i])) return fail(`accusation.evidence.expected[${i}]`, 'expected a finite number in [0, 1]')
    }
    if (!Array.isArray(ev.expectedBaseline) || (ev.expectedBaseline.length !== 0 && ev.expectedBaseline.length !== ev.indices.length)) {
      return fail('accusation.evidence.expectedBaseline', 'expected no baseline outcomes or one per index')
    }
    for (let i = 0; i < ev.expectedBaseline.length; i++) {
      if (!isUnit(ev.expectedBaseline[i])) return fail(`accusation.evidence.expectedBaseline[${i}]`, 'expected a finite number in [0, 1]')
    }
    return ok(r)
  }
  return fail('accusation.evidence.kind', `unknown evidence kind ${String((ev as { kind: unknown }).kind)}`)
}

export function isKey (v: unknown): v is Uint8Array {
  return v instanceof Uint8Array && v.length === 32
}

function isUint (v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max
}

function isUnit (v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 && !Object.is(v, -0)
}

function isEvidenceBytes (v: unknown): boolean {
  return v instanceof Uint8Array && v.length > 0 && v.length <= LIMITS.maxEvidenceRecordBytes
}

function text (field: string, v: unknown, maxBytes: number): Result<never> | undefined {
  if (typeof v !== 'string') return fail(field, 'expected a string')
  if (v.length === 0) return fail(field, 'must not be empty')
  if (!v.isWellFormed()) return fail(field, 'contains a lone surrogate (not valid Unicode)')
  if (utf8.byteLength(v) > maxBytes) return fail(field, `longer than ${maxBytes} UTF-8 bytes`)
  return undefined
}

function name (field: string, v: unknown, maxBytes: number): Result<never> | undefined {
  const e = text(field, v, maxBytes)
  if (e !== undefined) return e
  // Names are identifiers shown in logs and tables: no control characters.
  if (/[\u0000-\u001f\u007f]/.test(v as string)) return fail(field, 'contains a control character')
  return undefined
}

/** A list of distinct names; emptiness is the caller's rule. */
function names (field: string, v: unknown, maxCount: number, maxBytes: number): Result<never> | undefined {
  if (!Array.isArray(v)) return fail(field, 'expected a list')
  if (v.length > maxCount) return fail(field, `more than ${maxCount} entries`)
  const seen = new Set<string>()
  for (let i = 0; i < v.length; i++) {
    const e = name(`${field}[${i}]`, v[i], maxBytes)
    if (e !== undefined) return e
    if (seen.has(v[i] as string)) return fail(`${field}[${i}]`, `duplicate entry ${JSON.stringify(v[i])}`)
    seen.add(v[i] as string)
  }
  return undefined
}
