import { describe, expect, it } from 'vitest'
import { ArchiveView, keyPairFromSeed, scoreOf, sha256, Signer, signRecord, type CandidateRecord, type EvaluationRecord, type RecordInit } from '@promptswarm/protocol'
import { minibatch, minibatchKey } from '../src/evolution/minibatch.js'
import { prescribedMinibatchRule } from '../src/swarm-evolution/prescribed-minibatch.js'
import { allTasks } from '../src/tasks/index.js'
import type { Task } from '../src/tasks/task.js'

const SWARM = 'rule-test'
const math = allTasks().get('math') as Task
const signer = (name: string): Signer => new Signer(keyPairFromSeed(sha256(Buffer.from(name))))
const author = signer('author')
const evaluator = signer('evaluator')
const other = signer('other evaluator')

function evaluationOf (candidateId: Uint8Array, items: string[], seq: number, by: Signer = evaluator) {
  const outcomes = items.map(() => 1)
  const init: RecordInit<EvaluationRecord> = {
    kind: 'evaluation', author: by.publicKey, seq, time: seq, candidate: candidateId, items, outcomes,
    score: scoreOf(outcomes), baseline: [], model: 'synthetic:small', usage: { promptTokens: 1, completionTokens: 1 }
  }
  return signRecord(init, by, SWARM)
}

function task (seq: number) {
  const init: RecordInit<CandidateRecord> = { kind: 'candidate', author: author.publicKey, seq, time: 0, role: 'task', task: 'math', text: 'Think step by step.', parent: null, optimizer: null }
  return signRecord(init, author, SWARM)
}

describe('prescribedMinibatchRule', () => {
  it.each(['shared', 'per-evaluator'] as const)('counts an evaluation on the prescribed items and ignores one that picked its own (%s minibatches)', policy => {
    const candidate = task(0)
    const prescribed = minibatch(math.splits.train, minibatchKey(candidate.idHex, evaluator.publicKeyHex, policy), 8).map(i => i.id)
    const picked = math.splits.train.filter(i => !prescribed.includes(i.id)).slice(0, 8).map(i => i.id)
    const rule = prescribedMinibatchRule([math], 8, policy)
    const honest = evaluationOf(candidate.id, prescribed, 0)
    const cherry = evaluationOf(candidate.id, picked, 1)
    expect(rule(candidate, honest)).toBe(true)
    expect(rule(candidate, cherry)).toBe(false)
    expect(rule(candidate, evaluationOf(candidate.id, [...prescribed].reverse(), 2))).toBe(false)

    // In a view, only the prescribed evaluation counts: the cherry-picked one (lower seq) is passed over.
    const view = new ArchiveView({ aggregator: { kind: 'median' }, quorum: 1, tolerance: 0, eligible: rule })
    view.add(candidate)
    view.add(cherry)
    expect(view.candidate(candidate.idHex)?.evaluations).toBe(0)
    view.add(honest)
    expect(view.candidate(candidate.idHex)?.evaluations).toBe(1)
  })

  it('shared: every committee member runs the same items; per-evaluator: each its own, and the other policy\'s items do not count', () => {
    const candidate = task(1)
    const itemsOf = (by: Signer, policy: 'shared' | 'per-evaluator'): string[] =>
      minibatch(math.splits.train, minibatchKey(candidate.idHex, by.publicKeyHex, policy), 8).map(i => i.id)
    expect(itemsOf(evaluator, 'shared')).toEqual(itemsOf(other, 'shared'))
    expect(itemsOf(evaluator, 'per-evaluator')).not.toEqual(itemsOf(other, 'per-evaluator'))
    const shared = prescribedMinibatchRule([math], 8, 'shared')
    const perEvaluator = prescribedMinibatchRule([math], 8, 'per-evaluator')
    expect(shared(candidate, evaluationOf(candidate.id, itemsOf(other, 'shared'), 5, other))).toBe(true)
    expect(shared(candidate, evaluationOf(candidate.id, itemsOf(other, 'per-evaluator'), 6, other))).toBe(false)
    // Under per-evaluator, another member's items (copied outcomes come with them) do not count.
    expect(perEvaluator(candidate, evaluationOf(candidate.id, itemsOf(evaluator, 'per-evaluator'), 7, other))).toBe(false)
    expect(perEvaluator(candidate, evaluationOf(candidate.id, itemsOf(other, 'per-evaluator'), 8, other))).toBe(true)
  })

  it('rejects evaluations of tasks it does not know', () => {
    const init: RecordInit<CandidateRecord> = { kind: 'candidate', author: author.publicKey, seq: 3, time: 0, role: 'task', task: 'chess', text: 'x', parent: null, optimizer: null }
    const candidate = signRecord(init, author, SWARM)
    expect(prescribedMinibatchRule([math], 8, 'shared')(candidate, evaluationOf(candidate.id, ['a'], 4))).toBe(false)
  })
})
