import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetError } from '../src/tasks/dataset-error.js'
import { parseIntegerAnswer } from '../src/tasks/math/answer.js'
import { MATH_FAMILIES } from '../src/tasks/math/families.js'
import { generateMathProblem, generateMathProblems, MATH_COUNT } from '../src/tasks/math/generator.js'
import { loadAime } from '../src/tasks/math/loader.js'
import { createMathTask, generatedMathItems, scoreMath } from '../src/tasks/math/task.js'
import type { TaskItem } from '../src/tasks/task.js'

describe('math generator', () => {
  const problems = generateMathProblems()

  it('makes a few hundred distinct problems from every family, answers 0-999, difficulty in [0, 1]', () => {
    expect(problems).toHaveLength(MATH_COUNT)
    expect(new Set(problems.map(p => p.question)).size).toBe(problems.length)
    expect(new Set(problems.map(p => p.family))).toEqual(new Set(MATH_FAMILIES.map(f => f.name)))
    for (const p of problems) {
      expect(Number.isInteger(p.answer) && p.answer >= 0 && p.answer <= 999, p.question).toBe(true)
      expect(p.difficulty).toBeGreaterThanOrEqual(0)
      expect(p.difficulty).toBeLessThanOrEqual(1)
    }
    const difficulties = problems.map(p => p.difficulty)
    expect(Math.max(...difficulties) - Math.min(...difficulties)).toBeGreaterThan(0.3)
  })

  it('is deterministic, and problem i does not depend on how many are generated', () => {
    expect(generateMathProblems(40)).toEqual(problems.slice(0, 40))
    expect(generateMathProblem(7)).toEqual(problems[7])
    expect(generateMathProblems(5, 'another-seed')).not.toEqual(problems.slice(0, 5))
  })

  it('states answers that re-solving the question text confirms', () => {
    let checked = 0
    for (const p of problems) {
      let m = /^Find the remainder when \$(\d+)\^\{(\d+)\}\$ is divided by \$(\d+)\$\.$/.exec(p.question)
      if (m !== null) {
        expect(Number(BigInt(m[1] as string) ** BigInt(m[2] as string) % BigInt(m[3] as string)), p.question).toBe(p.answer)
        checked++
      }
      m = /^What is the greatest common divisor of \$(\d+)\$ and \$(\d+)\$\?$/.exec(p.question)
      if (m !== null) {
        const [a, b] = [Number(m[1]), Number(m[2])]
        let g = Math.min(a, b)
        while (a % g !== 0 || b % g !== 0) g--
        expect(g, p.question).toBe(p.answer)
        checked++
      }
      m = /^The number \$(\d+)_\{(\d+)\}\$ is written in base/.exec(p.question)
      if (m !== null) {
        expect(Number.parseInt(m[1] as string, Number(m[2])), p.question).toBe(p.answer)
        checked++
      }
      m = /^A right triangle has legs of lengths \$(\d+)\$ and \$(\d+)\$\. What is the perimeter/.exec(p.question)
      if (m !== null) {
        const [a, b] = [Number(m[1]), Number(m[2])]
        expect(a + b + Math.hypot(a, b), p.question).toBe(p.answer)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(25)
  })
})

describe('math scoring', () => {
  const items = generatedMathItems()

  it('accepts gold answers in the canonical and tolerated forms', () => {
    for (const item of items) {
      expect(scoreMath(item, `Step 1...\nAnswer: ${item.gold}`).outcome, item.id).toBe(1)
    }
    const item: TaskItem = { id: 'm', question: 'q', gold: '45' }
    const forms = ['Answer: 45', 'answer: 045', '**Answer:** $45$', 'Answer: \\boxed{45}', 'Answer: 45.', 'Answer: 45.0',
      'Answer:\n45', 'so the total is \\boxed{45}', 'Answer: 12\nWait, recheck.\nAnswer: 45', 'Answer: 45 (mod 1000)']
    for (const reply of forms) expect(scoreMath(item, reply), reply).toMatchObject({ outcome: 1, answer: '45' })
  })

  it('rejects plausible wrong answers: nearby integers, other values', () => {
    for (const item of items.slice(0, 60)) {
      const gold = Number(item.gold)
      for (const wrong of [gold + 1, gold - 1, gold + 10]) {
        const r = scoreMath(item, `Answer: ${wrong}`)
        expect(r.outcome, `${item.id} ${wrong}`).toBe(0)
        expect(r.reason).toBe(`wrong answer ${wrong}`)
      }
    }
  })

  it('scores malformed replies 0 with a reason, without throwing', () => {
    const item: TaskItem = { id: 'm', question: 'q', gold: '45' }
    const cases: Array<[string, RegExp]> = [
      ['The answer is 45.', /no final answer found/],
      ['', /no final answer found/],
      ['Answer: forty-five', /no integer/],
      ['Answer: 44.5', /not an integer/],
      ['Answer: 3/4', /fraction/],
      ['Answer: \\frac{90}{2}', /fraction/]
    ]
    for (const [reply, reason] of cases) {
      const r = scoreMath(item, reply)
      expect(r.outcome, reply).toBe(0)
      expect(r.reason, reply).toMatch(reason)
    }
    expect(parseIntegerAnswer('Answer: 99999999999999999999999').ok).toBe(false)
  })

  it('the task scores through its interface and shows the question as the user message', async () => {
    const task = createMathTask()
    const item = task.splits.validation[0] as TaskItem
    expect(task.userMessage(item)).toBe(item.question)
    expect((await task.score(item, `Answer: ${item.gold}`)).outcome).toBe(1)
    expect(task.passAtK ?? 1).toBe(1)
  })
})

describe('loadAime', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-aime-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads JSON Lines with problem/question and answer fields', async () => {
    const path = join(dir, 'aime2025.jsonl')
    await writeFile(path, [
      JSON.stringify({ id: '2025-I-1', problem: 'Find the sum of all integer bases $b>9$ ...', answer: '70' }),
      JSON.stringify({ id: '2025-I-15', question: 'Another problem', answer: 7 }),
      ''
    ].join('\n'))
    const items = await loadAime(path)
    expect(items.map(i => [i.id, i.gold])).toEqual([['aime-2025-I-1', '70'], ['aime-2025-I-15', '7']])
    expect(items[0]?.data?.difficulty).toBeLessThan(items[1]?.data?.difficulty as number)
    expect(scoreMath(items[0] as TaskItem, 'Answer: 070').outcome).toBe(1)
  })

  it('reads CSV with a header', async () => {
    const path = join(dir, 'aime.csv')
    await writeFile(path, 'id,problem,answer\n1,"A problem, with a comma",204\n2,Second,0\n')
    const items = await loadAime(path)
    expect(items.map(i => i.question)).toEqual(['A problem, with a comma', 'Second'])
    expect(items[1]?.gold).toBe('0')
  })

  it('names the file, line and field of bad input', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['bad.jsonl', '{"problem": "p", "answer": "1000"}', /bad\.jsonl line 1 field "answer": expected an integer 0-999/],
      ['bad.jsonl', '{"problem": "p", "answer": "1"}\n{"answer": "2"}', /line 2 field "problem\/question": missing or empty problem text/],
      ['bad.jsonl', '{"problem": "p", "answer": "1/2"}', /field "answer"/],
      ['bad.jsonl', '[1, 2]', /line 1: expected a JSON object/],
      ['bad.jsonl', '{"id": 1, "problem": "p", "answer": 1}\n{"id": 1, "problem": "q", "answer": 2}', /line 2 field "id": id aime-1 already used at line 1/],
      ['bad.csv', 'problem,answer\n"unterminated,5\n', /bad\.csv line 2: quoted field is never closed/]
    ]
    for (const [name, text, message] of cases) {
      const path = join(dir, name)
      await writeFile(path, text)
      const err = await loadAime(path).catch((e: unknown) => e)
      expect(err, text).toBeInstanceOf(DatasetError)
      expect((err as Error).message, text).toMatch(message)
    }
  })
})
