/**
 * OpenAICompatibleModel against a real chat-completions HTTP server on 127.0.0.1: answers, retries,
 * timeouts, aborts, malformed bodies, refused connections and the concurrency limit.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ModelError, type CompletionRequest } from '../src/model/language-model.js'
import { OpenAICompatibleModel, type OpenAICompatibleOptions } from '../src/model/openai/index.js'
import { chatCompletion, closedPort, startChatServer, type ChatServer, type Script } from './openai-chat-server.js'

const servers: ChatServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map(async s => { await s.close() }))
})

async function serve (script: Script): Promise<ChatServer> {
  const server = await startChatServer(script)
  servers.push(server)
  return server
}

function modelFor (server: { baseURL: string }, options: Partial<OpenAICompatibleOptions> = {}): OpenAICompatibleModel {
  return new OpenAICompatibleModel({
    baseURL: server.baseURL,
    model: 'test-model',
    env: {},
    backoff: { initialMs: 1, maxMs: 4 },
    jitterSeed: 7,
    ...options
  })
}

const ask = (content: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  messages: [{ role: 'system', content: 'You answer tersely.' }, { role: 'user', content }],
  ...extra
})

async function failure (promise: Promise<unknown>): Promise<ModelError> {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(ModelError)
  return err as ModelError
}

describe('OpenAICompatibleModel', () => {
  it('returns the text, usage and model of a completion and sends the configured request', async () => {
    const server = await serve(() => ({ json: chatCompletion('42', { model: 'served-name', usage: { prompt_tokens: 21, completion_tokens: 3 } }) }))
    const model = modelFor(server, { apiKeyEnv: 'MY_ENDPOINT_KEY', env: { MY_ENDPOINT_KEY: 'sk-test-123' }, maxTokens: 64 })

    const result = await model.complete(ask('What is 6 * 7?'))

    expect(result).toEqual({ text: '42', model: 'served-name', cached: false, usage: { promptTokens: 21, completionTokens: 3, estimated: false } })
    expect(model.id).toBe(`openai:test-model@${server.baseURL}`)
    expect(model.simulated).toBe(false)
    expect(server.requests).toHaveLength(1)
    const sent = server.requests[0]
    expect(sent?.headers.authorization).toBe('Bearer sk-test-123')
    expect(sent?.body).toMatchObject({
      model: 'test-model',
      temperature: 0,
      max_tokens: 64,
      messages: [{ role: 'system', content: 'You answer tersely.' }, { role: 'user', content: 'What is 6 * 7?' }]
    })
  })

  it('estimates token counts, and says so, when the server reports no usage', async () => {
    const server = await serve(() => ({ json: chatCompletion('a fairly short answer', { usage: null }) }))
    const result = await modelFor(server).complete(ask('a question of some length'))
    expect(result.usage.estimated).toBe(true)
    expect(result.usage.promptTokens).toBeGreaterThan(0)
    expect(result.usage.completionTokens).toBe(Math.ceil('a fairly short answer'.length / 4))
  })

  it('retries once after a 429 and returns the second answer', async () => {
    const server = await serve((_req, i) => i === 0
      ? { status: 429, json: { error: { message: 'slow down' } } }
      : { json: chatCompletion('ok') })
    const model = modelFor(server, { maxRetries: 3 })
    const result = await model.complete(ask('q'))
    expect(result.text).toBe('ok')
    expect(server.requests).toHaveLength(2)
    expect(model.stats).toMatchObject({ requests: 2, retries: 1 })
  })

  it('gives up with a server error after 1 + maxRetries requests when every answer is a 500', async () => {
    const server = await serve(() => ({ status: 500, json: { error: { message: 'boom' } } }))
    const err = await failure(modelFor(server, { maxRetries: 2 }).complete(ask('q')))
    expect(err.kind).toBe('server')
    expect(err.message).toContain(`${server.baseURL}/chat/completions`)
    expect(err.message).toContain('500')
    expect(server.requests).toHaveLength(3)
  })

  it('reports rate-limited when 429s outlast the retries', async () => {
    const server = await serve(() => ({ status: 429, json: { error: { message: 'quota' } } }))
    const err = await failure(modelFor(server, { maxRetries: 1 }).complete(ask('q')))
    expect(err.kind).toBe('rate-limited')
    expect(server.requests).toHaveLength(2)
  })

  it('waits as long as Retry-After says, and otherwise a seeded, repeatable backoff (sleep recorder instead of a clock)', async () => {
    const run = async (): Promise<number[]> => {
      const server = await serve((_req, i) => i === 0
        ? { status: 429, headers: { 'retry-after': '3' }, json: { error: { message: 'wait' } } }
        : i < 3 ? { status: 503, json: { error: { message: 'busy' } } } : { json: chatCompletion('done') })
      const waits: number[] = []
      const model = modelFor(server, {
        maxRetries: 5,
        backoff: { initialMs: 100, maxMs: 10_000 },
        jitterSeed: 99,
        sleep: async ms => { waits.push(ms) }
      })
      expect((await model.complete(ask('q'))).text).toBe('done')
      expect(server.requests).toHaveLength(4)
      return waits
    }
    const first = await run()
    expect(first[0]).toBe(3000)
    // Retry 2 and 3 back off exponentially with equal jitter: [100, 200] then [200, 400].
    expect(first[1]).toBeGreaterThanOrEqual(100)
    expect(first[1]).toBeLessThanOrEqual(200)
    expect(first[2]).toBeGreaterThanOrEqual(200)
    expect(first[2]).toBeLessThanOrEqual(400)
    expect(await run()).toEqual(first)
  })

  it('does not retry a 401 and reports it as a configuration problem', async () => {
    const server = await serve(() => ({ status: 401, json: { error: { message: 'bad key' } } }))
    const err = await failure(modelFor(server).complete(ask('q')))
    expect(err.kind).toBe('config')
    expect(err.message).toContain('API key')
    expect(server.requests).toHaveLength(1)
  })

  it('times out when the server never answers, and closes the connection', async () => {
    const server = await serve(() => 'hang')
    const err = await failure(modelFor(server, { timeoutMs: 150, maxRetries: 2 }).complete(ask('q')))
    expect(err.kind).toBe('timeout')
    expect(err.message).toContain(server.baseURL)
    expect(server.requests).toHaveLength(1)
    await server.requests[0]?.socketClosed
  }, 10_000)

  it('times out when the server stalls in the middle of the body', async () => {
    const server = await serve(() => ({ partial: '{"id": "chatcmpl-1", "choices": [{"index": 0, ' }))
    const err = await failure(modelFor(server, { timeoutMs: 150 }).complete(ask('q')))
    expect(err.kind).toBe('timeout')
    await server.requests[0]?.socketClosed
  }, 10_000)

  it('stops with aborted when the caller aborts, and closes the connection', async () => {
    const server = await serve(() => 'hang')
    const controller = new AbortController()
    const pending = modelFor(server).complete(ask('q', { signal: controller.signal }))
    while (server.requests.length === 0) await new Promise(resolve => setImmediate(resolve))
    controller.abort()
    const err = await failure(pending)
    expect(err.kind).toBe('aborted')
    await server.requests[0]?.socketClosed
    // An already aborted signal sends nothing.
    expect((await failure(modelFor(server).complete(ask('q', { signal: controller.signal })))).kind).toBe('aborted')
    expect(server.requests).toHaveLength(1)
  }, 10_000)

  it('reports a body that is not JSON as malformed-response', async () => {
    const server = await serve(() => ({ raw: '{"id": "chatcmpl-1", "choices": [' }))
    const err = await failure(modelFor(server).complete(ask('q')))
    expect(err.kind).toBe('malformed-response')
    expect(err.message).toContain('not JSON')
  })

  it('reports a JSON answer without choices as malformed-response', async () => {
    const server = await serve(() => ({ json: { id: 'x', object: 'chat.completion', model: 'm' } }))
    const err = await failure(modelFor(server).complete(ask('q')))
    expect(err.kind).toBe('malformed-response')
    expect(err.message).toContain('choices')
  })

  it('reports a refused connection as a network error naming the endpoint', async () => {
    const port = await closedPort()
    const baseURL = `http://127.0.0.1:${port}/v1`
    const err = await failure(modelFor({ baseURL }).complete(ask('q')))
    expect(err.kind).toBe('network')
    expect(err.message).toContain(baseURL)
    expect(err.message).toContain('ECONNREFUSED')
  })

  it('never has more requests in flight than the concurrency limit', async () => {
    const limit = 2
    const held: Array<() => void> = []
    let quiet: NodeJS.Timeout | undefined
    const releaseAll = (): void => { held.splice(0).forEach(release => { release() }) }
    // Holds every answer until no new request has arrived for a while, so all the requests the
    // model lets out at once are in flight together. One more than the limit is proof enough of a
    // breach, so that releases at once.
    const server = await serve(async () => {
      const answered = new Promise<void>(resolve => held.push(resolve))
      clearTimeout(quiet)
      if (held.length > limit) releaseAll()
      else quiet = setTimeout(releaseAll, 100)
      await answered
      return { json: chatCompletion('ok') }
    })
    const model = modelFor(server, { concurrency: limit })
    const results = await Promise.all(Array.from({ length: 8 }, async (_, i) => await model.complete(ask(`q${i}`))))
    expect(results.map(r => r.text)).toEqual(Array(8).fill('ok'))
    expect(server.requests).toHaveLength(8)
    expect(server.maxInFlight).toBe(limit)
  })

  it('rejects bad configuration when built, naming what is wrong', () => {
    const build = (options: Partial<OpenAICompatibleOptions>): ModelError => {
      try {
        modelFor({ baseURL: 'http://127.0.0.1:1/v1' }, options)
      } catch (err) {
        expect(err).toBeInstanceOf(ModelError)
        return err as ModelError
      }
      throw new Error('expected a configuration error')
    }
    expect(build({ baseURL: 'not a url' })).toMatchObject({ kind: 'config', message: expect.stringContaining('not a URL') })
    expect(build({ baseURL: 'ftp://example.org/v1' })).toMatchObject({ kind: 'config', message: expect.stringContaining('http') })
    expect(build({ apiKeyRequired: true, apiKeyEnv: 'HOSTED_KEY', env: {} })).toMatchObject({ kind: 'config', message: expect.stringContaining('HOSTED_KEY') })
    expect(build({ temperature: 5 })).toMatchObject({ kind: 'config', message: expect.stringContaining('temperature') })
    expect(build({ concurrency: 0 })).toMatchObject({ kind: 'config', message: expect.stringContaining('concurrency') })
  })
})
