/**
 * Audits against a real OpenAI-compatible HTTP server on 127.0.0.1 whose answers drift between the
 * evaluation and the audit, as a real endpoint at temperature 0 may: the tolerance forgives the
 * drift, and still catches a liar.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { ArchiveView, type AccusationRecord, type EvaluationRecord, type VerifiedRecord } from '@promptswarm/protocol'
import { Auditor, AuditSecret, EXACT_TOLERANCE, ReExecutionJudge, ReExecutor, type AuditOutcome } from '../src/audit/index.js'
import { OpenAICompatibleModel } from '../src/model/openai/index.js'
import type { TaskItem } from '../src/tasks/task.js'
import { AuditSwarm, inflate, math, SWARM, TASKS, VIEW } from './audit-fixtures.js'
import { chatCompletion, startChatServer, type ChatServer } from './openai-chat-server.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => { await Promise.all(cleanups.splice(0).map(async c => { await c() })) })

/**
 * Answers math items: right for about a quarter of (system prompt, item) pairs, else off by one.
 * Items in `drifted` get the other answer, which is how a drift looks from outside.
 */
async function mathServer (drifted: Set<string>): Promise<ChatServer> {
  const byMessage = new Map<string, TaskItem>(math.splits.train.map(item => [math.userMessage(item), item]))
  const server = await startChatServer(request => {
    const messages = (request.body as { messages: Array<{ role: string, content: string }> }).messages
    const system = messages.find(m => m.role === 'system')?.content ?? ''
    const item = byMessage.get(messages.find(m => m.role === 'user')?.content ?? '')
    if (item === undefined) return { status: 400, json: { error: { message: 'not a math item' } } }
    const right = (createHash('sha256').update(`${system}\u0000${item.id}`).digest()[0] as number) % 4 === 0
    const answer = right !== drifted.has(item.id) ? item.gold : String(Number(item.gold) + 1)
    return { json: chatCompletion(`Working it through.\nAnswer: ${answer}`) }
  })
  cleanups.push(async () => { await server.close() })
  return server
}

const secret = new AuditSecret(new TextEncoder().encode('audit-endpoint-test-secret-32byte'))

describe('audits on a real endpoint (local HTTP server)', () => {
  it('forgives one drifted item, catches an inflating liar, and the judge bans only the liar', async () => {
    const drifted = new Set<string>()
    const server = await mathServer(drifted)
    const model = new OpenAICompatibleModel({ baseURL: server.baseURL, model: 'drifting-model', env: {}, backoff: { initialMs: 1, maxMs: 4 }, jitterSeed: 1 })
    const swarm = new AuditSwarm(2, model)
    const { children } = await swarm.family(math, 1)
    const child = (children[0] as VerifiedRecord).idHex
    const honest = await swarm.evaluate(0, child)
    const liar = await swarm.evaluate(1, child, inflate)
    // The lie must exceed the drift allowance (a quarter of 16 values) to be worth testing.
    expect(honest.record.outcomes.filter(x => x === 0).length).toBeGreaterThan(4)

    // The endpoint now answers one item of the minibatch the other way, for every prompt.
    drifted.add(honest.record.items[3] as string)
    const audit = async (tolerant: boolean, evaluation: VerifiedRecord<EvaluationRecord>): Promise<AuditOutcome> => {
      const reExecutor = new ReExecutor({ records: swarm.observer, tasks: TASKS, models: model, ...(tolerant ? {} : { realTolerance: EXACT_TOLERANCE }) })
      return await new Auditor({ reExecutor, auditRate: 1, secret }).consider(evaluation)
    }
    expect(await audit(true, honest)).toMatchObject({ kind: 'consistent' })
    const strict = await audit(false, honest)
    expect(strict).toMatchObject({ kind: 'mismatch', differing: { outcomes: 1, baseline: 1 } })
    const caught = await audit(true, liar)
    expect(caught.kind).toBe('mismatch')

    const accuser = swarm.peers[0]!
    for (const outcome of [caught, strict]) {
      if (outcome.kind !== 'mismatch') continue
      swarm.replicate(await accuser.publish<AccusationRecord>(outcome.accusation))
    }
    let view: ArchiveView | undefined
    const judge = new ReExecutionJudge({
      swarm: SWARM,
      reExecutor: new ReExecutor({ records: swarm.observer, tasks: TASKS, models: model }),
      onVerdict: () => view?.rejudge()
    })
    view = new ArchiveView({ ...VIEW, judge })
    for (const r of swarm.records) view.add(r)
    await judge.settled()
    // The liar is banned; the strict accusation of the drifted honest evaluation is within the
    // tolerance on both sides, so neither the honest evaluator nor its accuser is banned.
    expect(view.banned()).toEqual([{ author: liar.authorHex, reasons: ['accusation'] }])
    const verdicts = view.accusationViews().map(a => [a.accused === liar.authorHex ? 'liar' : 'honest', a.verdict])
    expect(verdicts.sort()).toEqual([['honest', 'undecided'], ['liar', 'proven']])
    expect(server.requests.length).toBeGreaterThan(16)
  })
})
