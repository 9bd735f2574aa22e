import { CsvSyntaxError, parseCsv } from '../csv.js'
import { DatasetError } from '../dataset-error.js'
import { clampDifficulty } from '../item-data.js'
import { parseJsonLines, readDatasetFile } from '../read-dataset-file.js'
import type { TaskItem } from '../task.js'

const QUESTION_FIELDS = ['problem', 'question', 'Problem', 'Question']
const ANSWER_FIELDS = ['answer', 'Answer']
const ID_FIELDS = ['id', 'ID', 'problem_idx', 'problem_id', 'idx']

interface Record_ { readonly where: string, readonly get: (field: string) => unknown }

/**
 * Reads AIME-format problems (e.g. AIME 2025) from JSON Lines or CSV (chosen by extension).
 * Each record needs a problem text (`problem` or `question`) and an integer answer 0-999
 * (`answer`); an id field (`id`, `problem_idx`...) is used when present, else the record number.
 */
export async function loadAime (path: string): Promise<TaskItem[]> {
  const text = await readDatasetFile(path)
  const records = path.toLowerCase().endsWith('.csv') ? csvRecords(path, text) : jsonlRecords(path, text)
  if (records.length === 0) throw new DatasetError('empty', path, 'no problems')
  const items: TaskItem[] = []
  const seen = new Map<string, string>()
  records.forEach((r, index) => {
    const question = pick(r, QUESTION_FIELDS)
    if (typeof question !== 'string' || question.trim() === '') {
      throw new DatasetError('invalid-field', path, 'missing or empty problem text', r.where, QUESTION_FIELDS.slice(0, 2).join('/'))
    }
    const rawAnswer = pick(r, ANSWER_FIELDS)
    const answerText = typeof rawAnswer === 'number' ? String(rawAnswer) : typeof rawAnswer === 'string' ? rawAnswer.trim() : ''
    if (!/^\d{1,3}$/.test(answerText)) throw new DatasetError('invalid-field', path, `expected an integer 0-999, got ${JSON.stringify(rawAnswer)}`, r.where, 'answer')
    const rawId = pick(r, ID_FIELDS)
    const id = `aime-${typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : String(index + 1)}`
    const earlier = seen.get(id)
    if (earlier !== undefined) throw new DatasetError('duplicate-id', path, `id ${id} already used at ${earlier}`, r.where, 'id')
    seen.set(id, r.where)
    items.push({ id, question: question.trim(), gold: String(Number(answerText)), data: { difficulty: aimeDifficulty(rawId, index) } })
  })
  return items
}

function pick (r: Record_, fields: readonly string[]): unknown {
  for (const f of fields) {
    const v = r.get(f)
    if (v !== undefined && v !== null && v !== '') return v
  }
  return undefined
}

function jsonlRecords (path: string, text: string): Record_[] {
  return parseJsonLines(path, text).map(({ line, value }) => ({ where: `line ${line}`, get: f => value[f] }))
}

function csvRecords (path: string, text: string): Record_[] {
  let rows
  try {
    rows = parseCsv(text)
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DatasetError('malformed', path, err.reason, `line ${err.line}`)
    throw err
  }
  const header = rows[0]?.fields.map(f => f.trim())
  if (header === undefined) return []
  return rows.slice(1).map(row => ({
    where: `line ${row.line}`,
    get: f => { const i = header.indexOf(f); return i < 0 ? undefined : row.fields[i] }
  }))
}

/**
 * AIME problems get harder through the paper: problem k of 15 (from an id ending in -k or a
 * numeric index) maps to 0.35..0.95; without a position, 0.7.
 */
function aimeDifficulty (rawId: unknown, index: number): number {
  const m = /(\d+)\s*$/.exec(String(rawId ?? ''))
  const k = m === null ? (rawId === undefined ? (index % 15) + 1 : NaN) : ((Number(m[1]) - 1) % 15) + 1
  return clampDifficulty(Number.isNaN(k) ? 0.7 : 0.35 + 0.6 * (k - 1) / 14)
}
