import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PythonSandbox } from '../src/sandbox/index.js'
import { DatasetError } from '../src/tasks/dataset-error.js'
import { loadMbppJsonl } from '../src/tasks/mbpp/loader.js'
import { codingDifficulty, entryPointOf } from '../src/tasks/mbpp/problem.js'
import { createMbppTask, PROJECT_PROBLEMS, projectMbppItems, scoreMbpp } from '../src/tasks/mbpp/task.js'
import type { TaskItem } from '../src/tasks/task.js'

const sandbox = new PythonSandbox({ concurrency: 2, limits: { cpuSeconds: 1, wallMs: 5_000 } })
const fence = (code: string): string => 'Here is my solution.\n\n```python\n' + code + '\n```\n'

describe('mbpp: the project-written problems', () => {
  const items = projectMbppItems()

  it('has 60-100 problems, each with three asserts, a findable entry point and a difficulty', () => {
    expect(items.length).toBeGreaterThanOrEqual(60)
    expect(items.length).toBeLessThanOrEqual(100)
    for (const item of items) {
      const tests = item.data?.tests as string[]
      expect(tests, item.id).toHaveLength(3)
      for (const t of tests) expect(t.startsWith('assert '), item.id).toBe(true)
      const entryPoint = item.data?.entryPoint as string
      expect(entryPoint, item.id).not.toBe('')
      expect(item.gold, item.id).toContain(`def ${entryPoint}(`)
      for (const t of tests) expect(t, item.id).toContain(`${entryPoint}(`)
      const difficulty = item.data?.difficulty as number
      expect(difficulty).toBeGreaterThanOrEqual(0)
      expect(difficulty).toBeLessThanOrEqual(1)
    }
    expect(new Set(items.map(i => i.data?.entryPoint)).size).toBe(items.length)
  })

  it('every reference solution passes its own asserts in the sandbox', async () => {
    const results = await Promise.all(items.map(async item => ({ id: item.id, score: await scoreMbpp(item, fence(item.gold), sandbox) })))
    const failures = results.filter(r => r.score.outcome !== 1).map(r => `${r.id}: ${r.score.reason ?? ''}`)
    expect(failures).toEqual([])
  })

  it('the question reads like MBPP\'s prompt', () => {
    const item = items[0] as TaskItem
    expect(item.question).toMatch(/^You are an expert Python programmer, and here is your task: .+ Your code should pass these tests:\n\nassert /)
  })
})

describe('mbpp: scoring', () => {
  const items = projectMbppItems()
  const byEntry = (name: string): TaskItem => {
    const item = items.find(i => i.data?.entryPoint === name)
    if (item === undefined) throw new Error(`no problem ${name}`)
    return item
  }

  it('fails references with real bugs, naming the failing assert', async () => {
    const bugs: Array<[string, string, string]> = [
      // Off by one in a range, a dropped last digit, a missed edge case, a wrong loop bound, no dedup.
      ['factorial', 'def factorial(n):\n    result = 1\n    for k in range(2, n):\n        result *= k\n    return result', 'assert factorial(5) == 120'],
      ['digit_sum', 'def digit_sum(n):\n    total = 0\n    while n > 9:\n        total += n % 10\n        n //= 10\n    return total', 'assert digit_sum(12345) == 15'],
      ['is_leap_year', 'def is_leap_year(year):\n    return year % 4 == 0 and year % 100 != 0', 'assert is_leap_year(2000) == True'],
      ['binary_search', 'def binary_search(items, target):\n    lo, hi = 0, len(items) - 1\n    while lo < hi:\n        mid = (lo + hi) // 2\n        if items[mid] == target:\n            return mid\n        if items[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n    return -1', 'assert binary_search([1, 3, 5, 7, 9, 11], 7) == 3'],
      ['second_largest', 'def second_largest(nums):\n    s = sorted(nums, reverse=True)\n    return s[1] if len(s) > 1 else None', 'assert second_largest([4, 1, 7, 7, 3]) == 4']
    ]
    for (const [name, code, failing] of bugs) {
      const score = await scoreMbpp(byEntry(name), fence(code), sandbox)
      expect(score.outcome, name).toBe(0)
      expect(score.reason, name).toContain(failing)
    }
  })

  it('fails a reply that raises, names the exception, and keeps the code as the answer', async () => {
    const score = await scoreMbpp(byEntry('factorial'), fence('def factorial(n):\n    return undefined_name'), sandbox)
    expect(score.outcome).toBe(0)
    expect(score.reason).toContain('NameError')
    expect(score.answer).toContain('undefined_name')
  })

  it('runs the last python block, and accepts an untagged fence when there is no tagged one', async () => {
    const item = byEntry('triangular')
    const twoBlocks = '```python\ndef triangular(n):\n    return 0\n```\nCorrected:\n```python\ndef triangular(n):\n    return n * (n + 1) // 2\n```'
    expect((await scoreMbpp(item, twoBlocks, sandbox)).outcome).toBe(1)
    expect((await scoreMbpp(item, '```\ndef triangular(n):\n    return n * (n + 1) // 2\n```', sandbox)).outcome).toBe(1)
  })

  it('malformed replies score 0 with a reason and do not throw', async () => {
    const item = byEntry('triangular')
    const none = await scoreMbpp(item, 'def triangular(n): return n * (n + 1) // 2', sandbox)
    expect(none).toMatchObject({ outcome: 0, reason: 'no ```python code block found' })
    const syntax = await scoreMbpp(item, fence('def triangular(n) return 1'), sandbox)
    expect(syntax.outcome).toBe(0)
    expect(syntax.reason).toContain('SyntaxError')
    const hostile = await scoreMbpp(item, fence('while True:\n    pass'), sandbox)
    expect(hostile.outcome).toBe(0)
    expect(hostile.reason).toContain('timeout')
    expect((await scoreMbpp({ id: 'x', question: '', gold: '' }, fence('pass'), sandbox)).reason).toBe('item has no data.tests')
  })

  it('the task wires the scorer and the sandbox together', async () => {
    const task = createMbppTask({ sandbox })
    const item = task.splits.train[0] as TaskItem
    expect((await task.score(item, fence(item.gold))).outcome).toBe(1)
    expect(task.userMessage(item)).toBe(item.question)
  })
})

