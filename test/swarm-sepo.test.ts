import { describe, expect, it } from 'vitest'
import { allTasks, estimate, runMethod, runSwarmSepo, DEFAULT_DEFENCES, SyntheticModel, shareWork, type MethodBudget, type Task } from '@promptswarm/node'

/**
 * Decentralized SePO on real in-process libp2p swarms, on the embedded simulator: 8 honest peers
 * sharing one budget do as well as a single peer with the same budget, and agree on one archive.
 */
const tasks = ['math', 'gpqa'].map(id => allTasks().get(id as 'math') as Task)
const model = new SyntheticModel({ profile: 'synthetic:small' })
const budget: MethodBudget = { stage1Generations: 6, stage2Generations: 2, childrenPerGeneration: 5, optimizerChildren: 2, minibatchSize: 24, finalists: 4, testRepeats: 8 }
const average = (accuracies: Record<string, { test: number }>): number => tasks.reduce((a, t) => a + (accuracies[t.id]?.test ?? 0), 0) / tasks.length

describe('decentralized SePO (simulator)', () => {
  it('shares one single-peer budget among the peers, item for item', () => {
    const shares = shareWork(8, tasks, budget)
    const all = shares.flat()
    expect(all.filter(w => w.kind === 'task-child')).toHaveLength(6 * 5 + 2 * 2 * 5)
    expect(all.filter(w => w.kind === 'optimizer-child')).toHaveLength(6 * 2)
    expect(Math.max(...shares.map(s => s.length)) - Math.min(...shares.map(s => s.length))).toBeLessThanOrEqual(1)
  })

  it('a lockstep run repeats exactly: the same seed gives the same candidates, scores and final prompts', async () => {
    const small: MethodBudget = { ...budget, stage1Generations: 3, stage2Generations: 1 }
    const runs = []
    for (let i = 0; i < 2; i++) runs.push(await runSwarmSepo({ peers: 6, tasks, model, seed: 7, budget: small, defences: DEFAULT_DEFENCES, swarm: 'repeat' }))
    const [a, b] = runs as [Awaited<ReturnType<typeof runSwarmSepo>>, Awaited<ReturnType<typeof runSwarmSepo>>]
    expect(a.unsettled).toBe(0)
    expect(a.archive.length).toBeGreaterThan(20)
    expect(b.archive.map(c => [c.id, c.score, c.status])).toEqual(a.archive.map(c => [c.id, c.score, c.status]))
    expect(b.peers.map(p => p.tasks)).toEqual(a.peers.map(p => p.tasks))
    expect(b.authors).toEqual(a.authors)
  })

  it('8 honest peers reach the single-peer SePO test accuracy on the same budget, and all end with identical views', async () => {
    const differences: number[] = []
    for (const seed of [1, 2, 3]) {
      const swarm = await runSwarmSepo({ peers: 8, tasks, model, seed, budget, defences: DEFAULT_DEFENCES })
      expect(swarm.agreement).toBe(true)
      expect(new Set(swarm.peers.map(p => p.viewDigest)).size).toBe(1)
      const single = await runMethod({ method: 'sepo', seed, tasks, model, budget })
      // Same number of candidates: the swarm spent the single peer's budget of children.
      expect(swarm.candidates).toBe(single.candidates)
      const swarmAccuracy = average((swarm.peers[0] as { tasks: Record<string, { test: number }> }).tasks)
      differences.push(swarmAccuracy - average(single.tasks))
      // Evolution helped: the swarm's prompts beat the seed prompts.
      expect(swarmAccuracy).toBeGreaterThan(tasks.reduce((a, t) => a + (swarm.seedAccuracy[t.id] ?? 0), 0) / tasks.length)
    }
    // Not significantly worse: the swarm's mean difference is within the 95% interval over seeds, or better.
    const d = estimate(differences)
    expect(d.mean + d.ci95).toBeGreaterThanOrEqual(0)
  })
})
