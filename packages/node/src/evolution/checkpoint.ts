import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { ModelUsage } from '../model/metered-model.js'
import type { EvolutionState } from './evolution.js'

/** Everything a method run needs to continue exactly where it stopped. */
export interface CheckpointData {
  method: string
  seed: number
  /** Wire records (base64) in publication order. */
  records: string[]
  usage: ModelUsage
  /** Engine key -> generations completed. */
  steps: Record<string, number>
  /** Engine key -> engine state after its last completed generation. */
  states: Record<string, EvolutionState>
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError'
}

/** A JSON checkpoint written atomically (temp file + rename), so a crash never leaves half a file. */
export class Checkpoint {
  constructor (readonly path: string) {}

  async load (): Promise<CheckpointData | undefined> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new CheckpointError(`${this.path}: not valid JSON (${(err as Error).message}); delete it to start over`)
    }
    const d = data as Partial<CheckpointData>
    if (typeof d !== 'object' || d === null || !Array.isArray(d.records) || typeof d.steps !== 'object' || typeof d.states !== 'object' || typeof d.usage !== 'object') {
      throw new CheckpointError(`${this.path}: not a promptswarm checkpoint (missing records, steps, states or usage)`)
    }
    return d as CheckpointData
  }

  async save (data: CheckpointData): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify(data))
    await rename(tmp, this.path)
  }

  async remove (): Promise<void> {
    await rm(this.path, { force: true })
  }
}
