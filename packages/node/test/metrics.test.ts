import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createModel, ExpositionParseError, LiveDashboard, MeteredModel, MetricsError, MetricsRegistry, parseExposition, sampleValue,
  Swarm, waitUntil, type InProcessMember, type ModelUsage, type ParsedFamily, type Peer
} from '@promptswarm/node'
import { Rng } from '../src/util/rng.js'
import { candidate, evaluation, forgedBatch } from './dashboard-fixtures.js'

describe('Prometheus registry and text format', () => {
  it('writes HELP and TYPE once per family, escapes help and label values, and parses back', () => {
    const r = new MetricsRegistry()
    const c = r.counter('demo_events_total', 'Events.\nSecond line with a \\ backslash.', ['peer', 'why'])
    const g = r.gauge('demo_level', 'A level.')
    c.inc({ peer: 'a', why: 'quote " back\\slash \n newline' })
    c.inc({ peer: 'a', why: 'quote " back\\slash \n newline' }, 2)
    c.inc({ peer: 'b', why: 'plain' })
    g.set({}, Number.NaN)
    const text = r.expose()
    expect(text).toContain('# HELP demo_events_total Events.\\nSecond line with a \\\\ backslash.\n# TYPE demo_events_total counter\n')
    expect(text).toContain('demo_events_total{peer="a",why="quote \\" back\\\\slash \\n newline"} 3\n')
    expect(text).toContain('demo_level NaN\n')
    expect(text.match(/# TYPE demo_events_total/g)).toHaveLength(1)
    const parsed = parseExposition(text)
    expect(parsed.get('demo_events_total')?.help).toBe('Events.\nSecond line with a \\ backslash.')
    expect(parsed.get('demo_events_total')?.type).toBe('counter')
    expect(sampleValue(parsed, 'demo_events_total', { why: 'quote " back\\slash \n newline' })).toBe(3)
    expect(sampleValue(parsed, 'demo_events_total', { peer: 'b' })).toBe(1)
    expect(Number.isNaN(sampleValue(parsed, 'demo_level'))).toBe(true)
    g.set({}, -Infinity)
    expect(r.expose()).toContain('demo_level -Inf\n')
  })

  it('shares a family between sources, refuses conflicts, wrong labels and shrinking counters', () => {
    const r = new MetricsRegistry()
    const a = r.counter('shared_total', 'Shared.', ['peer'])
    expect(r.counter('shared_total', 'Shared.', ['peer'])).toBe(a)
    expect(() => r.gauge('shared_total', 'Shared.', ['peer'])).toThrow(MetricsError)
    expect(() => r.counter('shared_total', 'Shared.', ['node'])).toThrow(/already a counter with labels \{peer\}/)
    expect(() => r.counter('bad-name', 'x')).toThrow(/invalid metric name/)
    expect(() => r.counter('ok_total', 'x', ['__reserved'])).toThrow(/invalid label name/)
    expect(() => a.inc({ node: 'x' })).toThrow(/takes labels \{peer\}/)
    expect(() => a.inc({ peer: 'x' }, -1)).toThrow(/only grows/)
  })

  it('runs collectors at each scrape and survives one that throws', () => {
    const r = new MetricsRegistry()
    const g = r.gauge('demo_now', 'A value read at scrape time.')
    let n = 0
    r.onCollect(() => { g.set({}, ++n) })
    r.onCollect(() => { throw new Error('broken collector') })
    expect(sampleValue(parseExposition(r.expose()), 'demo_now')).toBe(1)
    const second = parseExposition(r.expose())
    expect(sampleValue(second, 'demo_now')).toBe(2)
    expect(sampleValue(second, 'promptswarm_metrics_collect_errors_total')).toBe(2)
  })

  it('rejects a malformed exposition with the line number', () => {
    expect(() => parseExposition('a_total 1\n# TYPE a_total counter\n')).toThrow(/line 2: TYPE for a_total after its samples/)
    expect(() => parseExposition('a{x="1} 2\n')).toThrow(ExpositionParseError)
    expect(() => parseExposition('a{x="\\q"} 2\n')).toThrow(/bad escape/)
    expect(() => parseExposition('a 1\na 2\n')).toThrow(/line 2: duplicate series/)
    expect(() => parseExposition('a one\n')).toThrow(/bad value/)
  })
})

describe('peer metrics scraped over HTTP from a running swarm', () => {
  let swarm: Swarm
  let dashboard: LiveDashboard
  let a: Peer
  let b: Peer
  const usage: ModelUsage = { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 }
  const rng = Rng.from('metrics-test', 1)

  const scrape = async (): Promise<Map<string, ParsedFamily>> => {
    const res = await fetch(`${dashboard.url}metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    return parseExposition(await res.text())
  }
  const value = async (name: string, labels: Record<string, string>): Promise<number> => sampleValue(await scrape(), name, labels) ?? 0

  beforeAll(async () => {
    swarm = await Swarm.launch({ size: 2, swarm: 'metrics-test', seed: 3, syncIntervalMs: 60_000 })
    ;[a, b] = swarm.members.map(m => (m as InProcessMember).peer) as [Peer, Peer]
    dashboard = await LiveDashboard.start({ title: 'metrics test' })
    dashboard.attach(a, 'a')
    dashboard.attach(b, 'b')
    dashboard.trackUsage(a.peerId.toString(), usage)
    expect(await waitUntil(() => a.status().meshPeers >= 1 && b.status().meshPeers >= 1, { timeoutMs: 15_000 })).toBe(true)
  })

  afterAll(async () => {
    await dashboard?.close()
    await swarm?.stop()
  })

  it('counts evaluations published and received, and exposes scores, archive size and model use', async () => {
    const A = a.peerId.toString()
    const B = b.peerId.toString()
    const seed = await candidate(b, 'gsm', 'Answer with a number.')
    expect(await waitUntil(() => a.view.has(seed.idHex), { timeoutMs: 10_000 })).toBe(true)
    const published = await value('promptswarm_evaluations_published_total', { peer: A })
    const received = await value('promptswarm_evaluations_received_total', { peer: B, source: 'gossip' })
    const ev = await evaluation(a, seed, 0.7, rng)
    expect(await waitUntil(() => b.view.has(ev.idHex), { timeoutMs: 10_000 })).toBe(true)

    const model = new MeteredModel(createModel('synthetic:small'), undefined, usage)
    await model.complete({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is 2 + 3?' }] })

    const m = await scrape()
    expect(sampleValue(m, 'promptswarm_evaluations_published_total', { peer: A })).toBe(published + 1)
    expect(sampleValue(m, 'promptswarm_evaluations_received_total', { peer: B, source: 'gossip' })).toBe(received + 1)
    expect(sampleValue(m, 'promptswarm_best_score', { peer: B, task: 'gsm' })).toBe(b.view.score(seed.idHex))
    expect(b.view.score(seed.idHex)).toBeGreaterThan(0)
    expect(sampleValue(m, 'promptswarm_archive_records', { peer: B })).toBe(b.view.size)
    expect(sampleValue(m, 'promptswarm_archive_candidates', { peer: B, status: 'admitted' })).toBeGreaterThanOrEqual(1)
    expect(sampleValue(m, 'promptswarm_banned_authors', { peer: B })).toBe(0)
    expect(sampleValue(m, 'promptswarm_model_calls_total', { peer: A })).toBe(1)
    expect(sampleValue(m, 'promptswarm_model_tokens_total', { peer: A, type: 'prompt' })).toBeGreaterThan(0)
    expect(m.get('promptswarm_model_tokens_total')?.type).toBe('counter')
  })

  it('measures sync lag: the records a completed session found missing, and the time since one completed', async () => {
    const A = a.peerId.toString()
    const done = await value('promptswarm_sync_sessions_total', { peer: A, role: 'initiator', status: 'done' })
    const outcome = await a.syncWith(b.peerId.toString())
    expect(outcome.status).toBe('done')
    const m = await scrape()
    expect(sampleValue(m, 'promptswarm_sync_sessions_total', { peer: A, role: 'initiator', status: 'done' })).toBe(done + 1)
    // Gossip delivered everything already: the session found nothing missing.
    expect(sampleValue(m, 'promptswarm_sync_last_missing_records', { peer: A })).toBe(outcome.status === 'done' ? outcome.received : -1)
    expect(sampleValue(m, 'promptswarm_sync_seconds_since_success', { peer: A })).toBeGreaterThanOrEqual(0)
    expect(sampleValue(m, 'promptswarm_sync_seconds_since_success', { peer: A })).toBeLessThan(60)
  })

  // Last: after the forged message B graylists A for a while, which would starve later tests.
  it('counts a valid record as accepted and a forged one as rejected by reason, and the forger\'s score drops', async () => {
    const B = b.peerId.toString()
    const A = a.peerId.toString()
    const accepted = { peer: B, source: 'gossip', kind: 'candidate' }
    const before = await scrape()
    expect(before.get('promptswarm_records_accepted_total')?.type).toBe('counter')
    expect(sampleValue(before, 'promptswarm_peer_up', { peer: B })).toBe(1)
    expect(sampleValue(before, 'promptswarm_connections', { peer: B })).toBeGreaterThanOrEqual(1)
    const acceptedBefore = sampleValue(before, 'promptswarm_records_accepted_total', accepted) ?? 0
    expect(sampleValue(before, 'promptswarm_gossip_peer_score', { peer: B, remote: A })).toBeGreaterThanOrEqual(0)

    const valid = await candidate(a, 'arith', 'Work it out step by step.')
    expect(await waitUntil(() => b.view.has(valid.idHex), { timeoutMs: 10_000 })).toBe(true)
    expect(await value('promptswarm_records_accepted_total', accepted)).toBe(acceptedBefore + 1)
    expect(await value('promptswarm_records_rejected_total', { peer: B, source: 'gossip', reason: 'batch.records[].envelope.signature' })).toBe(0)

    await a.publishRaw(forgedBatch('metrics-test'))
    expect(await waitUntil(async () => await value('promptswarm_records_rejected_total', { peer: B, source: 'gossip', reason: 'batch.records[].envelope.signature' }) === 1, { timeoutMs: 10_000 })).toBe(true)
    const after = await scrape()
    expect(sampleValue(after, 'promptswarm_records_accepted_total', accepted)).toBe(acceptedBefore + 1)
    expect(sampleValue(after, 'promptswarm_gossip_messages_total', { peer: B, verdict: 'reject' })).toBe(1)
    // Gossipsub charges the sender of an invalid message (P4; its score cache refreshes within a second).
    expect(await waitUntil(async () => await value('promptswarm_gossip_peer_score', { peer: B, remote: A }) < 0, { timeoutMs: 5000 })).toBe(true)
  })
})
