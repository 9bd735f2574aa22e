import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openRecord } from '@promptswarm/protocol'
import { allTasks, RecordStore, shareWork, type Task } from '@promptswarm/node'

/**
 * A scenario run killed with SIGKILL in the middle of a swarm (the built CLI in a real
 * subprocess, `npm test` builds first) resumes from its peers' level stores when started again,
 * and completes its budget with no record lost or published twice.
 */
const CLI = join(import.meta.dirname, '..', 'packages', 'node', 'dist', 'cli.js')
const SCENARIO = `name: resume-check
description: A clean swarm interrupted and resumed.
model: synthetic:small
tasks: [math]
seeds: [1]
budget:
  stage1: 30
  stage2: 5
  children: 4
  optimizerChildren: 1
  minibatch: 8
  finalists: 1
  validationRepeats: 1
  testRepeats: 1
swarm:
  peers: 4
defences:
  aggregator: median
  committee: 3
  quorum: 2
`
// The budget is large enough that the run outlasts its first progress line (every 2 s), which is
// when the test kills it: a smaller one finished within 2 s on a fast, idle machine.
const PEERS = 4
const SWARM = 'scenario-1'

let dir: string
afterAll(async () => { if (dir !== undefined) await rm(dir, { recursive: true, force: true }) })

interface Stored { idHex: string, author: string, seq: number, kind: string, parent: boolean }

/** Every record in every peer's store of the attacked twin, by peer. */
async function readStores (peersDir: string): Promise<Stored[][]> {
  const peers = (await readdir(peersDir)).filter(d => d.startsWith('peer-')).sort()
  const out: Stored[][] = []
  for (const peer of peers) {
    const store = await RecordStore.open(join(peersDir, peer), { swarm: SWARM })
    const records: Stored[] = []
    for await (const entry of store.entries()) {
      const opened = openRecord(entry.wire, SWARM)
      if (!opened.ok) throw new Error(`${peer}: a stored record does not open: ${opened.error.reason}`)
      const r = opened.value.record
      records.push({ idHex: opened.value.idHex, author: opened.value.authorHex, seq: r.seq, kind: r.kind, parent: r.kind === 'candidate' && r.parent !== null })
    }
    await store.close()
    out.push(records)
  }
  return out
}

function start (args: string[]): { child: ChildProcess, stderr: () => string, exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => { err += d.toString() })
  child.stdout?.resume()
  const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
  return { child, stderr: () => err, exit }
}

describe('resuming an interrupted scenario run', () => {
  it('a run killed with SIGKILL mid-swarm resumes from its stores and completes with nothing lost or duplicated', async () => {
    dir = await mkdtemp(join(tmpdir(), 'promptswarm-resume-'))
    const file = join(dir, 'resume-check.yaml')
    await writeFile(file, SCENARIO)
    const out = join(dir, 'out')
    const args = [file, '--out', out, '--keep-state']
    const peersDir = join(out, 'state', 'resume-check', 'seed-1-attacked', 'peers')

    // Kill once the swarm has published a few children (progress lines count candidates).
    const first = start(args)
    const deadline = Date.now() + 60_000
    while (!/\b([6-9]|\d\d+) candidates/.test(first.stderr()) && Date.now() < deadline) {
      if (first.child.exitCode !== null) break
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    expect(first.child.exitCode, first.stderr()).toBeNull()
    first.child.kill('SIGKILL')
    await first.exit
    const before = await readStores(peersDir)
    const storedBefore = new Set(before.flat().map(r => r.idHex))
    const work = shareWork(PEERS, [allTasks().get('math') as Task], { stage1Generations: 30, stage2Generations: 5, childrenPerGeneration: 4, optimizerChildren: 1, minibatchSize: 8, finalists: 1 }).flat().length
    const childrenBefore = new Set(before.flat().filter(r => r.parent).map(r => r.idHex)).size
    expect(childrenBefore).toBeGreaterThan(0)
    expect(childrenBefore).toBeLessThan(work)

    const second = start(args)
    expect(await second.exit, second.stderr()).toBe(0)
    expect(second.stderr()).toMatch(/Resuming the interrupted run/)
    expect(existsSync(join(out, 'resume-check.json'))).toBe(true)

    const after = await readStores(peersDir)
    // Nothing any peer had stored before the kill is lost, at any peer.
    for (const records of after) {
      const ids = new Set(records.map(r => r.idHex))
      for (const id of storedBefore) expect(ids.has(id)).toBe(true)
    }
    // Nothing published twice: every author's sequence numbers are distinct, all peers hold the
    // same records, and the children are exactly the budget's work items.
    const all = after[0] as Stored[]
    for (const records of after) expect(new Set(records.map(r => r.idHex))).toEqual(new Set(all.map(r => r.idHex)))
    const bySeq = new Set(all.map(r => `${r.author}/${r.seq}`))
    expect(bySeq.size).toBe(all.length)
    expect(all.filter(r => r.parent).length).toBe(work)
    const report = JSON.parse(await readFile(join(out, 'resume-check.json'), 'utf8')) as { seeds: Array<{ attacked: { agreement: boolean, candidates: number } }> }
    expect(report.seeds[0]?.attacked.agreement).toBe(true)
  }, 120_000)
})
