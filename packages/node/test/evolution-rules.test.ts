import { describe, expect, it } from 'vitest'
import { generateKeyPair, keyPairFromSeed, sha256 } from '@promptswarm/protocol'
import { Rng } from '../src/util/rng.js'
import { bestOptimizer, selectionWeights, selectParent, selectOptimizer } from '../src/evolution/selection.js'
import { minibatch } from '../src/evolution/minibatch.js'
import { estimate, formatEstimate } from '../src/evolution/stats.js'
import { feedback } from '../src/agents/prompt-agent.js'
import { LocalLedger } from '../src/evolution/ledger.js'
import type { TaskItem } from '../src/tasks/task.js'

const items = (n: number): TaskItem[] => Array.from({ length: n }, (_, i) => ({ id: `item-${i}`, question: `q${i}`, gold: String(i) }))

describe('Rng', () => {
  it('repeats a stream from the same seed and restores from saved state', () => {
    const a = Rng.from('x', 1)
    const b = Rng.from('x', 1)
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()))
    const saved = a.state()
    const next = a.next()
    expect(Rng.restore(saved).next()).toBe(next)
    expect(Rng.from('x', 2).next()).not.toBe(Rng.from('x', 1).next())
  })

  it('rejects a malformed saved state', () => {
    expect(() => Rng.restore([1, 2, 3])).toThrow(RangeError)
    expect(() => Rng.restore([1, 2, 3, -1])).toThrow(RangeError)
  })

  it('draws weighted indices in proportion to their weights', () => {
    const rng = Rng.from('weights')
    const counts = [0, 0, 0]
    for (let i = 0; i < 6000; i++) counts[rng.weighted([1, 2, 0])]!++
    expect(counts[2]).toBe(0)
    expect(counts[1]! / counts[0]!).toBeGreaterThan(1.7)
    expect(counts[1]! / counts[0]!).toBeLessThan(2.3)
  })
})

describe('parent selection (DGM-style)', () => {
  it('favours higher scores and fewer children', () => {
    const [strong, weak] = selectionWeights([{ score: 0.8, children: 0 }, { score: 0.4, children: 0 }])
    expect(strong).toBeGreaterThan(weak!)
    const [fresh, explored] = selectionWeights([{ score: 0.6, children: 0 }, { score: 0.6, children: 9 }])
    expect(fresh).toBeCloseTo(explored! * 10)
  })

  it('keeps every stepping stone selectable', () => {
    const rng = Rng.from('sel')
    const pool = [{ id: 'a', score: 0.9, children: 0 }, { id: 'b', score: 0.5, children: 0 }, { id: 'c', score: 0.7, children: 3 }]
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) seen.add(selectParent(pool, rng).id)
    expect(seen).toEqual(new Set(['a', 'b', 'c']))
    expect(() => selectParent([], rng)).toThrow(RangeError)
  })

  it('picks optimizer prompts by fitness and the best one by evidence', () => {
    const pool = [
      { id: 'a', fitness: 0.10, fitnessSamples: 5, children: 5 },
      { id: 'b', fitness: -0.05, fitnessSamples: 5, children: 5 },
      { id: 'c', fitness: 0.30, fitnessSamples: 1, children: 1 }
    ]
    const rng = Rng.from('opt')
    let a = 0
    let b = 0
    for (let i = 0; i < 2000; i++) {
      const id = selectOptimizer(pool, rng).id
      if (id === 'a') a++
      if (id === 'b') b++
    }
    expect(a).toBeGreaterThan(b)
    expect(bestOptimizer(pool, 3)?.id).toBe('a') // c has too few samples to be trusted
    expect(bestOptimizer(pool, 1)?.id).toBe('c')
  })
})

describe('minibatch', () => {
  it('is fixed by the key, independent of item order, and differs between keys', () => {
    const pool = items(100)
    const a = minibatch(pool, 'cand-1', 10).map(i => i.id)
    expect(minibatch([...pool].reverse(), 'cand-1', 10).map(i => i.id)).toEqual(a)
    expect(new Set(a).size).toBe(10)
    expect(minibatch(pool, 'cand-2', 10).map(i => i.id)).not.toEqual(a)
    expect(minibatch(pool, 'x', 500)).toHaveLength(100)
  })
})

describe('statistics', () => {
  it('computes a t-based 95% interval', () => {
    const e = estimate([0.5, 0.6, 0.7])
    expect(e.mean).toBeCloseTo(0.6)
    expect(e.ci95).toBeCloseTo(4.303 * 0.1 / Math.sqrt(3))
    expect(estimate([0.4]).ci95).toBe(0)
    expect(formatEstimate(e)).toBe('60.0 ± 24.8')
  })
})

describe('feedback for the prompt agent', () => {
  const result = (i: number, outcome: number) => ({ item: items(10)[i]!, outcome, reply: `r${i}`, ...(outcome < 1 ? { reason: 'wrong answer' } : {}) })

  it('shows failed and passed cases one to one', () => {
    const f = feedback([result(0, 0), result(1, 0), result(2, 0), result(3, 1)], 3)
    expect(f.failed).toHaveLength(1)
    expect(f.passed).toHaveLength(1)
    expect(f.failed[0]!.problem).toBe('wrong answer')
  })

  it('shows one side when the other is empty', () => {
    expect(feedback([result(0, 0), result(1, 0)], 3).failed).toHaveLength(2)
    expect(feedback([result(0, 1), result(1, 1), result(2, 1), result(3, 1)], 3).passed).toHaveLength(3)
  })
})

describe('LocalLedger', () => {
  it('signs consecutive records, and a new ledger imports them back with the same view', async () => {
    const keys = keyPairFromSeed(sha256(Buffer.from('ledger-test')))
    const config = { aggregator: { kind: 'mean' as const }, quorum: 1, tolerance: 0, countSelfEvaluations: true }
    const ledger = new LocalLedger({ swarm: 's', keys, view: config })
    const seed = await ledger.publish({ kind: 'candidate', role: 'task', task: 'math', text: 'Think.', parent: null, optimizer: null })
    await ledger.publish({ kind: 'evaluation', candidate: seed.id, items: ['a', 'b'], outcomes: [1, 0], score: 0.5, baseline: [], model: 'm', usage: { promptTokens: 1, completionTokens: 1 } })
    expect(seed.record.seq).toBe(0)
    expect(ledger.view.score(seed.idHex)).toBe(0.5)

    const copy = new LocalLedger({ swarm: 's', keys, view: config })
    copy.import(ledger.export())
    expect(copy.view.digest()).toBe(ledger.view.digest())
    const next = await copy.publish({ kind: 'candidate', role: 'task', task: 'math', text: 'Think twice.', parent: seed.id, optimizer: null })
    expect(next.record.seq).toBe(2) // resumes after the imported sequence numbers: no reuse, no equivocation
    expect(copy.view.isBanned(next.authorHex)).toBe(false)
  })

  it('refuses records of another swarm on import, naming the record', () => {
    const keys = generateKeyPair()
    const config = { aggregator: { kind: 'mean' as const }, quorum: 1, tolerance: 0 }
    const a = new LocalLedger({ swarm: 'a', keys, view: config })
    void a.publish({ kind: 'candidate', role: 'task', task: 'math', text: 'x', parent: null, optimizer: null })
    const b = new LocalLedger({ swarm: 'b', keys, view: config })
    expect(() => b.import(a.export())).toThrow(/checkpoint record 0: envelope.signature/)
  })
})
