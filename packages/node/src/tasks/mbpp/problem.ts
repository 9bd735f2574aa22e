import { clampDifficulty } from '../item-data.js'

/** An MBPP-format problem: a description, a reference solution, and assert lines. */
export interface CodingProblem {
  readonly text: string
  readonly code: string
  readonly tests: readonly string[]
  /** Runs after the code and before the tests (MBPP's test_setup_code). */
  readonly setup?: string
}

const NOT_ENTRY_POINTS = new Set(['set', 'sorted', 'list', 'tuple', 'dict', 'abs', 'round', 'len', 'str', 'int', 'float', 'sum', 'min', 'max', 'isinstance', 'frozenset', 'math.isclose'])

/**
 * The function the tests call: the first called name in an assert that is not a builtin
 * (`assert set(f(x)) == ...` gives f), else the first `def` in the reference code.
 */
export function entryPointOf (problem: Pick<CodingProblem, 'code' | 'tests'>): string | undefined {
  for (const test of problem.tests) {
    for (const m of test.matchAll(/([A-Za-z_][\w.]*)\s*\(/g)) {
      const name = m[1] as string
      if (name === 'assert' || NOT_ENTRY_POINTS.has(name)) continue
      return name
    }
  }
  return /^def\s+([A-Za-z_]\w*)\s*\(/m.exec(problem.code)?.[1]
}

/**
 * Difficulty from the reference solution's structure: its length, loops and branches (a longer,
 * more nested solution leaves more room for mistakes).
 */
export function codingDifficulty (code: string): number {
  const lines = code.split('\n').filter(l => l.trim() !== '' && !l.trim().startsWith('#')).length
  const loops = (code.match(/\b(for|while)\b/g) ?? []).length
  const branches = (code.match(/\b(if|elif)\b/g) ?? []).length
  return clampDifficulty(0.1 + 0.03 * Math.min(lines, 15) + 0.05 * Math.min(loops, 3) + 0.03 * Math.min(branches, 4))
}

/** MBPP's prompt, as in the paper (Austin et al., 2021). */
export function mbppQuestion (text: string, tests: readonly string[]): string {
  return `You are an expert Python programmer, and here is your task: ${text.trim()} Your code should pass these tests:\n\n${tests.join('\n')}`
}
