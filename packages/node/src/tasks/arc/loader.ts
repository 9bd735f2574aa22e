import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DatasetError } from '../dataset-error.js'
import { clampDifficulty } from '../item-data.js'
import { readDatasetFile } from '../read-dataset-file.js'
import type { TaskItem } from '../task.js'
import { type ArcPair, type ArcTaskJson, gridError } from './grid.js'
import { arcItems } from './task.js'

/**
 * Reads an ARC-AGI-1 directory (e.g. `data/evaluation` of the public repository): one JSON file
 * per task, `{ "train": [{input, output}...], "test": [{input, output}...] }`. Each test pair
 * becomes an item named after the file (`<name>` or `<name>#<k>` when a task has several).
 */
export async function loadArcDirectory (dir: string): Promise<TaskItem[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter(n => n.endsWith('.json')).sort()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new DatasetError(code === 'ENOENT' ? 'not-found' : 'unreadable', dir, code === 'ENOTDIR' ? 'expected a directory of ARC task JSON files' : (err as Error).message, undefined, undefined, { cause: err })
  }
  if (names.length === 0) throw new DatasetError('empty', dir, 'no .json task files in the directory')
  const items: TaskItem[] = []
  for (const name of names) items.push(...await loadArcFile(join(dir, name)))
  return items
}

/** One ARC task file; items are named after the file. */
export async function loadArcFile (path: string): Promise<TaskItem[]> {
  const { train, test } = parseArcTask(path, await readDatasetFile(path))
  return arcItems(basename(path, '.json'), train, test, arcDifficulty(train, test))
}

/** Parses and validates the text of one ARC task file; `source` names it in errors. */
export function parseArcTask (source: string, text: string): ArcTaskJson {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new DatasetError('malformed', source, `invalid JSON (${(err as Error).message})`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DatasetError('malformed', source, 'expected a JSON object with "train" and "test"')
  const task = value as Record<string, unknown>
  return { train: pairs(source, task, 'train'), test: pairs(source, task, 'test') }
}

function pairs (path: string, task: Record<string, unknown>, key: 'train' | 'test'): ArcPair[] {
  const list = task[key]
  if (!Array.isArray(list) || list.length === 0) throw new DatasetError('invalid-field', path, 'expected a non-empty array of {input, output} pairs', undefined, key)
  return list.map((pair: unknown, i) => {
    if (pair === null || typeof pair !== 'object') throw new DatasetError('invalid-field', path, 'expected an object with input and output', `${key}[${i}]`)
    const p = pair as Record<string, unknown>
    for (const field of ['input', 'output'] as const) {
      const error = gridError(p[field])
      if (error !== undefined) throw new DatasetError('invalid-field', path, `grid ${error}`, `${key}[${i}]`, field)
    }
    return { input: p.input as number[][], output: p.output as number[][] }
  })
}

/**
 * Difficulty of a real ARC task from its structure: bigger grids, a change of shape between
 * input and output, and fewer demonstrations make it harder. All ARC tasks start fairly hard.
 */
export function arcDifficulty (train: readonly ArcPair[], test: readonly ArcPair[]): number {
  const cells = (g: readonly (readonly number[])[]): number => g.length * (g[0]?.length ?? 0)
  const sizes = test.map(p => cells(p.input) + cells(p.output))
  const reshaped = train.some(p => p.input.length !== p.output.length || p.input[0]?.length !== p.output[0]?.length)
  return clampDifficulty(0.55 + 0.25 * Math.min(1, Math.max(...sizes) / 900) + (reshaped ? 0.1 : 0) + (train.length <= 2 ? 0.05 : 0))
}
