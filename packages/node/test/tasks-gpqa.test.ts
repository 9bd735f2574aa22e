import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DatasetError } from '../src/tasks/dataset-error.js'
import { parseLetterAnswer } from '../src/tasks/gpqa/answer.js'
import { generateScienceQuestions, GPQA_COUNT } from '../src/tasks/gpqa/generator.js'
import { loadGpqaCsv } from '../src/tasks/gpqa/loader.js'
import { LETTERS, shuffleOptions } from '../src/tasks/gpqa/options.js'
import { formatNumber } from '../src/tasks/gpqa/quantity.js'
import { SCIENCE_TEMPLATES } from '../src/tasks/gpqa/templates.js'
import { createGpqaTask, generatedGpqaItems, scoreGpqa } from '../src/tasks/gpqa/task.js'
import type { TaskItem } from '../src/tasks/task.js'

describe('science question generator (GPQA format)', () => {
  const questions = generateScienceQuestions()
  const items = generatedGpqaItems()

  it('makes distinct questions from every template, each with four distinct options', () => {
    expect(questions).toHaveLength(GPQA_COUNT)
    expect(new Set(questions.map(q => q.question)).size).toBe(questions.length)
    expect(new Set(questions.map(q => q.template))).toEqual(new Set(SCIENCE_TEMPLATES.map(t => t.name)))
    expect(new Set(questions.map(q => q.domain))).toEqual(new Set(['Physics', 'Chemistry', 'Biology']))
    for (const q of questions) expect(new Set([q.correct, ...q.incorrect]).size, q.question).toBe(4)
  })

  it('puts the correct option at the gold letter, in GPQA\'s question form', () => {
    for (const [i, item] of items.entries()) {
      const options = item.data?.options as string[]
      expect(options).toHaveLength(4)
      expect(options[LETTERS.indexOf(item.gold as typeof LETTERS[number])]).toBe(questions[i]?.correct)
      expect(item.question).toMatch(/^What is the correct answer to this question: [\s\S]+\n\nChoices:\n\(A\) .+\n\(B\) .+\n\(C\) .+\n\(D\) .+$/)
    }
    const counts = LETTERS.map(l => items.filter(i => i.gold === l).length)
    for (const c of counts) expect(c).toBeGreaterThan(GPQA_COUNT / 8)
  })

  it('is deterministic and computes the physics right (spot check: photon energy)', () => {
    expect(generateScienceQuestions(10)).toEqual(questions.slice(0, 10))
    const photon = questions.find(q => q.template === 'photon-energy')
    const nm = Number(/wavelength of (\d+) nm/.exec(photon?.question ?? '')?.[1])
    // E ≈ 1240 eV·nm / λ, to within rounding of the constants.
    const value = Number.parseFloat(photon?.correct ?? '')
    expect(Math.abs(value - 1240 / nm) / value).toBeLessThan(0.01)
    expect(photon?.correct.endsWith(' eV')).toBe(true)
  })

  it('formats numbers to three significant figures', () => {
    expect(formatNumber(0.0123456)).toBe('0.0123')
    expect(formatNumber(2.5)).toBe('2.50')
    expect(formatNumber(123456)).toBe('1.23 × 10^5')
    expect(formatNumber(-78.49)).toBe('-78.5')
    expect(formatNumber(0.00001234)).toBe('1.23 × 10^-5')
  })

  it('shuffles options by item id, the same way every time', () => {
    const a = shuffleOptions('x1', 'right', ['w1', 'w2', 'w3'])
    expect(shuffleOptions('x1', 'right', ['w1', 'w2', 'w3'])).toEqual(a)
    expect(a.options[LETTERS.indexOf(a.gold)]).toBe('right')
  })
})

