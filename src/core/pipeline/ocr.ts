/**
 * The supervisor's checks of OCR'd cells (issue #24) applied to their report: the stored document
 * parsed again, the checks applied (rules/ocr-verify.ts: a corrected cell takes their value, a
 * confirmed one is trusted as read), the report's values, OCR row and findings rewritten, and its
 * agency-year marked for the cross-report rules. Runs inside the caller's transaction.
 */
import type { FileFormat } from '../../shared/document'
import { yearInput } from '../rules/years'
import { OCR_NAME_NOTE } from '../rules/ocr-names'
import type { ParsedReport } from '../../shared/model'
import { agencyLevel } from '../store/agencies'
import type { Db } from '../store/db'
import { decodeStored } from '../extract/stored-document'
import {
  ocrCorrections,
  ocrReportIdsOf,
  ocrReportInfo,
  ocrRowOf,
  hashesWithCorrections,
  rewriteReportValues,
  storedReportJson,
  writeReportOcr
} from '../store/ocr'
import { encodeReport, encodeYear } from '../store/report-codec'
import { documentBlob, keyFigures, markDirty, replaceReportFindings } from '../store/reports'
import { getRuleSettings } from '../store/settings'
import type { Logger } from '../logger'
import { reparse } from './file'

/** Re-reads report `reportId` with its checks; false when it is not an OCR'd report with a document. */
export async function applyOcrChecks(db: Db, reportId: number, logger: Logger): Promise<boolean> {
  const info = await ocrReportInfo(db, reportId)
  if (!info) return false
  const doc = await decodeStored(await documentBlob(db, reportId))
  if (!doc?.meta.ocr) return false
  const corrections = await ocrCorrections(db, info.sha256)
  const level = info.agencyKey ? await agencyLevel(db, info.agencyKey) : 'department'
  const settings = await getRuleSettings(db)
  const { parsed, findings } = reparse(
    { path: info.path, format: info.format as FileFormat, mtimeMs: info.mtimeMs },
    doc,
    level,
    settings,
    logger,
    corrections
  )
  // A name matched at ingest (rules/ocr-names.ts, pipeline/batch.ts) stays matched, with its note.
  const before = await storedReportJson(db, reportId)
  const was = before ? (JSON.parse(before) as Partial<ParsedReport>) : {}
  const note = was.notes?.find(n => n.code === OCR_NAME_NOTE)
  if (note && was.agency) {
    parsed.agency = was.agency
    parsed.notes = [...parsed.notes, note]
  }
  const { reportJson, tablesJson } = encodeReport(parsed)
  await rewriteReportValues(db, reportId, {
    reportJson,
    tablesJson,
    yearJson: encodeYear(yearInput(parsed, info.problemsText)),
    figures: keyFigures(parsed.tables)
  })
  await writeReportOcr(db, reportId, ocrRowOf(parsed))
  await replaceReportFindings(db, reportId, findings)
  await markDirty(db, [{ agencyKey: info.agencyKey, year: info.year }])
  return true
}

/**
 * After an ingest batch: the OCR'd files just written whose content already has checks (a file
 * read again, a database rebuilt from the backup) get them back.
 */
export async function reapplyOcrChecks(
  db: Db,
  root: string,
  files: { path: string; sha256: string; ocr: unknown }[],
  logger: Logger
): Promise<void> {
  const ocrd = files.filter(f => f.ocr !== null)
  if (ocrd.length === 0) return
  const checked = await hashesWithCorrections(
    db,
    ocrd.map(f => f.sha256)
  )
  const paths = ocrd.filter(f => checked.has(f.sha256)).map(f => f.path)
  for (const id of await ocrReportIdsOf(db, root, paths)) await applyOcrChecks(db, id, logger)
}
