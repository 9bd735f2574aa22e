import { execFile, spawn } from 'node:child_process'
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labRunCommand, labSuiteCommand, labSweepCommand } from '@promptswarm/adversary'
import { runProgram, type CommandIO, type ScenarioReport, type SweepReport } from '@promptswarm/node'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

// Tiny swarms: 4 peers, one task, a budget of a few candidates, one seed (about a second a run).
const tiny = (name: string, attack: string, extra = ''): string => `name: ${name}
model: synthetic:small
tasks: [math]
seeds: [1]
budget: { stage1: 1, stage2: 1, children: 2, optimizerChildren: 0, minibatch: 4, finalists: 1, testRepeats: 1 }
swarm:
  peers: 4
  attackers:
    - attack: ${attack}
      peers: [3]
${extra}defences: { aggregator: mean, committee: 2, quorum: 2 }
`
const SWEEP = `base: ../collusion.yaml
shares: [0, 0.25]
defences: [mean, median]
`

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptswarm-suite-'))
  await mkdir(join(dir, 'scenarios', 'sweeps'), { recursive: true })
  await writeFile(join(dir, 'scenarios', 'collusion.yaml'), tiny('tiny-collusion', 'inflate-deflate'))
  await writeFile(join(dir, 'scenarios', 'poison.yaml'), tiny('tiny-poison', 'poisoned-candidates', '      params: { payload: "<b>answer 42</b>" }\n'))
  await writeFile(join(dir, 'scenarios', 'sweeps', 'tiny-sweep.yaml'), SWEEP)
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

interface Captured { out: string[], err: string[], io: CommandIO }
function capture (signal = new AbortController().signal): Captured {
  const out: string[] = []
  const err: string[] = []
  return { out, err, io: { out: t => out.push(t), err: t => err.push(t), signal } }
}

const lab = { name: 'promptswarm-lab', help: () => 'lab help', commands: [labRunCommand, labSweepCommand, labSuiteCommand] }
const exists = async (file: string): Promise<boolean> => await access(file).then(() => true, () => false)

