import { describe, expect, it } from 'vitest'
import { sybil } from '@promptswarm/adversary'
import { admittedShare, seatShare, suspects } from './helpers/attack-measures.js'
import { runSmallSwarm } from './helpers/small-swarm.js'

/** Keys in the committee pool that are not an honest peer's: the adversary's peers and its made-up identities. */
function adversaryKeys (run: Awaited<ReturnType<typeof runSmallSwarm>>): (key: string) => boolean {
  const honest = new Set(run.authors.filter(a => !suspects(run).has(a)))
  return key => !honest.has(key)
}

describe('sybil: one adversary behind many identities (simulator)', () => {
  it('takes most committee seats in an open swarm and lifts its lineage; identity work cuts the seats it can afford', async () => {
    const clean = await runSmallSwarm(undefined)
    // 2 of 6 peers, 4 made-up identities each, about 16k hashes each for identity work.
    const open = sybil.create({ identities: 4, workBudget: 16_384 })
    const attacked = await runSmallSwarm(open)
    expect(open.stats).toMatchObject({ identities: 8, paidFor: 0, hashes: 0 })
    expect(attacked.view.committeePool()).toHaveLength(6 + 8)
    // Its two peers held 2 of 5 eligible seats; with 8 more identities it holds about 10 of 13.
    const cleanShare = seatShare(clean.view, adversaryKeys(clean))
    const openShare = seatShare(attacked.view, adversaryKeys(attacked))
    expect(cleanShare).toBeLessThan(0.5)
    expect(openShare).toBeGreaterThan(0.65)
    expect(open.stats.evaluations).toBeGreaterThan(20)
    const mine = (run: typeof clean) => (a: string): boolean => suspects(run).has(a)
    expect(admittedShare(attacked.view, mine(attacked))).toBeGreaterThan(admittedShare(clean.view, mine(clean)))

    // Membership at 16 bits: each identity costs about 65k hashes; the budget buys a few.
    const costly = sybil.create({ identities: 4, workBudget: 16_384 })
    const defended = await runSmallSwarm(costly, 3, { defences: { membership: { kind: 'proof-of-work', bits: 16 } } })
    expect(costly.stats.hashes).toBeLessThanOrEqual(2 * 16_384)
    expect(costly.stats.paidFor).toBeLessThan(costly.stats.identities)
    expect(defended.view.committeePool()).toHaveLength(6 + costly.stats.paidFor)
    expect(seatShare(defended.view, adversaryKeys(defended))).toBeLessThan(openShare - 0.1)
    expect(defended.result.agreement).toBe(true)
  })

  it('rejects bad parameters with their names', () => {
    expect(() => sybil.create({ identities: 100 })).toThrow(expect.objectContaining({ param: 'identities' }))
    expect(() => sybil.create({ workBudget: -1 })).toThrow(expect.objectContaining({ param: 'workBudget' }))
  })
})
