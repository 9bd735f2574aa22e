import { beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveView } from '@promptswarm/protocol'
import { compromisedBackend, poisonedLabels, wrongLabel } from '@promptswarm/adversary'
import { Rng, type TaskItem } from '@promptswarm/node'
import { evaluations, liarShift, mean, tasks } from './helpers/small-swarm.js'
import { runFaultSwarm, type FaultRun } from './helpers/fault-swarm.js'

/**
 * Model and data attacks on the small undefended swarm (mean aggregator, no audits; peers 4 and
 * 5 attack; simulator), against the clean twin. The attackers follow the protocol: only their
 * model or their local dataset is bad.
 */
let clean: FaultRun
beforeAll(async () => { clean = await runFaultSwarm() })

const everyone = (): boolean => true
const items = new Map<string, TaskItem>(tasks.flatMap(t => t.splits.train.map((i): [string, TaskItem] => [i.id, i])))

/** Mean outcome of the evaluations by `who` on the training items that `pick` selects. */
function outcomeOn (view: ArchiveView, who: (author: string) => boolean, pick: (item: TaskItem) => boolean): number {
  const outcomes: number[] = []
  for (const e of evaluations(view)) {
    if (!who(e.authorHex)) continue
    e.record.items.forEach((id, k) => {
      const item = items.get(id)
      if (item !== undefined && pick(item)) outcomes.push(e.record.outcomes[k] as number)
    })
  }
  return mean(outcomes)
}

describe('compromised-backend (simulator)', () => {
  it('weaker: the attackers\' evaluations score candidates lower than their honest co-evaluators do, and drag the mean down', async () => {
    const run = await runFaultSwarm({ attack: compromisedBackend.create({ mode: 'weaker', weakness: 1.5 }) })
    // Aggregated score minus what the honest evaluators of the same candidates measured.
    expect(liarShift(run, 'score', everyone)).toBeLessThan(liarShift(clean, 'score', everyone) - 0.05)
    const attackers = (a: string): boolean => run.attackerKeys.has(a)
    expect(outcomeOn(run.view, attackers, () => true)).toBeLessThan(outcomeOn(run.view, a => !attackers(a), () => true) - 0.1)
    expect(run.result.banned).toEqual([])
  })

  it('trigger: the attackers answer wrong exactly on items that carry the trigger', async () => {
    const trigger = /\bremainder\b/i
    const run = await runFaultSwarm({ attack: compromisedBackend.create({ mode: 'trigger', trigger: 'remainder', answer: '42' }) })
    const triggered = (item: TaskItem): boolean => trigger.test(item.question)
    const attackers = (a: string): boolean => run.attackerKeys.has(a)
    const honest = (a: string): boolean => !attackers(a)
    expect(outcomeOn(run.view, attackers, triggered)).toBeLessThan(0.15)
    expect(outcomeOn(run.view, honest, triggered)).toBeGreaterThan(0.3)
    // Elsewhere the backdoored model is the clean one.
    expect(Math.abs(outcomeOn(run.view, attackers, i => !triggered(i)) - outcomeOn(run.view, honest, i => !triggered(i)))).toBeLessThan(0.15)
    // In the clean twin the same two peers score triggered items like everyone else.
    const cleanPeers = new Set([4, 5].map(i => clean.authors[i] as string))
    expect(outcomeOn(clean.view, a => cleanPeers.has(a), triggered)).toBeGreaterThan(0.3)
  })

  it('rejects a bad parameter with its name', () => {
    expect(() => compromisedBackend.create({ mode: 'evil' })).toThrow(expect.objectContaining({ param: 'mode' }))
    expect(() => compromisedBackend.create({ escapes: ['teleport'] })).toThrow(expect.objectContaining({ param: 'escapes' }))
    expect(() => compromisedBackend.create({ callback: 'nowhere' })).toThrow(expect.objectContaining({ param: 'callback' }))
    expect(() => compromisedBackend.create({ marker: 'relative/path' })).toThrow(expect.objectContaining({ param: 'marker' }))
  })
})

describe('poisoned-labels (simulator)', () => {
  it('makes the attackers score right answers wrong, which lowers the mean score of what they evaluate', async () => {
    const run = await runFaultSwarm({ attack: poisonedLabels.create({ rate: 0.5 }) })
    expect(liarShift(run, 'score', everyone)).toBeLessThan(liarShift(clean, 'score', everyone) - 0.05)
    const attackers = (a: string): boolean => run.attackerKeys.has(a)
    expect(outcomeOn(run.view, attackers, () => true)).toBeLessThan(outcomeOn(run.view, a => !attackers(a), () => true) - 0.15)
    expect(run.result.banned).toEqual([])
  })

  it('is convicted by audits: re-execution on clean data bans both peers and no honest one', async () => {
    const run = await runFaultSwarm({ attack: poisonedLabels.create({ rate: 0.5 }), auditRate: 0.3, defences: { aggregator: { kind: 'median' } } })
    expect(run.result.banned.map(b => b.author).sort()).toEqual([...run.attackerKeys].sort())
    for (const b of run.result.banned) expect(b.reasons).toEqual(['accusation'])
    expect(run.result.agreement).toBe(true)
  })

  it('labels an item wrong in the task\'s own terms', () => {
    const rng = Rng.from('wrong-label-test')
    expect(wrongLabel({ id: 'm', question: 'q', gold: '12' }, rng).gold).not.toBe('12')
    const letter = wrongLabel({ id: 'g', question: 'q', gold: 'C', data: { options: ['a', 'b', 'c', 'd'] } }, rng).gold
    expect(['A', 'B', 'D']).toContain(letter)
    expect(wrongLabel({ id: 'c', question: 'q', gold: 'def f(): pass', data: { tests: ['assert f(1) == 2'] } }, rng).data?.tests).toEqual(['assert not (f(1) == 2)'])
    expect(() => poisonedLabels.create({ rate: -0.1 })).toThrow(expect.objectContaining({ param: 'rate' }))
  })
})