describe('mbpp: entry points and difficulty', () => {
  it('finds the called function, skipping builtins around it', () => {
    expect(entryPointOf({ code: 'def f(x):\n  return x', tests: ['assert f(1) == 1'] })).toBe('f')
    expect(entryPointOf({ code: '', tests: ['assert set(find_dupes([1, 1])) == set([1])'] })).toBe('find_dupes')
    expect(entryPointOf({ code: 'def helper():\n  pass\ndef main_fn():\n  pass', tests: ['assert True'] })).toBe('helper')
  })

  it('rates longer, loopier reference code as harder', () => {
    expect(codingDifficulty('def f(x):\n    return x')).toBeLessThan(codingDifficulty((PROJECT_PROBLEMS.find(p => p.code.includes('def count_islands')) ?? { code: '' }).code))
  })
})

describe('loadMbppJsonl', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-mbpp-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  const row = (taskId: number, extra: Record<string, unknown> = {}): string => JSON.stringify({
    task_id: taskId,
    text: 'Write a function to double a number.',
    code: 'def double(x):\r\n    return 2 * x',
    test_list: ['assert double(2) == 4', 'assert double(0) == 0', 'assert double(-1) == -2'],
    test_setup_code: '',
    challenge_test_list: [],
    ...extra
  })

  it('reads MBPP JSON Lines into items whose reference passes in the sandbox', async () => {
    const path = join(dir, 'mbpp.jsonl')
    await writeFile(path, row(11) + '\n' + row(12, { test_setup_code: 'import math' }) + '\n')
    const items = await loadMbppJsonl(path)
    expect(items.map(i => i.id)).toEqual(['mbpp-11', 'mbpp-12'])
    expect(items[0]?.data?.entryPoint).toBe('double')
    expect(items[1]?.data?.setup).toBe('import math')
    expect((await scoreMbpp(items[1] as TaskItem, fence(items[1]?.gold ?? ''), sandbox)).outcome).toBe(1)
  })

  it('reads the sanitized JSON array form (prompt, test_imports)', async () => {
    const path = join(dir, 'sanitized-mbpp.json')
    await writeFile(path, JSON.stringify([{ task_id: 2, prompt: 'Double it.', code: 'def double(x):\n    return 2 * x', test_imports: [], test_list: ['assert double(3) == 6'] }]))
    const items = await loadMbppJsonl(path)
    expect(items[0]?.question).toContain('Double it.')
  })

  it('names the file, line and field of bad input', async () => {
    const cases: Array<[string, RegExp]> = [
      [row(1) + '\n{not json', /bad\.jsonl line 2: invalid JSON/],
      [row(1) + '\n' + row(2, { test_list: [] }), /line 2 field "test_list"/],
      [row(1) + '\n' + row(2, { code: 7 }), /line 2 field "code"/],
      [row(1) + '\n' + row(1), /line 2 field "task_id": task_id already used at line 1/],
      ['', /no problems/]
    ]
    for (const [text, message] of cases) {
      const path = join(dir, 'bad.jsonl')
      await writeFile(path, text)
      const err = await loadMbppJsonl(path).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DatasetError)
      expect((err as Error).message).toMatch(message)
    }
    await expect(loadMbppJsonl(join(dir, 'missing.jsonl'))).rejects.toMatchObject({ kind: 'not-found' })
  })
})
