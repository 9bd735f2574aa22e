import { readFile } from 'node:fs/promises'
import { DatasetError } from './dataset-error.js'

/** Reads a dataset file as UTF-8, turning file-system errors into a DatasetError naming the file. */
export async function readDatasetFile (path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new DatasetError('not-found', path, 'file not found', undefined, undefined, { cause: err })
    if (code === 'EISDIR') throw new DatasetError('unreadable', path, 'is a directory, expected a file', undefined, undefined, { cause: err })
    throw new DatasetError('unreadable', path, (err as Error).message, undefined, undefined, { cause: err })
  }
}

/** JSON Lines: one JSON object per non-empty line. Errors name the line. */
export function parseJsonLines (path: string, text: string): Array<{ line: number, value: Record<string, unknown> }> {
  const out: Array<{ line: number, value: Record<string, unknown> }> = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim()
    if (raw === '') continue
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (err) {
      throw new DatasetError('malformed', path, `invalid JSON (${(err as Error).message})`, `line ${i + 1}`)
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DatasetError('malformed', path, 'expected a JSON object', `line ${i + 1}`)
    }
    out.push({ line: i + 1, value: value as Record<string, unknown> })
  }
  return out
}