describe('GPQA scoring', () => {
  const items = generatedGpqaItems()

  it('accepts the gold letter in the canonical and tolerated forms', () => {
    for (const item of items) expect(scoreGpqa(item, `Reasoning...\nAnswer: ${item.gold}`).outcome, item.id).toBe(1)
    const item: TaskItem = { id: 'g', question: '', gold: 'C', data: { options: ['1', '2', '3', '4'] } }
    for (const reply of ['Answer: C', 'Answer: (C)', 'answer: c', '**Answer:** **C**', 'Answer: C) 3', 'Answer: [C]', 'Answer: \\boxed{C}', 'Answer: C. 3',
      'Answer: (c)', 'Answer: \\boxed{c}', 'Answer: C because the others fail']) {
      expect(scoreGpqa(item, reply), reply).toMatchObject({ outcome: 1, answer: 'C' })
    }
  })

  it('rejects every other option', () => {
    for (const item of items.slice(0, 40)) {
      for (const letter of LETTERS.filter(l => l !== item.gold)) {
        expect(scoreGpqa(item, `Answer: ${letter}`)).toMatchObject({ outcome: 0, reason: `wrong option ${letter}` })
      }
    }
  })

  it('scores malformed replies 0 with a reason, without throwing', () => {
    const item: TaskItem = { id: 'g', question: '', gold: 'A', data: { options: ['1', '2', '3', '4'] } }
    const cases: Array<[string, RegExp]> = [
      ['The correct answer is (A)', /no final answer found/],
      ['Answer: All of the above', /no option letter/],
      ['Answer: E', /no option letter/],
      ['Answer: 42', /no option letter/],
      ['Answer:', /no option letter/],
      ['Answer: A photon is exchanged', /no option letter/],
      ['Answer: a photon', /no option letter/],
      ['Answer: d is right', /no option letter/]
    ]
    for (const [reply, reason] of cases) {
      const r = scoreGpqa(item, reply)
      expect(r.outcome, reply).toBe(0)
      expect(r.reason, reply).toMatch(reason)
    }
    // A hedge is not an answer: the line must start with the letter.
    expect(parseLetterAnswer('Answer: Between B and C, B').ok).toBe(false)
  })

  it('the task wires the scorer', async () => {
    const task = createGpqaTask()
    const item = task.splits.test[0] as TaskItem
    expect((await task.score(item, `Answer: (${item.gold})`)).outcome).toBe(1)
  })
})

describe('loadGpqaCsv', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-gpqa-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  const header = 'Pre-Revision Question,Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2,Incorrect Answer 3,Record ID,High-level domain,Writer\'s Difficulty Estimate'

  it('reads the GPQA columns, with multi-line quoted questions, and shuffles options per record', async () => {
    const path = join(dir, 'gpqa_diamond.csv')
    await writeFile(path, [
      header,
      'x,"Which particle mediates the\nelectromagnetic force?",photon,gluon,W boson,graviton,recA1,Physics,Hard graduate level (could be a question on a hard graduate exam for subjects in the question\'s domain)',
      'x,"What is 2, plus 2?",4,3,5,22,recB2,Chemistry,Post-graduate level or harder'
    ].join('\n'))
    const items = await loadGpqaCsv(path)
    expect(items.map(i => i.id)).toEqual(['gpqa-recA1', 'gpqa-recB2'])
    const first = items[0] as TaskItem
    const options = first.data?.options as string[]
    expect(options[LETTERS.indexOf(first.gold as typeof LETTERS[number])]).toBe('photon')
    expect(first.question).toContain('Which particle mediates the\nelectromagnetic force?')
    expect(first.data?.domain).toBe('Physics')
    expect(items[1]?.data?.difficulty).toBeGreaterThan(first.data?.difficulty as number)
    expect(scoreGpqa(first, `Answer: ${first.gold}`).outcome).toBe(1)
  })

  it('names the file, line and column of bad input', async () => {
    const cases: Array<[string, RegExp]> = [
      ['Question,Correct Answer,Incorrect Answer 1,Incorrect Answer 2\nq,a,b,c', /line 1 \(header\) field "Incorrect Answer 3": missing column/],
      [header + '\nx,q,a,b,,d,r1,Physics,', /line 2 field "Incorrect Answer 2": empty value/],
      [header + '\nx,q,a,a,c,d,r1,Physics,', /line 2 field "Correct Answer": an incorrect answer equals/],
      [header + '\nx,q,a,b,c,d,r1,P,\nx,q2,a,b,c,d,r1,P,', /line 3 field "Record ID": record id already used at line 2/],
      [header + '\nx,"q,a,b,c,d', /line 2: quoted field is never closed/],
      [header + '\n', /no questions/]
    ]
    for (const [text, message] of cases) {
      const path = join(dir, 'bad.csv')
      await writeFile(path, text)
      const err = await loadGpqaCsv(path).catch((e: unknown) => e)
      expect(err, text).toBeInstanceOf(DatasetError)
      expect((err as Error).message, text).toContain('bad.csv')
      expect((err as Error).message, text).toMatch(message)
    }
  })
})
