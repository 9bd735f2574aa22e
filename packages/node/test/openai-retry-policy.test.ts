/** Pure parts of the OpenAI-compatible backend: retry timing, jitter and the semaphore. */
import { describe, expect, it } from 'vitest'
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from '../src/model/openai/retry-policy.js'
import { seededRandom } from '../src/model/openai/seeded-random.js'
import { Semaphore } from '../src/model/openai/semaphore.js'

const policy = { initialMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 }

describe('retry policy', () => {
  it('retries 429 and 5xx only', () => {
    expect([429, 500, 502, 503, 599].every(isRetryableStatus)).toBe(true)
    expect([200, 400, 401, 404, 408, 422, 600].some(isRetryableStatus)).toBe(false)
  })

  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms, capped and never negative', () => {
    const now = Date.parse('2025-01-01T00:00:00Z')
    const h = (entries: Record<string, string>): Headers => new Headers(entries)
    expect(retryAfterMs(h({ 'retry-after': '2' }), now, policy)).toBe(2000)
    expect(retryAfterMs(h({ 'retry-after': '0.5' }), now, policy)).toBe(500)
    expect(retryAfterMs(h({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now, policy)).toBe(3000)
    expect(retryAfterMs(h({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now, policy)).toBe(0)
    expect(retryAfterMs(h({ 'retry-after': '3600' }), now, policy)).toBe(5000)
    expect(retryAfterMs(h({ 'retry-after-ms': '250', 'retry-after': '9' }), now, policy)).toBe(250)
    expect(retryAfterMs(h({ 'retry-after': 'soon' }), now, policy)).toBeUndefined()
    expect(retryAfterMs(h({}), now, policy)).toBeUndefined()
    expect(retryAfterMs(undefined, now, policy)).toBeUndefined()
  })

  it('backs off exponentially within [half, full] of the capped delay, repeatably for a seed', () => {
    const delays = (seed: number): number[] => {
      const random = seededRandom(seed)
      return Array.from({ length: 6 }, (_, i) => backoffDelayMs(i, policy, random))
    }
    const d = delays(3)
    const caps = [100, 200, 400, 800, 1000, 1000]
    d.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(caps[i]! / 2)
      expect(ms).toBeLessThanOrEqual(caps[i]!)
    })
    expect(delays(3)).toEqual(d)
    expect(delays(4)).not.toEqual(d)
  })
})

describe('Semaphore', () => {
  it('grants at most `limit` slots and hands a released slot to the longest waiter', async () => {
    const s = new Semaphore(2)
    const r1 = await s.acquire()
    await s.acquire()
    const order: number[] = []
    const w3 = s.acquire().then(release => { order.push(3); return release })
    const w4 = s.acquire().then(release => { order.push(4); return release })
    await new Promise(resolve => setImmediate(resolve))
    expect(order).toEqual([])
    r1()
    r1() // a second release of the same slot is ignored
    await w3
    await new Promise(resolve => setImmediate(resolve))
    expect(order).toEqual([3])
    ;(await w3)()
    await w4
    expect(order).toEqual([3, 4])
  })

  it('drops a waiter whose signal aborts, without taking a slot', async () => {
    const s = new Semaphore(1)
    const release = await s.acquire()
    const controller = new AbortController()
    const waiting = s.acquire(controller.signal)
    controller.abort(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
    release()
    const again = await s.acquire()
    expect(typeof again).toBe('function')
  })
})
