import { describeSandboxResult } from '../../sandbox/result.js'
import { defaultPythonSandbox, type PythonSandbox } from '../../sandbox/python-sandbox.js'
import { dataString, dataStrings } from '../item-data.js'
import { lastFencedBlock } from '../reply.js'
import { lazySplits } from '../split.js'
import type { ScoreResult, Task, TaskItem } from '../task.js'
import { codingDifficulty, type CodingProblem, entryPointOf, mbppQuestion } from './problem.js'
import { BASIC_PROBLEMS } from './problems-basic.js'
import { MORE_PROBLEMS } from './problems-more.js'

export const MBPP_SEED_PROMPT = [
  'Think step by step: restate what the function must do, check the example tests for the exact name, arguments and return type,',
  'consider edge cases, then write the solution.',
  'Give the final answer as one ```python code block containing the complete function.'
].join(' ')

export const PROJECT_PROBLEMS: readonly CodingProblem[] = Object.freeze([...BASIC_PROBLEMS, ...MORE_PROBLEMS])

/** Longest code kept in a score's `answer` field. */
const ANSWER_CHARS = 4000

export function mbppItem (id: string, problem: CodingProblem): TaskItem {
  const entryPoint = entryPointOf(problem) ?? ''
  return {
    id,
    question: mbppQuestion(problem.text, problem.tests),
    gold: problem.code,
    data: {
      tests: [...problem.tests],
      entryPoint,
      difficulty: codingDifficulty(problem.code),
      ...(problem.setup === undefined || problem.setup === '' ? {} : { setup: problem.setup })
    }
  }
}

export function projectMbppItems (): TaskItem[] {
  return PROJECT_PROBLEMS.map((p, i) => mbppItem(`mbpp-p${String(i + 1).padStart(3, '0')}`, p))
}

/** Runs the reply's last ```python block against the item's asserts in the sandbox. */
export async function scoreMbpp (item: TaskItem, reply: string, sandbox: PythonSandbox = defaultPythonSandbox()): Promise<ScoreResult> {
  const tests = dataStrings(item, 'tests')
  if (tests === undefined || tests.length === 0) return { outcome: 0, reason: 'item has no data.tests' }
  const code = lastFencedBlock(reply, ['python', 'py', 'python3'])
  if (code === undefined || code.trim() === '') return { outcome: 0, reason: 'no ```python code block found' }
  const answer = code.length > ANSWER_CHARS ? code.slice(0, ANSWER_CHARS) : code
  const setup = dataString(item, 'setup')
  // A SandboxError (no interpreter) propagates: the environment failed, not the reply.
  const result = await sandbox.run({ code, tests, ...(setup === undefined ? {} : { setup }) })
  if (result.status === 'passed') return { outcome: 1, answer }
  return { outcome: 0, reason: describeSandboxResult(result), answer }
}

export interface MbppTaskOptions {
  /** Items to use instead of the project-written set (e.g. from `loadMbppJsonl`). */
  readonly items?: readonly TaskItem[]
  /** Defaults to the process-wide sandbox. */
  readonly sandbox?: PythonSandbox
}

export function createMbppTask (options: MbppTaskOptions = {}): Task {
  const items = options.items
  const sandbox = options.sandbox
  return {
    id: 'mbpp',
    description: 'Python functions in MBPP format; the reply\'s last ```python block must pass the assert tests in a sandbox.',
    seedPrompt: MBPP_SEED_PROMPT,
    splits: lazySplits('mbpp', () => items ?? projectMbppItems()),
    userMessage: item => item.question,
    score: async (item, reply) => await scoreMbpp(item, reply, sandbox ?? defaultPythonSandbox())
  }
}
