/**
 * The five tasks and their public surface. `allTasks()` gives the built-in datasets (generated or
 * project-written, no files needed); `loadTask` builds a task from a real dataset on disk.
 */
import type { PythonSandbox } from '../sandbox/python-sandbox.js'
import { createArcTask } from './arc/task.js'
import { loadArcDirectory } from './arc/loader.js'
import { createGpqaTask } from './gpqa/task.js'
import { loadGpqaCsv } from './gpqa/loader.js'
import { createMathTask } from './math/task.js'
import { loadAime } from './math/loader.js'
import { createMbppTask } from './mbpp/task.js'
import { loadMbppJsonl } from './mbpp/loader.js'
import { createSudokuTask } from './sudoku/task.js'
import { loadSudokuCsv } from './sudoku/loader.js'
import type { Task } from './task.js'

export const TASK_IDS = ['math', 'arc', 'gpqa', 'mbpp', 'sudoku'] as const
export type TaskId = typeof TASK_IDS[number]

export class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError'
  readonly kind = 'unknown-task'
  constructor (readonly taskId: string) {
    super(`unknown task "${taskId}" (known: ${TASK_IDS.join(', ')})`)
  }
}

export function isTaskId (id: string): id is TaskId {
  return (TASK_IDS as readonly string[]).includes(id)
}

let builtIn: ReadonlyMap<TaskId, Task> | undefined

/**
 * The five tasks on their built-in datasets, by id. Built once per process; items are generated
 * on first use of a task's splits.
 */
export function allTasks (): ReadonlyMap<TaskId, Task> {
  builtIn ??= new Map<TaskId, Task>([
    ['math', createMathTask()],
    ['arc', createArcTask()],
    ['gpqa', createGpqaTask()],
    ['mbpp', createMbppTask()],
    ['sudoku', createSudokuTask()]
  ])
  return builtIn
}

export function taskById (id: string): Task {
  if (!isTaskId(id)) throw new UnknownTaskError(id)
  return allTasks().get(id) as Task
}

/**
 * A task on a real dataset: math from an AIME JSONL/CSV file, arc from an ARC-AGI-1 directory,
 * gpqa from the GPQA CSV, mbpp from MBPP JSONL, sudoku from a puzzle,solution CSV.
 */
export async function loadTask (id: string, path: string, options: { sandbox?: PythonSandbox } = {}): Promise<Task> {
  switch (id) {
    case 'math': return createMathTask({ items: await loadAime(path) })
    case 'arc': return createArcTask({ items: await loadArcDirectory(path) })
    case 'gpqa': return createGpqaTask({ items: await loadGpqaCsv(path) })
    case 'mbpp': return createMbppTask({ items: await loadMbppJsonl(path), ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }) })
    case 'sudoku': return createSudokuTask({ items: await loadSudokuCsv(path) })
    default: throw new UnknownTaskError(id)
  }
}

export type { ScoreResult, Task, TaskItem, TaskSplits } from './task.js'
export { splitItems, splitOf, lazySplits, SPLIT_FRACTIONS, DuplicateItemError, type SplitName } from './split.js'
export { DatasetError, type DatasetErrorKind } from './dataset-error.js'
export { afterLastAnswer, answerLine, lastBoxed, lastFencedBlock, NO_FINAL_ANSWER } from './reply.js'
export { Rng } from './rng.js'
export { createMathTask, scoreMath, MATH_SEED_PROMPT } from './math/task.js'
export { generateMathProblems, MATH_SEED, MATH_COUNT } from './math/generator.js'
export { parseIntegerAnswer } from './math/answer.js'
export { loadAime } from './math/loader.js'
export { createArcTask, scoreArc, arcItems, ARC_SEED_PROMPT } from './arc/task.js'
export { generateArcTasks, ARC_SEED, ARC_COUNT } from './arc/generator.js'
export { parseGridAnswer } from './arc/answer.js'
export { loadArcDirectory, loadArcFile } from './arc/loader.js'
export { gridsEqual, gridToJson, type ArcGrid, type ArcPair, type ArcTaskJson } from './arc/grid.js'
export { createGpqaTask, scoreGpqa, gpqaItem, GPQA_SEED_PROMPT } from './gpqa/task.js'
export { generateScienceQuestions, GPQA_SEED, GPQA_COUNT } from './gpqa/generator.js'
export { parseLetterAnswer } from './gpqa/answer.js'
export { loadGpqaCsv } from './gpqa/loader.js'
export { createMbppTask, scoreMbpp, mbppItem, PROJECT_PROBLEMS, MBPP_SEED_PROMPT } from './mbpp/task.js'
export { entryPointOf, type CodingProblem } from './mbpp/problem.js'
export { loadMbppJsonl } from './mbpp/loader.js'
export { createSudokuTask, scoreSudoku, sudokuItem, SUDOKU_SEED_PROMPT } from './sudoku/task.js'
export { generateSudokus, SUDOKU_SEED, SUDOKU_COUNT } from './sudoku/generator.js'
export { solve as solveSudoku } from './sudoku/solver.js'
export { completionError as sudokuCompletionError, parseGrid as parseSudokuGrid } from './sudoku/grid.js'
export { loadSudokuCsv } from './sudoku/loader.js'
export { downloadDatasets, PUBLIC_DATASET_SOURCES, DATASET_LAYOUT, type DatasetSources, type DownloadOptions, type DownloadedDataset } from './download.js'
