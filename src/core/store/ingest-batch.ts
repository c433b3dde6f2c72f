/**
 * Writing a batch of parsed files with a handful of statements instead of ~15 per file: node-sqlite3
 * costs ~100 µs per call on this machine whatever the statement does, so a per-file statement storm
 * was most of an ingest (bench/, issue #8). Same rows as upsertFile + resolveAgency + markDirty
 * file by file would write; only the number of round trips changes. It is the only writer of
 * report rows.
 *
 * The files come "store-ready" (pipeline/batch.ts toReady): document deflated, report serialised,
 * findings computed for the level inferred from the name. The agency's stored level (a user's
 * correction) is only known here, so the caller's `findingsFor` gives the findings for it; the
 * caller's `copies` stores the new reports' sentences for Y05 (pipeline/copies.ts) in the same
 * transaction, and names the other units' reports that had an old one as a partner.
 */
import type { FileFormat } from '../../shared/document'
import type { AgencyLevel } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { inferAgencyLevel, normalizeAgencyName } from '../../shared/agency'
import type { Db, SqlValue } from './db'
import { findingRows, FINDING_INSERT } from './findings'
import { OCR_INSERT, ocrRowValues, type OcrRow } from './ocr'
import { FIGURE_COLUMNS, markDirty } from './reports'
import { adoptRosterLevels } from './roster'

/** A parsed file with everything the store keeps already serialised. */
export interface ReadyFile {
  path: string
  sha256: string
  size: number
  mtimeMs: number
  format: FileFormat
  encoding: string | null
  agency: string | null
  year: number | null
  template: string | null
  publicationDate: string | null
  figures: Record<string, number | null>
  reportJson: string
  tablesJson: string
  /** The report as the cross-year rules read it (store/report-codec.ts encodeYear). */
  yearJson: string
  problemsText: string
  /** The document as kept (extract/stored-document.ts); null when the file could not be read. */
  doc: { kind: 'doc' | 'source'; blob: Buffer } | null
  unreadable: string | null
  /** Findings for `level` under `settingsKey`. */
  findings: Finding[]
  level: AgencyLevel
  settingsKey: string
  /** What report_ocr keeps (store/ocr.ts); null for a report not read by OCR. */
  ocr: OcrRow | null
}

/** The findings of `file` for its agency's stored `level`. */
export type FindingsFor<F extends ReadyFile = ReadyFile> = (
  file: F,
  level: AgencyLevel
) => Promise<Finding[]>

/** Y05's part of a batch (pipeline/batch.ts), when it is switched on. */
export interface CopyHooks<F extends ReadyFile = ReadyFile> {
  /** The reports just written that have an agency and a year (Y05's index is built from them). */
  written: (reports: { id: number; agencyKey: string; file: F }[]) => Promise<void>
  /** The agency-years of other reports that may have had `reportIds` (about to go) as a partner. */
  partnersOf: (reportIds: number[]) => Promise<{ agencyKey: string | null; year: number | null }[]>
}

const inList = (n: number): string => new Array<string>(n).fill('?').join(',')

const REPORT_COLUMNS = [
  'file_id',
  'status',
  'sha256',
  'format',
  'encoding',
  'agency_name',
  'name_key',
  'agency_key',
  'year',
  'template',
  'parsed_at',
  'publication_date',
  ...FIGURE_COLUMNS,
  'n_error',
  'n_warning',
  'n_info',
  'report_json',
  'tables_json',
  'problems_text',
  'year_json'
]

/** Writes the batch; must run inside a transaction. Chunks stay under SQLite's variable limit. */
export async function writeReadyBatch<F extends ReadyFile>(
  db: Db,
  root: string,
  batch: F[],
  now: string,
  findingsFor: FindingsFor<F>,
  copies?: CopyHooks<F>
): Promise<void> {
  for (let i = 0; i < batch.length; i += 100)
    await writeChunk(db, root, batch.slice(i, i + 100), now, findingsFor, copies)
}

