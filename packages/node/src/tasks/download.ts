import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArcTask } from './arc/loader.js'
import { DatasetError } from './dataset-error.js'
import { loadAime } from './math/loader.js'
import { loadMbppJsonl } from './mbpp/loader.js'
import { parseJsonLines } from './read-dataset-file.js'

/**
 * Fetches the public datasets for users with internet access (`promptswarm data download`).
 * GPQA is not fetched: its authors distribute it themselves and ask that it not be re-posted.
 * Each file is validated with the same loader the tasks use before it replaces anything on disk.
 */
export interface DatasetSources {
  /** GitHub API URL of the ARC-AGI-1 repository tree (recursive listing). */
  readonly arcTree: string
  /** Base URL of the raw files of the same commit or branch; a tree path is appended. */
  readonly arcRaw: string
  readonly mbpp: string
  /** The AIME 2025 mirror: part I and part II as JSON Lines of {question, answer}. */
  readonly aime2025: readonly [string, string]
}

export const PUBLIC_DATASET_SOURCES: DatasetSources = {
  arcTree: 'https://api.github.com/repos/fchollet/ARC-AGI/git/trees/master?recursive=1',
  arcRaw: 'https://raw.githubusercontent.com/fchollet/ARC-AGI/master/',
  mbpp: 'https://raw.githubusercontent.com/google-research/google-research/master/mbpp/mbpp.jsonl',
  aime2025: [
    'https://huggingface.co/datasets/opencompass/AIME2025/resolve/main/aime2025-I.jsonl',
    'https://huggingface.co/datasets/opencompass/AIME2025/resolve/main/aime2025-II.jsonl'
  ]
}

/** Where each dataset lands under the data directory (and where loaders look for it). */
export const DATASET_LAYOUT = Object.freeze({
  arcTraining: 'arc-agi-1/training',
  arcEvaluation: 'arc-agi-1/evaluation',
  mbpp: 'mbpp/mbpp.jsonl',
  aime2025: 'aime-2025/aime2025.jsonl',
  gpqa: 'gpqa/gpqa_diamond.csv'
})

export type DownloadableDataset = 'arc' | 'mbpp' | 'aime2025'

export interface DownloadOptions {
  readonly sources?: DatasetSources
  readonly datasets?: readonly DownloadableDataset[]
  /** Per-request timeout. Default 60 s. */
  readonly timeoutMs?: number
  /** Parallel file downloads for ARC's many small files. Default 8. */
  readonly concurrency?: number
  readonly log?: (message: string) => void
}

export interface DownloadedDataset {
  readonly dataset: DownloadableDataset
  /** File or directory written. */
  readonly path: string
  /** Items (tasks, problems) it holds. */
  readonly count: number
}

export async function downloadDatasets (dir: string, options: DownloadOptions = {}): Promise<DownloadedDataset[]> {
  const sources = options.sources ?? PUBLIC_DATASET_SOURCES
  const wanted = options.datasets ?? ['arc', 'mbpp', 'aime2025']
  const fetcher = new Fetcher(options.timeoutMs ?? 60_000)
  const log = options.log ?? (() => {})
  const done: DownloadedDataset[] = []
  if (wanted.includes('mbpp')) {
    log('downloading MBPP')
    const path = join(dir, DATASET_LAYOUT.mbpp)
    await writeValidated(path, await fetcher.text(sources.mbpp), async tmp => { await loadMbppJsonl(tmp) })
    done.push({ dataset: 'mbpp', path, count: (await loadMbppJsonl(path)).length })
  }
  if (wanted.includes('aime2025')) {
    log('downloading AIME 2025')
    const path = join(dir, DATASET_LAYOUT.aime2025)
    const lines: string[] = []
    for (const [part, url] of [['I', sources.aime2025[0]], ['II', sources.aime2025[1]]] as const) {
      parseJsonLines(url, await fetcher.text(url)).forEach(({ value }, k) => {
        lines.push(JSON.stringify({ id: `2025-${part}-${k + 1}`, problem: value.problem ?? value.question, answer: value.answer }))
      })
    }
    await writeValidated(path, lines.join('\n') + '\n', async tmp => { await loadAime(tmp) })
    done.push({ dataset: 'aime2025', path, count: lines.length })
  }
  if (wanted.includes('arc')) {
    log('downloading ARC-AGI-1 (training and evaluation)')
    done.push(...await downloadArc(dir, sources, fetcher, options.concurrency ?? 8, log))
  }
  return done
}

async function downloadArc (dir: string, sources: DatasetSources, fetcher: Fetcher, concurrency: number, log: (m: string) => void): Promise<DownloadedDataset[]> {
  const listing: unknown = JSON.parse(await fetcher.text(sources.arcTree))
  const tree = (listing as { tree?: unknown, truncated?: unknown }).tree
  if (!Array.isArray(tree)) throw new DatasetError('download-failed', sources.arcTree, 'unexpected response: no "tree" listing')
  if ((listing as { truncated?: unknown }).truncated === true) throw new DatasetError('download-failed', sources.arcTree, 'the repository listing was truncated')
  const paths = tree
    .map((e: unknown) => (e as { path?: unknown }).path)
    .filter((p): p is string => typeof p === 'string' && /^data\/(training|evaluation)\/[^/]+\.json$/.test(p))
  const out: DownloadedDataset[] = []
  for (const split of ['training', 'evaluation'] as const) {
    const files = paths.filter(p => p.startsWith(`data/${split}/`))
    if (files.length === 0) throw new DatasetError('download-failed', sources.arcTree, `no data/${split}/*.json files in the repository listing`)
    const target = join(dir, split === 'training' ? DATASET_LAYOUT.arcTraining : DATASET_LAYOUT.arcEvaluation)
    // Fetch everything into a fresh directory, then swap it in, so a failure leaves the old copy.
    const staging = `${target}.partial-${process.pid}`
    await rm(staging, { recursive: true, force: true })
    await mkdir(staging, { recursive: true })
    try {
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < files.length) {
          const file = files[next++] as string
          const url = sources.arcRaw + file
          const text = await fetcher.text(url)
          parseArcTask(url, text)
          await writeFile(join(staging, file.split('/').pop() as string), text)
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, worker))
      await rm(target, { recursive: true, force: true })
      await mkdir(dirname(target), { recursive: true })
      await rename(staging, target)
    } catch (err) {
      await rm(staging, { recursive: true, force: true })
      throw err
    }
    log(`ARC-AGI-1 ${split}: ${files.length} tasks`)
    out.push({ dataset: 'arc', path: target, count: files.length })
  }
  return out
}

async function writeValidated (path: string, text: string, validate: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const tmp = `${path}.partial-${process.pid}`
  try {
    await writeFile(tmp, text)
    await validate(tmp)
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
}

/** fetch with a timeout and errors that say what failed and what to do when offline. */
class Fetcher {
  constructor (private readonly timeoutMs: number) {}

  async text (url: string): Promise<string> {
    let response: Response
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { 'user-agent': 'promptswarm-data-download' } })
    } catch (err) {
      const cause = (err as { cause?: { code?: unknown, message?: unknown } }).cause
      const detail = typeof cause?.code === 'string' ? cause.code : (err as Error).name === 'TimeoutError' ? `no response within ${this.timeoutMs} ms` : (err as Error).message
      throw new DatasetError('download-failed', url,
        `could not download (${detail}). Check the internet connection; without one, place the files in the data directory by hand (see docs/tasks.md)`,
        undefined, undefined, { cause: err })
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {})
      throw new DatasetError('download-failed', url, `server answered HTTP ${response.status} ${response.statusText}`)
    }
    return await response.text()
  }
}
