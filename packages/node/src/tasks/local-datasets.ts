import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { PythonSandbox } from '../sandbox/index.js'
import { DATASET_LAYOUT } from './download.js'
import { loadTask, type TaskId } from './index.js'
import type { Task } from './task.js'

/** Where, under a data directory, each task's public dataset lives (`promptswarm data download` writes there). */
export const LOCAL_DATASET_PATHS: Readonly<Partial<Record<TaskId, string>>> = Object.freeze({
  math: DATASET_LAYOUT.aime2025,
  arc: DATASET_LAYOUT.arcEvaluation,
  gpqa: DATASET_LAYOUT.gpqa,
  mbpp: DATASET_LAYOUT.mbpp
})

export interface LocalDataset {
  readonly task: TaskId
  readonly path: string
  readonly items: number
}

/**
 * The tasks whose public datasets are present under `dir`, loaded and validated (a bad file
 * throws its loader's `DatasetError`, naming the file, the place and the field). Tasks without a
 * file are absent: callers fall back to the project-made sets.
 */
export async function loadLocalTasks (dir: string, ids: readonly TaskId[], options: { sandbox?: PythonSandbox } = {}): Promise<Map<TaskId, { task: Task, dataset: LocalDataset }>> {
  const out = new Map<TaskId, { task: Task, dataset: LocalDataset }>()
  for (const id of ids) {
    const rel = LOCAL_DATASET_PATHS[id]
    if (rel === undefined) continue
    const path = join(dir, rel)
    if (!existsSync(path)) continue
    const task = await loadTask(id, path, options)
    const items = task.splits.train.length + task.splits.validation.length + task.splits.test.length
    out.set(id, { task, dataset: { task: id, path, items } })
  }
  return out
}
