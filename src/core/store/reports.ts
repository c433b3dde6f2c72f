/**
 * The reports table: the ParsedReport as JSON, its tables as cli.md prints them, and the key
 * figures as columns so trend and overview queries never parse JSON.
 */
import { assertNever } from '../../shared/assert'
import type { FileFormat } from '../../shared/document'
import type { Applications, ReviewLitigation, Tables } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import type { Db } from './db'
import { deleteFindings, insertFindings, refreshCounts } from './findings'
import { decodeReport, type StoredReport } from './report-codec'
import { TREND_COLUMNS, trendFigures } from './trend-columns'

/** The stored identity of a report, enough to recompute duplicates and cross-year rules. */
export interface ReportKey {
  id: number
  fileId: number
  agencyKey: string | null
  year: number | null
}

/** Key figures (trend columns). 2019-format reports count 处理决定数量 for licensing/penalty. */
export function keyFigures(t: Tables): Record<string, number | null> {
  const app = t.applications
  const rl = t.reviewLitigation
  const p = t.proactive
  let licensing: number | null = null
  let penalty: number | null = null
  let fees: number | null = null
  if (p) {
    switch (p.form) {
      case '2021':
        licensing = p.licensing
        penalty = p.penalty
        fees = p.fees
        break
      case '2019':
        licensing = p.licensing.decisions
        penalty = p.penalty.decisions
        break
      default:
        assertNever(p, 'proactive table of an unknown form')
    }
  }
  return {
    received_total: total(app, 'received'),
    carried_over_total: total(app, 'carriedOver'),
    granted_total: total(app, 'granted'),
    outcome_total: total(app, 'outcomeTotal'),
    carried_forward_total: total(app, 'carriedForward'),
    licensing,
    penalty,
    fees,
    review_total: groupTotal(rl, 'review'),
    litigation_direct_total: groupTotal(rl, 'litigationDirect'),
    litigation_after_review_total: groupTotal(rl, 'litigationAfterReview'),
    ...trendFigures(app, rl)
  }
}

function total(app: Applications | null, row: string): number | null {
  return app?.[row]?.total ?? null
}
function groupTotal(rl: ReviewLitigation | null, g: keyof ReviewLitigation): number | null {
  return rl?.[g]?.total ?? null
}

export const FIGURE_COLUMNS = [
  'received_total',
  'carried_over_total',
  'granted_total',
  'outcome_total',
  'carried_forward_total',
  'licensing',
  'penalty',
  'fees',
  'review_total',
  'litigation_direct_total',
  'litigation_after_review_total',
  ...TREND_COLUMNS
] as const

export async function reportKeyOfFile(db: Db, fileId: number): Promise<ReportKey | undefined> {
  return db.get<ReportKey>(
    'SELECT id, file_id AS fileId, agency_key AS agencyKey, year FROM reports WHERE file_id = ?',
    [fileId]
  )
}

/** Replaces the single-report findings of an existing report (rules re-run on the stored document). */
export async function replaceReportFindings(
  db: Db,
  reportId: number,
  findings: Finding[]
): Promise<void> {
  await deleteFindings(db, [reportId], 'report')
  await insertFindings(db, reportId, 'report', findings)
  await refreshCounts(db, [reportId])
}

/**
 * The report's document as kept: the model itself ('doc', deflated JSON) or the file's bytes
 * ('source'); extract/stored-document.ts turns either back into the model.
 */
export async function documentBlob(
  db: Db,
  reportId: number
): Promise<{ kind: 'doc' | 'source'; blob: Buffer; format: FileFormat } | null> {
  const row = await db.get<{ doc: Buffer; kind: 'doc' | 'source'; format: FileFormat }>(
    'SELECT d.doc, d.kind, r.format FROM documents d JOIN reports r ON r.id = d.report_id WHERE d.report_id = ?',
    [reportId]
  )
  return row ? { kind: row.kind, blob: row.doc, format: row.format } : null
}

export async function loadParsed(db: Db, reportId: number): Promise<StoredReport | null> {
  const row = await db.get<{ report_json: string; tables_json: string }>(
    'SELECT report_json, tables_json FROM reports WHERE id = ?',
    [reportId]
  )
  return row ? decodeReport(row.report_json, row.tables_json) : null
}

/** Every agency-year to be settled again (Y05 switched on or off). */
export async function markAllDirty(db: Db): Promise<void> {
  await db.run(
    `INSERT OR IGNORE INTO dirty (agency_key, year)
     SELECT DISTINCT agency_key, year FROM reports WHERE agency_key IS NOT NULL AND year IS NOT NULL`
  )
}

/** Agency-years whose M02 / Y findings must be recomputed (see schema: `dirty`). */
export async function markDirty(
  db: Db,
  pairs: { agencyKey: string | null; year: number | null }[]
): Promise<void> {
  const rows = pairs
    .filter(p => p.agencyKey !== null && p.year !== null)
    .map(p => [p.agencyKey, p.year] as [string, number])
  await db.runBatched('INSERT OR IGNORE INTO dirty (agency_key, year)', rows)
}

/** Whether report `id` exists (current or of a deleted file). */
export async function reportExists(db: Db, id: number): Promise<boolean> {
  return (await db.get('SELECT 1 FROM reports WHERE id = ?', [id])) !== undefined
}
