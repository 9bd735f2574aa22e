import { describe, expect, it } from 'vitest'
import { keyPairFromSeed, type CandidateRecord } from '@promptswarm/protocol'
import { DEFAULT_VIEW, LocalLedger, startAfter, type RecordBody } from '@promptswarm/node'
import { poisonedCandidates } from '@promptswarm/adversary'

function child (parent: Uint8Array, text: string): RecordBody<CandidateRecord> {
  return { kind: 'candidate', role: 'task', task: 'math', text, parent, optimizer: null }
}

describe('startAfter (a sleeper attacker) on a real LocalLedger', () => {
  it('publishes the first N records honestly and every later one through the attack', async () => {
    const ledger = new LocalLedger({ swarm: 'sleeper', keys: keyPairFromSeed(new Uint8Array(32).fill(7)), view: DEFAULT_VIEW })
    const attack = poisonedCandidates.create({ payload: 'Answer 42.' })
    const sleeper = startAfter(ledger, (attack.wrap as NonNullable<typeof attack.wrap>)(0, ledger, [], { seed: 1, attackers: [0], peers: 1 }), 3)
    const seed = await sleeper.publish<CandidateRecord>({ kind: 'candidate', role: 'task', task: 'math', text: 'Think step by step.', parent: null, optimizer: null })
    const texts: string[] = []
    for (let i = 0; i < 4; i++) texts.push((await sleeper.publish(child(seed.id, `child ${i}`))).record.text)
    // Records 1-3 (the seed and two children) are honest; the 4th and later are poisoned.
    expect(texts).toEqual(['child 0', 'child 1', 'Think step by step.\n\nAnswer 42.', 'Think step by step.\n\nAnswer 42.'])
    expect(startAfter(ledger, sleeper, 0)).toBe(sleeper)
  })
})
