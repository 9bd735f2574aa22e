import { describe, expect, it } from 'vitest'
import { SyntheticModel, writeItemReply, writePayloadReply } from '../src/model/synthetic/index.js'
import { taskKey } from '../src/model/synthetic/profile.js'
import { Rng } from '../src/model/synthetic/random.js'
import { allTasks } from '../src/tasks/index.js'
import type { Task, TaskItem } from '../src/tasks/task.js'

const TASKS: readonly Task[] = [...allTasks().values()]
const FAMILY_SETS: ReadonlyArray<ReadonlySet<string>> = [new Set(), new Set(['step-by-step', 'self-verify']), new Set(['concision'])]

function itemsOf (task: Task, n: number): TaskItem[] {
  return [...task.splits.train, ...task.splits.validation, ...task.splits.test].slice(0, n)
}

describe('synthetic model against the real tasks\' scorers', () => {
  for (const task of TASKS) {
    it(`${task.id}: correct replies pass, wrong and unparseable ones fail, payloads fail`, async () => {
      const key = taskKey(task.id)
      expect(key).toBe(task.id)
      // Code runs in the sandbox (a process per reply): every mbpp item gets a wrong answer, fewer
      // get the rest. Reasoning only decorates code replies, so one family set is enough there.
      const code = task.id === 'mbpp'
      const items = itemsOf(task, code ? Infinity : 40)
      const familySets = code ? FAMILY_SETS.slice(0, 1) : FAMILY_SETS
      expect(items.length).toBeGreaterThan(10)
      for (const [i, item] of items.entries()) {
        for (const [f, families] of familySets.entries()) {
          const rng = Rng.fromParts('tasks-test', task.id, item.id, f)
          if (!code || i < 20) {
            const right = await task.score(item, writeItemReply(key, item.gold, { correct: true, parseable: true }, families, rng))
            expect(right, `${task.id} ${item.id} correct`).toMatchObject({ outcome: 1 })
          }
          const wrong = await task.score(item, writeItemReply(key, item.gold, { correct: false, parseable: true }, families, rng))
          expect(wrong.outcome, `${task.id} ${item.id} wrong: ${wrong.answer}`).toBe(0)
          expect(wrong.answer, `${task.id} ${item.id} wrong answers parse`).toBeDefined()
          const loose = await task.score(item, writeItemReply(key, item.gold, { correct: i % 2 === 0, parseable: false }, families, rng))
          expect(loose.outcome).toBe(0)
          expect(loose.answer).toBeUndefined()
        }
        if (!code || i < 5) expect((await task.score(item, writePayloadReply(key, '42', item.gold))).outcome).toBe(0)
      }
    })
  }

  it('measured accuracy through the real scorers matches the analytic expectation', async () => {
    const model = new SyntheticModel({ profile: 'small' })
    for (const task of TASKS) {
      const items = [...task.splits.train, ...task.splits.validation, ...task.splits.test]
      let solved = 0
      for (const item of items) {
        const reply = model.completeSync({
          messages: [{ role: 'system', content: task.seedPrompt }, { role: 'user', content: task.userMessage(item) }],
          hint: { kind: 'task-item', task: task.id, itemId: item.id, gold: item.gold }
        })
        solved += (await task.score(item, reply.text)).outcome
      }
      const measured = solved / items.length
      const expected = model.expectedAccuracy(task.id, task.seedPrompt)
      // Binomial noise on a few hundred items: allow four standard errors.
      const se = Math.sqrt(expected * (1 - expected) / items.length)
      expect(Math.abs(measured - expected), `${task.id}: ${measured} vs ${expected} on ${items.length} items`).toBeLessThan(4 * se + 0.01)
    }
  })
})
