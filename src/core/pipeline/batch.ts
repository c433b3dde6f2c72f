/**
 * Making parsed files store-ready and writing them in batches (store/ingest-batch.ts).
 *
 * A file reaches here "store-ready": its document deflated, its report serialised and its findings
 * computed for the level inferred from its name — work a parse worker can do off the main thread.
 * When the stored level (a user's correction) or the rule settings differ, the findings are
 * recomputed here from the document.
 */
import type { FileFormat } from '../../shared/document'
import type { Finding } from '../../shared/rules'
import { inferAgencyLevel } from '../../shared/agency'
import { emptyReport, reparse, reportFindings, type PreparedFile } from './file'
import type { AgencyLevel, ParseNote, RuleSettings } from '../../shared/model'
import { yearInput } from '../rules/years'
import { copyText } from '../rules/copies'
import { copyPartnersOf, stageCopies } from './copies'
import { textHashes } from './copy-index'
import type { Db } from '../store/db'
import {
  writeReadyBatch as writeBatch,
  type ReadyFile as StoreReadyFile
} from '../store/ingest-batch'
import { encodeReport, encodeYear } from '../store/report-codec'
import { keyFigures } from '../store/reports'
import { knownAgencyNames, ocrRowOf } from '../store/ocr'
import { reapplyOcrChecks } from './ocr'
import { matchKnownName, nameMatchedNote } from '../rules/ocr-names'
import { documentOf, encodeDocument, type StoredDocument } from '../extract/stored-document'
import { type Logger } from '../logger'

/** A store-ready file (store/ingest-batch.ts) with what Y05's index is built from. */
export interface ReadyFile extends StoreReadyFile {
  /**
   * Sections 1 and 5 as Y05 compares them (rules/copies.ts CopyText as JSON, made here, in the
   * parse worker); null for a file that is not a readable report.
   */
  copyJson: string | null
  /** Its sentences' keys (pipeline/copy-index.ts textHashes), made here too; null with copyJson. */
  copyHashes: number[] | null
}

/**
 * Formats whose document is kept as the file's bytes: extracting them again takes about a
 * millisecond, less than serialising and deflating their model did at every ingest (bench/, #8).
 */
const SOURCE_KEPT: ReadonlySet<FileFormat> = new Set(['txt', 'html'])

function storedDocument(p: PreparedFile): StoredDocument | null {
  if (!p.doc) return null
  if (p.bytes && SOURCE_KEPT.has(p.format)) return { kind: 'source', blob: p.bytes }
  return { kind: 'doc', blob: encodeDocument(p.doc) }
}

const settingsKeys = new WeakMap<RuleSettings, string>()

/** The settings as a comparable string; a worker's settings object is the same for every file. */
export function settingsKey(s: RuleSettings): string {
  let key = settingsKeys.get(s)
  if (key === undefined) settingsKeys.set(s, (key = JSON.stringify(s)))
  return key
}

function copyOf(p: PreparedFile): Pick<ReadyFile, 'copyJson' | 'copyHashes'> {
  if (!p.doc || p.unreadable !== null) return { copyJson: null, copyHashes: null }
  const copy = copyText(p.parsed, p.doc)
  return { copyJson: JSON.stringify(copy), copyHashes: textHashes(copy) }
}

/** PreparedFile → ReadyFile, findings for the level its name suggests (the usual stored level). */
export function toReady(p: PreparedFile, settings: RuleSettings, logger: Logger): ReadyFile {
  const level = inferAgencyLevel((p.parsed.agency ?? '').trim())
  return {
    path: p.path,
    sha256: p.sha256,
    size: p.size,
    mtimeMs: p.mtimeMs,
    format: p.format,
    encoding: p.encoding,
    agency: p.parsed.agency,
    year: p.parsed.year,
    template: p.parsed.template,
    publicationDate: p.parsed.publicationDate?.date ?? null,
    figures: keyFigures(p.parsed.tables),
    ...encodeReport(p.parsed),
    yearJson: encodeYear(yearInput(p.parsed, p.problemsText)),
    problemsText: p.problemsText,
    ...copyOf(p),
    doc: storedDocument(p),
    unreadable: p.unreadable,
    findings: reportFindings(p, level, settings, logger),
    level,
    settingsKey: settingsKey(settings),
    ocr: ocrRowOf(p.parsed)
  }
}

async function recompute(
  f: ReadyFile,
  level: AgencyLevel,
  settings: RuleSettings,
  logger: Logger
): Promise<Finding[]> {
  const doc = f.doc ? await documentOf(f.doc.kind, f.doc.blob, f.format) : null
  if (doc) return reparse(f, doc, level, settings, logger).findings
  return reportFindings({ ...f, parsed: emptyReport(), doc: null }, level, settings, logger)
}

/** Writes the batch (store/ingest-batch.ts); must run inside a transaction. */
export async function writeReadyBatch(
  db: Db,
  root: string,
  batch: ReadyFile[],
  now: string,
  settings: RuleSettings,
  logger: Logger
): Promise<void> {
  await matchOcrNames(db, batch)
  const sKey = settingsKey(settings)
  await writeBatch(
    db,
    root,
    batch,
    now,
    (f, level) =>
      level === f.level && sKey === f.settingsKey
        ? Promise.resolve(f.findings)
        : recompute(f, level, settings, logger),
    // Switched off, Y05 costs nothing: the index is built when it is switched on (admin setChecks).
    settings.checks.Y05
      ? {
          written: written =>
            stageCopies(
              db,
              written.flatMap(w =>
                w.file.copyJson
                  ? [
                      {
                        id: w.id,
                        agencyKey: w.agencyKey,
                        copyJson: w.file.copyJson,
                        hashes: w.file.copyHashes
                      }
                    ]
                  : []
              )
            ),
          partnersOf: reportIds => copyPartnersOf(db, reportIds)
        }
      : undefined
  )
  // A scanned file read again (or into a database rebuilt from the backup) gets the supervisor's
  // checks of its cells back (issue #24); nothing to do for a batch without OCR'd files.
  await reapplyOcrChecks(db, root, batch, logger)
}

/**
 * OCR'd agency names one look-alike character from a known name take that name
 * (rules/ocr-names.ts): the roster's units first, then agencies of reports read from a text layer
 * (stored, or in this batch). A name the roster holds as read is left alone.
 */
async function matchOcrNames(db: Db, batch: ReadyFile[]): Promise<void> {
  const ocrd = batch.filter(f => f.ocr !== null && f.agency)
  if (ocrd.length === 0) return
  const { roster, read } = await knownAgencyNames(db)
  for (const f of batch)
    if (f.ocr === null && f.agency && f.unreadable === null) read.push(f.agency)
  for (const f of ocrd) {
    const was = f.agency!.trim()
    if (roster.includes(was)) continue
    const fromRoster = matchKnownName(was, roster)
    const known = fromRoster ?? matchKnownName(was, read)
    if (!known) continue
    f.agency = known
    const report = JSON.parse(f.reportJson) as { agency: string | null; notes?: ParseNote[] }
    report.agency = known
    report.notes = [
      ...(report.notes ?? []),
      nameMatchedNote(was, known, fromRoster ? '名册' : '其他报告')
    ]
    f.reportJson = JSON.stringify(report)
    const year = JSON.parse(f.yearJson) as { report?: { agency: string | null } }
    if (year.report) year.report.agency = known
    f.yearJson = JSON.stringify(year)
  }
}
