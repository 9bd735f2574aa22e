import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AttackTimeline, DashboardServer, LiveDashboard, LiveSwarmSource, loadPageAssets, MetricsRegistry, parseExposition, Peer, renderPage, reportCommand,
  parsePeerArgs, ReportFileError, reportState, runPeer, sampleValue, StaticSource, waitUntil, type DashboardState
} from '@promptswarm/node'

/** A response as raw as node:http gives it (fetch would normalise the Host header and more). */
async function get (url: string, path: string, init: { method?: string, headers?: Record<string, string> } = {}): Promise<{ status: number, headers: IncomingHttpHeaders, body: string }> {
  const { port } = new URL(url)
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers ?? {}, agent: false }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', chunk => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const SCENARIO_REPORT = {
  scenario: 'inflate-deflate-median',
  file: 'scenarios/inflate-deflate-median.yaml',
  description: 'Colluders inflate each other and deflate the rest.',
  model: 'synthetic:small',
  simulated: true,
  peers: 6,
  attackers: [{ attack: 'inflate-deflate', peers: [4, 5], startAfter: 3, params: { inflate: 1 } }],
  seeds: [1, 2].map(seed => ({
    seed,
    attacked: { honestAccuracy: 0.61, taskAccuracy: { math: 0.61 }, bannedAttackers: 2, bannedHonest: 0, accusations: 3, modelCalls: 900, candidates: 40, attackerCandidates: 6, attackerCandidatesAdmitted: 1, poisonedFinalPrompts: 0, agreement: true },
    clean: { honestAccuracy: 0.63, taskAccuracy: { math: 0.63 }, bannedAttackers: 0, bannedHonest: 0, accusations: 0, modelCalls: 880, candidates: 41, attackerCandidates: 0, attackerCandidatesAdmitted: 0, poisonedFinalPrompts: 0, agreement: true },
    robustnessGap: 0.02
  })),
  summary: {
    attackedAccuracy: { mean: 0.61, ci95: 0, n: 2 },
    cleanAccuracy: { mean: 0.63, ci95: 0, n: 2 },
    robustnessGap: { mean: 0.02, ci95: 0, n: 2 },
    bannedAttackers: { mean: 2, ci95: 0, n: 2 },
    bannedHonest: { mean: 0, ci95: 0, n: 2 },
    accusations: { mean: 3, ci95: 0, n: 2 },
    attackedModelCalls: { mean: 900, ci95: 0, n: 2 },
    cleanModelCalls: { mean: 880, ci95: 0, n: 2 },
    poisonedFinalPrompts: { mean: 0, ci95: 0, n: 2 }
  }
}

const A = 'aa'.repeat(32)
const B = 'bb'.repeat(32)
const SWARM_RESULT = {
  model: 'synthetic:small',
  simulated: true,
  peers: [{ index: 0, author: A, recordDigest: 'x', viewDigest: 'y', tasks: { math: { prompt: 'p', validation: 0.6, test: 0.58 } } }],
  banned: [{ author: B, reasons: ['equivocation'] }],
  accusations: 1,
  accused: [B],
  authors: [A, B],
  archive: [
    { id: '01'.repeat(32), author: A, role: 'task', task: 'math', text: 'Seed.', parent: null, optimizer: null, evaluations: 2, score: 0.5, status: 'admitted' },
    { id: '02'.repeat(32), author: B, role: 'task', task: 'math', text: '</script><script>alert(1)</script>', parent: '01'.repeat(32), optimizer: null, evaluations: 0, status: 'banned' }
  ],
  agreement: true,
  usage: { calls: 120, promptTokens: 1000, completionTokens: 200, cachedCalls: 0 },
  candidates: 2,
  evolutionMs: 1500,
  seedAccuracy: { math: 0.55 }
}

