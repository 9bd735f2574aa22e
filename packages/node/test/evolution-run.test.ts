import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import { keyPairFromSeed, sha256 } from '@promptswarm/protocol'
import { BASE_OPTIMIZER_PROMPT } from '../src/agents/optimizer-prompts.js'
import { Evolution } from '../src/evolution/evolution.js'
import { LocalLedger } from '../src/evolution/ledger.js'
import { runMethod, type MethodBudget } from '../src/evolution/methods.js'
import { SyntheticModel } from '../src/model/synthetic/index.js'
import { allTasks } from '../src/tasks/index.js'
import type { Task } from '../src/tasks/task.js'

const math = allTasks().get('math') as Task
const gpqa = allTasks().get('gpqa') as Task
const model = new SyntheticModel({ profile: 'synthetic:small' })
const budget: MethodBudget = { stage1Generations: 3, stage2Generations: 2, childrenPerGeneration: 3, optimizerChildren: 1, minibatchSize: 8, finalists: 2, validationRepeats: 1, testRepeats: 2 }

let dir: string
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-evolve-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

describe('runMethod on the synthetic model (simulator)', () => {
  it('SePO is reproducible from its seed and evolves both task and optimizer prompts', async () => {
    const a = await runMethod({ method: 'sepo', seed: 7, tasks: [math, gpqa], model, budget })
    const b = await runMethod({ method: 'sepo', seed: 7, tasks: [math, gpqa], model, budget })
    expect(b).toEqual(a)
    // Seeds (2 task prompts + 1 optimizer) plus 3 x 3 stage-1 children, 3 optimizer children and 2 x 2 x 3 stage-2 children, minus unusable proposals.
    expect(a.candidates).toBeGreaterThan(15)
    expect(a.usage.calls).toBeGreaterThan(100)
    expect(a.budgetExhausted).toBe(false)
    const c = await runMethod({ method: 'sepo', seed: 8, tasks: [math, gpqa], model, budget })
    expect(c.tasks).not.toEqual(a.tasks)
  })

  it('asks again for a new child, not the same one: repeated proposals from one parent under one optimizer differ', async () => {
    // Stage 2 in miniature: a frozen optimizer prompt and a single admitted parent. The request
    // (optimizer, parent, feedback) is the same every time, so without a fresh sample index a
    // seeded simulator or a response cache returns the same child again and again.
    const ledger = new LocalLedger({ swarm: 'dup-test', keys: keyPairFromSeed(sha256(Buffer.from('dup-test'))), view: { aggregator: { kind: 'mean' }, quorum: 1, tolerance: 0.02, countSelfEvaluations: true } })
    const engine = new Evolution(ledger, model, { tasks: [math], seed: 1, minibatchSize: 8, selfImprovement: false, useArchive: true, optimizerSeed: BASE_OPTIMIZER_PROMPT })
    await engine.seed()
    engine.freezeOptimizer((engine.optimizers()[0] as { id: string }).id)
    const texts: string[] = []
    for (let i = 0; i < 8; i++) {
      const id = await engine.propose(math) // children stay unevaluated, so the seed stays the only parent
      if (id !== undefined) texts.push(ledger.view.candidate(id)?.text as string)
    }
    expect(texts.length).toBeGreaterThan(5)
    expect(new Set(texts).size).toBeGreaterThan(texts.length / 2)
  })

  it('Manual-CoT evaluates the seed prompt and spends nothing on selection', async () => {
    const run = await runMethod({ method: 'manual-cot', seed: 1, tasks: [math], model, budget })
    expect(run.tasks.math?.prompt).toBe(math.seedPrompt)
    expect(run.tasks.math?.validation).toBeUndefined()
    expect(run.usage.calls).toBe(budget.minibatchSize) // the seed's own minibatch evaluation
  })

  it('a run interrupted after a generation resumes from its checkpoint and ends exactly like an uninterrupted one', async () => {
    const whole = await runMethod({ method: 'sepo', seed: 3, tasks: [math], model, budget })
    const checkpoint = join(dir, 'sepo-3.json')
    let generations = 0
    await expect(runMethod({
      method: 'sepo', seed: 3, tasks: [math], model, budget, checkpoint,
      onProgress: () => { if (++generations === 2) throw new Error('simulated crash') }
    })).rejects.toThrow('simulated crash')
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as { steps: Record<string, number> }
    expect(saved.steps.stage1).toBe(2)
    const resumed = await runMethod({ method: 'sepo', seed: 3, tasks: [math], model, budget, checkpoint })
    expect(resumed).toEqual(whole)
    await expect(readFile(checkpoint)).rejects.toThrow() // removed once the run completes
  })

  it('refuses a checkpoint of another run, naming it', async () => {
    const checkpoint = join(dir, 'x.json')
    await expect(runMethod({ method: 'sepo', seed: 1, tasks: [math], model, budget, checkpoint, onProgress: () => { throw new Error('stop') } })).rejects.toThrow('stop')
    await expect(runMethod({ method: 'textgrad', seed: 1, tasks: [math], model, budget, checkpoint })).rejects.toThrow(/holds sepo seed 1, not textgrad seed 1/)
  })

  it('stops evolving cleanly when the call budget is spent, and still reports a result', async () => {
    const run = await runMethod({ method: 'sepo', seed: 2, tasks: [math], model, budget: { ...budget, maxCalls: 60 } })
    expect(run.budgetExhausted).toBe(true)
    expect(run.tasks.math?.test).toBeGreaterThan(0)
    const full = await runMethod({ method: 'sepo', seed: 2, tasks: [math], model, budget })
    expect(run.candidates).toBeLessThan(full.candidates)
  })
})

describe('promptswarm evolve', () => {
  it('prints the paper-style table, labelled as simulator output, and writes the results', async () => {
    const out: string[] = []
    const err: string[] = []
    const code = await main(['evolve', '--tasks', 'math', '--methods', 'manual-cot,sepo', '--seeds', '2', '--stage1', '1', '--stage2', '1',
      '--children', '2', '--minibatch', '6', '--finalists', '1', '--test-repeats', '1', '--out', dir], { out: t => out.push(t), err: t => err.push(t) })
    expect(code).toBe(0)
    const table = out.join('\n')
    expect(table).toContain('SIMULATOR')
    expect(table).toMatch(/\| SePO +\| +\d+\.\d ± \d+\.\d \|/)
    expect(table).toMatch(/\| Manual-CoT \(seed prompt\) +\|/)
    const saved = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { simulated: boolean, runs: unknown[] }
    expect(saved.simulated).toBe(true)
    expect(saved.runs).toHaveLength(4)
  })

  it('rejects bad options with exit code 2 and a message naming the option', async () => {
    const err: string[] = []
    const io = { out: () => {}, err: (t: string) => err.push(t) }
    expect(await main(['evolve', '--seeds', '0'], io)).toBe(2)
    expect(err.join('\n')).toContain('--seeds must be an integer >= 1')
    expect(await main(['evolve', '--tasks', 'math,chess'], io)).toBe(2)
    expect(err.join('\n')).toContain('--tasks: unknown value "chess"')
    expect(await main(['evolve', '--bogus'], io)).toBe(2)
    expect(await main(['evolve', '--model', 'gpt-5'], io)).toBe(1)
    expect(err.join('\n')).toContain('unknown model "gpt-5"')
    expect(await main(['frobnicate'], io)).toBe(2)
    expect(err.join('\n')).toContain('unknown command "frobnicate"')
  })
})
