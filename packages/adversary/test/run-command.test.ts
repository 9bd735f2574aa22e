import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labRunCommand } from '@promptswarm/adversary'
import type { ScenarioReport } from '@promptswarm/node'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
// Seed 3: the attacker (2 of the 14 work items, taken after its committee duties) publishes its
// children before the honest peers finish, which ends a run; under seed 2 it does not get to.
const TINY = `name: tiny
description: One poisoning proposer in a swarm of five.
model: synthetic:small
tasks: [math, gpqa]
seeds: [3]
budget:
  stage1: 2
  stage2: 1
  children: 3
  minibatch: 8
  finalists: 1
  testRepeats: 1
swarm:
  peers: 5
  attackers:
    - attack: poisoned-candidates
      peers: [4]
defences:
  aggregator: mean
  committee: 3
  quorum: 2
`

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-run-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

function capture (): { out: string[], err: string[], io: { out: (t: string) => void, err: (t: string) => void, signal: AbortSignal } } {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { out: t => out.push(t), err: t => err.push(t), signal: new AbortController().signal } }
}

describe('promptswarm-lab run (simulator)', () => {
  it('runs the attacked and the clean swarm and writes JSON and Markdown reports', async () => {
    const file = join(dir, 'tiny.yaml')
    await writeFile(file, TINY)
    const { out, io } = capture()
    const code = await labRunCommand.run([file, '--out', join(dir, 'out')], io)
    expect(code).toBe(0)
    const report = JSON.parse(await readFile(join(dir, 'out', 'tiny.json'), 'utf8')) as ScenarioReport
    expect(report.simulated).toBe(true)
    expect(report.seeds).toHaveLength(1)
    const seed = report.seeds[0] as ScenarioReport['seeds'][number]
    expect(seed.attacked.attackerCandidates).toBeGreaterThan(0)
    expect(seed.clean.attackerCandidates).toBe(0)
    expect(seed.robustnessGap).toBeCloseTo(seed.clean.honestAccuracy - seed.attacked.honestAccuracy, 10)
    expect(seed.attacked.modelCalls).toBeGreaterThan(0)
    expect(seed.attacked.bannedHonest).toBe(0)
    expect(report.summary.robustnessGap).toEqual({ mean: seed.robustnessGap, ci95: 0, n: 1 })
    // The simulator's ground truth: an exact expected accuracy beside the sampled one, and its gap.
    const expectedAttacked = seed.attacked.expectedHonestAccuracy as number
    const expectedClean = seed.clean.expectedHonestAccuracy as number
    expect(expectedAttacked).toBeGreaterThan(0.2)
    expect(expectedAttacked).toBeLessThan(1)
    expect(Math.abs(expectedAttacked - seed.attacked.honestAccuracy)).toBeLessThan(0.15)
    expect(seed.expectedGap).toBeCloseTo(expectedClean - expectedAttacked, 10)
    expect(report.summary.expectedGap).toEqual({ mean: seed.expectedGap, ci95: 0, n: 1 })
    const markdown = await readFile(join(dir, 'out', 'tiny.md'), 'utf8')
    expect(markdown).toContain('SIMULATOR RESULTS')
    expect(markdown).toContain('robustness gap')
    expect(markdown).toContain('robustness gap in expected accuracy')
    expect(markdown).toContain('poisoned-candidates on peers 4')
    expect(out.join('\n')).toContain('# Scenario tiny')
  })

  it('--check validates without running, and an invalid file fails with its line before any peer starts', async () => {
    const file = join(dir, 'bad.yaml')
    await writeFile(file, TINY.replace('peers: [4]', 'share: 7'))
    const bad = capture()
    expect(await labRunCommand.run([file], bad.io)).toBe(1)
    expect(bad.err.join('\n')).toContain(`${file}:17: swarm.attackers[0].share: must be between 0 and 1, got 7`)
    const good = capture()
    await writeFile(join(dir, 'ok.yaml'), TINY)
    expect(await labRunCommand.run([join(dir, 'ok.yaml'), '--check'], good.io)).toBe(0)
    expect(good.out.join('\n')).toContain('valid (5 peers, 1 attacker groups, 1 seeds)')
  })

  it('the built CLIs (real subprocesses): the lab runs scenarios/ files; promptswarm run points attacks to the lab', async () => {
    const run = promisify(execFile)
    const lab = await run(process.execPath, [join(ROOT, 'packages/adversary/dist/cli.js'), 'run', join(ROOT, 'scenarios/attacks/poisoned-candidates.yaml'), '--check'])
    expect(lab.stdout).toContain('valid (8 peers, 1 attacker groups, 3 seeds)')
    const plain = await run(process.execPath, [join(ROOT, 'packages/node/dist/cli.js'), 'run', join(ROOT, 'scenarios/attacks/poisoned-candidates.yaml'), '--check']).catch((e: { code: number, stderr: string }) => e)
    expect(plain).toMatchObject({ code: 1 })
    expect((plain as { stderr: string }).stderr).toMatch(/poisoned-candidates\.yaml:\d+: swarm\.attackers\[0\]\.attack: unknown attack "poisoned-candidates"; .*promptswarm-lab/)
  })
})
