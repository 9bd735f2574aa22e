import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dataCommand, loadLocalTasks, type CommandIO } from '@promptswarm/node'

/** `promptswarm data check` and `--data DIR` on a data directory the test writes (no network). */
const dirs: string[] = []
afterAll(async () => { await Promise.all(dirs.map(async d => await rm(d, { recursive: true, force: true }))) })

function io (): CommandIO & { lines: string[], errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return { lines, errors, out: t => lines.push(t), err: t => errors.push(t), signal: new AbortController().signal }
}

async function dataDir (aime: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'promptswarm-data-'))
  dirs.push(dir)
  await mkdir(join(dir, 'aime-2025'), { recursive: true })
  await writeFile(join(dir, 'aime-2025', 'aime2025.jsonl'), aime)
  return dir
}

const AIME = Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `2025-I-${i + 1}`, problem: `Problem ${i + 1}: compute ${i} + ${i}.`, answer: String(2 * i) })).join('\n')

describe('public datasets in a data directory', () => {
  it('check reports the items found per task and the project-made sets used elsewhere', async () => {
    const dir = await dataDir(AIME)
    const out = io()
    expect(await dataCommand.run(['check', '--dir', dir], out)).toBe(0)
    expect(out.lines[0]).toBe(`math: 12 items in ${join(dir, 'aime-2025', 'aime2025.jsonl')}`)
    expect(out.lines.find(l => l.startsWith('mbpp:'))).toMatch(/none at .*mbpp\.jsonl; the project-made set is used/)
    const local = await loadLocalTasks(dir, ['math', 'mbpp'])
    expect([...local.keys()]).toEqual(['math'])
    const math = local.get('math')?.task
    const items = [...(math?.splits.train ?? []), ...(math?.splits.validation ?? []), ...(math?.splits.test ?? [])]
    expect(items.map(i => i.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `aime-2025-I-${i + 1}`).sort())
  })

  it('check names the file, line and field of a bad dataset and exits 1', async () => {
    const dir = await dataDir(`${AIME}\n{"problem": "p", "answer": "1000"}`)
    const out = io()
    expect(await dataCommand.run(['check', '--dir', dir], out)).toBe(1)
    expect(out.errors.join('\n')).toMatch(/aime2025\.jsonl line 13 field "answer": expected an integer 0-999/)
  })

  it('refuses unknown actions and options as usage errors', async () => {
    await expect(dataCommand.run(['fetch'], io())).rejects.toThrow(/expected download or check/)
    await expect(dataCommand.run(['download', '--only', 'gpqa'], io())).rejects.toThrow(/only/)
  })
})
