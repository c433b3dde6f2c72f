/** Report lists, next/previous, and the review screen's detail, over the filter CTE. */
import type {
  Adjacent,
  AdjacentQuery,
  AgencyLevel,
  FileStatus,
  FindingView,
  Page,
  ReportDetail,
  ReportFilter,
  ReportQuery,
  ReportStatus,
  ReportSummary,
  ReviewDecision,
  ReviewDecisionKind,
  SourceTable
} from '../../../shared/api'
import type { DocumentModel, FileFormat } from '../../../shared/document'
import { ruleGroup, type RuleId } from '../../../shared/rules'
import type { TemplateVersion } from '../../../shared/template'
import type { Db } from '../db'
import type { Store } from '../index'
import type { ReviewRow } from '../reviews'
import { filterSql, reportOrderBy, reviewState } from './filter-sql'
import { cachedRead, keptRead } from './read-cache'

export interface FrRow {
  id: number
  root: string
  path: string
  format: FileFormat
  sha256: string
  file_status: FileStatus
  removed_at: string | null
  agency_key: string | null
  agency_display: string | null
  agency_name: string | null
  level: AgencyLevel | null
  year: number | null
  template: TemplateVersion | null
  superseded: number
  status: ReportStatus
  e: number
  w: number
  i: number
  n_all: number
  publication_date: string | null
  parsed_at: string
}

const FR_COLUMNS = `id, root, path, format, sha256, file_status, removed_at, agency_key, agency_display,
  agency_name, level, year, template, superseded, status, e, w, i, n_all, publication_date, parsed_at`

type ReviewCounts = ReportSummary['reviews']

/** Confirmed / dismissed decisions matching each report's current findings. */
async function reviewCounts(db: Db, ids: number[]): Promise<Map<number, ReviewCounts>> {
  const out = new Map<number, ReviewCounts>()
  if (ids.length === 0) return out
  const rows = await db.all<{ report_id: number; decision: ReviewDecisionKind; n: number }>(
    `SELECT fi.report_id, v.decision, count(*) AS n
     FROM findings fi JOIN reports r ON r.id = fi.report_id JOIN files f ON f.id = r.file_id
       JOIN reviews v ON v.rule = fi.rule AND v.loc_key = fi.loc_key AND v.subject =
         CASE WHEN r.agency_key IS NOT NULL AND r.year IS NOT NULL
           THEN 'a:' || r.agency_key || ':' || r.year ELSE 'f:' || f.root || '|' || f.path END
     WHERE fi.report_id IN (${ids.map(() => '?').join(',')})
     GROUP BY fi.report_id, v.decision`,
    ids
  )
  for (const r of rows) {
    const c = out.get(r.report_id) ?? { confirmed: 0, dismissed: 0, pending: 0 }
    c[r.decision] += r.n
    out.set(r.report_id, c)
  }
  return out
}

export function toSummary(r: FrRow, reviews: ReviewCounts | undefined): ReportSummary {
  const c = reviews ?? { confirmed: 0, dismissed: 0, pending: 0 }
  return {
    id: r.id,
    root: r.root,
    file: r.path,
    format: r.format,
    sha256: r.sha256,
    status: r.file_status,
    removedAt: r.removed_at,
    agencyKey: r.agency_key,
    agency: r.agency_display ?? r.agency_name,
    level: r.level,
    year: r.year,
    template: r.template,
    superseded: Boolean(r.superseded),
    reportStatus: r.status,
    findings: { error: r.e, warning: r.w, info: r.i },
    reviews: { ...c, pending: Math.max(0, r.n_all - c.confirmed - c.dismissed) },
    publicationDate: r.publication_date,
    parsedAt: r.parsed_at
  }
}

export async function summaries(db: Db, rows: FrRow[]): Promise<ReportSummary[]> {
  const counts = await reviewCounts(
    db,
    rows.map(r => r.id)
  )
  return rows.map(r => toSummary(r, counts.get(r.id)))
}

