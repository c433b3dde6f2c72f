/**
 * 同比趋势: per-year sums for one agency or for every agency in the filter. One report per
 * agency-year (the one not superseded). A value no report had stays null, so a chart shows a gap
 * rather than a false zero.
 */
import type {
  OutcomeBreakdown,
  ReportFilter,
  ReviewLitigationPoint,
  TrendPoint,
  Trends
} from '../../../shared/api'
import type { Applications, ReviewLitigation } from '../../../shared/model'
import { REVIEW_COLUMNS } from '../../../shared/template'
import type { Db } from '../store/db'
import { filterSql } from './filter-sql'
import { SHOWN } from './queries-overview'

type N = number | null

function add(a: N, b: N | undefined): N {
  if (b === null || b === undefined) return a
  return (a ?? 0) + b
}

/** Sum of the total column of the application rows whose key is `prefix` or starts with `prefix.`. */
function rowGroup(app: Applications, prefix: string): N {
  let out: N = null
  for (const [k, row] of Object.entries(app)) {
    if (k === prefix || k.startsWith(`${prefix}.`)) out = add(out, row.total)
  }
  return out
}

function outcomes(app: Applications | null): OutcomeBreakdown {
  return {
    granted: app ? rowGroup(app, 'granted') : null,
    partiallyGranted: app ? rowGroup(app, 'partiallyGranted') : null,
    denied: app ? rowGroup(app, 'denied') : null,
    unable: app ? rowGroup(app, 'unable') : null,
    notProcessed: app ? rowGroup(app, 'notProcessed') : null,
    other: app ? rowGroup(app, 'other') : null,
    total: app ? rowGroup(app, 'outcomeTotal') : null
  }
}

function emptyRl(): ReviewLitigationPoint {
  return { upheld: null, corrected: null, other: null, pending: null, total: null }
}

function addRl(into: ReviewLitigationPoint, g: ReviewLitigation[keyof ReviewLitigation] | undefined): void {
  if (!g) return
  for (const c of REVIEW_COLUMNS) into[c] = add(into[c], g[c])
}

function emptyPoint(year: number): TrendPoint {
  return {
    year,
    reports: 0,
    reportsWithErrors: 0,
    errorShare: null,
    received: null,
    carriedOver: null,
    outcomes: { granted: null, partiallyGranted: null, denied: null, unable: null, notProcessed: null, other: null, total: null },
    carriedForward: null,
    review: emptyRl(),
    litigationDirect: emptyRl(),
    litigationAfterReview: emptyRl(),
    licensing: null,
    penalty: null,
    fees: null
  }
}

interface Row {
  year: number
  e: number
  app: string | null
  rl: string | null
  received_total: N
  carried_over_total: N
  carried_forward_total: N
  licensing: N
  penalty: N
  fees: N
}

export async function trends(db: Db, filter: ReportFilter, agencyKey?: string): Promise<Trends> {
  const f = filterSql(agencyKey ? { ...filter, agencies: [agencyKey] } : filter)
  const rows = await db.all<Row>(
    `${f.with} SELECT fr.year, fr.e, json_extract(r.tables_json, '$.applications') AS app,
       json_extract(r.tables_json, '$.reviewLitigation') AS rl, r.received_total,
       r.carried_over_total, r.carried_forward_total, r.licensing, r.penalty, r.fees
     FROM fr JOIN reports r ON r.id = fr.id
     WHERE ${SHOWN.replace(/\b(agency_key|year|superseded)\b/g, 'fr.$1')} ORDER BY fr.year`,
    f.params
  )
  const agencies = await db.get<{ n: number }>(
    `${f.with} SELECT count(DISTINCT agency_key) AS n FROM fr WHERE ${SHOWN}`,
    f.params
  )
  const byYear = new Map<number, TrendPoint>()
  for (const r of rows) {
    const p = byYear.get(r.year) ?? emptyPoint(r.year)
    byYear.set(r.year, p)
    p.reports++
    if (r.e > 0) p.reportsWithErrors++
    p.received = add(p.received, r.received_total)
    p.carriedOver = add(p.carriedOver, r.carried_over_total)
    p.carriedForward = add(p.carriedForward, r.carried_forward_total)
    p.licensing = add(p.licensing, r.licensing)
    p.penalty = add(p.penalty, r.penalty)
    p.fees = add(p.fees, r.fees)
    const app = r.app ? (JSON.parse(r.app) as Applications) : null
    const o = outcomes(app)
    for (const k of Object.keys(o) as (keyof OutcomeBreakdown)[]) p.outcomes[k] = add(p.outcomes[k], o[k])
    const rl = r.rl ? (JSON.parse(r.rl) as ReviewLitigation) : null
    addRl(p.review, rl?.review)
    addRl(p.litigationDirect, rl?.litigationDirect)
    addRl(p.litigationAfterReview, rl?.litigationAfterReview)
  }
  const points = [...byYear.values()].sort((a, b) => a.year - b.year)
  for (const p of points) p.errorShare = p.reports ? p.reportsWithErrors / p.reports : null
  let agency: string | null = null
  if (agencyKey) {
    const a = await db.get<{ name: string }>('SELECT name FROM agencies WHERE key = ?', [agencyKey])
    agency = a?.name ?? null
  }
  return { agency, agencies: agencies?.n ?? 0, points }
}
