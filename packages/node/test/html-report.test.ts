import { describe, expect, it } from 'vitest'
import { escapeHtml, scenarioHtml, suiteIndexHtml, sweepHtml, type SuiteReport } from '@promptswarm/node'
import { scenarioReport, seedOutcome, sweepReport } from './report-fixtures.js'

const EVIL = '<script>alert("x")</script><img src=x onerror=\'boom\'>&amp;'

/** The inline SVG whose data-plot is `id`, or undefined. */
function plot (page: string, id: string): string | undefined {
  const start = page.indexOf(`data-plot="${id}"`)
  if (start < 0) return undefined
  const open = page.lastIndexOf('<svg', start)
  return page.slice(open, page.indexOf('</svg>', start) + '</svg>'.length)
}

const count = (text: string, needle: string): number => text.split(needle).length - 1

/** Nothing the page would fetch or run: no scripts, no external styles, images or fonts. */
function expectSelfContained (page: string): void {
  expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
  expect(page.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//)
}

describe('escapeHtml', () => {
  it('escapes the five characters that can break out of text or a quoted attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
    expect(escapeHtml('plain text 42%')).toBe('plain text 42%')
  })
})

describe('scenario HTML page', () => {
  const seeds = [
    seedOutcome(1, { honestAccuracy: 0.5, bannedAttackers: 1, attackerCandidates: 4, attackerCandidatesAdmitted: 3 }, { honestAccuracy: 0.6 }),
    seedOutcome(2, { honestAccuracy: 0.52 }, { honestAccuracy: 0.58 }),
    seedOutcome(3, { honestAccuracy: 0.61 }, { honestAccuracy: 0.6 })
  ]

  it('has the summary with gap ± CI, detection figures, a per-seed table and the per-seed accuracy plot', () => {
    const page = scenarioHtml(scenarioReport(seeds))
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(page).toContain('SIMULATOR RESULTS')
    expect(page).toMatch(/robustness gap \(clean − attacked\)<\/td><td class="num">5\.0 ± \d+\.\d points/)
    expect(page).toContain('detection precision (banned attackers / banned)</td><td class="num">100.0% (1 of 3 seeds)')
    expect(page).toContain('detection recall (banned attackers / attackers)</td><td class="num">16.7 ± ')
    expect(page).toContain('<td class="num">3/4</td>')
    const bars = plot(page, 'accuracy-per-seed')
    expect(bars).toBeDefined()
    // Two bars (attacked, clean) per seed, with the values in their tooltips.
    expect(count(bars as string, 'class="bar"')).toBe(6)
    expect(bars).toContain('<title>seed 1, attacked: 50</title>')
    expect(bars).toContain('<title>seed 1, clean: 60</title>')
    expectSelfContained(page)
  })

  it('escapes every text that comes from files or peers: description, attack parameters, prompts', () => {
    const report = scenarioReport([seedOutcome(1, {
      winningLineage: { math: [{ id: 'seed-1', byAttacker: false, text: 'Think step by step.' }, { id: 'c2', peer: 7, byAttacker: true, score: 0.7, text: EVIL }] }
    })], { description: EVIL, scenario: `x${EVIL}`, attackers: [{ attack: 'poisoned-candidates', peers: [7], startAfter: 0, params: { payload: EVIL } }] })
    const page = scenarioHtml(report)
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<img')
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(page).toContain('&amp;amp;')
    expectSelfContained(page)
  })

  it('draws accuracy over time per peer and the winning prompt\'s lineage when the runs recorded them', () => {
    const over = [
      { peer: 0, honest: true, points: [{ step: 0, accuracy: 0.4 }, { step: 1, accuracy: 0.5 }, { step: 2, accuracy: 0.55 }] },
      { peer: 1, honest: true, points: [{ step: 0, accuracy: 0.4 }, { step: 2, accuracy: 0.6 }] },
      { peer: 7, honest: false, points: [{ step: 0, accuracy: 0.4 }, { step: 2, accuracy: 0.3 }] }
    ]
    const lineage = { math: [{ id: 'seed', byAttacker: false, score: 0.4, text: 'Solve it.' }, { id: 'child', peer: 7, byAttacker: true, score: 0.6, text: 'Solve it. Answer 42.' }] }
    const page = scenarioHtml(scenarioReport([seedOutcome(1, { accuracyOverTime: over, winningLineage: lineage }, { accuracyOverTime: over.slice(0, 2) })]))
    const attacked = plot(page, 'accuracy-over-time-attacked') as string
    expect(count(attacked, '<polyline')).toBe(3)
    expect(count(attacked, 'stroke-dasharray')).toBeGreaterThanOrEqual(2) // the attacker's line and its legend entry
    expect(attacked).toContain('peer 7 (attacker)')
    expect(count(plot(page, 'accuracy-over-time-clean') as string, '<polyline')).toBe(2)
    const tree = plot(page, 'lineage-math') as string
    expect(count(tree, 'class="lineage-step')).toBe(2)
    expect(count(tree, 'class="lineage-step attacker"')).toBe(1)
    expect(tree).toContain('winner · child · peer 7 (attacker) · score 60.0%')
  })

  it('leaves out the plots and columns whose data is absent, and the simulator label for a real model', () => {
    const page = scenarioHtml(scenarioReport([seedOutcome(1, {})], { simulated: false, model: 'openai:gpt-4o-mini@http://127.0.0.1:1' }))
    expect(plot(page, 'accuracy-over-time-attacked')).toBeUndefined()
    expect(page).not.toContain('data-plot="lineage-')
    expect(page).not.toContain('reaching the top')
    expect(page).not.toContain('false accusations')
    expect(page).not.toContain('SIMULATOR RESULTS')
    expect(page).toContain('n/a (nobody banned)')
    expect(plot(page, 'accuracy-per-seed')).toBeDefined()
  })
})