describe('report files as dashboard state', () => {
  it('renders a scenario report\'s figures and says what it lacks', () => {
    const s = reportState(SCENARIO_REPORT, 'r.json', 1)
    expect(s.mode).toBe('report')
    expect(s.title).toBe('Scenario inflate-deflate-median')
    expect(s.peers).toHaveLength(6)
    expect(s.peers[4]?.facts?.[0]?.value).toBe('attacker (inflate-deflate)')
    expect(s.peers[0]?.facts?.[0]?.value).toBe('honest')
    expect(s.summary.find(x => x.label === 'robustness gap (points)')?.value).toBe('2.0 ± 0.0')
    expect(s.tables[0]?.rows).toHaveLength(2)
    expect(s.timeline[0]).toMatchObject({ kind: 'attack-start' })
    expect(s.timeline[0]?.text).toMatch(/inflate-deflate on peers 4, 5 starts after 3 honest records/)
    expect(s.lineage).toEqual([])
    expect(s.missing.join(' ')).toMatch(/No lineage/)
  })

  it('draws the optional run details of the first seed: the winning lineage and accuracy curves', () => {
    const first = SCENARIO_REPORT.seeds[0]!
    const detailed = {
      ...SCENARIO_REPORT,
      seeds: [{
        ...first,
        attacked: {
          ...first.attacked,
          winningLineage: { math: [{ id: 'a1', peer: 0, byAttacker: false, score: 0.5, text: 'Seed.' }, { id: 'b2', peer: 4, byAttacker: true, score: 0.7 }] },
          accuracyOverTime: [{ peer: 0, honest: true, points: [{ step: 0, accuracy: 0.5 }, { step: 10, accuracy: 0.6 }] }, { peer: 4, honest: false, points: [{ step: 0, accuracy: 0.5 }] }]
        }
      }]
    }
    const s = reportState(detailed, 'r.json', 1)
    expect(s.lineage.map(n => [n.id, n.parent, n.status, n.authorLabel])).toEqual([['a1', null, 'winning path', 'peer 0'], ['b2', 'a1', 'by attacker', 'peer 4']])
    expect(s.scoreSeries.map(x => [x.label, x.points])).toEqual([['peer 0', [[0, 0.5], [10, 0.6]]], ['peer 4 (attacker)', [[0, 0.5]]]])
    expect(s.scoreAxis).toEqual({ unit: 'step', label: 'accuracy' })
    expect(s.missing.join(' ')).toMatch(/ancestry of each task's winning prompt in seed 1's attacked run/)
    expect(() => reportState({ ...detailed, seeds: [{ ...detailed.seeds[0], attacked: { ...detailed.seeds[0]!.attacked, accuracyOverTime: [{ peer: 0, points: [{ step: 'x' }] }] } }] }, 'r.json', 1))
      .toThrow('r.json: seeds[0].attacked.accuracyOverTime[0].points[0].step: expected a number, got the string "x"')
  })

  it('renders a swarm result\'s lineage and bans', () => {
    const s = reportState(SWARM_RESULT, 'swarm.json', 1)
    expect(s.lineage.map(n => [n.authorLabel, n.status, n.parent])).toEqual([['peer 0', 'admitted', null], ['peer 1', 'banned', '01'.repeat(32)]])
    expect(s.bans).toEqual([{ author: B, label: 'peer 1', reasons: ['equivocation'] }])
    expect(s.peers.map(p => p.banned)).toEqual([false, true])
    expect(s.missing.join(' ')).toMatch(/Accused .*: peer 1/)
  })

  it('names the field that is wrong', () => {
    expect(() => reportState({ ...SCENARIO_REPORT, seeds: [{ seed: 1, attacked: null, clean: {} }] }, 'r.json', 1))
      .toThrow('r.json: seeds[0].attacked: expected an object, got null')
    expect(() => reportState({ ...SWARM_RESULT, archive: [{ ...SWARM_RESULT.archive[0], role: 'judge' }] }, 's.json', 1))
      .toThrow(/s\.json: archive\[0\]\.role: expected "task" or "optimizer", got "judge"/)
    expect(() => reportState([1, 2], 'x.json', 1)).toThrow(ReportFileError)
    expect(() => reportState({ hello: 1 }, 'x.json', 1)).toThrow(/not a promptswarm report/)
  })

  it('embeds the state safely: a prompt cannot close the script element', async () => {
    const html = renderPage(await loadPageAssets(), reportState(SWARM_RESULT, 'swarm.json', 1))
    expect(html).not.toContain('</script><script>alert(1)')
    expect(html).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)')
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    // Self-contained: no external script, stylesheet or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i)
  })
})

