import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, parseCsv } from '../src/tasks/csv.js'
import { allTasks, isTaskId, taskById, TASK_IDS, UnknownTaskError } from '../src/tasks/index.js'
import { afterLastAnswer, answerLine, lastBoxed, lastFencedBlock } from '../src/tasks/reply.js'
import { Rng } from '../src/tasks/rng.js'
import { DuplicateItemError, lazySplits, SPLIT_FRACTIONS, splitItems, splitOf } from '../src/tasks/split.js'
import type { TaskItem } from '../src/tasks/task.js'

const items = (n: number, prefix = 'item'): TaskItem[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, question: `q${i}`, gold: String(i) }))

describe('hashed splits', () => {
  it('are disjoint, cover every item, and follow the fractions roughly', () => {
    const all = items(2000)
    const s = splitItems('demo', all)
    const ids = [...s.train, ...s.validation, ...s.test].map(i => i.id)
    expect(new Set(ids).size).toBe(all.length)
    expect(ids.length).toBe(all.length)
    expect(s.train.length / all.length).toBeCloseTo(SPLIT_FRACTIONS.train, 1)
    expect(s.validation.length / all.length).toBeCloseTo(SPLIT_FRACTIONS.validation, 1)
    expect(s.test.length / all.length).toBeCloseTo(SPLIT_FRACTIONS.test, 1)
  })

  it('never move an item when items are added, removed or reordered', () => {
    const before = splitItems('demo', items(300))
    const after = splitItems('demo', [...items(600, 'new'), ...items(300)].reverse())
    for (const name of ['train', 'validation', 'test'] as const) {
      const now = new Set(after[name].map(i => i.id))
      for (const item of before[name]) expect(now.has(item.id)).toBe(true)
    }
  })

  it('depend on the task id, so two tasks with the same item ids split differently', () => {
    const ids = items(200).map(i => i.id)
    const differ = ids.filter(id => splitOf('math', id) !== splitOf('arc', id)).length
    expect(differ).toBeGreaterThan(50)
    // sha256("math:item-0") decides; same input, same answer.
    expect(ids.map(id => splitOf('math', id))).toEqual(ids.map(id => splitOf('math', id)))
  })

  it('reject duplicate item ids with a typed error', () => {
    expect(() => splitItems('demo', [...items(3), ...items(1)])).toThrow(DuplicateItemError)
  })

  it('lazy splits load once, on first access', () => {
    let loads = 0
    const s = lazySplits('demo', () => { loads++; return items(10) })
    expect(loads).toBe(0)
    const total = s.train.length + s.validation.length + s.test.length
    expect(total).toBe(10)
    expect(loads).toBe(1)
  })
})

describe('task registry', () => {
  it('returns the five tasks by id, each with a seed prompt and non-empty splits with unique ids', () => {
    const tasks = allTasks()
    expect([...tasks.keys()]).toEqual([...TASK_IDS])
    for (const [id, task] of tasks) {
      expect(task.id).toBe(id)
      expect(task.seedPrompt).toMatch(/step by step/i)
      expect(task.seedPrompt).toMatch(/Answer|```python/)
      const { train, validation, test } = task.splits
      expect(train.length, id).toBeGreaterThan(0)
      expect(validation.length, id).toBeGreaterThan(0)
      expect(test.length, id).toBeGreaterThan(0)
      const all = [...train, ...validation, ...test]
      expect(new Set(all.map(i => i.id)).size, id).toBe(all.length)
      expect(all.length, id).toBeLessThanOrEqual(300)
      for (const item of all) {
        const d = item.data?.difficulty
        expect(typeof d === 'number' && d >= 0 && d <= 1, `${item.id} difficulty`).toBe(true)
        expect(task.userMessage(item).length).toBeGreaterThan(0)
      }
    }
    expect(tasks.get('arc')?.passAtK).toBe(2)
  })

  it('builds the registry once and knows only the five ids', () => {
    expect(allTasks()).toBe(allTasks())
    expect(taskById('sudoku').id).toBe('sudoku')
    expect(isTaskId('math')).toBe(true)
    expect(() => taskById('chess')).toThrow(UnknownTaskError)
  })
})

describe('reply parsing', () => {
  it('takes the text after the last line starting with Answer:, tolerating Markdown', () => {
    expect(afterLastAnswer('Answer: 1\nthen\nANSWER: 2')).toBe('2')
    expect(answerLine('**Answer:** 45\n')).toBe('45')
    expect(answerLine('**Answer**: (B)')).toBe('(B)')
    expect(answerLine('> answer: 7')).toBe('7')
    expect(answerLine('Answer:\n\n  12  \n')).toBe('12')
    expect(answerLine('The answer is 5.')).toBeUndefined()
    expect(answerLine('My final answer: 5')).toBeUndefined()
  })

  it('finds the last \\boxed{} with nested braces', () => {
    expect(lastBoxed('\\boxed{1} then \\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}')
    expect(lastBoxed('\\boxed{12')).toBeUndefined()
    expect(lastBoxed('none')).toBeUndefined()
  })

  it('finds the last fenced block in a wanted language, else the last untagged one', () => {
    const reply = '```python\nA\n```\n```js\nB\n```\n```py\nC\n```'
    expect(lastFencedBlock(reply, ['python', 'py'])).toBe('C')
    expect(lastFencedBlock('```\nX\n```\n```text\nY\n```', ['python'])).toBe('X')
    expect(lastFencedBlock('```python\nunterminated', ['python'])).toBe('unterminated')
    expect(lastFencedBlock('no code', ['python'])).toBeUndefined()
  })
})

describe('CSV reader', () => {
  it('handles quotes, doubled quotes, newlines in fields, CRLF and a BOM, with row line numbers', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n\n1,2')
    expect(rows.map(r => r.fields)).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', 'z'], ['1', '2']])
    expect(rows.map(r => r.line)).toEqual([1, 2, 3, 6])
  })

  it('reports an unterminated quote with its line', () => {
    expect(() => parseCsv('a\n"open,b\nc')).toThrow(CsvSyntaxError)
    try { parseCsv('a\n"open,b\nc') } catch (e) { expect((e as CsvSyntaxError).line).toBe(2) }
  })
})

describe('Rng', () => {
  it('is deterministic per seed and covers its ranges', () => {
    const a = new Rng('seed')
    const b = new Rng('seed')
    const xs = Array.from({ length: 50 }, () => a.int(1, 6))
    expect(xs).toEqual(Array.from({ length: 50 }, () => b.int(1, 6)))
    expect(new Set(xs)).toEqual(new Set([1, 2, 3, 4, 5, 6]))
    expect(new Rng('other').int(0, 1_000_000)).not.toBe(new Rng('seed').int(0, 1_000_000))
    expect(new Rng('s').shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5])
  })
})
