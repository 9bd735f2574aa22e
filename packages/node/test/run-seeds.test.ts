import { describe, expect, it } from 'vitest'
import { parseSeedList, UsageError } from '@promptswarm/node'

describe('run --seeds', () => {
  it('reads lists, ranges and both, without repeats', () => {
    expect(parseSeedList('1,2,5')).toEqual([1, 2, 5])
    expect(parseSeedList('1-4')).toEqual([1, 2, 3, 4])
    expect(parseSeedList('1-3, 7,2')).toEqual([1, 2, 3, 7])
  })

  it('names the bad part of a bad list', () => {
    for (const bad of ['', 'a', '3-1', '1-5000', '1,,2', '-1']) {
      expect(() => parseSeedList(bad)).toThrow(UsageError)
    }
    expect(() => parseSeedList('1,x')).toThrow(/"x" is not a seed/)
  })
})