describe('dashboard server', () => {
  let server: DashboardServer
  let source: LiveSwarmSource
  const timeline = new AttackTimeline()

  beforeAll(async () => {
    source = new LiveSwarmSource({ title: 'empty swarm', timeline })
    const metrics = new MetricsRegistry()
    metrics.counter('demo_total', 'Demo.').inc()
    server = await DashboardServer.start({ source, metrics, pushIntervalMs: 20 })
  })

  afterAll(async () => {
    await server?.close()
    source?.close()
  })

  it('listens on 127.0.0.1 by default and serves the page, the state and the metrics', async () => {
    expect(server.host).toBe('127.0.0.1')
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
    const page = await get(server.url, '/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/)
    expect(page.body).toContain('id="panel-lineage"')
    const state = JSON.parse((await get(server.url, '/api/state')).body) as DashboardState
    expect(state).toMatchObject({ title: 'empty swarm', mode: 'live', peers: [] })
    expect(state.missing.join(' ')).toMatch(/No peer is running yet/)
    expect((await get(server.url, '/metrics')).body).toContain('demo_total 1\n')
    const head = await get(server.url, '/', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('answers bad requests with a status and a message, and keeps serving', async () => {
    const cases: Array<[string, { method?: string, headers?: Record<string, string> }, number, RegExp]> = [
      ['/nope', {}, 404, /no such page: \/nope/],
      ['/api/state?peer=nobody', {}, 400, /no peer "nobody"/],
      ['/api/state?color=red', {}, 400, /unknown query parameter "color"/],
      ['/api/state?peer=', {}, 400, /query parameter peer is empty/],
      ['/api/state?peer=a&peer=b', {}, 400, /more than once/],
      ['/%zz', {}, 400, /malformed request URL/],
      ['/', { method: 'POST' }, 405, /read-only/],
      ['/', { headers: { host: 'evil.example:80' } }, 400, /unexpected Host header/],
      [`/${'x'.repeat(5000)}`, {}, 414, /longer than 4096/]
    ]
    for (const [path, init, status, message] of cases) {
      const res = await get(server.url, path, init)
      expect(res.status, path).toBe(status)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect((JSON.parse(res.body) as { error: string }).error, path).toMatch(message)
    }
    expect((await get(server.url, '/', { method: 'POST' })).headers.allow).toBe('GET, HEAD')
    // Garbage that is not HTTP at all.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('\u0000\u0001 not http\r\n\r\n'))
      let data = ''
      socket.on('data', chunk => { data += chunk.toString() })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/)
    expect((await get(server.url, '/healthz')).body).toBe('ok\n')
  })

  it('pushes the state over Server-Sent Events when the source changes', async () => {
    const { port } = new URL(server.url)
    const events: string[] = []
    const req = request({ host: '127.0.0.1', port, path: '/api/events' })
    const gotTwo = new Promise<void>((resolve, reject) => {
      req.on('response', res => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          buffer += chunk
          let end
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = /^event: state\ndata: (.*)$/ms.exec(block)?.[1]
            if (data !== undefined) events.push(data)
            if (events.length === 1) timeline.push({ kind: 'attack-start', text: 'sybil wave 1 begins' })
            if (events.length === 2) resolve()
          }
        })
      })
      req.on('error', reject)
    })
    req.end()
    await gotTwo
    req.destroy()
    const first = JSON.parse(events[0] as string) as DashboardState
    const second = JSON.parse(events[1] as string) as DashboardState
    expect(first.timeline).toEqual([])
    expect(second.timeline).toMatchObject([{ kind: 'attack-start', text: 'sybil wave 1 begins' }])
  })

  it('has no /metrics without a registry, and a static source refuses an unknown view', async () => {
    const state = reportState(SCENARIO_REPORT, 'r.json', 1)
    const bare = await DashboardServer.start({ source: new StaticSource(state) })
    try {
      expect((await get(bare.url, '/metrics')).status).toBe(404)
      expect((await get(bare.url, '/api/state?peer=peer-2')).status).toBe(200)
      expect((await get(bare.url, '/api/state?peer=peer-99')).status).toBe(400)
    } finally {
      await bare.close()
    }
  })
})

describe('promptswarm report', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'promptswarm-report-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  const io = (signal = new AbortController().signal): { out: string[], err: string[], io: { out: (t: string) => void, err: (t: string) => void, signal: AbortSignal } } => {
    const out: string[] = []
    const err: string[] = []
    return { out, err, io: { out: t => out.push(t), err: t => err.push(t), signal } }
  }

  it('writes a self-contained page next to the report', async () => {
    const file = join(dir, 'inflate.json')
    await writeFile(file, JSON.stringify(SCENARIO_REPORT))
    const run = io()
    expect(await reportCommand.run([file], run.io)).toBe(0)
    expect(run.out).toEqual([join(dir, 'inflate.html')])
    const html = await readFile(join(dir, 'inflate.html'), 'utf8')
    expect(html).toContain('Scenario inflate-deflate-median')
    expect(html).toContain('window.PROMPTSWARM_STATE = {')
  })

  it('serves the report until interrupted', async () => {
    const file = join(dir, 'swarm.json')
    await writeFile(file, JSON.stringify(SWARM_RESULT))
    const controller = new AbortController()
    const run = io(controller.signal)
    const done = reportCommand.run([file, '--serve', '0'], run.io)
    expect(await waitUntil(() => run.out.length > 0, { timeoutMs: 5000 })).toBe(true)
    const url = /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(run.out[0] as string)?.[1] as string
    const state = JSON.parse((await get(url, '/api/state')).body) as DashboardState
    expect(state.lineage).toHaveLength(2)
    controller.abort()
    expect(await done).toBe(130)
  })

  it('says what is wrong with a bad file, and exits 1', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, '{"scenario": "x", "seeds": "many"')
    const run = io()
    expect(await reportCommand.run([file], run.io)).toBe(1)
    expect(run.err[0]).toMatch(/bad\.json: not JSON/)
    const missing = io()
    expect(await reportCommand.run([join(dir, 'absent.json')], missing.io)).toBe(1)
    expect(missing.err[0]).toMatch(/absent\.json: cannot read it \(ENOENT\)/)
    await expect(reportCommand.run([file, '--serve', '70000'], io().io)).rejects.toThrow(/--serve must be a port number/)
  })
})

