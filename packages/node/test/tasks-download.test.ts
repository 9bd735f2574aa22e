import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadArcDirectory } from '../src/tasks/arc/loader.js'
import { DatasetError } from '../src/tasks/dataset-error.js'
import { DATASET_LAYOUT, type DatasetSources, downloadDatasets, PUBLIC_DATASET_SOURCES } from '../src/tasks/download.js'
import { loadAime } from '../src/tasks/math/loader.js'
import { loadMbppJsonl } from '../src/tasks/mbpp/loader.js'

// The public sources cannot be reached from here, so the real download code runs against a real
// HTTP server on 127.0.0.1 that serves files in the same formats as the public ones.
const arcTask = (k: number): string => JSON.stringify({ train: [{ input: [[k % 10]], output: [[(k + 1) % 10]] }], test: [{ input: [[2]], output: [[3]] }] })
const files: Record<string, string> = {
  '/tree': JSON.stringify({
    truncated: false,
    tree: [
      { path: 'data', type: 'tree' },
      { path: 'data/training/aaaa0001.json', type: 'blob' },
      { path: 'data/training/aaaa0002.json', type: 'blob' },
      { path: 'data/evaluation/bbbb0001.json', type: 'blob' },
      { path: 'README.md', type: 'blob' }
    ]
  }),
  '/raw/data/training/aaaa0001.json': arcTask(1),
  '/raw/data/training/aaaa0002.json': arcTask(2),
  '/raw/data/evaluation/bbbb0001.json': arcTask(3),
  '/mbpp.jsonl': JSON.stringify({ task_id: 11, text: 'Double.', code: 'def double(x):\n    return 2 * x', test_list: ['assert double(1) == 2'], test_setup_code: '', challenge_test_list: [] }) + '\n',
  '/aime-I.jsonl': JSON.stringify({ question: 'Problem one', answer: '70' }) + '\n' + JSON.stringify({ question: 'Problem two', answer: '588' }) + '\n',
  '/aime-II.jsonl': JSON.stringify({ question: 'Problem three', answer: '16' }) + '\n'
}

describe('downloadDatasets (against a local HTTP server)', () => {
  let server: Server
  let base = ''
  let dir: string
  const requests: string[] = []
  let brokenMbpp = false

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? ''
      requests.push(url)
      const body = url === '/mbpp.jsonl' && brokenMbpp ? '{"task_id": 1}\n' : files[url]
      if (body === undefined) { res.statusCode = 404; res.end('not found'); return }
      res.end(body)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
    dir = await mkdtemp(join(tmpdir(), 'promptswarm-data-'))
  })
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve))
    await rm(dir, { recursive: true, force: true })
  })

  const sources = (): DatasetSources => ({
    arcTree: `${base}/tree`,
    arcRaw: `${base}/raw/`,
    mbpp: `${base}/mbpp.jsonl`,
    aime2025: [`${base}/aime-I.jsonl`, `${base}/aime-II.jsonl`]
  })

  it('fetches every dataset into the documented layout, where the loaders read it', async () => {
    const done = await downloadDatasets(dir, { sources: sources() })
    expect(done.map(d => [d.dataset, d.count])).toEqual([['mbpp', 1], ['aime2025', 3], ['arc', 2], ['arc', 1]])
    expect((await loadMbppJsonl(join(dir, DATASET_LAYOUT.mbpp)))[0]?.id).toBe('mbpp-11')
    const aime = await loadAime(join(dir, DATASET_LAYOUT.aime2025))
    expect(aime.map(i => [i.id, i.gold])).toEqual([['aime-2025-I-1', '70'], ['aime-2025-I-2', '588'], ['aime-2025-II-1', '16']])
    expect((await loadArcDirectory(join(dir, DATASET_LAYOUT.arcTraining))).map(i => i.id)).toEqual(['aaaa0001', 'aaaa0002'])
    expect((await loadArcDirectory(join(dir, DATASET_LAYOUT.arcEvaluation))).map(i => i.id)).toEqual(['bbbb0001'])
    expect(requests).not.toContain('/raw/README.md')
  })

  it('refuses a download that does not validate and keeps the previous file', async () => {
    brokenMbpp = true
    try {
      const err = await downloadDatasets(dir, { sources: sources(), datasets: ['mbpp'] }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DatasetError)
      expect((err as Error).message).toMatch(/field "text"|field "prompt"/)
    } finally {
      brokenMbpp = false
    }
    expect((await loadMbppJsonl(join(dir, DATASET_LAYOUT.mbpp)))).toHaveLength(1)
    expect((await readdir(join(dir, 'mbpp'))).filter(n => n.includes('partial'))).toEqual([])
  })

  it('reports HTTP errors with the URL and status', async () => {
    const err = await downloadDatasets(dir, { sources: { ...sources(), mbpp: `${base}/missing.jsonl` }, datasets: ['mbpp'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatasetError)
    expect((err as Error).message).toContain(`${base}/missing.jsonl`)
    expect((err as Error).message).toContain('HTTP 404')
  })

  it('fails with a clear message when the source is unreachable (as offline)', async () => {
    // A port nobody listens on: the connection is refused, as without a network.
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const address = closed.address()
    const port = typeof address === 'object' && address !== null ? address.port : 0
    await new Promise(resolve => closed.close(resolve))
    const offline = join(dir, 'offline')
    const err = await downloadDatasets(offline, { sources: { ...sources(), mbpp: `http://127.0.0.1:${port}/mbpp.jsonl` }, datasets: ['mbpp'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatasetError)
    expect((err as DatasetError).kind).toBe('download-failed')
    expect((err as Error).message).toMatch(/could not download \(ECONNREFUSED\)\. Check the internet connection/)
    expect(existsSync(join(offline, DATASET_LAYOUT.mbpp))).toBe(false)
  })

  it('points at the public sources by default', () => {
    expect(PUBLIC_DATASET_SOURCES.arcRaw).toBe('https://raw.githubusercontent.com/fchollet/ARC-AGI/master/')
    expect(PUBLIC_DATASET_SOURCES.mbpp).toMatch(/google-research\/master\/mbpp\/mbpp\.jsonl$/)
  })
})
