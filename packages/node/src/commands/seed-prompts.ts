import { readFile } from 'node:fs/promises'
import { LIMITS } from '@promptswarm/protocol'
import type { Peer } from '../peer/peer.js'
import { isTaskId, TASK_IDS } from '../tasks/index.js'
import { UsageError } from './usage-error.js'

/**
 * `--seed-prompt <task>=<file>`: an operator contributes a hand-written task prompt to the swarm
 * (a seed candidate: no parent, no optimizer). Files are read before the peer starts, so a wrong
 * path fails at once instead of after joining the network.
 */
export interface SeedPromptSpec {
  readonly task: string
  readonly file: string
}

export interface SeedPrompt extends SeedPromptSpec {
  readonly text: string
}

export interface SeedPromptOutcome {
  readonly task: string
  readonly file: string
  readonly id: string
  /** False when this peer had already published the same prompt (a restart with the same flags). */
  readonly published: boolean
}

/** Pure: `<task>=<file>` into its parts, naming what is wrong. */
export function parseSeedPromptSpec (spec: string): SeedPromptSpec {
  const at = spec.indexOf('=')
  if (at <= 0 || at === spec.length - 1) throw new UsageError(`--seed-prompt expects <task>=<file>, got ${JSON.stringify(spec)}`)
  const task = spec.slice(0, at).trim()
  const file = spec.slice(at + 1).trim()
  if (!isTaskId(task)) throw new UsageError(`--seed-prompt ${JSON.stringify(spec)}: unknown task ${JSON.stringify(task)} (known: ${TASK_IDS.join(', ')})`)
  if (file === '') throw new UsageError(`--seed-prompt ${JSON.stringify(spec)}: no file given`)
  return { task, file }
}

/** Reads each prompt file (UTF-8, one trailing newline dropped) and checks it fits a record. */
export async function readSeedPrompts (specs: readonly SeedPromptSpec[]): Promise<SeedPrompt[]> {
  return await Promise.all(specs.map(async spec => {
    let text: string
    try {
      text = await readFile(spec.file, 'utf8')
    } catch (err) {
      throw new UsageError(`--seed-prompt ${spec.task}=${spec.file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
    }
    text = text.replace(/\r?\n$/, '')
    if (text.trim() === '') throw new UsageError(`--seed-prompt ${spec.task}=${spec.file}: the file is empty`)
    const bytes = Buffer.byteLength(text, 'utf8')
    if (bytes > LIMITS.maxPromptBytes) throw new UsageError(`--seed-prompt ${spec.task}=${spec.file}: ${bytes} bytes, a prompt may have at most ${LIMITS.maxPromptBytes}`)
    return { ...spec, text }
  }))
}

/**
 * Publishes each prompt unless this peer's archive already holds it as its own seed: restarting a
 * peer with the same flags must not add a copy under a new sequence number every time.
 */
export async function publishSeedPrompts (peer: Peer, prompts: readonly SeedPrompt[]): Promise<SeedPromptOutcome[]> {
  const outcomes: SeedPromptOutcome[] = []
  for (const prompt of prompts) {
    const existing = peer.view.candidates({ role: 'task', task: prompt.task })
      .find(c => c.author === peer.author && c.parent === null && c.optimizer === null && c.text === prompt.text)
    if (existing !== undefined) {
      outcomes.push({ task: prompt.task, file: prompt.file, id: existing.id, published: false })
      continue
    }
    const signed = await peer.publish({ kind: 'candidate', role: 'task', task: prompt.task, text: prompt.text, parent: null, optimizer: null })
    outcomes.push({ task: prompt.task, file: prompt.file, id: signed.idHex, published: true })
  }
  return outcomes
}
