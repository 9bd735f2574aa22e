/**
 * The response cache on disk and the shared budget, with OpenAICompatibleModel talking to a real
 * chat-completions HTTP server on 127.0.0.1.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ModelError, type CompletionRequest } from '../src/model/language-model.js'
import { cacheKey, ModelBudget, OpenAICompatibleModel, ResponseCache, type OpenAICompatibleOptions } from '../src/model/openai/index.js'
import { chatCompletion, startChatServer, type ChatServer } from './openai-chat-server.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(async c => { await c() }))
})

/** Answers every request with a text that counts the requests, so a fresh answer is recognisable. */
async function countingServer (usage = { prompt_tokens: 10, completion_tokens: 5 }): Promise<ChatServer> {
  const server = await startChatServer((_req, i) => ({ json: chatCompletion(`answer ${i}`, { usage }) }))
  cleanups.push(async () => { await server.close() })
  return server
}

async function tempDir (): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'promptswarm-openai-'))
  cleanups.push(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

function modelFor (baseURL: string, options: Partial<OpenAICompatibleOptions> = {}): OpenAICompatibleModel {
  return new OpenAICompatibleModel({ baseURL, model: 'test-model', env: {}, backoff: { initialMs: 1, maxMs: 4 }, jitterSeed: 1, ...options })
}

const ask = (content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'user', content }],
  ...extra
})

async function failure (promise: Promise<unknown>): Promise<ModelError> {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(ModelError)
  return err as ModelError
}

describe('response cache', () => {
  it('serves a repeated call from disk, marked cached, without a second request', async () => {
    const server = await countingServer()
    const cacheDir = await tempDir()
    const first = await modelFor(server.baseURL, { cacheDir }).complete(ask('q'))
    // A new model instance, as after a restart: the answer comes from the directory, not memory.
    const model = modelFor(server.baseURL, { cacheDir })
    const second = await model.complete(ask('q'))
    expect(first.cached).toBe(false)
    expect(second).toEqual({ ...first, cached: true })
    expect(server.requests).toHaveLength(1)
    expect(model.stats).toMatchObject({ cacheHits: 1, requests: 0 })
  })

  it('misses when any keyed parameter differs: base URL, model, messages, temperature, max tokens, sample', async () => {
    const server = await countingServer()
    const cacheDir = await tempDir()
    const model = modelFor(server.baseURL, { cacheDir })
    await model.complete(ask('q'))
    const variants: Array<[string, () => Promise<unknown>]> = [
      ['base URL', async () => await modelFor(`http://localhost:${server.port}/v1`, { cacheDir }).complete(ask('q'))],
      ['model', async () => await modelFor(server.baseURL, { cacheDir, model: 'other-model' }).complete(ask('q'))],
      ['message text', async () => await model.complete(ask('q2'))],
      ['message role', async () => await model.complete({ messages: [{ role: 'system', content: 'q' }] })],
      ['temperature', async () => await model.complete(ask('q', { temperature: 0.7 }))],
      ['max tokens', async () => await model.complete(ask('q', { maxTokens: 32 }))],
      ['sample', async () => await model.complete(ask('q', { sample: 1 }))]
    ]
    for (const [i, [name, call]] of variants.entries()) {
      await call()
      expect(server.requests.length, `a different ${name} must miss the cache`).toBe(i + 2)
    }
    // And each of those is now a hit.
    await model.complete(ask('q', { sample: 1 }))
    expect(server.requests).toHaveLength(variants.length + 1)
  })

  it('ignores a corrupt entry, warns about it, and overwrites it with the fresh answer', async () => {
    const server = await countingServer()
    const cacheDir = await tempDir()
    const warnings: string[] = []
    const model = modelFor(server.baseURL, { cacheDir, onWarning: m => warnings.push(m) })
    const key = cacheKey({ baseURL: server.baseURL, model: 'test-model', messages: ask('q').messages, temperature: 0, maxTokens: null, maxTokensField: 'max_tokens', sample: 0 })
    const path = new ResponseCache(cacheDir, () => {}).pathOf(key)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, '{"format": "promptswarm-response-cache/1", "key": tru')

    const result = await model.complete(ask('q'))
    expect(result).toMatchObject({ text: 'answer 0', cached: false })
    expect(server.requests).toHaveLength(1)
    expect(warnings.join('\n')).toContain(path)
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ key, completion: { text: 'answer 0' } })
    expect(await model.complete(ask('q'))).toMatchObject({ text: 'answer 0', cached: true })
  })

  it('treats an entry of the wrong shape as a miss', async () => {
    const server = await countingServer()
    const cacheDir = await tempDir()
    const model = modelFor(server.baseURL, { cacheDir, onWarning: () => {} })
    const key = cacheKey({ baseURL: server.baseURL, model: 'test-model', messages: ask('q').messages, temperature: 0, maxTokens: null, maxTokensField: 'max_tokens', sample: 0 })
    const path = new ResponseCache(cacheDir, () => {}).pathOf(key)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, JSON.stringify({ format: 'promptswarm-response-cache/1', key, completion: { text: 7, model: 'm', usage: {} } }))
    expect(await model.complete(ask('q'))).toMatchObject({ text: 'answer 0', cached: false })
    expect(server.requests).toHaveLength(1)
  })
})