describe('promptswarm-lab suite (simulator, real swarms)', () => {
  it('runs every scenario and sweep of a directory and writes each report and the index', async () => {
    const out = join(dir, 'out')
    const { io, err } = capture()
    expect(await labSuiteCommand.run([join(dir, 'scenarios'), '--out', out], io)).toBe(0)
    for (const name of ['tiny-collusion', 'tiny-poison', 'sweeps/tiny-sweep']) {
      for (const ext of ['json', 'md', 'html']) expect(await exists(join(out, `${name}.${ext}`)), `${name}.${ext}`).toBe(true)
    }
    const summary = await readFile(join(out, 'summary.md'), 'utf8')
    expect(summary).toContain('SIMULATOR RESULTS')
    expect(summary).toMatch(/\| tiny-collusion \| inflate-deflate \(1 of 4 peers\) \| mean, committee 2, quorum 2, no audits \| -?\d+\.\d \|/)
    expect(summary).toMatch(/\| tiny-poison \| poisoned-candidates \(1 of 4 peers\) \|/)
    expect(summary).toMatch(/\| tiny-sweep \| inflate-deflate on 4 peers, shares 0, 0.25 \| mean: [^;]+; median: /)
    const index = await readFile(join(out, 'index.html'), 'utf8')
    expect(index).toContain('<a href="tiny-collusion.html">tiny-collusion</a>')
    expect(index).toContain('<a href="tiny-poison.html">tiny-poison</a>')
    expect(index).toContain('<a href="sweeps/tiny-sweep.html">tiny-sweep</a>')
    expect(index).toContain('data-plot="gap-per-scenario"')
    expect(index).toContain('data-plot="gap-by-share-tiny-sweep"')
    const suite = JSON.parse(await readFile(join(out, 'suite.json'), 'utf8')) as { scenarios: Array<{ name: string, status: string, summary: { gap: unknown } }>, sweeps: Array<{ name: string, breakdown: unknown[] }> }
    expect(suite.scenarios.map(s => [s.name, s.status])).toEqual([['tiny-collusion', 'done'], ['tiny-poison', 'done']])
    expect(suite.scenarios[0]?.summary.gap).toMatchObject({ n: 1 })
    expect(suite.sweeps[0]?.breakdown).toHaveLength(2)
    const report = JSON.parse(await readFile(join(out, 'tiny-poison.json'), 'utf8')) as ScenarioReport
    expect(report.seeds[0]?.attacked.attackerCandidates).toBeGreaterThan(0)
    const page = await readFile(join(out, 'tiny-poison.html'), 'utf8')
    expect(page).toContain('data-plot="accuracy-per-seed"')
    expect(page).not.toContain('<b>answer 42</b>')
    const sweep = JSON.parse(await readFile(join(out, 'sweeps', 'tiny-sweep.json'), 'utf8')) as SweepReport
    expect(sweep.points.map(p => `${p.defence}@${p.share}:${p.attackers}`)).toEqual(['mean@0:0', 'mean@0.25:1', 'median@0:0', 'median@0.25:1'])
    // Progress lines name each entry in turn.
    expect(err.some(l => l.includes('(1/3) tiny-collusion'))).toBe(true)
    expect(err.some(l => l.includes('(3/3) tiny-sweep: [2/4] mean, share 0.25 (1 of 4 peers attack)'))).toBe(true)
    // Scenarios of one shape share their clean run: tiny-poison reuses tiny-collusion's, and
    // the sweep's mean cells reuse it too (same peers, budget and defences).
    expect(err.filter(l => l.includes('clean run done before (a shared clean run)')).map(l => l.replace(/^\[ *\d+ s\] /, '').split(':')[0])).toEqual(['(2/3) tiny-poison', '(3/3) tiny-sweep', '(3/3) tiny-sweep', '(3/3) tiny-sweep'])
  })

  it('Ctrl-C (the command\'s AbortSignal) stops the suite with exit code 130 and still writes the index', async () => {
    const out = join(dir, 'interrupted')
    const controller = new AbortController()
    const c = capture(controller.signal)
    const io = { ...c.io, err: (t: string) => { c.err.push(t); if (t.includes('attacked run')) controller.abort(new Error('interrupted')) } }
    expect(await runProgram(lab, ['suite', join(dir, 'scenarios'), '--out', out], io)).toBe(130)
    expect(c.err.at(-1)).toContain('interrupted')
    const summary = await readFile(join(out, 'summary.md'), 'utf8')
    expect(summary).toContain('INTERRUPTED')
    expect(summary).toMatch(/\| tiny-poison \| {2}\| mean, committee 2, quorum 2, no audits \| not run \|/)
    expect(await exists(join(out, 'index.html'))).toBe(true)
    expect(await exists(join(out, 'tiny-poison.json'))).toBe(false)
  })
})

describe('promptswarm-lab suite: resuming an interrupted suite', () => {
  it('the same command resumes: swarms that finished before the interrupt are not run again, and the state goes once the suite completes', async () => {
    const out = join(dir, 'resumed')
    const controller = new AbortController()
    const first = capture(controller.signal)
    // Interrupt once the first scenario's attacked swarm has finished (its clean twin starts).
    const io = { ...first.io, err: (t: string) => { first.err.push(t); if (/seed \d+: clean run$/.test(t)) controller.abort(new Error('interrupted')) } }
    expect(await runProgram(lab, ['suite', join(dir, 'scenarios'), '--out', out], io)).toBe(130)
    expect(await exists(join(out, 'state'))).toBe(true)

    const second = capture()
    expect(await runProgram(lab, ['suite', join(dir, 'scenarios'), '--out', out], second.io)).toBe(0)
    expect(second.err.join('\n')).toContain('Resuming the interrupted suite')
    expect(second.err.some(l => /attacked run done before \(resumed\)/.test(l))).toBe(true)
    expect(await exists(join(out, 'state'))).toBe(false)
    expect(await readFile(join(out, 'summary.md'), 'utf8')).not.toContain('INTERRUPTED')
  })
})

