/**
 * Read side of the export. The filtered reports are materialised once into a TEMP table with their
 * order (`ord`), so every sheet pages through the same rows by `ord` ranges (no OFFSET rescans, no
 * report read twice into memory) and all sheets agree even if the watcher writes meanwhile.
 *
 * "Which reports" is the screens' own filter (service/filter-sql.ts): the workbook shows exactly
 * what the app showed when the export button was pressed.
 */
import type {
  AgencyLevel,
  FileStatus,
  FindingSource,
  ReportCount,
  ReportFilter,
  ReportStatus,
  ReviewDecisionKind
} from '../../../shared/api'
import { RULE_IDS, type RuleId, type Severity } from '../../../shared/rules'
import type { TableKey, TemplateVersion } from '../../../shared/template'
import { filterSql } from './filter-sql'
import type { Db, SqlValue } from '../db'

export interface SelRow {
  ord: number
  id: number
  root: string
  path: string
  agency: string | null
  agencyKey: string | null
  level: AgencyLevel | null
  year: number | null
  template: TemplateVersion | null
  superseded: number
  fileStatus: FileStatus
  status: ReportStatus
  e: number
  w: number
  i: number
  nAll: number
  publicationDate: string | null
}

const SEL_COLUMNS = `ord, id, root, path, agency, agency_key AS agencyKey, level, year, template, superseded,
  file_status AS fileStatus, status, e, w, i, n_all AS nAll, publication_date AS publicationDate`

let tempSeq = 0

export interface Selection {
  readonly table: string
  /** Rows: every file the filter keeps, those that are not reports too. */
  readonly reports: number
  /** As 总览 counts them (Overview.counts): reports, their duplicates, files that are not reports. */
  readonly counted: ReportCount
  /** Rows of 问题清单 (after the finding filter). */
  readonly findings: number
  /** Agency-years shown in 同比 (one report each). */
  readonly trendRows: number
  readonly has2019: boolean
  /** Longest agency name and file path, in characters (column widths are set before any row). */
  readonly maxAgency: number
  readonly maxPath: number
  readonly roots: string[]
}

/**
 * Which findings 问题清单 lists: the filter's rules/groups and severity when it sets them (the user
 * filtered to see those), dismissed ones only when the filter counts them.
 */
function findingWhere(filter: ReportFilter): { sql: string; params: SqlValue[] } {
  const parts: string[] = []
  const params: SqlValue[] = []
  const rules = new Set<RuleId>(filter.rules ?? [])
  for (const g of filter.groups ?? [])
    for (const id of RULE_IDS) if (id.startsWith(g)) rules.add(id)
  if (rules.size > 0) {
    parts.push(`fi.rule IN (${[...rules].map(() => '?').join(',')})`)
    params.push(...rules)
  }
  if (filter.severity) {
    parts.push('fi.severity = ?')
    params.push(filter.severity)
  }
  if (!filter.includeDismissed) parts.push(`(v.decision IS NULL OR v.decision <> 'dismissed')`)
  return { sql: parts.length ? `AND ${parts.join(' AND ')}` : '', params }
}

/** Joins a finding to the review decision on it (same key as store/reviews.ts). */
function findingJoin(table: string): string {
  return `FROM ${table} s JOIN findings fi ON fi.report_id = s.id
    LEFT JOIN reviews v ON v.subject = s.subject AND v.rule = fi.rule AND v.loc_key = fi.loc_key`
}

