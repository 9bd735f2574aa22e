import { DatasetError } from '../dataset-error.js'
import { parseJsonLines, readDatasetFile } from '../read-dataset-file.js'
import type { TaskItem } from '../task.js'
import { entryPointOf } from './problem.js'
import { mbppItem } from './task.js'

/**
 * Reads MBPP from JSON Lines (mbpp.jsonl: task_id, text, code, test_list, test_setup_code) or the
 * sanitized JSON array (sanitized-mbpp.json: task_id, prompt, code, test_list, test_imports).
 */
export async function loadMbppJsonl (path: string): Promise<TaskItem[]> {
  const text = await readDatasetFile(path)
  const trimmed = text.trimStart()
  let records: Array<{ where: string, value: Record<string, unknown> }>
  if (trimmed.startsWith('[')) {
    let value: unknown
    try {
      value = JSON.parse(trimmed)
    } catch (err) {
      throw new DatasetError('malformed', path, `invalid JSON (${(err as Error).message})`)
    }
    records = (value as unknown[]).map((v, i) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DatasetError('malformed', path, 'expected a JSON object', `item ${i}`)
      return { where: `item ${i}`, value: v as Record<string, unknown> }
    })
  } else {
    records = parseJsonLines(path, text).map(r => ({ where: `line ${r.line}`, value: r.value }))
  }
  if (records.length === 0) throw new DatasetError('empty', path, 'no problems')
  const items: TaskItem[] = []
  const seen = new Map<string, string>()
  for (const { where, value } of records) {
    const str = (field: string, required: boolean): string => {
      const v = value[field]
      if (typeof v === 'string' && v.trim() !== '') return v
      if (!required && (v === undefined || v === null || v === '')) return ''
      throw new DatasetError('invalid-field', path, 'expected a non-empty string', where, field)
    }
    const description = typeof value.text === 'string' ? str('text', true) : str('prompt', true)
    const code = str('code', true)
    const tests = value.test_list
    if (!Array.isArray(tests) || tests.length === 0 || !tests.every(t => typeof t === 'string' && t.trim() !== '')) {
      throw new DatasetError('invalid-field', path, 'expected a non-empty array of assert strings', where, 'test_list')
    }
    const imports = Array.isArray(value.test_imports) ? value.test_imports.filter((t): t is string => typeof t === 'string') : []
    const setup = [str('test_setup_code', false), ...imports].filter(s => s.trim() !== '').join('\n')
    const taskId = value.task_id
    if (typeof taskId !== 'number' && typeof taskId !== 'string') throw new DatasetError('invalid-field', path, 'expected a number or string', where, 'task_id')
    const id = `mbpp-${String(taskId)}`
    const earlier = seen.get(id)
    if (earlier !== undefined) throw new DatasetError('duplicate-id', path, `task_id already used at ${earlier}`, where, 'task_id')
    seen.set(id, where)
    const problem = { text: description, code: code.replaceAll('\r\n', '\n'), tests: tests as string[], ...(setup === '' ? {} : { setup }) }
    if (entryPointOf(problem) === undefined) throw new DatasetError('invalid-field', path, 'cannot tell which function the tests call', where, 'test_list')
    items.push(mbppItem(id, problem))
  }
  return items
}
