import { describe, expect, it } from 'vitest'
import { BREAKDOWN_THRESHOLD, breakdownPoint, describeBreakdown } from '@promptswarm/node'

const at = (gaps: Record<number, number>): Array<{ share: number, gap: number }> => Object.entries(gaps).map(([share, gap]) => ({ share: Number(share), gap }))

describe('breakdown point', () => {
  it('is the smallest share whose gap exceeds 1 point (0.01), even if a larger share dips back below', () => {
    expect(BREAKDOWN_THRESHOLD).toBe(0.01)
    expect(breakdownPoint(at({ 0: 0, 0.125: 0.005, 0.25: 0.03, 0.375: 0.002, 0.5: 0.08 }))).toBe(0.25)
  })

  it('needs the gap strictly above the threshold: exactly 1 point does not break a defence', () => {
    expect(breakdownPoint(at({ 0: 0, 0.25: 0.01, 0.5: 0.0100001 }))).toBe(0.5)
  })

  it('does not depend on the order of the points, and ignores gaps that are not numbers', () => {
    expect(breakdownPoint([{ share: 0.5, gap: 0.2 }, { share: 0.125, gap: Number.NaN }, { share: 0.375, gap: 0.02 }])).toBe(0.375)
  })

  it('is null when the defence held everywhere (negative gaps included), described as "none up to" the largest share', () => {
    const share = breakdownPoint(at({ 0: 0, 0.25: -0.04, 0.5: 0.009 }))
    expect(share).toBeNull()
    expect(describeBreakdown(share, [0, 0.25, 0.5])).toBe('none up to 0.5')
    expect(describeBreakdown(0.125, [0, 0.125])).toBe('0.125')
  })

  it('takes another threshold', () => {
    expect(breakdownPoint(at({ 0.1: 0.03, 0.2: 0.06 }), 0.05)).toBe(0.2)
  })
})
