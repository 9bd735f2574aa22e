import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSweep, parseSweep, ScenarioError, type AttackCatalog, type AttackFactory } from '@promptswarm/node'

// A real (if harmless) attack factory: packages/node must not depend on @promptswarm/adversary.
const noop: AttackFactory = { name: 'noop', summary: 'does nothing', params: { level: 'a number' }, create: () => ({ name: 'noop' }) }
const ATTACKS: AttackCatalog = new Map([[noop.name, noop]])

const BASE = `name: base
seeds: [1, 2, 3]
budget:
  stage1: 4
  children: 5
swarm:
  peers: 8
  attackers:
    - attack: noop
      peers: [6, 7]
defences:
  aggregator: median
  committee: 3
  quorum: 2
`

const SWEEP = `name: my-sweep
base: base.yaml
shares: [0, 0.125, 0.25, 0.5]
defences:
  - mean
  - name: trimmed
    aggregator: { kind: trimmed-mean, trim: 0.2 }
    committee: 5
    quorum: 3
seeds: [9]
budget:
  stage1: 2
`

/** The 1-based line of the first line of `text` containing `needle`. */
const line = (text: string, needle: string): number => text.split('\n').findIndex(l => l.includes(needle)) + 1

function error (fn: () => unknown): ScenarioError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ScenarioError) return err
    throw err
  }
  throw new Error('expected a ScenarioError')
}