export async function createSelection(
  db: Db,
  filter: ReportFilter,
  roots?: string[]
): Promise<Selection> {
  const table = `temp.nianbao_export_${process.pid}_${++tempSeq}`
  const f = filterSql(filter)
  const rootWhere = roots ? `WHERE root IN (${roots.map(() => '?').join(',') || 'NULL'})` : ''
  await db.exec(`CREATE TABLE ${table} (
    ord INTEGER PRIMARY KEY, id INTEGER NOT NULL, subject TEXT NOT NULL, sha256 TEXT NOT NULL,
    root TEXT NOT NULL, path TEXT NOT NULL, agency TEXT, agency_key TEXT, level TEXT, year INTEGER,
    template TEXT, superseded INTEGER NOT NULL, file_status TEXT NOT NULL, status TEXT NOT NULL,
    e INTEGER NOT NULL, w INTEGER NOT NULL, i INTEGER NOT NULL, n_all INTEGER NOT NULL,
    publication_date TEXT)`)
  // Agency then year then file: the order a meeting reads them in; 汇总 can be re-sorted by filter.
  await db.run(
    `INSERT INTO ${table} ${f.with}
     SELECT ROW_NUMBER() OVER (ORDER BY COALESCE(agency_display, agency_name, path), year, path, id),
       id,
       CASE WHEN agency_key IS NOT NULL AND year IS NOT NULL THEN 'a:' || agency_key || ':' || year
         ELSE 'f:' || root || '|' || path END,
       sha256, root, path, COALESCE(agency_display, agency_name), agency_key, level, year, template,
       superseded, file_status, status, e, w, i, n_all, publication_date
     FROM fr ${rootWhere}`,
    [...f.params, ...(roots ?? [])]
  )
  const fw = findingWhere(filter)
  const stats = await db.get<{
    reports: number
    unrecognised: number | null
    dups: number | null
    has2019: number | null
    maxAgency: number | null
    maxPath: number | null
  }>(
    `SELECT count(*) AS reports, sum(agency_key IS NULL OR year IS NULL) AS unrecognised,
       sum(agency_key IS NOT NULL AND year IS NOT NULL AND superseded <> 0) AS dups,
       max(template = '2019') AS has2019, max(length(agency)) AS maxAgency,
       max(length(path)) AS maxPath FROM ${table}`
  )
  const findings = await db.get<{ n: number }>(
    `SELECT count(*) AS n ${findingJoin(table)} WHERE 1 ${fw.sql}`,
    fw.params
  )
  const trend = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM ${table} WHERE agency_key IS NOT NULL AND year IS NOT NULL AND superseded = 0`
  )
  const folders = await db.all<{ root: string }>(`SELECT DISTINCT root FROM ${table} ORDER BY root`)
  return {
    table,
    reports: stats?.reports ?? 0,
    counted: {
      reports: (stats?.reports ?? 0) - (stats?.unrecognised ?? 0),
      duplicates: stats?.dups ?? 0,
      unrecognised: stats?.unrecognised ?? 0
    },
    findings: findings?.n ?? 0,
    trendRows: trend?.n ?? 0,
    has2019: Boolean(stats?.has2019),
    maxAgency: stats?.maxAgency ?? 0,
    maxPath: stats?.maxPath ?? 0,
    roots: folders.map(r => r.root)
  }
}

export async function dropSelection(db: Db, sel: Selection): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS ${sel.table}`)
}

/** Reports with lo < ord <= hi, in order. */
export function reportPage(db: Db, sel: Selection, lo: number, hi: number): Promise<SelRow[]> {
  return db.all<SelRow>(
    `SELECT ${SEL_COLUMNS} FROM ${sel.table} WHERE ord > ? AND ord <= ? ORDER BY ord`,
    [lo, hi]
  )
}

export interface RuleCount {
  ord: number
  rule: RuleId
  severity: Severity
  n: number
  confirmed: number
  dismissed: number
}

/** Findings per report and rule with their review decisions (for 主要问题 and 审阅情况). */
export function ruleCounts(db: Db, sel: Selection, lo: number, hi: number): Promise<RuleCount[]> {
  return db.all<RuleCount>(
    `SELECT s.ord, fi.rule, fi.severity, count(*) AS n,
       COALESCE(sum(v.decision = 'confirmed'), 0) AS confirmed,
       COALESCE(sum(v.decision = 'dismissed'), 0) AS dismissed
     ${findingJoin(sel.table)}
     WHERE s.ord > ? AND s.ord <= ?
     GROUP BY s.ord, fi.rule, fi.severity`,
    [lo, hi]
  )
}

export interface FindingLine {
  ord: number
  rule: RuleId
  severity: Severity
  message: string
  tbl: TableKey | null
  row: string | null
  column: string | null
  grp: string | null
  section: number | null
  linesJson: string | null
  source: FindingSource
  decision: ReviewDecisionKind | null
  note: string | null
  reviewer: string | null
  /** 1 when the decision was made on other content of the file. */
  stale: number | null
}

