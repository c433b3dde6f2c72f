/**
 * Read side of the store: what the desktop Api and the HTTP server show. Every list is paged
 * (offset/limit) and returns the total; lists read the `reports` columns only (counts and key
 * figures are denormalised there), so they stay fast at 100,000 reports.
 */
import type { FileFormat } from '../../../shared/document'
import type { ReportJson, Tables } from '../../../shared/model'
import type { Finding, RuleId, Severity } from '../../../shared/rules'
import type { TemplateVersion } from '../../../shared/template'
import type { AgencyLevel } from '../rules/context'
import type { Db, SqlValue } from './db'
import { decodeReport, type StoredReport } from './report-codec'
import { FINDING_COLUMNS, findingsOf, toFinding, type FindingRow, type FindingSource } from './findings'
import { reviewsForReport, type ReviewView } from './reviews'

export interface Page {
  offset?: number
  limit?: number
}
export interface Paged<T> {
  total: number
  items: T[]
}

export interface ReportSummary {
  id: number
  fileId: number
  root: string
  path: string
  sha256: string
  format: FileFormat
  status: 'current' | 'removed'
  /** The agency's display name (after aliases), else the name as parsed. */
  agency: string | null
  agencyKey: string | null
  year: number | null
  template: TemplateVersion | null
  /** True when a newer file claims the same agency and year (M02). */
  superseded: boolean
  nError: number
  nWarning: number
  nInfo: number
  parsedAt: string
}

const SUMMARY = `r.id, r.file_id AS fileId, f.root, f.path, r.sha256, r.format, r.status,
  COALESCE(a.name, r.agency_name) AS agency, r.agency_key AS agencyKey, r.year, r.template,
  r.superseded, r.n_error AS nError, r.n_warning AS nWarning, r.n_info AS nInfo, r.parsed_at AS parsedAt`
const FROM = `FROM reports r JOIN files f ON f.id = r.file_id LEFT JOIN agencies a ON a.key = r.agency_key`

function fixSummary(r: ReportSummary): ReportSummary {
  return { ...r, superseded: Boolean(r.superseded) }
}
function paging(p: Page): [number, number] {
  return [Math.max(0, Math.min(p.limit ?? 100, 10_000)), Math.max(0, p.offset ?? 0)]
}

export interface ReportFilter extends Page {
  year?: number
  /** Substring of the agency's name (display or as parsed). */
  agency?: string
  agencyKey?: string
  /** Reports with at least one finding of this severity. */
  severity?: Severity
  rule?: RuleId
  /** Default 'current'. */
  status?: 'current' | 'removed' | 'all'
  root?: string
}

export async function listReports(db: Db, filter: ReportFilter = {}): Promise<Paged<ReportSummary>> {
  const where: string[] = []
  const params: SqlValue[] = []
  const status = filter.status ?? 'current'
  if (status !== 'all') where.push('r.status = ?'), params.push(status)
  if (filter.year !== undefined) where.push('r.year = ?'), params.push(filter.year)
  if (filter.agencyKey !== undefined) where.push('r.agency_key = ?'), params.push(filter.agencyKey)
  if (filter.root !== undefined) where.push('f.root = ?'), params.push(filter.root)
  if (filter.agency) {
    where.push(`(r.agency_name LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\')`)
    const like = `%${filter.agency.replace(/[\\%_]/g, m => `\\${m}`)}%`
    params.push(like, like)
  }
  if (filter.severity) where.push(`r.n_${filter.severity} > 0`)
  if (filter.rule) where.push('r.id IN (SELECT report_id FROM findings WHERE rule = ?)'), params.push(filter.rule)
  const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const [limit, offset] = paging(filter)
  const total = await db.get<{ n: number }>(`SELECT count(*) AS n ${FROM} ${w}`, params)
  const items = await db.all<ReportSummary>(
    `SELECT ${SUMMARY} ${FROM} ${w} ORDER BY r.n_error DESC, r.n_warning DESC, f.path LIMIT ? OFFSET ?`,
    [...params, limit, offset]
  )
  return { total: total?.n ?? 0, items: items.map(fixSummary) }
}

export interface AgencySummary {
  key: string
  name: string
  level: AgencyLevel
  levelSource: 'inferred' | 'user'
  aliases: string[]
  reports: number
  years: number[]
  nError: number
  nWarning: number
  nInfo: number
}

