/**
 * Reports read by OCR (issue #24): what the verification said of each cell (report_ocr, one row per
 * OCR'd report, gone with its report) and the supervisor's checks of cells on the image
 * (ocr_corrections, keyed by the file's content hash and the cell key, so a check outlives a
 * re-parse and a rebuilt database: it is in the user-data backup).
 */
import type { OcrCellView, ReportOcr } from '../../shared/api'
import type { DocumentOcr, OcrCheck, ParsedReport } from '../../shared/model'
import type { OcrRead } from '../../shared/document'
import type { Db } from './db'

/** A supervisor's check: the value they read on the image, or 'confirmed' (as OCR read it). */
export type OcrCorrectionValue = number | 'confirmed'

/** What report_ocr keeps of a parsed report; null for a report not read by OCR. */
export interface OcrRow {
  pages: number
  engine: string
  pageSizes: DocumentOcr['pageSizes']
  uncertain: string[]
  cells: Record<string, OcrCellView>
}

export function ocrRowOf(p: ParsedReport): OcrRow | null {
  if (!p.ocr || !p.ocrCheck) return null
  return {
    pages: p.ocr.pages,
    engine: p.ocr.engine,
    pageSizes: p.ocr.pageSizes,
    uncertain: p.ocrCheck.uncertain,
    cells: cellViews(p.ocrCheck, p.ocrCells ?? {})
  }
}

function cellViews(
  check: OcrCheck,
  reads: Record<string, OcrRead | null>
): Record<string, OcrCellView> {
  const out: Record<string, OcrCellView> = {}
  for (const [key, c] of Object.entries(check.cells)) {
    const read = reads[key] ?? null
    out[key] = {
      status: c.status,
      value: c.read,
      ...(c.suggested !== undefined ? { suggested: c.suggested } : {}),
      text: read?.text ?? '',
      confidence: read?.confidence ?? 0,
      box: read?.box ?? null
    }
  }
  return out
}

/** Row values for `INSERT INTO report_ocr` (see writeReportOcr). */
export function ocrRowValues(reportId: number, row: OcrRow): (string | number)[] {
  return [
    reportId,
    row.pages,
    row.engine,
    JSON.stringify(row.pageSizes),
    JSON.stringify(row.uncertain),
    JSON.stringify(row.cells)
  ]
}

export const OCR_INSERT =
  'INSERT OR REPLACE INTO report_ocr (report_id, pages, engine, page_sizes_json, uncertain_json, cells_json)'

export async function writeReportOcr(db: Db, reportId: number, row: OcrRow | null): Promise<void> {
  await db.run('DELETE FROM report_ocr WHERE report_id = ?', [reportId])
  if (row) await db.runBatched(OCR_INSERT, [ocrRowValues(reportId, row)])
}

export async function getReportOcr(db: Db, reportId: number): Promise<ReportOcr | null> {
  const r = await db.get<{
    pages: number
    engine: string
    page_sizes_json: string
    uncertain_json: string
    cells_json: string
    sha256: string
  }>(
    `SELECT o.pages, o.engine, o.page_sizes_json, o.uncertain_json, o.cells_json, r.sha256
     FROM report_ocr o JOIN reports r ON r.id = o.report_id WHERE o.report_id = ?`,
    [reportId]
  )
  if (!r) return null
  return {
    reportId,
    pages: r.pages,
    engine: r.engine,
    pageSizes: JSON.parse(r.page_sizes_json) as DocumentOcr['pageSizes'],
    uncertain: JSON.parse(r.uncertain_json) as string[],
    cells: JSON.parse(r.cells_json) as Record<string, OcrCellView>
  }
}

/** The supervisor's checks of the file with content `sha256`, by cell key. */
export async function ocrCorrections(
  db: Db,
  sha256: string
): Promise<Record<string, OcrCorrectionValue>> {
  const rows = await db.all<{ cell_key: string; value: number | null }>(
    'SELECT cell_key, value FROM ocr_corrections WHERE sha256 = ?',
    [sha256]
  )
  const out: Record<string, OcrCorrectionValue> = {}
  for (const r of rows) out[r.cell_key] = r.value === null ? 'confirmed' : r.value
  return out
}

/** Sets (or with null, withdraws) a check; `now` is an ISO time. */
export async function setOcrCorrection(
  db: Db,
  sha256: string,
  cellKey: string,
  value: OcrCorrectionValue | null,
  now: string
): Promise<void> {
  if (value === null) {
    await db.run('DELETE FROM ocr_corrections WHERE sha256 = ? AND cell_key = ?', [sha256, cellKey])
    return
  }
  await db.run(
    `INSERT INTO ocr_corrections (sha256, cell_key, value, set_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sha256, cell_key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at`,
    [sha256, cellKey, value === 'confirmed' ? null : value, now]
  )
}

