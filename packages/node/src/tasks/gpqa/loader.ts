import { CsvSyntaxError, parseCsv } from '../csv.js'
import { DatasetError } from '../dataset-error.js'
import { readDatasetFile } from '../read-dataset-file.js'
import type { TaskItem } from '../task.js'
import { gpqaItem } from './task.js'

const REQUIRED = ['Question', 'Correct Answer', 'Incorrect Answer 1', 'Incorrect Answer 2', 'Incorrect Answer 3'] as const

/**
 * Reads the GPQA CSV (e.g. gpqa_diamond.csv, obtained from its authors) from a local path. It
 * needs the columns Question, Correct Answer and Incorrect Answer 1-3; Record ID, High-level
 * domain and Writer's Difficulty Estimate are used when present. Options are shuffled per item.
 */
export async function loadGpqaCsv (path: string): Promise<TaskItem[]> {
  const text = await readDatasetFile(path)
  let rows
  try {
    rows = parseCsv(text)
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DatasetError('malformed', path, err.reason, `line ${err.line}`)
    throw err
  }
  const header = rows[0]?.fields.map(f => f.trim())
  if (header === undefined) throw new DatasetError('empty', path, 'no rows')
  const col = (name: string): number => header.indexOf(name)
  for (const name of REQUIRED) {
    if (col(name) < 0) throw new DatasetError('invalid-field', path, 'missing column', 'line 1 (header)', name)
  }
  const idCol = col('Record ID')
  const domainCol = col('High-level domain')
  const difficultyCol = header.findIndex(h => /difficulty estimate/i.test(h))
  const items: TaskItem[] = []
  const seen = new Map<string, number>()
  for (const [n, row] of rows.slice(1).entries()) {
    const where = `line ${row.line}`
    const get = (name: string): string => {
      const v = (row.fields[col(name)] ?? '').trim()
      if (v === '') throw new DatasetError('invalid-field', path, 'empty value', where, name)
      return v
    }
    const question = get('Question')
    const correct = get('Correct Answer')
    const incorrect: [string, string, string] = [get('Incorrect Answer 1'), get('Incorrect Answer 2'), get('Incorrect Answer 3')]
    if (incorrect.includes(correct)) throw new DatasetError('invalid-field', path, 'an incorrect answer equals the correct answer', where, 'Correct Answer')
    const recordId = idCol >= 0 ? (row.fields[idCol] ?? '').trim() : ''
    const id = `gpqa-${recordId === '' ? String(n + 1) : recordId}`
    const earlier = seen.get(id)
    if (earlier !== undefined) throw new DatasetError('duplicate-id', path, `record id already used at line ${earlier}`, where, 'Record ID')
    seen.set(id, row.line)
    const domain = domainCol >= 0 ? (row.fields[domainCol] ?? '').trim() : ''
    const estimate = difficultyCol >= 0 ? (row.fields[difficultyCol] ?? '') : ''
    items.push(gpqaItem(id, question, correct, incorrect, { difficulty: gpqaDifficulty(estimate), ...(domain === '' ? {} : { domain }) }))
  }
  if (items.length === 0) throw new DatasetError('empty', path, 'no questions')
  return items
}

/** From the question writer's estimate; GPQA questions are hard for models, so the floor is high. */
function gpqaDifficulty (estimate: string): number {
  const e = estimate.toLowerCase()
  if (e.includes('post-graduate')) return 0.9
  if (e.includes('hard graduate')) return 0.8
  if (e.includes('hard undergraduate')) return 0.65
  if (e.includes('easy undergraduate')) return 0.5
  return 0.8
}
