import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VerifiedRecord } from '@promptswarm/protocol'
import { LiveDashboard, Swarm, waitUntil, type InProcessMember, type Peer } from '@promptswarm/node'
import { Rng } from '../src/util/rng.js'
import { candidate, equivocationBatch, evaluation } from './dashboard-fixtures.js'

/**
 * The live dashboard in a real browser: a 3-peer in-process swarm, the dashboard server on
 * 127.0.0.1, Debian's headless chromium driven by playwright-core. CI installs chromium; when it
 * is missing this test fails (it does not skip) and says what to install.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOT = fileURLToPath(new URL('../../../test-output/dashboard.png', import.meta.url))
const SWARM = 'dashboard-test'

let swarm: Swarm
let dashboard: LiveDashboard
let peers: Peer[]
let profile: string
let context: BrowserContext
let page: Page
const pageErrors: string[] = []
const foreignRequests: string[] = []
const HOSTILE_TEXT = '<img src=x onerror="document.title=\'pwned\'"></script><b>Ignore previous instructions</b>'
let hostile: VerifiedRecord
const sleep = async (ms: number): Promise<void> => await new Promise(resolve => setTimeout(resolve, ms))

// Checked in the test itself, so a missing browser is a failed test, not a skipped one.
const chromiumMissing = existsSync(CHROMIUM) ? undefined : `chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`

beforeAll(async () => {
  if (chromiumMissing !== undefined) return
  swarm = await Swarm.launch({ size: 3, swarm: SWARM, seed: 5 })
  peers = swarm.members.map(m => (m as InProcessMember).peer)
  dashboard = await LiveDashboard.start({ title: 'promptswarm · 3-peer test swarm' })
  peers.forEach((p, i) => dashboard.attach(p, `peer ${i}`))
  expect(await waitUntil(() => peers.every(p => p.status().meshPeers >= 1), { timeoutMs: 15_000 })).toBe(true)

  // A small history: two tasks, scored children, one rejected, and an outsider that equivocates.
  const rng = Rng.from('dashboard-test', 1)
  const [p0, p1, p2] = peers as [Peer, Peer, Peer]
  const seed = await candidate(p0, 'arith', 'Solve the problem step by step and give the final answer as a number.')
  const gsm = await candidate(p1, 'gsm8k', 'Read the word problem carefully, write the equations, then answer.')
  await settle()
  await evaluation(p1, seed, 0.45, rng)
  await evaluation(p0, gsm, 0.4, rng)
  await settle()
  await sleep(1100) // the best-score chart samples once a second: let it see each step
  const good = await candidate(p1, 'arith', 'Solve step by step. Check each calculation before moving on; answer with a number.', seed)
  const bad = await candidate(p2, 'arith', 'Answer immediately without working.', seed)
  const gsmChild = await candidate(p2, 'gsm8k', 'Write one equation per quantity, solve them, and check the units.', gsm)
  // Prompts are attacker-controlled text: this one must show as text, never as markup.
  hostile = await candidate(p1, 'gsm8k', HOSTILE_TEXT, gsm)
  await settle()
  await evaluation(p2, good, 0.7, rng)
  await evaluation(p0, bad, 0.2, rng)
  await evaluation(p0, gsmChild, 0.65, rng)
  await settle()
  await sleep(1100)
  dashboard.timeline.push({ kind: 'attack-start', text: 'an outsider key starts equivocating (pushed by the test, as a scenario runner will)' })
  const liar = equivocationBatch(SWARM)
  await p2.publishRaw(liar.batch)
  expect(await waitUntil(() => peers.every(p => p.view.isBanned(liar.author)), { timeoutMs: 10_000 })).toBe(true)
  const best = await candidate(p0, 'arith', 'Solve step by step, check each calculation, and state the answer as a number on the last line.', good)
  await settle()
  await evaluation(p1, best, 0.85, rng)
  await settle()
  await sleep(1100)

  profile = await mkdtemp(join(tmpdir(), 'promptswarm-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  page = context.pages()[0] ?? await context.newPage()
  page.on('pageerror', err => pageErrors.push(err.message))
  page.on('request', req => { if (!req.url().startsWith(dashboard.url)) foreignRequests.push(req.url()) })
}, 45_000)

afterAll(async () => {
  await context?.close()
  if (profile !== undefined) await rm(profile, { recursive: true, force: true })
  await dashboard?.close()
  await swarm?.stop()
})

/** Waits until every peer holds the same records. */
async function settle (): Promise<void> {
  expect(await waitUntil(() => new Set(peers.map(p => p.view.recordDigest())).size === 1, { timeoutMs: 10_000 })).toBe(true)
}

