import { describe, expect, it } from 'vitest'
import type { TrendPoint } from '../../../../shared/api'
import { axisWidth, thinYears, thousands } from './trend-scale'

function point(year: number, reports: number, received: number | null): TrendPoint {
  const rl = { upheld: null, corrected: null, other: null, pending: null, total: null }
  return {
    year,
    reports,
    reportsWithErrors: 0,
    errorShare: reports ? 0 : null,
    received,
    carriedOver: null,
    outcomes: {
      granted: null,
      partiallyGranted: null,
      denied: null,
      unable: null,
      notProcessed: null,
      other: null,
      total: null
    },
    carriedForward: null,
    review: rl,
    litigationDirect: rl,
    litigationAfterReview: rl,
    licensing: null,
    penalty: null,
    fees: null
  }
}

describe('trend axes', () => {
  it('print counts with thousands separators on an axis wide enough for all their digits', () => {
    expect(thousands(4000000)).toBe('4,000,000')
    expect(thousands(null)).toBe('')
    // The fixed 44 px held five characters at 12 px: 4000000 lost a digit.
    expect(axisWidth([4000000, 12])).toBeGreaterThan('5,000,000'.length * 7)
    expect(axisWidth([3])).toBeGreaterThanOrEqual(36)
  })

  it('leave out a year with 3 of 334 reports instead of drawing a collapse to 0', () => {
    const pts = [point(2022, 334, 5000), point(2023, 330, 5100), point(2024, 3, 40)]
    expect(thinYears(pts)).toEqual([{ year: 2024, reports: 3, most: 334 }])
    // A small collection is not thin: five reports a year against six.
    expect(thinYears([point(2022, 6, 10), point(2023, 5, 9)])).toEqual([])
  })
})