export async function listReports(db: Db, q: ReportQuery): Promise<Page<ReportSummary>> {
  const dismissed = (await reviewState(db)).dismissed
  const { ids, total } = await pageIds(db, q, dismissed)
  // The ids are already filtered: only what changes a row's counts stays, so the lookup goes by
  // id (with the status condition the planner scans the whole status index instead).
  const byIdSql = filterSql(
    { includeRemoved: true, includeDismissed: Boolean(q.filter?.includeDismissed) },
    { dismissed }
  )
  const byId = new Map(
    (ids.length
      ? await db.all<FrRow>(
          `${byIdSql.with} SELECT ${FR_COLUMNS} FROM fr WHERE id IN (${ids.map(() => '?').join(',')})`,
          [...byIdSql.params, ...ids]
        )
      : []
    ).map(r => [r.id, r])
  )
  const rows = ids.flatMap(id => byId.get(id) ?? [])
  return { items: await summaries(db, rows), total, offset: q.page.offset }
}

/**
 * The page's ids and the filtered count. From the kept order (reportOrder) once there is one or
 * the same list is asked for a second time since the last write (paging, coming back): the whole
 * order costs about twice a first page (sorting everything instead of keeping the top rows), so a
 * list read once after each write (the screen refreshed during an ingest) stays as cheap as it was.
 */
async function pageIds(
  db: Db,
  q: ReportQuery,
  dismissed: boolean
): Promise<{ ids: number[]; total: number }> {
  const key = orderKey(q.filter, q.sort)
  const visits = await cachedRead(db, `visits ${key}`, () => Promise.resolve({ n: 0 }))
  visits.n++
  if ((await keptRead(db, key)) || visits.n > 1) {
    const order = await reportOrder(db, q.filter, q.sort, dismissed)
    return { ids: order.slice(q.page.offset, q.page.offset + q.page.limit), total: order.length }
  }
  const f = filterSql(q.filter, { dismissed })
  // A search joins files and agencies for every report anyway: the count rides along as a window
  // over the few matches. Otherwise a lean count reads the covering index only (bench/, issue #8).
  const searching = Boolean(q.filter?.search?.replace(/\s+/g, ''))
  // The page's ids first, sorting nothing but the sort keys; then its rows, by id.
  const page = await db.all<{ id: number; total: number }>(
    `${f.with} SELECT id${searching ? ', count(*) OVER () AS total' : ''} FROM fr
     ORDER BY ${reportOrderBy(q.sort)} LIMIT ? OFFSET ?`,
    [...f.params, q.page.limit, q.page.offset]
  )
  let total = page[0]?.total
  if (total === undefined) {
    const lean = filterSql(q.filter, { lean: true, dismissed })
    total =
      (await db.get<{ n: number }>(`${lean.with} SELECT count(*) AS n FROM fr`, lean.params))?.n ??
      0
  }
  return { ids: page.map(r => r.id), total }
}

const orderKey = (filter: ReportFilter | undefined, sort: AdjacentQuery['sort']): string =>
  `order ${JSON.stringify([filter ?? {}, sort ?? null])}`

/**
 * The ids of the filtered reports in the order of `sort`, per filter and sort while the data stays
 * the same (read-cache.ts). J/K asks for the neighbours of one report after another in the same
 * filter and sort, and a list page after page; sorting 100,000 reports for every step took ~230 ms
 * (bench/, issue #8), slicing the kept order takes well under one. The order is total (it ends
 * with the id), so a slice is what LIMIT/OFFSET would return.
 */
async function reportOrder(
  db: Db,
  filter: ReportFilter | undefined,
  sort: AdjacentQuery['sort'],
  dismissed: boolean
): Promise<number[]> {
  return cachedRead(db, orderKey(filter, sort), async () => {
    const f = filterSql(filter, { dismissed })
    // One row holding the ids as JSON: node-sqlite3 makes an object per row, and 100,000 rows
    // cost more than the sort itself.
    const row = await db.get<{ ids: string }>(
      `${f.with} SELECT json_group_array(id ORDER BY ${reportOrderBy(sort)}) AS ids FROM fr`,
      f.params
    )
    return JSON.parse(row?.ids ?? '[]') as number[]
  })
}