async function writeChunk<F extends ReadyFile>(
  db: Db,
  root: string,
  batch: F[],
  now: string,
  findingsFor: FindingsFor<F>,
  copies: CopyHooks<F> | undefined
): Promise<void> {
  if (batch.length === 0) return
  // files: insert or update, ids back in one statement.
  const fileRows = await db.all<{ id: number; path: string }>(
    `INSERT INTO files (root, path, sha256, size, mtime_ms, format, status, first_seen, last_seen)
     VALUES ${batch.map(() => `(?, ?, ?, ?, ?, ?, 'current', ?, ?)`).join(',')}
     ON CONFLICT (root, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
       mtime_ms = excluded.mtime_ms, format = excluded.format, status = 'current',
       last_seen = excluded.last_seen, removed_at = NULL
     RETURNING id, path`,
    batch.flatMap(f => [root, f.path, f.sha256, f.size, f.mtimeMs, f.format, now, now])
  )
  const fileId = new Map(fileRows.map(r => [r.path, r.id]))
  const ids = batch.map(f => fileId.get(f.path)!)
  const olds = await db.all<{ id: number; agencyKey: string | null; year: number | null }>(
    `SELECT id, agency_key AS agencyKey, year FROM reports WHERE file_id IN (${inList(ids.length)})`,
    ids
  )

  // agencies: aliases followed, new ones created with the inferred level, levels read back.
  const named = batch.filter(f => f.agency)
  const nameKeys = [...new Set(named.map(f => normalizeAgencyName(f.agency!)))]
  const aliases = new Map<string, string>()
  if (nameKeys.length > 0) {
    const rows = await db.all<{ alias_key: string; canonical_key: string }>(
      `SELECT alias_key, canonical_key FROM agency_aliases WHERE alias_key IN (${inList(nameKeys.length)})`,
      nameKeys
    )
    for (const r of rows) aliases.set(r.alias_key, r.canonical_key)
  }
  const keyOf = (name: string): { nameKey: string; key: string } => {
    const nameKey = normalizeAgencyName(name)
    return { nameKey, key: aliases.get(nameKey) ?? nameKey }
  }
  await db.runBatched(
    'INSERT OR IGNORE INTO agencies (key, name, level, level_source, first_seen)',
    named.map(f => {
      const name = f.agency!.trim()
      return [keyOf(f.agency!).key, name, inferAgencyLevel(name), 'inferred', now]
    })
  )
  const keys = [...new Set(named.map(f => keyOf(f.agency!).key))]
  await adoptRosterLevels(db, keys)
  const levels = new Map<string, AgencyLevel>()
  if (keys.length > 0) {
    const rows = await db.all<{ key: string; level: AgencyLevel }>(
      `SELECT key, level FROM agencies WHERE key IN (${inList(keys.length)})`,
      keys
    )
    for (const r of rows) levels.set(r.key, r.level)
  }

  // Other units' reports that had an old one as a Y05 partner are settled again (its index rows
  // go with it). A batch of new files has none, and does not ask: asking makes the index's stale
  // buckets first (a first ingest of 100,000 own-text reports made them before every batch).
  const partners = copies && olds.length > 0 ? await copies.partnersOf(olds.map(o => o.id)) : []
  // reports: the old ones go (their findings and documents cascade), the new ones come in.
  await db.run(`DELETE FROM reports WHERE file_id IN (${inList(ids.length)})`, ids)
  const rows: SqlValue[][] = []
  const findings: Finding[][] = []
  const dirty: { agencyKey: string | null; year: number | null }[] = [...olds, ...partners]
  for (const [i, f] of batch.entries()) {
    const ag = f.agency ? keyOf(f.agency) : null
    const level = ag ? (levels.get(ag.key) ?? 'department') : 'department'
    const found = await findingsFor(f, level)
    findings.push(found)
    const count = (s: string): number => found.filter(x => x.severity === s).length
    rows.push([
      ids[i]!,
      'current',
      f.sha256,
      f.format,
      f.encoding,
      f.agency,
      ag?.nameKey ?? null,
      ag?.key ?? null,
      f.year,
      f.template,
      now,
      f.publicationDate,
      ...FIGURE_COLUMNS.map(c => f.figures[c] ?? null),
      count('error'),
      count('warning'),
      count('info'),
      f.reportJson,
      f.tablesJson,
      f.problemsText,
      f.yearJson
    ])
    dirty.push({ agencyKey: ag?.key ?? null, year: f.year })
  }
  // RETURNING's row order is not guaranteed: map back by file id.
  const reportOf = new Map<number, number>()
  for (let i = 0; i < rows.length; i += 30) {
    const chunk = rows.slice(i, i + 30)
    const out = await db.all<{ id: number; file_id: number }>(
      `INSERT INTO reports (${REPORT_COLUMNS.join(', ')}) VALUES ${chunk.map(() => `(${inList(REPORT_COLUMNS.length)})`).join(',')} RETURNING id, file_id`,
      chunk.flat()
    )
    for (const r of out) reportOf.set(r.file_id, r.id)
  }
  const reportIds = ids.map(id => reportOf.get(id)!)
  await db.runBatched(
    'INSERT INTO documents (report_id, kind, doc)',
    batch.flatMap((f, i) => (f.doc ? [[reportIds[i]!, f.doc.kind, f.doc.blob]] : []))
  )
  await db.runBatched(
    OCR_INSERT,
    batch.flatMap((f, i) => (f.ocr ? [ocrRowValues(reportIds[i]!, f.ocr)] : []))
  )
  await db.runBatched(
    FINDING_INSERT,
    batch.flatMap((_, i) => findingRows(reportIds[i]!, 'report', findings[i]!))
  )
  if (copies) {
    await copies.written(
      batch.flatMap((f, i) =>
        f.agency && f.year !== null
          ? [{ id: reportIds[i]!, agencyKey: keyOf(f.agency).key, file: f }]
          : []
      )
    )
  }
  await markDirty(db, dirty)
}
