import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseGridAnswer } from '../src/tasks/arc/answer.js'
import { ARC_COUNT, generateArcTask, generateArcTasks } from '../src/tasks/arc/generator.js'
import { type ArcGrid, gridError, gridsEqual, gridToJson } from '../src/tasks/arc/grid.js'
import { loadArcDirectory } from '../src/tasks/arc/loader.js'
import { ARC_FAMILIES } from '../src/tasks/arc/rules.js'
import { createArcTask, generatedArcItems, scoreArc } from '../src/tasks/arc/task.js'
import { DatasetError } from '../src/tasks/dataset-error.js'
import { Rng } from '../src/tasks/rng.js'
import type { TaskItem } from '../src/tasks/task.js'

const ruleOf = (name: string, seed = 'fixed'): ReturnType<typeof ARC_FAMILIES[number]['rule']> => {
  const family = ARC_FAMILIES.find(f => f.name === name)
  if (family === undefined) throw new Error(`no family ${name}`)
  return family.rule(new Rng(seed))
}

describe('ARC generator', () => {
  const tasks = generateArcTasks()

  it('makes tasks in ARC JSON form from every family: 2-4 train pairs, one test pair, valid grids', () => {
    expect(tasks).toHaveLength(ARC_COUNT)
    expect(new Set(tasks.map(t => t.family))).toEqual(new Set(ARC_FAMILIES.map(f => f.name)))
    for (const t of tasks) {
      expect(t.task.train.length).toBeGreaterThanOrEqual(2)
      expect(t.task.train.length).toBeLessThanOrEqual(4)
      expect(t.task.test).toHaveLength(1)
      for (const pair of [...t.task.train, ...t.task.test]) {
        expect(gridError(pair.input)).toBeUndefined()
        expect(gridError(pair.output)).toBeUndefined()
        expect(gridsEqual(pair.input, pair.output)).toBe(false)
      }
      const inputs = [...t.task.train, ...t.task.test].map(p => gridToJson(p.input))
      expect(new Set(inputs).size).toBe(inputs.length)
    }
  })

  it('is deterministic, and task i does not depend on how many are generated', () => {
    expect(generateArcTasks(20)).toEqual(tasks.slice(0, 20))
    expect(generateArcTask(13)).toEqual(tasks[13])
  })

  it('applies each transformation as named', () => {
    const g: ArcGrid = [[1, 0, 0], [0, 2, 0]]
    // Rotations and flips are checked through their defining identities.
    const rotate = ruleOf('rotate')
    let turned = g
    for (let i = 0; i < 4; i++) turned = rotate.apply(turned)
    expect(turned).toEqual(g)
    expect(rotate.apply(g)).not.toEqual(g)
    const flip = ruleOf('flip')
    expect(flip.apply(flip.apply(g))).toEqual(g)
    expect(ruleOf('transpose').apply(g)).toEqual([[1, 0], [0, 2], [0, 0]])
    expect(ruleOf('scale-up').apply([[1, 2]]).length).toBeGreaterThanOrEqual(2)
    const outline = [[0, 0, 0, 0, 0], [0, 3, 3, 3, 0], [0, 3, 0, 3, 0], [0, 3, 3, 3, 0], [0, 0, 0, 0, 0]]
    const filled = ruleOf('fill-enclosed').apply(outline)
    expect(filled[2]?.[2]).not.toBe(0)
    expect(filled[0]).toEqual([0, 0, 0, 0, 0])
    expect(ruleOf('hollow').apply([[4, 4, 4], [4, 4, 4], [4, 4, 4]])).toEqual([[4, 4, 4], [4, 0, 4], [4, 4, 4]])
    expect(ruleOf('crop-object').apply([[0, 0, 0, 0], [0, 5, 6, 0], [0, 0, 7, 0], [0, 0, 0, 0]])).toEqual([[5, 6], [0, 7]])
    const gravity = ruleOf('gravity', 'g1')
    const fallen = gravity.apply([[1, 0, 3], [0, 0, 0], [0, 2, 0]])
    expect(fallen.flat().filter(v => v !== 0).sort()).toEqual([1, 2, 3])
    expect(gravity.apply(fallen)).toEqual(fallen)
    expect(fallen).not.toEqual([[1, 0, 3], [0, 0, 0], [0, 2, 0]])
  })
})