describe('sweep and suite pages', () => {
  const sweep = sweepReport([0, 0.125, 0.25], { mean: [0, 0.02, 0.05], median: [0, 0, 0.03], 'trimmed<mean>': [0, 0.001, 0.002] })
  const withBreakdown = { ...sweep, breakdown: [{ defence: 'mean', share: 0.125 }, { defence: 'median', share: 0.25 }, { defence: 'trimmed<mean>', share: null }] }

  it('plots the gap against the share with one line per defence and the 1-point threshold', () => {
    const page = sweepHtml(withBreakdown)
    const chart = plot(page, 'gap-by-share-fixture-sweep') as string
    expect(count(chart, '<g class="series"')).toBe(3)
    expect(count(chart, '<circle')).toBe(9)
    expect(chart).toContain('class="reference"')
    expect(chart).toContain('<title>mean: 0.125 → 2.0</title>')
    expect(page).toContain('<td>trimmed&lt;mean&gt;</td><td>none up to 0.25</td>')
    expect(page).not.toContain('trimmed<mean>')
    expectSelfContained(page)
  })

  it('the suite index links every report and plots the gap of every scenario', () => {
    const a = scenarioReport([seedOutcome(1, { honestAccuracy: 0.5 })], { scenario: 'alpha' })
    const b = scenarioReport([seedOutcome(1, { honestAccuracy: 0.58 })], { scenario: 'beta' })
    const files = (name: string, dir = ''): { json: string, markdown: string, html: string } => ({ json: `${dir}${name}.json`, markdown: `${dir}${name}.md`, html: `${dir}${name}.html` })
    const suite: SuiteReport = {
      dir: 'scenarios',
      quick: false,
      interrupted: false,
      seconds: 12,
      scenarios: [
        { name: 'alpha', file: 'a.yaml', defences: 'mean', status: 'done', outputs: files('alpha'), report: a },
        { name: 'beta', file: 'b.yaml', defences: 'median', status: 'done', outputs: files('beta'), report: b },
        { name: 'gamma', file: 'c.yaml', defences: 'median', status: 'failed', outputs: files('gamma'), error: 'boom <b>' }
      ],
      sweeps: [{ name: 'fixture-sweep', file: 's.yaml', status: 'done', outputs: files('fixture-sweep', 'sweeps/'), report: withBreakdown }],
      index: { json: 'suite.json', markdown: 'summary.md', html: 'index.html' }
    }
    const page = suiteIndexHtml(suite)
    expect(page).toContain('<a href="alpha.html">alpha</a>')
    expect(page).toContain('<a href="sweeps/fixture-sweep.html">fixture-sweep</a>')
    expect(page).toContain('failed: boom &lt;b&gt;')
    const bars = plot(page, 'gap-per-scenario') as string
    expect(count(bars, 'class="bar"')).toBe(2)
    expect(bars).toContain('<title>alpha: 10.0</title>')
    expect(plot(page, 'gap-by-share-fixture-sweep')).toBeDefined()
    expect(page).toContain('mean: 0.125; median: 0.25; trimmed&lt;mean&gt;: none up to 0.25')
    expectSelfContained(page)
  })
})
