/**
 * A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol, scripted per test:
 * the script decides each answer from the request and its index. It records every request, how
 * many were in flight at once, and when each client socket closed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: any
  /** Resolves when the client's socket closes. */
  readonly socketClosed: Promise<void>
}

export type Reply =
  | { readonly status?: number, readonly json: unknown, readonly headers?: Record<string, string> }
  | { readonly status?: number, readonly raw: string, readonly headers?: Record<string, string> }
  /** Send the status line, headers and this start of a body, then stall. */
  | { readonly partial: string }
  /** Never answer (until the client gives up or the server closes). */
  | 'hang'

export type Script = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>

export interface ChatServer {
  /** Base URL including `/v1`. */
  readonly baseURL: string
  readonly port: number
  readonly requests: ReceivedRequest[]
  readonly inFlight: number
  readonly maxInFlight: number
  close: () => Promise<void>
}

export function chatCompletion (text: string, options: { model?: string, usage?: { prompt_tokens: number, completion_tokens: number } | null } = {}): unknown {
  const usage = options.usage === undefined ? { prompt_tokens: 11, completion_tokens: 7 } : options.usage
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: options.model ?? 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    ...(usage === null ? {} : { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })
  }
}

export async function startChatServer (script: Script): Promise<ChatServer> {
  const requests: ReceivedRequest[] = []
  let inFlight = 0
  let maxInFlight = 0

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const socketClosed = new Promise<void>(resolve => { req.socket.once('close', () => { resolve() }) })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
    const received: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, socketClosed }
    if (received.method !== 'POST' || received.path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${received.method} ${received.path}` } }))
      return
    }
    const index = requests.push(received) - 1
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    const reply = await script(received, index)
    if (reply === 'hang') return
    if ('partial' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write(reply.partial)
      return
    }
    // Counted as answered when the answer is written: the client cannot send its next request
    // before it reads this one, so the in-flight count is exact.
    inFlight--
    const status = reply.status ?? 200
    if ('json' in reply) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.json))
    } else {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(reply.raw)
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(err => { res.destroy(err as Error) })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get inFlight () { return inFlight },
    get maxInFlight () { return maxInFlight },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => { resolve() }))
    }
  }
}

/** A port nothing listens on: bound, read, released. */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>(resolve => server.close(() => { resolve() }))
  return port
}
