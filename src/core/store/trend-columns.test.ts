/**
 * The 同比趋势 columns of a report, on every table the corpus yields: each outcome group is the
 * sum of `total` over the rows whose key is the group or starts with `group.` (null when none has
 * one), and the review cells are read as they are.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Applications } from '../../shared/model'
import { extractText } from '../extract/text'
import { parseReport } from '../parse/index'
import { OUTCOME_GROUPS, REVIEW_CELLS, trendFigures } from './trend-columns'

const CORPUS = join(__dirname, '../../../../shared/corpus')

function reference(app: Applications | null, prefix: string): number | null {
  if (!app) return null
  let sum: number | null = null
  for (const [k, row] of Object.entries(app)) {
    if (
      (k === prefix || k.startsWith(`${prefix}.`)) &&
      row.total !== null &&
      row.total !== undefined
    )
      sum = (sum ?? 0) + row.total
  }
  return sum
}

describe('trendFigures', () => {
  it('sums each outcome group and copies the review cells, on every corpus report', () => {
    const files = ['samples', 'real'].flatMap(d =>
      readdirSync(join(CORPUS, d))
        .filter(f => f.endsWith('.txt'))
        .map(f => join(CORPUS, d, f))
    )
    let groupsWithValues = 0
    for (const f of files) {
      const { applications, reviewLitigation } = parseReport(
        extractText(readFileSync(f, 'utf8'))
      ).tables
      const got = trendFigures(applications, reviewLitigation)
      for (const [col, prefix] of OUTCOME_GROUPS) {
        expect(got[col], `${f} ${col}`).toBe(reference(applications, prefix))
        if (got[col] !== null) groupsWithValues++
      }
      for (const [col, g, c] of REVIEW_CELLS)
        expect(got[col], `${f} ${col}`).toBe(reviewLitigation?.[g]?.[c] ?? null)
    }
    expect(files.length).toBeGreaterThan(10)
    expect(groupsWithValues).toBeGreaterThan(50)
  })
})