export function findingPage(
  db: Db,
  sel: Selection,
  filter: ReportFilter,
  lo: number,
  hi: number
): Promise<FindingLine[]> {
  const fw = findingWhere(filter)
  return db.all<FindingLine>(
    `SELECT s.ord, fi.rule, fi.severity, fi.message, fi.tbl, fi.row_key AS row, fi.column_key AS "column",
       fi.group_key AS grp, fi.section, fi.lines_json AS linesJson, fi.source, v.decision, v.note, v.reviewer,
       CASE WHEN v.id IS NULL THEN NULL ELSE v.sha256 <> s.sha256 END AS stale
     ${findingJoin(sel.table)}
     WHERE s.ord > ? AND s.ord <= ? ${fw.sql}
     ORDER BY s.ord, CASE fi.source WHEN 'report' THEN 0 WHEN 'years' THEN 1 ELSE 2 END, fi.seq`,
    [lo, hi, ...fw.params]
  )
}

/**
 * Reports of the selection that get a rectification notice (export/notices.ts): current, not
 * superseded, an agency found, and at least one finding the filter lists.
 */
export async function noticeCount(db: Db, sel: Selection, filter: ReportFilter): Promise<number> {
  const fw = findingWhere(filter)
  const row = await db.get<{ n: number }>(
    `SELECT count(DISTINCT s.ord) AS n ${findingJoin(sel.table)}
     WHERE s.superseded = 0 AND s.file_status = 'current' AND s.agency IS NOT NULL ${fw.sql}`,
    fw.params
  )
  return row?.n ?? 0
}

/** tables_json of each report in the range (the cli.md shape). */
export function tablesPage(
  db: Db,
  sel: Selection,
  lo: number,
  hi: number
): Promise<Array<{ ord: number; tablesJson: string }>> {
  return db.all(
    `SELECT s.ord, r.tables_json AS tablesJson FROM ${sel.table} s JOIN reports r ON r.id = s.id
     WHERE s.ord > ? AND s.ord <= ? ORDER BY s.ord`,
    [lo, hi]
  )
}

export interface TrendRow {
  ord: number
  agency: string | null
  agencyKey: string
  year: number
  e: number
  w: number
  received: number | null
  carriedOver: number | null
  granted: number | null
  outcomeTotal: number | null
  carriedForward: number | null
  licensing: number | null
  penalty: number | null
  fees: number | null
  review: number | null
  litigationDirect: number | null
  litigationAfterReview: number | null
}

/** Key figures (report columns) of the shown report of each agency-year, by agency then year. */
export function trendPage(db: Db, sel: Selection, lo: number, hi: number): Promise<TrendRow[]> {
  return db.all<TrendRow>(
    `SELECT s.ord, s.agency, s.agency_key AS agencyKey, s.year, s.e, s.w,
       r.received_total AS received, r.carried_over_total AS carriedOver, r.granted_total AS granted,
       r.outcome_total AS outcomeTotal, r.carried_forward_total AS carriedForward,
       r.licensing, r.penalty, r.fees, r.review_total AS review,
       r.litigation_direct_total AS litigationDirect,
       r.litigation_after_review_total AS litigationAfterReview
     FROM ${sel.table} s JOIN reports r ON r.id = s.id
     WHERE s.ord > ? AND s.ord <= ? AND s.agency_key IS NOT NULL AND s.year IS NOT NULL
       AND s.superseded = 0
     ORDER BY s.ord`,
    [lo, hi]
  )
}

export interface HistoryExportRow {
  at: string
  reviewer: string
  agency: string | null
  year: number | null
  rule: string
  message: string
  oldDecision: 'confirmed' | 'dismissed' | null
  newDecision: 'confirmed' | 'dismissed' | null
  oldNote: string | null
  newNote: string
  origin: string
  file: string
}

/**
 * 审阅记录: the decision history (review_log) of the selected reports' subjects, oldest first; with
 * `all`, every entry, those of files deleted since included (an unfiltered workbook is the whole
 * record a supervisor shows).
 */
export async function historyRows(
  db: Db,
  sel: Selection,
  all: boolean
): Promise<HistoryExportRow[]> {
  return db.all<HistoryExportRow>(
    `SELECT l.at, l.reviewer, COALESCE(a.name, l.agency_key) AS agency, l.year, l.rule, l.message,
       l.old_decision AS oldDecision, l.new_decision AS newDecision, l.old_note AS oldNote, l.new_note AS newNote,
       l.origin, l.file
     FROM review_log l LEFT JOIN agencies a ON a.key = l.agency_key
     ${all ? '' : `WHERE l.subject IN (SELECT subject FROM ${sel.table})`}
     ORDER BY l.id`
  )
}
