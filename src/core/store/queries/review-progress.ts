/**
 * Review progress (issue #22): of the filtered reports with errors or warnings, how many are
 * reviewed (every one of them decided, confirmed or dismissed) and how many still wait (待审, as
 * ReportFilter.pending). Grouped by agency level for the overview, by agency for the agency list.
 */
import type { AgencyLevel, ReportFilter, ReviewProgress } from '../../../shared/api'
import type { Db } from '../db'
import { DECIDED_CTE, filterSql, reviewState } from './filter-sql'

interface Row {
  k: string | null
  reviewed: number
  pending: number
}

async function progressRows(
  db: Db,
  filter: ReportFilter,
  by: 'level' | 'agency',
  keys?: string[]
): Promise<Row[]> {
  const f = filterSql(filter, { dismissed: (await reviewState(db)).dismissed })
  const where =
    by === 'agency'
      ? `WHERE fr.agency_key IN (${(keys ?? []).map(() => '?').join(',') || 'NULL'})`
      : ''
  return db.all<Row>(
    `${f.with}${filter.pending ? '' : `, ${DECIDED_CTE}`}
     SELECT ${by === 'level' ? 'fr.level' : 'fr.agency_key'} AS k,
       COALESCE(sum(r.n_error + r.n_warning > 0 AND r.n_error + r.n_warning <= COALESCE(d.n, 0)), 0) AS reviewed,
       COALESCE(sum(r.n_error + r.n_warning > COALESCE(d.n, 0)), 0) AS pending
     FROM fr JOIN reports r ON r.id = fr.id LEFT JOIN dec_r d ON d.report_id = fr.id
     ${where} GROUP BY k`,
    [...f.params, ...(by === 'agency' ? (keys ?? []) : [])]
  )
}

/** Totals and per agency level (reports without an agency under level null). */
export async function reviewProgress(db: Db, filter: ReportFilter = {}): Promise<ReviewProgress> {
  const rows = await progressRows(db, filter, 'level')
  return {
    reviewed: rows.reduce((n, r) => n + r.reviewed, 0),
    pending: rows.reduce((n, r) => n + r.pending, 0),
    byLevel: rows
      .filter(r => r.reviewed + r.pending > 0)
      .map(r => ({ level: r.k as AgencyLevel | null, reviewed: r.reviewed, pending: r.pending }))
  }
}

/** Per agency, for a page of the agency list. */
export async function agencyReviewProgress(
  db: Db,
  filter: ReportFilter | undefined,
  keys: string[]
): Promise<Map<string, { reviewed: number; pending: number }>> {
  if (keys.length === 0) return new Map()
  const rows = await progressRows(db, filter ?? {}, 'agency', keys)
  return new Map(rows.map(r => [r.k ?? '', { reviewed: r.reviewed, pending: r.pending }]))
}
