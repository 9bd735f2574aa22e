import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { EXPOSITION_CONTENT_TYPE } from '../metrics/exposition-format.js'
import type { MetricsRegistry } from '../metrics/metrics-registry.js'
import { UnknownPeerError, type DashboardSource } from './dashboard-state.js'
import { loadPageAssets, renderPage, type PageAssets } from './page.js'

/**
 * The dashboard over plain node:http:
 *   GET /              the page (inline CSS and JS; it fetches nothing from elsewhere)
 *   GET /api/state     the state as JSON (`?peer=<id or label>` picks whose view)
 *   GET /api/events    Server-Sent Events: a `state` event at once and after each change
 *   GET /metrics       Prometheus text format (when a registry is given)
 *   GET /healthz       `ok`
 * Bad requests get 400/404/405 with a message saying what was wrong; an error while answering
 * is a 500 for that request only: the server never goes down because of a request.
 */
export interface DashboardServerOptions {
  readonly source: DashboardSource
  readonly metrics?: MetricsRegistry
  /** Default 127.0.0.1: a dashboard shows a swarm's internals, so it is local unless asked. */
  readonly host?: string
  /** Default 0: any free port. */
  readonly port?: number
  /** Least time between two pushes to one event stream. Default 500 ms. */
  readonly pushIntervalMs?: number
  /** SSE comment lines keep idle proxies from closing the stream. Default 15 s. */
  readonly heartbeatMs?: number
}

export class DashboardRequestError extends Error {
  override readonly name = 'DashboardRequestError'
  constructor (readonly status: 400 | 404 | 405 | 414, message: string) {
    super(message)
  }
}

/** The server could not listen (port in use, bad address). */
export class DashboardListenError extends Error {
  override readonly name = 'DashboardListenError'
  readonly code = 'ERR_DASHBOARD_LISTEN'
}

interface Stream {
  readonly res: ServerResponse
  readonly viewOf: string | undefined
}

const ROUTES = ['/', '/api/state', '/api/events', '/metrics', '/healthz'] as const
const QUERY: Record<string, readonly string[]> = { '/': [], '/api/state': ['peer'], '/api/events': ['peer'], '/metrics': [], '/healthz': [] }
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store'
}
// The page may talk to this server only: no CDN, no external fetch, even if a prompt injected markup.
const PAGE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

export class DashboardServer {
  private readonly streams = new Set<Stream>()
  private readonly sockets = new Set<Socket>()
  private readonly unsubscribe: () => void
  private readonly heartbeat: NodeJS.Timeout
  private pushTimer: NodeJS.Timeout | undefined
  private lastPush = 0
  private closed = false

  private constructor (private readonly server: Server, private readonly options: DashboardServerOptions, private readonly assets: PageAssets) {
    this.unsubscribe = options.source.subscribe(() => this.schedulePush())
    this.heartbeat = setInterval(() => { for (const s of this.streams) s.res.write(': ping\n\n') }, options.heartbeatMs ?? 15_000)
    this.heartbeat.unref()
  }

