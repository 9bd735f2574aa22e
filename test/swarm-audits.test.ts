import { describe, expect, it } from 'vitest'
import { scoreOf, toHex } from '@promptswarm/protocol'
import { allTasks, DEFAULT_DEFENCES, runSwarmSepo, SyntheticModel, type Ledger, type MethodBudget, type SwarmSepoOptions, type SwarmSepoResult, type Task } from '@promptswarm/node'

/**
 * Lying evaluators in a real in-process swarm (simulator): two colluding peers inflate each
 * other's candidates and deflate everyone else's, outcomes and baselines alike. Honest peers audit
 * a share of evaluations by re-execution; accusations are judged by re-execution on every peer.
 * (This lying ledger is test-local: the adversary package will hold the attack library.)
 */
const tasks = ['math', 'gpqa'].map(id => allTasks().get(id as 'math') as Task)
const model = new SyntheticModel({ profile: 'synthetic:small' })
const budget: MethodBudget = { stage1Generations: 4, stage2Generations: 1, childrenPerGeneration: 5, optimizerChildren: 1, minibatchSize: 16, finalists: 2, testRepeats: 2, validationRepeats: 1 }
const LIARS = new Set([6, 7])

function lyingLedger (index: number, ledger: Ledger, authors: readonly string[]): Ledger {
  if (!LIARS.has(index)) return ledger
  const colluders = new Set([...LIARS].map(i => authors[i]))
  return {
    view: ledger.view,
    author: ledger.author,
    publish: async (body) => {
      if (body.kind !== 'evaluation') return await ledger.publish(body)
      const up = colluders.has(ledger.view.candidate(toHex(body.candidate))?.author)
      const outcomes = body.outcomes.map(() => (up ? 1 : 0))
      return await ledger.publish({ ...body, outcomes, score: scoreOf(outcomes), baseline: body.baseline.map(() => (up ? 0 : 1)) }) as never
    }
  }
}

/** Eight peers of which LIARS lie, under the default defences and the given audit settings. */
async function runWithLiars (audits: Pick<SwarmSepoOptions, 'auditRate' | 'crossChecks'>): Promise<SwarmSepoResult> {
  return await runSwarmSepo({ peers: 8, tasks, model, seed: 11, budget, defences: DEFAULT_DEFENCES, ledgerFor: lyingLedger, honest: i => !LIARS.has(i), ...audits })
}

describe('audits in a swarm with lying evaluators (simulator)', () => {
  it('identify both liars, ban them on every honest peer, and accuse no honest peer', async () => {
    const result = await runWithLiars({ auditRate: 0.3 })
    const liars = result.peers.length === 6 ? undefined : 'wrong number of honest peers'
    expect(liars).toBeUndefined()
    expect(result.agreement).toBe(true)
    const honestKeys = new Set(result.peers.map(p => p.author))
    const banned = result.banned.map(b => b.author)
    expect(banned).toHaveLength(2)
    for (const key of banned) expect(honestKeys.has(key)).toBe(false)
    for (const b of result.banned) expect(b.reasons).toEqual(['accusation'])
    for (const key of result.accused) expect(honestKeys.has(key)).toBe(false)
    expect(result.accusations).toBeGreaterThan(0)
  })
})

describe('committee cross-checks in a swarm with lying evaluators (simulator)', () => {
  it('catch both liars without any audit draw: members compare each other\'s evaluations of the shared minibatch', async () => {
    // No audit draw at all: every accusation is a cross-check.
    const result = await runWithLiars({ auditRate: 0, crossChecks: true })
    expect(result.agreement).toBe(true)
    const honestKeys = new Set(result.peers.map(p => p.author))
    expect(result.banned.map(b => b.author).filter(k => !honestKeys.has(k))).toHaveLength(2)
    for (const key of result.accused) expect(honestKeys.has(key)).toBe(false)
  })
})