describe('ARC scoring', () => {
  const items = generatedArcItems()

  it('accepts the gold grid, compact or spread over lines, with pass@2', () => {
    const task = createArcTask()
    expect(task.passAtK).toBe(2)
    for (const item of items) {
      expect(scoreArc(item, `The rule is...\nAnswer: ${item.gold}`).outcome, item.id).toBe(1)
    }
    const item = items[0] as TaskItem
    const grid = JSON.parse(item.gold) as ArcGrid
    const spread = 'Answer:\n```json\n[\n' + grid.map(r => '  [' + r.join(', ') + ']').join(',\n') + '\n]\n```'
    expect(scoreArc(item, spread).outcome).toBe(1)
  })

  it('rejects a grid with one perturbed cell, a transposed grid and the unchanged input', () => {
    for (const item of items.slice(0, 50)) {
      const grid = JSON.parse(item.gold) as ArcGrid
      const perturbed = grid.map(r => [...r])
      const row = perturbed[0] as number[]
      row[0] = ((row[0] as number) + 1) % 10
      const r = scoreArc(item, `Answer: ${JSON.stringify(perturbed)}`)
      expect(r.outcome, item.id).toBe(0)
      expect(r.reason).toBe('wrong grid: 1 cell(s) differ')
      expect(scoreArc(item, `Answer: ${JSON.stringify(item.data?.testInput)}`).outcome, item.id).toBe(0)
    }
    const wide: TaskItem = { id: 'w', question: '', gold: '[[1,2,3],[4,5,6]]' }
    expect(scoreArc(wide, 'Answer: [[1,4],[2,5],[3,6]]')).toMatchObject({ outcome: 0, reason: 'wrong grid shape 3x2' })
  })

  it('scores malformed replies 0 with a reason, without throwing', () => {
    const item: TaskItem = { id: 'a', question: '', gold: '[[1,2],[3,4]]' }
    const cases: Array<[string, RegExp]> = [
      ['[[1,2],[3,4]]', /no final answer found/],
      ['Answer: the grid above', /no grid/],
      ['Answer: [[1,2],[3,4]', /not closed/],
      ['Answer: [[1 2],[3 4]]', /not valid JSON/],
      ['Answer: [[1,2],[3]]', /row 1 has 1 cells/],
      ['Answer: [[1,2],[3,10]]', /not a colour/],
      ['Answer: [[]]', /row 0 has 0 cells/]
    ]
    for (const [reply, reason] of cases) {
      const r = scoreArc(item, reply)
      expect(r.outcome, reply).toBe(0)
      expect(r.reason, reply).toMatch(reason)
    }
    expect(parseGridAnswer('Answer: see [note] then [[5]]')).toEqual({ ok: true, grid: [[5]] })
  })
})

describe('loadArcDirectory', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-arc-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads ARC-AGI-1 task files, one item per test pair', async () => {
    const good = join(dir, 'good')
    await mkdir(good)
    await writeFile(join(good, '0a1b2c3d.json'), JSON.stringify({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1, 1]], output: [[2, 2]] }] }))
    await writeFile(join(good, 'ffff0000.json'), JSON.stringify({ train: [{ input: [[0]], output: [[0, 0]] }, { input: [[3]], output: [[3, 3]] }], test: [{ input: [[4]], output: [[4, 4]] }, { input: [[5]], output: [[5, 5]] }] }))
    await writeFile(join(good, 'README.md'), 'not a task')
    const items = await loadArcDirectory(good)
    expect(items.map(i => i.id)).toEqual(['0a1b2c3d', 'ffff0000#0', 'ffff0000#1'])
    expect(items[2]?.gold).toBe('[[5,5]]')
    expect(scoreArc(items[2] as TaskItem, 'Answer: [[5, 5]]').outcome).toBe(1)
    expect(items[0]?.question).toContain('Test input:')
  })

  it('names the file, pair and field of bad input', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"train": [], "test": [{"input": [[1]], "output": [[1]]}]}', /field "train": expected a non-empty array/],
      ['{"train": [{"input": [[1]], "output": [[1]]}], "test": [{"input": [[1, 2], [3]], "output": [[1]]}]}', /test\[0\] field "input": grid row 1 has 1 cells but row 0 has 2/],
      ['{"train": [{"input": [[1]], "output": [[11]]}], "test": [{"input": [[1]], "output": [[1]]}]}', /train\[0\] field "output": grid cell \[0\]\[0\] is not a colour/],
      ['{"train": [{"input": [[1]]}], "test": [{"input": [[1]], "output": [[1]]}]}', /train\[0\] field "output"/],
      ['{"train": ', /invalid JSON/]
    ]
    for (const [i, [text, message]] of cases.entries()) {
      const sub = join(dir, `bad${i}`)
      await mkdir(sub)
      await writeFile(join(sub, 'task.json'), text)
      const err = await loadArcDirectory(sub).catch((e: unknown) => e)
      expect(err, text).toBeInstanceOf(DatasetError)
      expect((err as Error).message, text).toContain('task.json')
      expect((err as Error).message, text).toMatch(message)
    }
    await expect(loadArcDirectory(join(dir, 'missing'))).rejects.toMatchObject({ kind: 'not-found' })
    const empty = join(dir, 'empty')
    await mkdir(empty)
    await expect(loadArcDirectory(empty)).rejects.toMatchObject({ kind: 'empty' })
  })
})
