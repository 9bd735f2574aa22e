/**
 * On-disk cache of chat completions, so a re-run (or a second peer on the same machine) does not
 * pay again for an answer the endpoint already gave.
 *
 * Storage: one JSON file per key, `<dir>/<first two hex digits>/<key>.json`, written to a temp
 * file and renamed into place. Why files and not a level database: level holds an exclusive lock on
 * its directory, but a scenario runs many peer processes that should share one cache; rename is
 * atomic on POSIX file systems, so concurrent writers of the same key each leave a whole entry and
 * readers never see a half-written one. Files are also easy to inspect and to prune by hand.
 *
 * An entry that cannot be read or does not look like an entry is a miss (reported through
 * `onWarning`), and the fresh answer overwrites it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ChatMessage, TokenUsage } from '../language-model.js'

const FORMAT = 'promptswarm-response-cache/1'

/** Every request parameter that can change the endpoint's answer. */
export interface CacheKeyFields {
  readonly baseURL: string
  readonly model: string
  readonly messages: readonly ChatMessage[]
  readonly temperature: number
  readonly maxTokens: number | null
  readonly maxTokensField: string
  readonly sample: number
}

export interface CachedCompletion {
  readonly text: string
  readonly model: string
  readonly usage: Required<TokenUsage>
}

export function cacheKey (fields: CacheKeyFields): string {
  // Built field by field (not JSON.stringify(fields)) so the key does not depend on property order
  // or on extra properties a caller's object happens to carry.
  const canonical = JSON.stringify([
    FORMAT,
    fields.baseURL,
    fields.model,
    fields.messages.map(m => [m.role, m.content]),
    fields.temperature,
    fields.maxTokens,
    fields.maxTokensField,
    fields.sample
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

export class ResponseCache {
  constructor (readonly dir: string, private readonly onWarning: (message: string) => void) {}

  pathOf (key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`)
  }

  async get (key: string): Promise<CachedCompletion | undefined> {
    const path = this.pathOf(key)
    let raw: string
    try {
      raw = await readFile(path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.onWarning(`response cache: cannot read ${path} (${String(err)}); treating it as a miss`)
      return undefined
    }
    const entry = parseEntry(raw, key)
    if (entry === undefined) this.onWarning(`response cache: ignoring corrupt entry ${path}; it will be overwritten`)
    return entry
  }

  /** Best effort: a failed write loses only the cache entry, never the answer, so it only warns. */
  async put (key: string, fields: CacheKeyFields, completion: CachedCompletion): Promise<void> {
    const path = this.pathOf(key)
    const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    const entry = {
      format: FORMAT,
      key,
      // The request is stored only so a person reading the file knows what it answers.
      request: { ...fields, messages: fields.messages.map(m => ({ role: m.role, content: m.content })) },
      completion
    }
    try {
      await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true })
      await writeFile(temp, JSON.stringify(entry, null, 2) + '\n', 'utf8')
      await rename(temp, path)
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {})
      this.onWarning(`response cache: cannot write ${path} (${String(err)}); the answer was not cached`)
    }
  }
}

function parseEntry (raw: string, key: string): CachedCompletion | undefined {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (!isObject(value) || value.format !== FORMAT || value.key !== key || !isObject(value.completion)) return undefined
  const { text, model, usage } = value.completion
  if (typeof text !== 'string' || typeof model !== 'string' || !isObject(usage)) return undefined
  const { promptTokens, completionTokens, estimated } = usage
  if (!isCount(promptTokens) || !isCount(completionTokens) || typeof estimated !== 'boolean') return undefined
  return { text, model, usage: { promptTokens, completionTokens, estimated } }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount (value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}