describe('parseSweep', () => {
  it('derives one scenario per (defence, share) from the base, the variant and the overrides', () => {
    const sweep = parseSweep(SWEEP, 'sweeps/s.yaml', ATTACKS, BASE)
    expect(sweep.name).toBe('my-sweep')
    expect(sweep.base.file).toBe('sweeps/base.yaml')
    expect(sweep.shares).toEqual([0, 0.125, 0.25, 0.5])
    expect(sweep.defences).toEqual(['mean', 'trimmed'])
    expect(sweep.cells.map(c => `${c.defence}@${c.share}:${c.attackers}`)).toEqual([
      'mean@0:0', 'mean@0.125:1', 'mean@0.25:2', 'mean@0.5:4',
      'trimmed@0:0', 'trimmed@0.125:1', 'trimmed@0.25:2', 'trimmed@0.5:4'
    ])
    const cell = sweep.cells[7]?.scenario
    expect(cell?.attackers[0]?.peers).toEqual([4, 5, 6, 7])
    expect(cell?.defences.aggregator).toEqual({ kind: 'trimmed-mean', trim: 0.2 })
    expect(cell?.defences.committee.size).toBe(5)
    expect(sweep.cells[1]?.scenario.defences).toMatchObject({ aggregator: { kind: 'mean' }, quorum: 2, committee: { size: 3 } })
    expect(sweep.cells[0]?.scenario.attackers).toEqual([])
    // Overrides: seeds replaced, budget merged field by field.
    expect(cell?.seeds).toEqual([9])
    expect(cell?.budget.stage1Generations).toBe(2)
    expect(cell?.budget.childrenPerGeneration).toBe(5)
    // Every cell runs under the sweep's name (same keys for every cell of a seed).
    expect(new Set(sweep.cells.map(c => c.scenario.name))).toEqual(new Set(['my-sweep']))
  })

  it('takes shares as a range, defaults to 0 to 0.5 in steps of 1/8, and one variant (the base\'s defences) without a list', () => {
    const ranged = parseSweep(SWEEP.replace('shares: [0, 0.125, 0.25, 0.5]', 'shares: { from: 0.25, to: 0.5, step: 0.125 }'), 's.yaml', ATTACKS, BASE)
    expect(ranged.shares).toEqual([0.25, 0.375, 0.5])
    const plain = parseSweep('base: base.yaml\n', 's.yaml', ATTACKS, BASE)
    expect(plain.shares).toEqual([0, 0.125, 0.25, 0.375, 0.5])
    expect(plain.defences).toEqual(['base'])
    expect(plain.cells[2]?.scenario.defences.aggregator).toEqual({ kind: 'median' })
    expect(plain.name).toBe('s')
  })

  it('accepts an inline base scenario', () => {
    const inline = `base:\n${BASE.split('\n').map(l => `  ${l}`).join('\n')}\nshares: [0, 0.25]\n`
    const sweep = parseSweep(inline, 'inline.yaml', ATTACKS)
    expect(sweep.cells.map(c => c.attackers)).toEqual([0, 2])
  })

  describe('errors name the file, the line and the field that set the value', () => {
    const cases: Array<[string, string, (file: string) => string]> = [
      ['an unknown sweep field', SWEEP.replace('seeds: [9]', 'sedes: [9]'), f => `${f}:${line(SWEEP, 'seeds: [9]')}: sedes: unknown field; expected one of`],
      ['a share of 1 or more', SWEEP.replace('0.25, 0.5]', '0.25, 1.5]'), f => `${f}:${line(SWEEP, 'shares:')}: shares[3]: a share is a number from 0 up to (not including) 1, got 1.5`],
      ['a share listed twice', SWEEP.replace('0.25, 0.5]', '0.25, 0.25]'), f => `${f}:${line(SWEEP, 'shares:')}: shares[3]: lists share 0.25 twice`],
      ['two shares that round to the same number of attackers', SWEEP.replace('[0, 0.125, 0.25, 0.5]', '[0, 0.1, 0.125]'), f => `${f}:${line(SWEEP, 'shares:')}: shares[2]: gives 1 attacker of 8 peers, as share 0.1 does`],
      ['a share that leaves no honest peer', SWEEP.replace('0.25, 0.5]', '0.25, 0.95]'), f => `${f}:${line(SWEEP, 'shares:')}: shares[3]: every one of the 8 peers is an attacker; at least one must be honest (share 0.95)`],
      ['an unknown aggregator in a short variant', SWEEP.replace('  - mean', '  - medain'), f => `${f}:${line(SWEEP, '  - mean')}: defences[0]: unknown aggregator "medain"`],
      ['a bad field in a variant', SWEEP.replace('quorum: 3', 'quorum: 9'), f => `${f}:${line(SWEEP, 'quorum: 3')}: defences[1].quorum: must be between 1 and 5, got 9 (defence trimmed)`],
      ['a misspelt defence field in a variant', SWEEP.replace('quorum: 3', 'qorum: 3'), f => `${f}:${line(SWEEP, 'quorum: 3')}: defences[1].qorum: unknown field`],
      ['two variants with one name', SWEEP.replace('name: trimmed', 'name: mean'), f => `${f}:${line(SWEEP, 'name: trimmed')}: defences[1].name: a second variant named "mean"`],
      ['a bad budget override', SWEEP.replace('stage1: 2', 'stage1: -2'), f => `${f}:${line(SWEEP, 'stage1: 2')}: budget.stage1: must be between 0 and 1000, got -2`],
      ['a missing base', SWEEP.replace('base: base.yaml\n', ''), f => `${f}:1: base: is required`],
      ['a group the base does not have', `${SWEEP}group: 1\n`, f => `${f}:${SWEEP.split('\n').length}: group: must be a whole number from 0 to 0, got 1`],
      ['bad YAML', SWEEP.replace('shares: [0,', 'shares: [0,,'), f => `${f}:${line(SWEEP, 'shares:')}: not valid YAML`]
    ]
    for (const [what, text, expected] of cases) {
      it(what, () => {
        expect(error(() => parseSweep(text, 'sweeps/s.yaml', ATTACKS, BASE)).message).toContain(expected('sweeps/s.yaml'))
      })
    }

    it('an error in the base file points into the base file', () => {
      const bad = BASE.replace('stage1: 4', 'stage1: many')
      expect(error(() => parseSweep(SWEEP, 'sweeps/s.yaml', ATTACKS, bad)).message).toBe(`sweeps/base.yaml:${line(BASE, 'stage1')}: budget.stage1: must be a number, got "many"`)
    })

    it('a base without attackers', () => {
      const clean = BASE.slice(0, BASE.indexOf('  attackers:')) + 'defences:\n  aggregator: mean\n'
      expect(error(() => parseSweep(SWEEP, 'sweeps/s.yaml', ATTACKS, clean)).message).toContain(`sweeps/s.yaml:${line(SWEEP, 'base:')}: base: the base scenario has no attackers`)
    })
  })
})

describe('loadSweep', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-sweep-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads the base file relative to the sweep file', async () => {
    await writeFile(join(dir, 'base.yaml'), BASE)
    await writeFile(join(dir, 's.yaml'), SWEEP)
    const sweep = await loadSweep(join(dir, 's.yaml'), ATTACKS)
    expect(sweep.cells).toHaveLength(8)
    expect(sweep.base.file).toBe(join(dir, 'base.yaml'))
  })

  it('a base file that cannot be read is an error at the base line of the sweep', async () => {
    await writeFile(join(dir, 'lost.yaml'), SWEEP.replace('base.yaml', 'missing.yaml'))
    const err = await loadSweep(join(dir, 'lost.yaml'), ATTACKS).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ScenarioError)
    expect((err as Error).message).toContain(`lost.yaml:${line(SWEEP, 'base:')}: base: cannot read ${join(dir, 'missing.yaml')}`)
  })
})
