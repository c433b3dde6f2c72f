/**
 * 同比趋势: per-year sums for one agency or for every agency in the filter. One report per
 * agency-year (the one not superseded). A value no report had stays null, so a chart shows a gap
 * rather than a false zero.
 */
import type { ReportFilter, ReviewLitigationPoint, TrendPoint, Trends } from '../../../shared/api'
import { REVIEW_COLUMNS } from '../../../shared/template'
import type { Db } from '../db'
import { TREND_COLUMNS } from '../trend-columns'
import { statSum } from '../year-stats'
import { filterSql, reviewState, yearStatsWhere } from './filter-sql'
import { SHOWN } from './overview'

type N = number | null

function emptyRl(): ReviewLitigationPoint {
  return { upheld: null, corrected: null, other: null, pending: null, total: null }
}

function emptyPoint(year: number): TrendPoint {
  return {
    year,
    reports: 0,
    reportsWithErrors: 0,
    errorShare: null,
    received: null,
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
    review: emptyRl(),
    litigationDirect: emptyRl(),
    litigationAfterReview: emptyRl(),
    licensing: null,
    penalty: null,
    fees: null
  }
}

/** Year sums in SQL over the report columns (store/trend-columns.ts): no JSON parsed per report. */
const SUMS = [
  'received_total',
  'carried_over_total',
  'carried_forward_total',
  'licensing',
  'penalty',
  'fees',
  'granted_total',
  'outcome_total',
  'review_total',
  'litigation_direct_total',
  'litigation_after_review_total',
  ...TREND_COLUMNS
]

type Row = { year: number; reports: number; with_errors: number } & Record<string, N>

function rlPoint(r: Row, prefix: string, total: string): ReviewLitigationPoint {
  const p = emptyRl()
  for (const c of REVIEW_COLUMNS) p[c] = (c === 'total' ? r[total] : r[`${prefix}_${c}`]) ?? null
  return p
}

export async function trends(db: Db, filter: ReportFilter, agencyKey?: string): Promise<Trends> {
  // Per-year sums from the summary rows when the filter allows (store/year-stats.ts), else from a
  // lean fr, which carries the figure columns: the covering index, never the report rows.
  const dismissed = (await reviewState(db)).dismissed
  const f = filterSql(agencyKey ? { ...filter, agencies: [agencyKey] } : filter, {
    lean: true,
    dismissed
  })
  const ys = agencyKey ? null : yearStatsWhere(filter, dismissed)
  const rows = ys
    ? await db.all<Row>(
        `SELECT y.year_key AS year, sum(y.reports) AS reports, sum(y.with_errors) AS with_errors,
           ${SUMS.map(c => `${statSum(c)} AS ${c}`).join(', ')}
         FROM year_stats y WHERE ${ys.with} AND y.has_agency = 1 AND y.year_key <> -1 AND y.superseded = 0
         GROUP BY y.year_key HAVING sum(y.reports) > 0 ORDER BY y.year_key`,
        ys.params
      )
    : await db.all<Row>(
        `${f.with} SELECT year, count(*) AS reports, sum(e > 0) AS with_errors,
           ${SUMS.map(c => `sum(${c}) AS ${c}`).join(', ')}
         FROM fr WHERE ${SHOWN} GROUP BY year ORDER BY year`,
        f.params
      )
  const agencies = await db.get<{ n: number }>(
    `${f.with} SELECT count(*) AS n FROM (SELECT agency_key FROM fr WHERE ${SHOWN} GROUP BY agency_key)`,
    f.params
  )
  const points = rows.map(r => {
    const p = emptyPoint(r.year)
    p.reports = r.reports
    p.reportsWithErrors = r.with_errors
    p.errorShare = r.reports ? r.with_errors / r.reports : null
    p.received = r['received_total'] ?? null
    p.carriedOver = r['carried_over_total'] ?? null
    p.carriedForward = r['carried_forward_total'] ?? null
    p.licensing = r['licensing'] ?? null
    p.penalty = r['penalty'] ?? null
    p.fees = r['fees'] ?? null
    p.outcomes = {
      granted: r['granted_total'] ?? null,
      partiallyGranted: r['partially_granted_total'] ?? null,
      denied: r['denied_total'] ?? null,
      unable: r['unable_total'] ?? null,
      notProcessed: r['not_processed_total'] ?? null,
      other: r['other_total'] ?? null,
      total: r['outcome_total'] ?? null
    }
    p.review = rlPoint(r, 'rv', 'review_total')
    p.litigationDirect = rlPoint(r, 'ld', 'litigation_direct_total')
    p.litigationAfterReview = rlPoint(r, 'la', 'litigation_after_review_total')
    return p
  })
  let agency: string | null = null
  if (agencyKey) {
    const a = await db.get<{ name: string }>('SELECT name FROM agencies WHERE key = ?', [agencyKey])
    agency = a?.name ?? null
  }
  return { agency, agencies: agencies?.n ?? 0, points }
}