  static async start (options: DashboardServerOptions): Promise<DashboardServer> {
    const assets = await loadPageAssets()
    const server = createServer()
    const dashboard = new DashboardServer(server, options, assets)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => dashboard.handle(req, res))
    // Unparseable HTTP: answer 400 on the socket if it is still writable, never throw.
    server.on('clientError', (_err, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nmalformed HTTP request\n')
      else socket.destroy()
    })
    server.on('connection', (socket: Socket) => {
      dashboard.sockets.add(socket)
      socket.on('close', () => dashboard.sockets.delete(socket))
    })
    const host = options.host ?? '127.0.0.1'
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(options.port ?? 0, host, () => { server.off('error', reject); resolve() })
      })
    } catch (err) {
      dashboard.unsubscribe()
      clearInterval(dashboard.heartbeat)
      const code = (err as NodeJS.ErrnoException).code
      const why = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EADDRNOTAVAIL' ? 'no such local address' : code === 'EACCES' ? 'permission denied' : (err as Error).message
      throw new DashboardListenError(`cannot serve the dashboard on ${host}:${options.port ?? 0}: ${why}`)
    }
    return dashboard
  }

  get port (): number {
    return (this.server.address() as AddressInfo).port
  }

  get host (): string {
    return (this.server.address() as AddressInfo).address
  }

  get url (): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host
    return `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${this.port}/`
  }

  /** Ends the event streams and stops listening. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.unsubscribe()
    clearInterval(this.heartbeat)
    clearTimeout(this.pushTimer)
    for (const s of this.streams) s.res.end()
    this.streams.clear()
    const closing = new Promise<void>(resolve => this.server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    await closing
  }

  private handle (req: IncomingMessage, res: ServerResponse): void {
    try {
      this.route(req, res)
    } catch (err) {
      if (err instanceof DashboardRequestError) this.fail(res, err.status, err.message, err.status === 405 ? { allow: 'GET, HEAD' } : {})
      else if (err instanceof UnknownPeerError) this.fail(res, 400, `${err.message}; see /api/state for the peers`)
      else this.fail(res, 500, `internal error: ${(err as Error).message}`)
    }
  }

  private route (req: IncomingMessage, res: ServerResponse): void {
    const raw = req.url ?? '/'
    if (raw.length > 4096) throw new DashboardRequestError(414, 'request URL longer than 4096 characters')
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new DashboardRequestError(405, `method ${req.method ?? '?'} not allowed: the dashboard is read-only (GET, HEAD)`)
    this.checkHost(req)
    let url: URL
    try {
      url = new URL(raw, 'http://dashboard.invalid')
      decodeURIComponent(url.pathname)
    } catch {
      throw new DashboardRequestError(400, `malformed request URL ${JSON.stringify(raw.slice(0, 200))}`)
    }
    const path = url.pathname === '/index.html' ? '/' : url.pathname
    if (!(ROUTES as readonly string[]).includes(path)) {
      throw new DashboardRequestError(404, `no such page: ${path.slice(0, 200)} (try ${ROUTES.join(', ')})`)
    }
    const allowed = QUERY[path] ?? []
    for (const [key, value] of url.searchParams) {
      if (!allowed.includes(key)) throw new DashboardRequestError(400, `unknown query parameter ${JSON.stringify(key)} for ${path}${allowed.length > 0 ? ` (accepted: ${allowed.join(', ')})` : ' (it takes none)'}`)
      if (value === '') throw new DashboardRequestError(400, `query parameter ${key} is empty`)
    }
    if (url.searchParams.getAll('peer').length > 1) throw new DashboardRequestError(400, 'query parameter peer given more than once')
    const viewOf = url.searchParams.get('peer') ?? undefined
    const head = req.method === 'HEAD'
    switch (path) {
      case '/': return this.send(res, 200, 'text/html; charset=utf-8', renderPage(this.assets), head, { 'content-security-policy': PAGE_CSP })
      case '/healthz': return this.send(res, 200, 'text/plain; charset=utf-8', 'ok\n', head)
      case '/api/state': return this.send(res, 200, 'application/json; charset=utf-8', JSON.stringify(this.state(viewOf)), head)
      case '/metrics':
        if (this.options.metrics === undefined) throw new DashboardRequestError(404, 'no metrics: this dashboard was started without a metrics registry')
        return this.send(res, 200, EXPOSITION_CONTENT_TYPE, this.options.metrics.expose(), head)
      case '/api/events': return this.openStream(req, res, viewOf, head)
    }
  }

  /**
   * On loopback, only loopback host names: a web page elsewhere cannot use DNS rebinding to read
   * the swarm's state through the user's browser.
   */
  private checkHost (req: IncomingMessage): void {
    if (!LOOPBACK.has(this.host.replace(/^::ffff:/, ''))) return
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1').toLowerCase()
    if (!LOOPBACK.has(host)) throw new DashboardRequestError(400, `unexpected Host header ${JSON.stringify(req.headers.host ?? '')}: this dashboard answers to localhost only`)
  }

  private openStream (req: IncomingMessage, res: ServerResponse, viewOf: string | undefined, head: boolean): void {
    const first = JSON.stringify(this.state(viewOf)) // throws UnknownPeerError before any header goes out
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', ...SECURITY_HEADERS })
    if (head) { res.end(); return }
    res.write('retry: 2000\n\n')
    res.write(`event: state\ndata: ${first}\n\n`)
    const stream: Stream = { res, viewOf }
    this.streams.add(stream)
    const drop = (): void => { this.streams.delete(stream) }
    req.on('close', drop)
    res.on('error', drop)
  }

  private schedulePush (): void {
    if (this.closed || this.pushTimer !== undefined || this.streams.size === 0) return
    const wait = Math.max(0, this.lastPush + (this.options.pushIntervalMs ?? 500) - Date.now())
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined
      this.lastPush = Date.now()
      this.push()
    }, wait)
  }

  /** Builds the state once per distinct view and writes it to every stream. */
  private push (): void {
    const byView = new Map<string | undefined, string>()
    for (const s of this.streams) {
      let data = byView.get(s.viewOf)
      if (data === undefined) {
        try {
          data = JSON.stringify(this.state(s.viewOf))
        } catch (err) {
          data = JSON.stringify({ error: (err as Error).message })
          s.res.write(`event: failure\ndata: ${data}\n\n`)
          continue
        }
        byView.set(s.viewOf, data)
      }
      s.res.write(`event: state\ndata: ${data}\n\n`)
    }
  }

  private state (viewOf: string | undefined): unknown {
    return this.options.source.state(viewOf === undefined ? {} : { viewOf })
  }

  private send (res: ServerResponse, status: number, type: string, body: string, head: boolean, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS, ...headers })
    res.end(head ? undefined : body)
  }

  private fail (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
    if (res.headersSent) { res.destroy(); return }
    this.send(res, status, 'application/json; charset=utf-8', `${JSON.stringify({ error: message, status })}\n`, false, headers)
  }
}
