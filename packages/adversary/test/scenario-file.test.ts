import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { describeDefences, parseScenario, ScenarioError } from '@promptswarm/node'
import { ATTACKS } from '@promptswarm/adversary'

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url))

const VALID = `name: t
model: synthetic:small
tasks: [math, gpqa]
seeds: [1, 2]
budget:
  stage1: 2
  children: 3
swarm:
  peers: 6
  attackers:
    - attack: inflate-deflate
      share: 0.34
      params:
        intensity: 0.5
defences:
  aggregator: median
  committee: 3
  quorum: 2
  auditRate: 0.3
`

/** The ScenarioError that parsing `text` as file `bad.yaml` throws. */
function errorOf (text: string): ScenarioError {
  try {
    parseScenario(text, 'bad.yaml', ATTACKS)
  } catch (err) {
    if (err instanceof ScenarioError) return err
    throw err
  }
  throw new Error('the scenario was accepted')
}

describe('scenario files', () => {
  it('parse a valid file into peers, attackers, defences and budget', () => {
    const s = parseScenario(VALID, 'ok.yaml', ATTACKS)
    expect(s.peers).toBe(6)
    expect(s.seeds).toEqual([1, 2])
    expect(s.attackers).toHaveLength(1)
    // share 0.34 of 6 peers: 2 attackers, taken from the highest indices.
    expect(s.attackers[0]?.peers).toEqual([4, 5])
    expect(s.attackers[0]?.attack.name).toBe('inflate-deflate')
    expect(s.defences).toMatchObject({ aggregator: { kind: 'median' }, quorum: 2, committee: { size: 3 } })
    expect(s.auditRate).toBe(0.3)
    expect(s.budget).toMatchObject({ stage1Generations: 2, childrenPerGeneration: 3 })
  })

  it('read defences.screening: off, rules or probes, and name the line of anything else', () => {
    expect(parseScenario(VALID, 'ok.yaml', ATTACKS).screening).toBeUndefined()
    expect(parseScenario(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  screening: rules'), 'ok.yaml', ATTACKS).screening).toEqual({ probes: false })
    expect(parseScenario(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  screening: probes'), 'ok.yaml', ATTACKS).screening).toEqual({ probes: true })
    const e = errorOf(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  screening: strict'))
    expect(e.message).toMatch(/^bad\.yaml:20: defences\.screening: unknown screening "strict"/)
  })

  it('read defences.minibatches: shared (the default) or per-evaluator, and name the line of anything else', () => {
    expect(parseScenario(VALID, 'ok.yaml', ATTACKS).defences.minibatches).toBe('shared')
    expect(parseScenario(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  minibatches: per-evaluator'), 'ok.yaml', ATTACKS).defences.minibatches).toBe('per-evaluator')
    const e = errorOf(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  minibatches: private'))
    expect(e.message).toMatch(/^bad\.yaml:20: defences\.minibatches: unknown minibatches "private"; expected shared or per-evaluator/)
  })

  it('read defences.crossChecks: on with audits unless set, and name the line of a non-boolean', () => {
    expect(parseScenario(VALID, 'ok.yaml', ATTACKS).crossChecks).toBe(true)
    expect(parseScenario(VALID.replace('auditRate: 0.3', 'auditRate: 0'), 'ok.yaml', ATTACKS).crossChecks).toBe(false)
    const alone = parseScenario(VALID.replace('auditRate: 0.3', 'auditRate: 0\n  crossChecks: true'), 'ok.yaml', ATTACKS)
    expect(alone.crossChecks).toBe(true)
    expect(describeDefences(alone)).toBe('median, committee 3, quorum 2, no audits, cross-checks')
    expect(describeDefences(parseScenario(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  crossChecks: false'), 'ok.yaml', ATTACKS))).toBe('median, committee 3, quorum 2, audits 30%, no cross-checks')
    const e = errorOf(VALID.replace('auditRate: 0.3', 'auditRate: 0.3\n  crossChecks: sometimes'))
    expect(e.message).toMatch(/^bad\.yaml:20: defences\.crossChecks: must be true or false, got "sometimes"/)
  })

  it('accept every file in scenarios/ and scenarios/attacks/, and every attack has a scenario', () => {
    const files = ['', 'attacks/'].flatMap(dir => readdirSync(join(SCENARIOS, dir)).filter(f => f.endsWith('.yaml')).map(f => dir + f))
    expect(files.length).toBeGreaterThanOrEqual(12)
    const used = new Set<string>()
    for (const f of files) {
      const s = parseScenario(readFileSync(join(SCENARIOS, f), 'utf8'), f, ATTACKS)
      expect(`${s.name}.yaml`).toBe(f.replace(/^attacks\//, ''))
      expect(s.description).not.toBe('')
      for (const g of s.attackers) used.add(g.attack.name)
    }
    expect([...ATTACKS.keys()].filter(name => !used.has(name))).toEqual([])
  })

  it('reject bad YAML with the file and line', () => {
    const e = errorOf('name: t\nswarm:\n  peers: [1, 2\n')
    expect(e.message).toMatch(/^bad\.yaml:\d+: not valid YAML/)
    expect(e.line).toBeGreaterThanOrEqual(3)
  })

  it('reject an unknown attack, naming the line and field and listing the known ones', () => {
    const e = errorOf(VALID.replace('attack: inflate-deflate', 'attack: teleport'))
    expect(e.line).toBe(11)
    expect(e.field).toBe('swarm.attackers[0].attack')
    expect(e.message).toContain('bad.yaml:11: swarm.attackers[0].attack: unknown attack "teleport"')
    expect(e.message).toContain('poisoned-candidates')
  })

  it('reject a share above 1', () => {
    const e = errorOf(VALID.replace('share: 0.34', 'share: 1.5'))
    expect(e.message).toBe('bad.yaml:12: swarm.attackers[0].share: must be between 0 and 1, got 1.5')
  })

  it('reject a negative budget', () => {
    const e = errorOf(VALID.replace('stage1: 2', 'stage1: -3'))
    expect(e.message).toBe('bad.yaml:6: budget.stage1: must be between 0 and 1000, got -3')
  })

  it('reject an unknown field, at any depth', () => {
    expect(errorOf(`${VALID}colour: blue\n`).message).toMatch(/^bad\.yaml:20: colour: unknown field; expected one of name, /)
    expect(errorOf(VALID.replace('  quorum: 2', '  qorum: 2')).message).toMatch(/^bad\.yaml:18: defences\.qorum: unknown field/)
    expect(errorOf(VALID.replace('intensity: 0.5', 'strength: 0.5')).message).toMatch(/^bad\.yaml:14: swarm\.attackers\[0\]\.params\.strength: unknown field; expected one of intensity/)
  })

  it('reject an attack parameter out of range, naming it', () => {
    expect(errorOf(VALID.replace('intensity: 0.5', 'intensity: 3')).message).toBe('bad.yaml:14: swarm.attackers[0].params.intensity: must be between 0 and 1, got 3')
  })

  it('reject inconsistent swarms: quorum above committee, committee too large, every peer an attacker, overlapping groups', () => {
    expect(errorOf(VALID.replace('quorum: 2', 'quorum: 4')).field).toBe('defences.quorum')
    expect(errorOf(VALID.replace('committee: 3', 'committee: 6')).field).toBe('defences.committee')
    expect(errorOf(VALID.replace('share: 0.34', 'share: 1')).message).toMatch(/at least one must be honest/)
    const twoGroups = VALID.replace('defences:', '    - attack: random-scores\n      peers: [5]\ndefences:')
    expect(errorOf(twoGroups).message).toMatch(/^bad\.yaml:16: swarm\.attackers\[1\]\.peers\[0\]: peer 5 already belongs to another attacker group/)
  })

  it('reject unknown tasks, aggregators and models', () => {
    expect(errorOf(VALID.replace('[math, gpqa]', '[math, chess]')).message).toMatch(/^bad\.yaml:3: tasks\[1\]: unknown task "chess"/)
    expect(errorOf(VALID.replace('aggregator: median', 'aggregator: mode')).message).toMatch(/^bad\.yaml:16: defences\.aggregator: unknown aggregator "mode"/)
    expect(errorOf(VALID.replace('synthetic:small', 'synthetic:huge')).message).toMatch(/^bad\.yaml:2: model: .*unknown simulator profile/)
  })
})