export async function listAgencies(
  db: Db,
  filter: Page & { search?: string; level?: AgencyLevel } = {}
): Promise<Paged<AgencySummary>> {
  const where = ['a.key NOT IN (SELECT alias_key FROM agency_aliases)']
  const params: SqlValue[] = []
  if (filter.search) where.push(`a.name LIKE ? ESCAPE '\\'`), params.push(`%${filter.search.replace(/[\\%_]/g, m => `\\${m}`)}%`)
  if (filter.level) where.push('a.level = ?'), params.push(filter.level)
  const w = `WHERE ${where.join(' AND ')}`
  const [limit, offset] = paging(filter)
  const total = await db.get<{ n: number }>(`SELECT count(*) AS n FROM agencies a ${w}`, params)
  const rows = await db.all<Omit<AgencySummary, 'aliases' | 'years'> & { years: string | null; aliases: string | null }>(
    `SELECT a.key, a.name, a.level, a.level_source AS levelSource,
       count(r.id) AS reports, group_concat(DISTINCT r.year) AS years,
       COALESCE(sum(r.n_error), 0) AS nError, COALESCE(sum(r.n_warning), 0) AS nWarning,
       COALESCE(sum(r.n_info), 0) AS nInfo,
       (SELECT group_concat(alias_key, '|') FROM agency_aliases WHERE canonical_key = a.key) AS aliases
     FROM agencies a LEFT JOIN reports r ON r.agency_key = a.key AND r.status = 'current'
     ${w} GROUP BY a.key ORDER BY nError DESC, a.name LIMIT ? OFFSET ?`,
    [...params, limit, offset]
  )
  return {
    total: total?.n ?? 0,
    items: rows.map(r => ({
      ...r,
      aliases: r.aliases ? r.aliases.split('|') : [],
      years: r.years ? r.years.split(',').map(Number).sort((x, y) => x - y) : []
    }))
  }
}

/** A stored finding with its id, where it came from, and its review decision if any. */
export type FindingView = Finding & {
  id: number
  source: FindingSource
  locKey: string
  review?: ReviewView
}

export interface ReportDetail {
  summary: ReportSummary
  report: StoredReport
  findings: FindingView[]
  /** Decisions whose finding no longer appears (不再匹配). */
  orphanedReviews: ReviewView[]
}

function view(r: FindingRow): FindingView {
  return { ...toFinding(r), id: r.id, source: r.source, locKey: r.locKey }
}

export async function getReport(db: Db, reportId: number): Promise<ReportDetail | null> {
  const summary = await db.get<ReportSummary>(`SELECT ${SUMMARY} ${FROM} WHERE r.id = ?`, [reportId])
  if (!summary) return null
  const json = await db.get<{ report_json: string; tables_json: string }>('SELECT report_json, tables_json FROM reports WHERE id = ?', [reportId])
  const rows = (await findingsOf(db, [reportId])).get(reportId) ?? []
  const { byFinding, orphaned } = await reviewsForReport(db, reportId, rows)
  const findings = rows.map(r => {
    const v = view(r)
    const review = byFinding.get(r.id)
    return review ? { ...v, review } : v
  })
  return {
    summary: fixSummary(summary),
    report: decodeReport(json!.report_json, json!.tables_json),
    findings,
    orphanedReviews: orphaned
  }
}

export interface RuleHit {
  finding: FindingView
  report: ReportSummary
}

export async function findingsByRule(
  db: Db,
  rule: RuleId,
  filter: Page & { year?: number } = {}
): Promise<Paged<RuleHit>> {
  const where = [`f2.rule = ?`, `r.status = 'current'`]
  const params: SqlValue[] = [rule]
  if (filter.year !== undefined) where.push('r.year = ?'), params.push(filter.year)
  const w = `WHERE ${where.join(' AND ')}`
  const base = `FROM findings f2 JOIN reports r ON r.id = f2.report_id JOIN files f ON f.id = r.file_id
    LEFT JOIN agencies a ON a.key = r.agency_key`
  const [limit, offset] = paging(filter)
  const total = await db.get<{ n: number }>(`SELECT count(*) AS n ${base} ${w}`, params)
  const cols = FINDING_COLUMNS.replace(/\bf\./g, 'f2.')
  const rows = await db.all<FindingRow & { _summary: string }>(
    `SELECT ${cols}, json_object('id', r.id, 'fileId', r.file_id, 'root', f.root, 'path', f.path,
       'sha256', r.sha256, 'format', r.format, 'status', r.status,
       'agency', COALESCE(a.name, r.agency_name), 'agencyKey', r.agency_key, 'year', r.year,
       'template', r.template, 'superseded', r.superseded, 'nError', r.n_error,
       'nWarning', r.n_warning, 'nInfo', r.n_info, 'parsedAt', r.parsed_at) AS _summary
     ${base} ${w} ORDER BY r.year DESC, f.path, f2.seq LIMIT ? OFFSET ?`,
    [...params, limit, offset]
  )
  return {
    total: total?.n ?? 0,
    items: rows.map(r => ({ finding: view(r), report: fixSummary(JSON.parse(r._summary) as ReportSummary) }))
  }
}

