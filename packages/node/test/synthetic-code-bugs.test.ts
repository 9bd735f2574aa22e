import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { candidateMutations, introduceBug } from '../src/model/synthetic/index.js'
import { maskPython } from '../src/model/synthetic/code-bugs.js'
import { Rng } from '../src/model/synthetic/random.js'

/** Reference solutions in the style of MBPP, each with the asserts that check it. */
const PROGRAMS: ReadonlyArray<{ code: string, tests: readonly string[] }> = [
  {
    code: 'def largest(nums):\n    if not nums:\n        return None\n    best = nums[0]\n    for x in nums[1:]:\n        if x > best:\n            best = x\n    return best',
    tests: ['assert largest([1, 5, 3]) == 5', 'assert largest([]) is None', 'assert largest([-2, -1]) == -1', 'assert largest([7]) == 7']
  },
  {
    code: 'def count_vowels(s):\n    # vowels, case-insensitive\n    return sum(1 for c in s.lower() if c in "aeiou")',
    tests: ['assert count_vowels("Hello") == 2', 'assert count_vowels("") == 0', 'assert count_vowels("xyz") == 0', 'assert count_vowels("AEIOU") == 5']
  },
  {
    code: 'def is_prime(n):\n    if n < 2:\n        return False\n    for d in range(2, int(n ** 0.5) + 1):\n        if n % d == 0:\n            return False\n    return True',
    tests: ['assert is_prime(2)', 'assert is_prime(13)', 'assert not is_prime(1)', 'assert not is_prime(15)', 'assert not is_prime(25)', 'assert is_prime(29)']
  },
  {
    code: 'def reverse_words(s):\n    return " ".join(s.split()[::-1])',
    tests: ['assert reverse_words("a b c") == "c b a"', 'assert reverse_words("one") == "one"', 'assert reverse_words("x y") == "y x"']
  },
  {
    code: 'def running_sum(nums):\n    out = []\n    total = 0\n    for i in range(len(nums)):\n        total += nums[i]\n        out.append(total)\n    return out',
    tests: ['assert running_sum([1, 2, 3]) == [1, 3, 6]', 'assert running_sum([]) == []', 'assert running_sum([5]) == [5]']
  },
  {
    code: "def second_smallest(nums):\n    uniq = sorted(set(nums))\n    if len(uniq) < 2:\n        return None\n    return uniq[1]",
    tests: ['assert second_smallest([4, 1, 3]) == 3', 'assert second_smallest([1, 1]) is None', 'assert second_smallest([2, 2, 5, 1]) == 2']
  },
  {
    code: 'def digit_sum(n):\n    total = 0\n    while n > 0:\n        total += n % 10\n        n //= 10\n    return total',
    tests: ['assert digit_sum(123) == 6', 'assert digit_sum(0) == 0', 'assert digit_sum(909) == 18']
  },
  {
    code: 'def both_even(a, b):\n    return a % 2 == 0 and b % 2 == 0',
    tests: ['assert both_even(2, 4)', 'assert not both_even(2, 3)', 'assert not both_even(3, 2)', 'assert not both_even(1, 1)']
  }
]

/** Compiles and runs each program with its asserts in a real Python process, two seconds each. */
const HARNESS = String.raw`
import sys, json, signal
def alarm(*_): raise TimeoutError()
signal.signal(signal.SIGALRM, alarm)
out = []
for case in json.load(sys.stdin):
    try:
        compiled = compile(case['code'], '<case>', 'exec')
    except SyntaxError:
        out.append('syntax'); continue
    ns = {}
    signal.alarm(2)
    try:
        exec(compiled, ns)
        for t in case['tests']: exec(t, ns)
        out.append('pass')
    except TimeoutError:
        out.append('timeout')
    except BaseException:
        out.append('fail')
    finally:
        signal.alarm(0)
print(json.dumps(out))
`

function runPython (cases: ReadonlyArray<{ code: string, tests: readonly string[] }>): string[] {
  const r = spawnSync('python3', ['-c', HARNESS], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as string[]
}

describe('synthetic model: bugs in code answers', () => {
  it('never touches string literals or comments', () => {
    const src = 'x = "a < b + c"  # d > e - f\ny = a < b'
    const masked = maskPython(src)
    expect(masked.length).toBe(src.length)
    const spots = candidateMutations(src).map(m => m.start)
    expect(spots.every(at => at > src.indexOf('\n'))).toBe(true)
  })

  it('every candidate bug still compiles, and the references pass their tests', () => {
    const cases = PROGRAMS.flatMap(p => [
      p,
      ...candidateMutations(p.code).map(m => ({ code: p.code.slice(0, m.start) + m.replacement + p.code.slice(m.end), tests: [] }))
    ])
    const results = runPython(cases)
    expect(results.filter(r => r === 'syntax')).toEqual([])
    PROGRAMS.forEach((_, i) => {
      const at = PROGRAMS.slice(0, i).reduce((n, p) => n + 1 + candidateMutations(p.code).length, 0)
      expect(results[at], `program ${i}`).toBe('pass')
    })
  })

  it('the bugs the simulator introduces change the code, fail the tests, and never hang', () => {
    const cases = PROGRAMS.flatMap((p, i) => Array.from({ length: 12 }, (_, s) => {
      const { code } = introduceBug(p.code, Rng.fromParts('bug-test', i, s))
      expect(code).not.toBe(p.code)
      return { code, tests: p.tests }
    }))
    const results = runPython(cases)
    expect(results.filter(r => r !== 'fail')).toEqual([])
  })

  it('keeps out of while loops, where a bug could spin until the sandbox kills it', () => {
    const src = PROGRAMS.find(p => p.code.includes('while'))?.code ?? ''
    const loopStart = src.indexOf('while')
    const loopEnd = src.indexOf('return total')
    expect(loopStart).toBeGreaterThan(0)
    const inLoop = candidateMutations(src).filter(m => m.start >= loopStart && m.start < loopEnd)
    expect(inLoop).toEqual([])
  })
})
