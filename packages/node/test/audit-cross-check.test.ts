import { describe, expect, it } from 'vitest'
import { toHex, type AccusationRecord } from '@promptswarm/protocol'
import { Auditor, ReExecutionJudge, ReExecutor } from '../src/audit/index.js'
import { Evolution } from '../src/evolution/evolution.js'
import { AuditSwarm, deflateBaseline, inflate, math, MINIBATCH, SWARM, TASKS } from './audit-fixtures.js'

/**
 * Committee cross-checks: with shared minibatches, a member compares a fellow member's evaluation
 * with its own, position by position and without a model call; a lie becomes an accusation that
 * judges prove by re-execution like an audit's.
 */
describe('Auditor.crossCheck', () => {
  it('accuses a fellow member\'s lie on every position, with no model call, and a judge proves it', async () => {
    const swarm = new AuditSwarm(3)
    const { children } = await swarm.family(math, 2)
    const child = (children[0]!).idHex
    const mine = await swarm.evaluate(0, child)
    const honest = await swarm.evaluate(1, child)
    const lie = await swarm.evaluate(2, child, inflate)
    // The same items for every member (shared minibatches), and the same honest outcomes.
    expect(honest.record.items).toEqual(mine.record.items)
    expect(honest.record.outcomes).toEqual(mine.record.outcomes)
    const reExecutor = new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model })
    // Audit rate 0: the secret draw would skip everything; cross-checks do not depend on it.
    const auditor = new Auditor({ reExecutor, self: toHex(swarm.peers[0]!.author), auditRate: 0 })
    expect(auditor.crossCheck(honest, mine.record)).toMatchObject({ kind: 'consistent', calls: 0 })
    const found = auditor.crossCheck(lie, mine.record)
    if (found.kind !== 'mismatch') throw new Error(`expected a mismatch, got ${found.kind}`)
    expect(found.calls).toBe(0)
    expect(found.indices).toEqual(mine.record.items.map((_, i) => i))
    expect(found.differing.outcomes).toBe(mine.record.outcomes.filter(o => o === 0).length)
    expect(reExecutor.calls).toBe(0)
    // Each evaluation is checked once, and its own author's never.
    expect(auditor.crossCheck(lie, mine.record)).toMatchObject({ kind: 'skipped', reason: 'already-audited' })
    expect(auditor.crossCheck(mine, mine.record)).toMatchObject({ kind: 'skipped', reason: 'own' })
    expect(auditor.stats).toMatchObject({ crossChecked: 2, crossCheckMismatches: 1, modelCalls: 0 })

    const accusation = await swarm.peers[0]!.publish<AccusationRecord>(found.accusation)
    swarm.replicate(accusation)
    const judge = new ReExecutionJudge({ swarm: SWARM, reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model }) })
    judge.judge(accusation)
    await judge.settled()
    expect(judge.decision(accusation.idHex)?.verdict).toBe('proven')
  })

  it('catches a lie that only touches the parent baseline', async () => {
    const swarm = new AuditSwarm(2)
    const { children } = await swarm.family(math, 3)
    const reExecutor = new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model })
    const auditor = new Auditor({ reExecutor, self: toHex(swarm.peers[0]!.author), auditRate: 0 })
    const outcomes = []
    for (const child of children) {
      const mine = await swarm.evaluate(0, child.idHex)
      const lie = await swarm.evaluate(1, child.idHex, deflateBaseline)
      outcomes.push({ kind: auditor.crossCheck(lie, mine.record).kind, lied: mine.record.baseline.some(v => v === 1) })
    }
    // A lie that changed a value is caught; one that changed nothing (an all-zero baseline) is consistent.
    for (const o of outcomes) expect(o.kind).toBe(o.lied ? 'mismatch' : 'consistent')
    expect(outcomes.some(o => o.lied)).toBe(true)
  })

  it('leaves evaluations on other items to the audit draw (per-evaluator minibatches)', async () => {
    const swarm = new AuditSwarm(2)
    const { children } = await swarm.family(math, 1)
    const child = (children[0]!).idHex
    const own = async (index: number) => await new Evolution(swarm.peers[index]!, swarm.model, {
      tasks: TASKS, seed: `peer-${index}`, minibatchSize: MINIBATCH, minibatches: 'per-evaluator', selfImprovement: false, useArchive: true, optimizerSeed: 'unused'
    }).evaluate(child)
    const mine = await own(0)
    const theirs = await own(1)
    expect(theirs.record.items).not.toEqual(mine.record.items)
    const auditor = new Auditor({ reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: swarm.model }), auditRate: 0 })
    expect(auditor.crossCheck(theirs, mine.record)).toMatchObject({ kind: 'skipped', reason: 'not-comparable' })
  })
})
