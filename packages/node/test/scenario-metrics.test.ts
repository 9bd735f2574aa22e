import { describe, expect, it } from 'vitest'
import { detection, formatScenarioReport, scenarioMetrics } from '@promptswarm/node'
import { scenarioReport, seedOutcome } from './report-fixtures.js'

describe('detection precision and recall', () => {
  it('precision is banned attackers over everyone banned; recall is banned attackers over attackers', () => {
    expect(detection(2, 0, 2)).toEqual({ precision: 1, recall: 1 })
    expect(detection(1, 1, 4)).toEqual({ precision: 0.5, recall: 0.25 })
    expect(detection(0, 3, 2)).toEqual({ precision: 0, recall: 0 })
  })

  it('is undefined, not 0 or 1, when it cannot be measured: nobody banned, or no attackers', () => {
    expect(detection(0, 0, 2)).toEqual({ precision: undefined, recall: 0 })
    expect(detection(0, 1, 0)).toEqual({ precision: 0, recall: undefined })
    expect(detection(0, 0, 0)).toEqual({ precision: undefined, recall: undefined })
  })
})

describe('scenarioMetrics', () => {
  it('computes precision and recall per seed from the report\'s attacker groups, and means over the seeds that define them', () => {
    const report = scenarioReport([
      seedOutcome(1, { bannedAttackers: 2, bannedHonest: 0, honestAccuracy: 0.5 }, { honestAccuracy: 0.6 }),
      seedOutcome(2, { bannedAttackers: 1, bannedHonest: 1, honestAccuracy: 0.55 }, { honestAccuracy: 0.6 }),
      seedOutcome(3, { bannedAttackers: 0, bannedHonest: 0, honestAccuracy: 0.6 }, { honestAccuracy: 0.6 })
    ], { attackers: [{ attack: 'a', peers: [6], startAfter: 0, params: {} }, { attack: 'b', peers: [7], startAfter: 0, params: {} }] })
    const m = scenarioMetrics(report)
    expect(m.attackers).toBe(2)
    expect(m.seeds.map(s => [s.precision, s.recall])).toEqual([[1, 1], [0.5, 0.5], [undefined, 0]])
    // Precision: seeds 1 and 2 only (nobody was banned in seed 3); recall: all three.
    expect(m.summary.precision?.mean).toBeCloseTo(0.75, 10)
    expect(m.summary.precision?.n).toBe(2)
    expect(m.summary.recall?.mean).toBeCloseTo(0.5, 10)
    expect(m.summary.recall?.n).toBe(3)
    expect(m.summary.gap?.mean).toBeCloseTo(0.05, 10)
  })

  it('leaves out figures no run recorded and keeps the ones a runner adds', () => {
    const plain = scenarioMetrics(scenarioReport([seedOutcome(1, {})]))
    expect(plain.summary.top).toBeUndefined()
    expect(plain.summary.falseAccusations).toBeUndefined()
    expect('top' in (plain.seeds[0] ?? {})).toBe(false)
    const rich = scenarioMetrics(scenarioReport([seedOutcome(1, { attackerCandidatesTop: 2, attackerCandidatesAdopted: 3, falseAccusations: 1, backdoorSuccess: 0.25 })]))
    expect(rich.seeds[0]).toMatchObject({ top: 2, adopted: 3, falseAccusations: 1, backdoorSuccess: 0.25 })
    expect(rich.summary.adopted).toEqual({ mean: 3, ci95: 0, n: 1 })
  })

  it('a clean scenario (no attackers) has no recall, and precision 0 if it banned an honest peer', () => {
    const m = scenarioMetrics(scenarioReport([seedOutcome(1, { bannedHonest: 1 })], { attackers: [] }))
    expect(m.seeds[0]?.recall).toBeUndefined()
    expect(m.seeds[0]?.precision).toBe(0)
  })
})

describe('the Markdown report', () => {
  it('carries detection precision and recall', () => {
    const md = formatScenarioReport(scenarioReport([seedOutcome(1, { bannedAttackers: 1, bannedHonest: 1 }), seedOutcome(2, {})]))
    expect(md).toContain('| detection precision (banned attackers / banned) | 50.0% |')
    expect(md).toMatch(/\| detection recall \(banned attackers \/ attackers\) \| 25\.0 ± \d+\.\d% \|/)
    const none = formatScenarioReport(scenarioReport([seedOutcome(1, {})]))
    expect(none).toContain('| detection precision (banned attackers / banned) | n/a (nobody banned) |')
  })
})
