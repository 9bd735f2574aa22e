import { beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '@promptswarm/protocol'
import { CandidateScreen } from '@promptswarm/node'
import { archiveSpam, lineageForgery } from '@promptswarm/adversary'
import { children, evaluationsBy, suspects } from './helpers/attack-measures.js'
import { runSmallSwarm, type SmallRun } from './helpers/small-swarm.js'

// Records that abuse the archive's structure rather than its scores (mean aggregator, no audits).
let clean: SmallRun
beforeAll(async () => { clean = await runSmallSwarm(undefined) })

describe('lineage-forgery (simulator)', () => {
  it('files children under the best prompt they do not descend from, inflating its children count', async () => {
    const attack = lineageForgery.create({ claim: 'top' })
    const attacked = await runSmallSwarm(attack)
    const forged = children(attacked.view, a => suspects(attacked).has(a))
    expect(attack.stats.forged).toBeGreaterThan(0)
    expect(forged.length).toBe(attack.stats.forged)
    expect(forged.every(c => attack.stats.claimed.includes(c.parent as string))).toBe(true)
    // Parent selection discounts a prompt by its children: the claimed parents now have more.
    const claimed = [...new Set(attack.stats.claimed)]
    const count = (run: SmallRun): number => claimed.reduce((n, id) => n + (run.view.candidate(id)?.children ?? 0), 0)
    expect(count(attacked)).toBeGreaterThan(count(clean))
    // A sibling's edit stays close to the claimed parent: the lineage rule's thresholds
    // (75% of the length, 30 words) do not tell it from a real child.
    const screen = new CandidateScreen()
    const flagged = forged.filter(c => !screen.screenText({ text: c.text, parent: attacked.view.candidate(c.parent as string)?.text ?? '' }).accepted)
    expect(flagged.length).toBeLessThan(forged.length)
  })

  it('rejects unknown choices with their names', () => {
    expect(() => lineageForgery.create({ claim: 'random' })).toThrow(expect.objectContaining({ param: 'claim' }))
    expect(() => lineageForgery.create({ text: 'poem' })).toThrow(expect.objectContaining({ param: 'text' }))
  })
})

describe('archive-spam (simulator)', () => {
  it('junk children cost honest committees model calls and rounds; screening\'s lineage rule refuses the noise before anyone runs it', async () => {
    const attack = archiveSpam.create({ extra: 4, junk: 'noise' })
    const attacked = await runSmallSwarm(attack)
    expect(attack.stats.junk).toBeGreaterThan(8)
    const junk = children(attacked.view, a => suspects(attacked).has(a)).filter(c => / \(\d+\)$/.test(c.text))
    // (Junk that got admitted can be a parent: the spammers' own edits of it end the same way.)
    expect(junk.length).toBeGreaterThanOrEqual(attack.stats.junk)
    // Every junk candidate gets a committee that runs it and its parent.
    expect(junk.filter(c => c.evaluations >= 2).length).toBeGreaterThan(junk.length / 2)
    expect(attacked.result.usage.calls).toBeGreaterThan(1.5 * clean.result.usage.calls)
    expect(attacked.result.rounds).toBeGreaterThan(clean.result.rounds)

    const screenedAttack = archiveSpam.create({ extra: 4, junk: 'noise' })
    const screened = await runSmallSwarm(screenedAttack, 3, { screening: {} })
    const screenedJunk = children(screened.view, a => suspects(screened).has(a)).filter(c => / \(\d+\)$/.test(c.text))
    expect(screenedJunk.length).toBeGreaterThan(0)
    // Honest members refuse it: only the spammers' own peers might evaluate it.
    const honestEvaluations = evaluationsBy(screened.view, new Set(screened.authors.filter(a => !suspects(screened).has(a))))
    expect(honestEvaluations.filter(e => screenedJunk.some(c => c.id === toHex(e.record.candidate)))).toEqual([])
    // Screening takes away most of what the spam cost; what is left is the swarm-wide usage of the
    // spammers' own evaluations of their junk.
    const spamCost = attacked.result.usage.calls - clean.result.usage.calls
    expect(screened.result.usage.calls - clean.result.usage.calls).toBeLessThan(0.5 * spamCost)
  })

  it('rejects bad parameters with their names', () => {
    expect(() => archiveSpam.create({ extra: 0 })).toThrow(expect.objectContaining({ param: 'extra' }))
    expect(() => archiveSpam.create({ junk: 'lorem' })).toThrow(expect.objectContaining({ param: 'junk' }))
  })
})
