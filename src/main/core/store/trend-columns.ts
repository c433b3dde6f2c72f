/**
 * The 同比趋势 figures kept as report columns (schema migration 2): outcome groups of the
 * applications table and the reviewLitigation cells. The trends screen sums them per year in SQL.
 */
import type { Applications, ReviewLitigation } from '../../../shared/model'

/** Column → application row key prefix (a row counts when its key is the prefix or starts `prefix.`). */
export const OUTCOME_GROUPS = [
  ['partially_granted_total', 'partiallyGranted'],
  ['denied_total', 'denied'],
  ['unable_total', 'unable'],
  ['not_processed_total', 'notProcessed'],
  ['other_total', 'other']
] as const

const GROUPS = [
  ['rv', 'review'],
  ['ld', 'litigationDirect'],
  ['la', 'litigationAfterReview']
] as const
const CELLS = ['upheld', 'corrected', 'other', 'pending'] as const

/** Column, reviewLitigation group, cell (the group totals already have columns). */
export const REVIEW_CELLS = GROUPS.flatMap(([p, g]) => CELLS.map(c => [`${p}_${c}`, g, c] as const))

export const TREND_COLUMNS: string[] = [...OUTCOME_GROUPS.map(([c]) => c), ...REVIEW_CELLS.map(([c]) => c)]

/** Sum of `total` over the rows of a group; null when no row of it has one. */
function groupTotal(app: Applications, prefix: string): number | null {
  let out: number | null = null
  for (const [k, row] of Object.entries(app)) {
    if ((k === prefix || k.startsWith(`${prefix}.`)) && row.total !== null && row.total !== undefined) {
      out = (out ?? 0) + row.total
    }
  }
  return out
}

export function trendFigures(app: Applications | null, rl: ReviewLitigation | null): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const [col, key] of OUTCOME_GROUPS) out[col] = app ? groupTotal(app, key) : null
  for (const [col, g, c] of REVIEW_CELLS) out[col] = rl?.[g]?.[c] ?? null
  return out
}