describe('budget', () => {
  it('after maxCalls calls, rejects the next with budget-exhausted and sends nothing', async () => {
    const server = await countingServer()
    const budget = new ModelBudget({ maxCalls: 3 })
    const model = modelFor(server.baseURL, { budget })
    for (let i = 0; i < 3; i++) await model.complete(ask(`q${i}`))
    const err = await failure(model.complete(ask('q3')))
    expect(err.kind).toBe('budget-exhausted')
    expect(err.message).toContain(model.id)
    expect(server.requests).toHaveLength(3)
    expect(budget.used).toEqual({ calls: 3, tokens: 45 })
  })

  it('stops once the token limit is reached, and is shared between models', async () => {
    const server = await countingServer({ prompt_tokens: 10, completion_tokens: 5 })
    const budget = new ModelBudget({ maxTokens: 25 })
    const a = modelFor(server.baseURL, { budget })
    const b = modelFor(server.baseURL, { budget, model: 'other-model' })
    await a.complete(ask('q1'))
    await b.complete(ask('q2'))
    expect((await failure(a.complete(ask('q3')))).kind).toBe('budget-exhausted')
    expect((await failure(b.complete(ask('q4')))).kind).toBe('budget-exhausted')
    expect(server.requests).toHaveLength(2)
    expect(budget.exhausted).toBe(true)
  })

  it('charges nothing for a cache hit', async () => {
    const server = await countingServer()
    const budget = new ModelBudget({ maxCalls: 1 })
    const model = modelFor(server.baseURL, { budget, cacheDir: await tempDir() })
    await model.complete(ask('q'))
    expect(await model.complete(ask('q'))).toMatchObject({ cached: true })
    expect(budget.used).toEqual({ calls: 1, tokens: 15 })
    expect((await failure(model.complete(ask('new question')))).kind).toBe('budget-exhausted')
    expect(server.requests).toHaveLength(1)
  })

  it('admits no more than maxCalls calls when they arrive at once', async () => {
    const server = await countingServer()
    const model = modelFor(server.baseURL, { budget: new ModelBudget({ maxCalls: 2 }), concurrency: 4 })
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, async (_, i) => await model.complete(ask(`q${i}`))))
    expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(2)
    const rejected = outcomes.flatMap(o => o.status === 'rejected' ? [o.reason as ModelError] : [])
    expect(rejected.map(e => e.kind)).toEqual(['budget-exhausted', 'budget-exhausted', 'budget-exhausted'])
    expect(server.requests).toHaveLength(2)
  })

  it('re-checks the token limit after a call waited for a concurrency slot', async () => {
    const server = await countingServer({ prompt_tokens: 10, completion_tokens: 5 })
    const model = modelFor(server.baseURL, { budget: new ModelBudget({ maxTokens: 15 }), concurrency: 1 })
    const [first, second] = await Promise.allSettled([model.complete(ask('q1')), model.complete(ask('q2'))])
    expect(first.status).toBe('fulfilled')
    expect(second.status === 'rejected' && (second.reason as ModelError).kind).toBe('budget-exhausted')
    expect(server.requests).toHaveLength(1)
  })

  it('rejects a negative or fractional limit', () => {
    expect(() => new ModelBudget({ maxCalls: -1 })).toThrow(ModelError)
    expect(() => new ModelBudget({ maxTokens: 1.5 })).toThrow(/maxTokens/)
  })
})