export interface YearPoint {
  year: number
  reportId: number
  receivedTotal: number | null
  carriedOverTotal: number | null
  grantedTotal: number | null
  outcomeTotal: number | null
  carriedForwardTotal: number | null
  licensing: number | null
  penalty: number | null
  fees: number | null
  reviewTotal: number | null
  litigationDirectTotal: number | null
  litigationAfterReviewTotal: number | null
  nError: number
  nWarning: number
}

/** Year-over-year key figures of one agency (its current report per year). */
export async function yearSeries(db: Db, agencyKey: string): Promise<YearPoint[]> {
  return db.all<YearPoint>(
    `SELECT year, id AS reportId, received_total AS receivedTotal, carried_over_total AS carriedOverTotal,
       granted_total AS grantedTotal, outcome_total AS outcomeTotal,
       carried_forward_total AS carriedForwardTotal, licensing, penalty, fees,
       review_total AS reviewTotal, litigation_direct_total AS litigationDirectTotal,
       litigation_after_review_total AS litigationAfterReviewTotal, n_error AS nError, n_warning AS nWarning
     FROM reports WHERE agency_key = ? AND year IS NOT NULL AND status = 'current' AND superseded = 0
     ORDER BY year`,
    [agencyKey]
  )
}

export interface Overview {
  files: { current: number; removed: number }
  reports: number
  agencies: number
  /** Reports with at least one finding of each severity. */
  reportsWith: Record<Severity, number>
  findings: Record<Severity, number>
  byRule: { rule: RuleId; findings: number; reports: number }[]
  byYear: { year: number | null; reports: number; withErrors: number }[]
}

export async function overview(db: Db): Promise<Overview> {
  const files = await db.all<{ status: string; n: number }>('SELECT status, count(*) AS n FROM files GROUP BY status')
  const r = await db.get<Record<string, number>>(
    `SELECT count(*) AS reports, count(DISTINCT agency_key) AS agencies,
       sum(n_error > 0) AS re, sum(n_warning > 0) AS rw, sum(n_info > 0) AS ri,
       sum(n_error) AS fe, sum(n_warning) AS fw, sum(n_info) AS fi
     FROM reports WHERE status = 'current'`
  )
  const byRule = await db.all<{ rule: RuleId; findings: number; reports: number }>(
    `SELECT f.rule, count(*) AS findings, count(DISTINCT f.report_id) AS reports
     FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.status = 'current'
     GROUP BY f.rule ORDER BY f.rule`
  )
  const byYear = await db.all<{ year: number | null; reports: number; withErrors: number }>(
    `SELECT year, count(*) AS reports, sum(n_error > 0) AS withErrors FROM reports
     WHERE status = 'current' GROUP BY year ORDER BY year`
  )
  const n = (k: string): number => r?.[k] ?? 0
  return {
    files: {
      current: files.find(f => f.status === 'current')?.n ?? 0,
      removed: files.find(f => f.status === 'removed')?.n ?? 0
    },
    reports: n('reports'),
    agencies: n('agencies'),
    reportsWith: { error: n('re'), warning: n('rw'), info: n('ri') },
    findings: { error: n('fe'), warning: n('fw'), info: n('fi') },
    byRule,
    byYear
  }
}

/** cli.md's `reports` array for the current files under `root`, ordered by path. */
export async function reportsJson(db: Db, root: string): Promise<ReportJson[]> {
  const rows = await db.all<{
    id: number; path: string; sha256: string; format: FileFormat; agency_name: string | null
    year: number | null; template: TemplateVersion | null; tables_json: string
  }>(
    `SELECT r.id, f.path, f.sha256, r.format, r.agency_name, r.year, r.template, r.tables_json
     FROM files f JOIN reports r ON r.file_id = f.id
     WHERE f.root = ? AND f.status = 'current' ORDER BY f.path`,
    [root]
  )
  const findings = await findingsOf(db, rows.map(r => r.id))
  return rows.map(r => ({
    file: r.path,
    sha256: r.sha256,
    format: r.format,
    agency: r.agency_name,
    year: r.year,
    template: r.template,
    tables: JSON.parse(r.tables_json) as Tables,
    findings: (findings.get(r.id) ?? []).map(toFinding)
  }))
}
