/**
 * Reads by report: one report with its findings and review decisions (the review screen, through
 * service/queries-reports.ts), and cli.md's `reports` array. The screens' lists, overview, matrix
 * and trends are the service's (service/queries-*.ts), over the one filter CTE.
 */
import type { FileStatus, FindingSource } from '../../../shared/api'
import type { FileFormat } from '../../../shared/document'
import type { ReportJson, TablesJson } from '../../../shared/model'
import type { Finding } from '../../../shared/rules'
import type { TemplateVersion } from '../../../shared/template'
import type { Db } from '../db'
import { decodeReport, type StoredReport } from '../report-codec'
import { findingsOf, toFinding, type FindingRow } from '../findings'
import { reviewsForReport, type ReviewRow } from '../reviews'

/** A report's row as stored; the Api's ReportSummary (queries/reports.ts) is what screens see. */
export interface ReportSummaryRow {
  id: number
  fileId: number
  root: string
  path: string
  sha256: string
  format: FileFormat
  status: FileStatus
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

function fixSummary(r: ReportSummaryRow): ReportSummaryRow {
  return { ...r, superseded: Boolean(r.superseded) }
}

/**
 * A stored finding with its id, where it came from, and its review decision if any; the Api's
 * FindingView is made from it (queries/reports.ts).
 */
export type ReviewedFindingRow = Finding & {
  id: number
  source: FindingSource
  locKey: string
  review?: ReviewRow
}

/** One report as stored; the Api's ReportDetail is made from it (queries/reports.ts). */
export interface ReportDetailRow {
  summary: ReportSummaryRow
  report: StoredReport
  findings: ReviewedFindingRow[]
  /** Decisions whose finding no longer appears (不再匹配). */
  orphanedReviews: ReviewRow[]
}

function view(r: FindingRow): ReviewedFindingRow {
  return { ...toFinding(r), id: r.id, source: r.source, locKey: r.locKey }
}

export async function getReport(db: Db, reportId: number): Promise<ReportDetailRow | null> {
  const summary = await db.get<ReportSummaryRow>(`SELECT ${SUMMARY} ${FROM} WHERE r.id = ?`, [
    reportId
  ])
  if (!summary) return null
  const json = await db.get<{ report_json: string; tables_json: string }>(
    'SELECT report_json, tables_json FROM reports WHERE id = ?',
    [reportId]
  )
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

/** cli.md's `reports` array for the current files under `root`, ordered by path. */
export async function reportsJson(db: Db, root: string): Promise<ReportJson[]> {
  const rows = await db.all<{
    id: number
    path: string
    sha256: string
    format: FileFormat
    agency_name: string | null
    year: number | null
    template: TemplateVersion | null
    tables_json: string
    ocr_pages: number | null
    ocr_uncertain: string | null
  }>(
    `SELECT r.id, f.path, f.sha256, r.format, r.agency_name, r.year, r.template, r.tables_json,
       o.pages AS ocr_pages, o.uncertain_json AS ocr_uncertain
     FROM files f JOIN reports r ON r.file_id = f.id LEFT JOIN report_ocr o ON o.report_id = r.id
     WHERE f.root = ? AND f.status = 'current' ORDER BY f.path`,
    [root]
  )
  const findings = await findingsOf(
    db,
    rows.map(r => r.id)
  )
  return rows.map(r => {
    const out: ReportJson = {
      file: r.path,
      sha256: r.sha256,
      format: r.format,
      agency: r.agency_name,
      year: r.year,
      template: r.template,
      tables: JSON.parse(r.tables_json) as TablesJson,
      findings: (findings.get(r.id) ?? []).map(toFinding)
    }
    // Only a report read by OCR carries `ocr` (cli.md, "Reports read by OCR").
    if (r.ocr_pages !== null && r.ocr_uncertain !== null)
      out.ocr = { pages: r.ocr_pages, uncertain: JSON.parse(r.ocr_uncertain) as string[] }
    return out
  })
}