describe('live dashboard of a peer that restarts', () => {
  it('marks it stopped, then follows the new peer object with the same id, metrics included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptswarm-restart-'))
    const dashboard = await LiveDashboard.start({ title: 'restart' })
    let peer = await Peer.start({ swarm: 'restart-test', dataDir: dir })
    try {
      const id = peer.peerId.toString()
      dashboard.attach(peer, 'solo')
      const metric = async (name: string): Promise<number | undefined> => sampleValue(parseExposition((await get(dashboard.url, '/metrics')).body), name, { peer: id })
      expect(await metric('promptswarm_peer_up')).toBe(1)
      await peer.stop()
      expect(await metric('promptswarm_peer_up')).toBe(0)
      expect(await waitUntil(() => dashboard.source.state().timeline.some(e => e.kind === 'peer-leave'), { timeoutMs: 5000 })).toBe(true)
      expect(dashboard.source.state().peers).toMatchObject([{ id, label: 'solo', running: false }])

      peer = await Peer.start({ swarm: 'restart-test', dataDir: dir })
      expect(peer.peerId.toString()).toBe(id)
      dashboard.attach(peer)
      expect(dashboard.source.state().peers).toMatchObject([{ id, label: 'solo', running: true }])
      expect(dashboard.source.state().timeline.at(-1)).toMatchObject({ kind: 'peer-join', text: 'solo restarted' })
      const before = await metric('promptswarm_evaluations_published_total')
      await peer.publish({ kind: 'candidate', role: 'task', task: 'arith', text: 'Again.', parent: null, optimizer: null })
      const scrape = parseExposition((await get(dashboard.url, '/metrics')).body)
      expect(sampleValue(scrape, 'promptswarm_peer_up', { peer: id })).toBe(1)
      expect(sampleValue(scrape, 'promptswarm_records_accepted_total', { peer: id, source: 'local', kind: 'candidate' })).toBe(1)
      expect(sampleValue(scrape, 'promptswarm_evaluations_published_total', { peer: id })).toBe(before)
    } finally {
      await dashboard.close()
      await peer.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('promptswarm peer --dashboard', () => {
  it('parses the port and refuses a bad one', () => {
    expect(parsePeerArgs(['--swarm', 's', '--data-dir', 'd', '--dashboard', '0']).dashboardPort).toBe(0)
    expect(parsePeerArgs(['--swarm', 's', '--data-dir', 'd', '--dashboard', '8080', '--dashboard-host', '0.0.0.0'])).toMatchObject({ dashboardPort: 8080, dashboardHost: '0.0.0.0' })
    expect(() => parsePeerArgs(['--swarm', 's', '--data-dir', 'd', '--dashboard', 'eighty'])).toThrow(/--dashboard must be a port number/)
    expect(() => parsePeerArgs(['--swarm', 's', '--data-dir', 'd', '--dashboard', '65536'])).toThrow(/--dashboard must be a port number/)
  })

  it('prints the dashboard URL, serves the peer, and closes the server when the peer stops', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'promptswarm-peer-dash-'))
    const out: string[] = []
    const controller = new AbortController()
    let url = ''
    let seen: DashboardState | undefined
    try {
      const code = await runPeer(parsePeerArgs(['--swarm', 'peer-dash', '--data-dir', dir, '--dashboard', '0']), {
        out: line => out.push(line),
        err: line => out.push(`ERR ${line}`),
        signal: controller.signal
      }, {
        onReady: async peer => {
          url = /^dashboard: (http:\/\/127\.0\.0\.1:\d+\/) /.exec(out.find(l => l.startsWith('dashboard: ')) ?? '')?.[1] ?? ''
          seen = JSON.parse((await get(url, '/api/state')).body) as DashboardState
          expect(seen.peers.map(p => p.id)).toEqual([peer.peerId.toString()])
          controller.abort()
        }
      })
      expect(code).toBe(130)
      expect(seen?.peers[0]?.label).toBe('this peer')
      await expect(get(url, '/healthz')).rejects.toThrow(/ECONNREFUSED/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