/** Of the given content hashes, those with at least one check. */
export async function hashesWithCorrections(db: Db, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set()
  const rows = await db.all<{ sha256: string }>(
    `SELECT DISTINCT sha256 FROM ocr_corrections WHERE sha256 IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(hashes)]
  )
  return new Set(rows.map(r => r.sha256))
}

export interface OcrCorrectionBackup {
  sha256: string
  cellKey: string
  value: number | null
  setAt: string
}

export function ocrCorrectionsBackup(db: Db): Promise<OcrCorrectionBackup[]> {
  return db.all<OcrCorrectionBackup>(
    'SELECT sha256, cell_key AS cellKey, value, set_at AS setAt FROM ocr_corrections ORDER BY sha256, cell_key'
  )
}

export async function restoreOcrCorrections(db: Db, rows: OcrCorrectionBackup[]): Promise<void> {
  if (rows.length === 0) return
  await db.run(
    `INSERT OR IGNORE INTO ocr_corrections (sha256, cell_key, value, set_at)
     SELECT value ->> '$.sha256', value ->> '$.cellKey', value ->> '$.value', value ->> '$.setAt'
     FROM json_each(?)`,
    [JSON.stringify(rows)]
  )
}

/** The values a report's OCR checks changed: its tables, key figures and cross-year view. */
export async function rewriteReportValues(
  db: Db,
  reportId: number,
  v: {
    reportJson: string
    tablesJson: string
    yearJson: string
    figures: Record<string, number | null>
  }
): Promise<void> {
  const cols = Object.keys(v.figures)
  await db.run(
    `UPDATE reports SET report_json = ?, tables_json = ?, year_json = ?${cols.map(c => `, ${c} = ?`).join('')}
     WHERE id = ?`,
    [v.reportJson, v.tablesJson, v.yearJson, ...cols.map(c => v.figures[c] ?? null), reportId]
  )
}

/** What ocrReportInfo gives of a report with OCR rows. */
export interface OcrReportInfo {
  sha256: string
  path: string
  format: string
  mtimeMs: number
  agencyKey: string | null
  year: number | null
  problemsText: string
}

/** Report id, content hash, file and agency-year of the current reports with OCR rows. */
export async function ocrReportInfo(db: Db, reportId: number): Promise<OcrReportInfo | null> {
  const r = await db.get<OcrReportInfo>(
    `SELECT r.sha256, f.path, r.format, f.mtime_ms AS mtimeMs, r.agency_key AS agencyKey, r.year,
       r.problems_text AS problemsText
     FROM reports r JOIN files f ON f.id = r.file_id JOIN report_ocr o ON o.report_id = r.id
     WHERE r.id = ?`,
    [reportId]
  )
  return r ?? null
}

/** Ids of the reports of files `paths` under `root` that were read by OCR. */
export async function ocrReportIdsOf(db: Db, root: string, paths: string[]): Promise<number[]> {
  if (paths.length === 0) return []
  const rows = await db.all<{ id: number }>(
    `SELECT r.id FROM files f JOIN reports r ON r.file_id = f.id JOIN report_ocr o ON o.report_id = r.id
     WHERE f.root = ? AND f.path IN (SELECT value FROM json_each(?))`,
    [root, JSON.stringify(paths)]
  )
  return rows.map(r => r.id)
}

/**
 * The 文字识别（OCR） switch changed: the files it concerns are read again at the next scan (their
 * stored hash cleared, so an unchanged file is not skipped). Switched on: the scans that got the
 * M03 "需先做文字识别（OCR）"; switched off: the reports read by OCR. Returns how many.
 */
export async function markOcrFilesForReading(db: Db, on: boolean): Promise<number> {
  const ids = on
    ? `SELECT r.file_id FROM reports r JOIN findings f ON f.report_id = r.id
       WHERE f.rule = 'M03' AND f.message LIKE '%文字识别（OCR）%'`
    : `SELECT r.file_id FROM reports r JOIN report_ocr o ON o.report_id = r.id`
  const rows = await db.all<{ id: number }>(
    `UPDATE files SET sha256 = '' WHERE status = 'current' AND id IN (${ids}) RETURNING id`
  )
  return rows.length
}

/** The content hash of report `reportId`'s file, or null. */
export async function reportSha256(db: Db, reportId: number): Promise<string | null> {
  const r = await db.get<{ sha256: string }>('SELECT sha256 FROM reports WHERE id = ?', [reportId])
  return r?.sha256 ?? null
}

/**
 * Names an OCR'd agency name may be matched to (rules/ocr-names.ts): the roster's units and their
 * aliases, and the agencies of current reports read from a text layer.
 */
export async function knownAgencyNames(db: Db): Promise<{ roster: string[]; read: string[] }> {
  const names = async (sql: string): Promise<string[]> =>
    (await db.all<{ name: string }>(sql)).map(r => r.name)
  return {
    roster: await names('SELECT name FROM roster_units UNION SELECT name FROM roster_aliases'),
    read: await names(
      `SELECT DISTINCT a.name FROM agencies a JOIN reports r ON r.agency_key = a.key
       WHERE r.status = 'current'
         AND NOT EXISTS (SELECT 1 FROM report_ocr o WHERE o.report_id = r.id)`
    )
  }
}

/** The stored report JSON of report `reportId` (store/report-codec.ts), or null. */
export async function storedReportJson(db: Db, reportId: number): Promise<string | null> {
  const r = await db.get<{ json: string }>('SELECT report_json AS json FROM reports WHERE id = ?', [
    reportId
  ])
  return r?.json ?? null
}