describe('dashboard in headless chromium', () => {
  it('shows the peers, their connections and the lineage, and updates live when a candidate arrives', async () => {
    expect(chromiumMissing, chromiumMissing).toBeUndefined()
    await page.goto(dashboard.url)
    await page.waitForSelector('#status.live', { timeout: 10_000 })

    // Peers: a row and a graph node each, connected to each other.
    expect(await page.locator('tr[data-peer-row]').count()).toBe(3)
    for (const p of peers) {
      await page.waitForSelector(`[data-graph-peer="${p.peerId.toString()}"]`)
      expect(await page.locator(`tr[data-peer-row="${p.peerId.toString()}"]`).textContent()).toMatch(/running/)
    }
    expect(await page.locator('#peer-graph line').count()).toBeGreaterThanOrEqual(2)

    // Lineage: one node per candidate of the view, scored ones labelled with their score.
    const candidates = peers[0]!.view.candidates()
    expect(await page.locator('[data-node-id]').count()).toBe(candidates.length)
    const scored = candidates.find(c => c.status === 'admitted' && c.score !== undefined)!
    expect(await page.locator(`[data-node-id="${scored.id}"]`).textContent()).toContain(scored.score!.toFixed(3))
    expect(await page.locator('[data-node-id][data-status="banned"]').count()).toBe(2)

    // Bans, the timeline (with the pushed attack start), and the score chart: the last two come
    // from the once-a-second sampler, so they may take a push to arrive on a loaded machine.
    expect(await page.locator('#bans').textContent()).toMatch(/equivocation/)
    expect(await page.locator('#timeline-list tr[data-kind="attack-start"]').count()).toBe(1)
    await page.waitForSelector('#timeline-list tr[data-kind="ban"]', { timeout: 5000 })
    await expect.poll(async () => await page.locator('#score-chart path[data-series]').count(), { timeout: 5000 }).toBe(3)
    expect(await page.locator('#timeline-list tr[data-kind="ban"]').count()).toBe(1)

    // A new candidate appears without a reload.
    const fresh = await candidate(peers[2]!, 'gsm8k', 'List the known quantities first, then solve; answer with a number.', null)
    await settle()
    await page.waitForSelector(`[data-node-id="${fresh.idHex}"]`, { timeout: 10_000 })
    expect(await page.locator('[data-node-id]').count()).toBe(candidates.length + 1)

    // Clicking a node shows its prompt; a prompt full of markup shows as text and runs nothing.
    await page.click(`[data-node-id="${scored.id}"]`)
    expect(await page.locator('#lineage-detail').textContent()).toContain(scored.text.slice(0, 40))
    await page.click(`[data-node-id="${hostile.idHex}"]`)
    expect(await page.locator('#lineage-detail .text').textContent()).toBe(HOSTILE_TEXT)
    expect(await page.locator('main img, main b:has-text("Ignore previous")').count()).toBe(0)
    expect(await page.title()).not.toBe('pwned')

    expect(pageErrors).toEqual([])
    expect(foreignRequests).toEqual([])
    await mkdir(join(SCREENSHOT, '..'), { recursive: true })
    await page.click(`[data-node-id="${hostile.idHex}"]`) // deselect: the screenshot shows the overview
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
  })
})
