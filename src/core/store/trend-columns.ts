/**
 * The 同比趋势 figures kept as report columns (schema migration 2): outcome groups of the
 * applications table and the reviewLitigation cells. The trends screen sums them per year in SQL.
 */
import type { Applications, ReviewLitigation } from '../../shared/model'

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

export const TREND_COLUMNS: string[] = [
  ...OUTCOME_GROUPS.map(([c]) => c),
  ...REVIEW_CELLS.map(([c]) => c)
]

/**
 * Sum of `total` per outcome group over the rows of each (a row belongs to the group its key starts
 * with, up to the first dot); null for a group where no row has one. One pass over the rows: this
 * runs for every report at ingest.
 */
function groupTotals(app: Applications): Map<string, number> {
  const sums = new Map<string, number>()
  for (const k in app) {
    const total = app[k]!.total
    if (total === null || total === undefined) continue
    const dot = k.indexOf('.')
    const group = dot < 0 ? k : k.slice(0, dot)
    sums.set(group, (sums.get(group) ?? 0) + total)
  }
  return sums
}

export function trendFigures(
  app: Applications | null,
  rl: ReviewLitigation | null
): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  const sums = app ? groupTotals(app) : null
  for (const [col, key] of OUTCOME_GROUPS) out[col] = sums?.get(key) ?? null
  for (const [col, g, c] of REVIEW_CELLS) out[col] = rl?.[g]?.[c] ?? null
  return out
}