describe('promptswarm-lab sweep and suite: validation, usage and exit codes', () => {
  it('an invalid sweep fails with exit code 1 and its file and line before anything runs; --check validates', async () => {
    const file = join(dir, 'scenarios', 'sweeps', 'tiny-sweep.yaml')
    const bad = join(dir, 'bad-sweep.yaml')
    await writeFile(bad, SWEEP.replace('../collusion.yaml', 'scenarios/collusion.yaml').replace('[mean, median]', '[mean, medain]'))
    const failed = capture()
    expect(await runProgram(lab, ['sweep', bad], failed.io)).toBe(1)
    expect(failed.err.join('\n')).toContain(`${bad}:3: defences[1]: unknown aggregator "medain"`)
    const ok = capture()
    expect(await runProgram(lab, ['sweep', file, '--check'], ok.io)).toBe(0)
    expect(ok.out.join('\n')).toContain('valid (2 shares × 2 defences = 4 scenario runs, 1 seed each)')
  })

  it('a suite with an invalid file lists every problem and runs nothing', async () => {
    const broken = join(dir, 'broken')
    await mkdir(join(broken, 'sweeps'), { recursive: true })
    await writeFile(join(broken, 'a.yaml'), tiny('a', 'inflate-deflate').replace('peers: 4', 'peers: 1'))
    await writeFile(join(broken, 'b.yaml'), tiny('b', 'teleport'))
    await writeFile(join(broken, 'sweeps', 's.yaml'), 'base: ../missing.yaml\n')
    const c = capture()
    expect(await runProgram(lab, ['suite', broken, '--out', join(dir, 'never')], c.io)).toBe(1)
    const text = c.err.join('\n')
    expect(text).toContain('3 problems in')
    expect(text).toContain(`${join(broken, 'a.yaml')}:7: swarm.peers: must be between 2 and 64, got 1`)
    expect(text).toContain(`${join(broken, 'b.yaml')}:9: swarm.attackers[0].attack: unknown attack "teleport"`)
    expect(text).toContain(`${join(broken, 'sweeps', 's.yaml')}:1: base: cannot read`)
    expect(await exists(join(dir, 'never'))).toBe(false)
  })

  it('usage errors exit 2 with the command\'s help; --help exits 0', async () => {
    const twoFiles = capture()
    expect(await runProgram(lab, ['sweep', 'a.yaml', 'b.yaml'], twoFiles.io)).toBe(2)
    expect(twoFiles.err.join('\n')).toContain('expected exactly one sweep file')
    const flag = capture()
    expect(await runProgram(lab, ['suite', '--fast'], flag.io)).toBe(2)
    expect(flag.err.join('\n')).toContain('promptswarm-lab suite — run every scenario and sweep')
    const help = capture()
    expect(await runProgram(lab, ['suite', '--help'], help.io)).toBe(0)
    expect(help.out.join('\n')).toContain('--quick')
    const missing = capture()
    expect(await runProgram(lab, ['suite', join(dir, 'nowhere')], missing.io)).toBe(1)
    expect(missing.err.join('\n')).toContain('not a directory')
  })

  it('SIGINT to the built lab CLI (a real subprocess) stops the suite with exit code 130 and leaves the index', async () => {
    const out = join(dir, 'sigint')
    const child = spawn(process.execPath, [join(ROOT, 'packages/adversary/dist/cli.js'), 'suite', join(dir, 'scenarios'), '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      const first = !stderr.includes('attacked run')
      stderr += chunk.toString()
      if (first && stderr.includes('attacked run')) child.kill('SIGINT')
    })
    const code = await new Promise(resolve => child.on('exit', (c, signal) => resolve(c ?? signal)))
    expect(code).toBe(130)
    expect(stderr).toContain('interrupted: wrote the index of what finished')
    expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain('INTERRUPTED')
  })

  it('the built lab CLI (a real subprocess) validates the shipped scenarios and sweep', async () => {
    const run = promisify(execFile)
    const cli = join(ROOT, 'packages/adversary/dist/cli.js')
    const suite = await run(process.execPath, [cli, 'suite', join(ROOT, 'scenarios'), '--check'])
    expect(suite.stdout).toMatch(/valid \(\d+ scenarios, [1-9]\d* sweeps?; \d+ scenario runs\)/)
    const sweep = await run(process.execPath, [cli, 'sweep', join(ROOT, 'scenarios/sweeps/inflate-deflate.yaml'), '--check'])
    expect(sweep.stdout).toContain('valid (5 shares × 3 defences = 15 scenario runs, 1 seed each)')
    const help = await run(process.execPath, [cli, '--help'])
    expect(help.stdout).toContain('promptswarm-lab suite [DIR] [--out DIR] [--quick] [--check]')
  })
})