export async function adjacentReports(db: Db, q: AdjacentQuery): Promise<Adjacent> {
  const ids = await reportOrder(db, q.filter, q.sort, (await reviewState(db)).dismissed)
  const i = ids.indexOf(q.id)
  // Not in the filtered list (the filter changed, the report was decided out of 待审): N goes to
  // the list's first report, so the screen is never stuck (issue #22).
  if (i < 0) return { prev: null, next: ids[0] ?? null, index: -1, total: ids.length }
  return { prev: ids[i - 1] ?? null, next: ids[i + 1] ?? null, index: i, total: ids.length }
}

export async function summaryOf(
  db: Db,
  id: number,
  filter: ReportFilter = {}
): Promise<ReportSummary | null> {
  const f = filterSql({ ...filter, includeRemoved: true })
  const row = await db.get<FrRow>(`${f.with} SELECT ${FR_COLUMNS} FROM fr WHERE id = ?`, [
    ...f.params,
    id
  ])
  return row ? ((await summaries(db, [row]))[0] ?? null) : null
}

function decision(v: ReviewRow): ReviewDecision {
  return {
    decision: v.decision,
    note: v.note,
    reviewer: v.reviewer,
    decidedAt: v.decidedAt,
    stale: v.state !== 'current',
    message: v.message
  }
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const

/**
 * The report now read from the file report `id` was read from: a file changed on disk is read
 * again into a new report (new id), and an open review screen or an old link (/report/<id>) must
 * find it (issue #22). `id` itself while it exists.
 */
export async function currentReportId(db: Db, id: number): Promise<number | null> {
  const row = await db.get<{ id: number }>(
    `SELECT id FROM reports WHERE id = ?
     UNION ALL
     SELECT r.id FROM report_moves m JOIN reports r ON r.file_id = m.file_id WHERE m.old_id = ?
     LIMIT 1`,
    [id, id]
  )
  return row?.id ?? null
}

/**
 * `id`: a current report (the caller resolves an old id with currentReportId first); `doc`: the
 * report's document, read by the caller (store/reports.ts documentBlob → extract).
 */
export async function reportDetail(
  store: Store,
  id: number,
  doc: DocumentModel | null
): Promise<ReportDetail | null> {
  const db = store.db
  const summary = await summaryOf(db, id)
  const stored = await store.getReport(id)
  if (!summary || !stored) return null
  const enc = await db.get<{ encoding: string | null }>(
    'SELECT encoding FROM reports WHERE id = ?',
    [id]
  )
  // Errors first, then warnings, then 提示, each in rule order: the first finding selected on
  // opening is the worst one (issue #22).
  const ordered = [...stored.findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]
  )
  const findings: FindingView[] = ordered.map(f => {
    const { id: _findingId, review, ...finding } = f
    void _findingId
    return {
      ...finding,
      key: `${f.rule}|${f.locKey}`,
      ruleGroup: ruleGroup(f.rule),
      review: review ? decision(review) : null
    }
  })
  const sourceTables: SourceTable[] = (doc?.blocks ?? []).flatMap(b =>
    b.kind === 'table'
      ? [
          {
            line: b.line,
            endLine: b.endLine,
            rows: b.rows.map(r => ({ line: r.line, cells: r.cells }))
          }
        ]
      : []
  )
  const siblings = summary.agencyKey
    ? await db.all<{ id: number; year: number | null; file: string; status: FileStatus }>(
        `SELECT r.id, r.year, f.path AS file, r.status FROM reports r JOIN files f ON f.id = r.file_id
         WHERE r.agency_key = ? AND r.id != ? ORDER BY r.year, f.path`,
        [summary.agencyKey, id]
      )
    : []
  const p = stored.report
  return {
    summary,
    parsedAgency: p.agency,
    encoding: enc?.encoding ?? null,
    lines: doc?.lines ?? [],
    tables: p.tables,
    sourceTables,
    sections: p.sections,
    tableLines: p.tableLines,
    labelIssues: p.labelIssues,
    notes: p.notes,
    findings,
    orphanReviews: stored.orphanedReviews.map(v => ({
      ...decision(v),
      rule: v.rule as RuleId,
      locKey: v.locKey
    })),
    siblings
  }
}
