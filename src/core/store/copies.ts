/**
 * The index behind Y05 (rules/copies.ts): each report's comparable sentences of sections 1 and 5,
 * a posting per distinct sentence (so that a sentence's number of units is known: boilerplate is a
 * sentence in many units' reports), and the LSH band buckets of its MinHash signature. Written with
 * the report at ingest (store/ingest-batch.ts, through pipeline/batch.ts's callback), read when the
 * collection settles (pipeline/settle.ts, through store/settle-rows.ts writeSettlement's callback).
 * Every table hangs off reports(id) ON DELETE CASCADE, so a replaced report takes its rows along.
 */
import type { Db, SqlValue } from './db'

export function copiesMigration(): string {
  return `
  CREATE TABLE copy_texts (
    report_id  INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    text_json  TEXT NOT NULL             -- {"1": [sentence…], "5": [sentence…]} as compared
  );
  -- One row per distinct sentence of a report, with the report's unit: how many units write a
  -- sentence is what tells the template's sentences from a copy.
  CREATE TABLE copy_sentences (
    hash        INTEGER NOT NULL,
    agency_key  TEXT NOT NULL,
    report_id   INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (hash, agency_key, report_id)
  ) WITHOUT ROWID;
  CREATE INDEX copy_sentences_report ON copy_sentences (report_id);
  -- Units per sentence, kept by the triggers below (counting postings at read time scanned every
  -- report of a template sentence).
  CREATE TABLE copy_counts (
    hash   INTEGER PRIMARY KEY,
    units  INTEGER NOT NULL
  );
  CREATE TRIGGER copy_sentences_unit_in AFTER INSERT ON copy_sentences
  WHEN NOT EXISTS (SELECT 1 FROM copy_sentences WHERE hash = new.hash AND agency_key = new.agency_key AND report_id != new.report_id)
  BEGIN
    INSERT OR IGNORE INTO copy_counts (hash, units) VALUES (new.hash, 0);
    UPDATE copy_counts SET units = units + 1 WHERE hash = new.hash;
  END;
  CREATE TRIGGER copy_sentences_unit_out AFTER DELETE ON copy_sentences
  WHEN NOT EXISTS (SELECT 1 FROM copy_sentences WHERE hash = old.hash AND agency_key = old.agency_key)
  BEGIN
    UPDATE copy_counts SET units = units - 1 WHERE hash = old.hash;
  END;
  -- LSH: one row per band of a section's MinHash signature.
  CREATE TABLE copy_bands (
    band       INTEGER NOT NULL,
    bucket     INTEGER NOT NULL,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, report_id)
  ) WITHOUT ROWID;
  CREATE INDEX copy_bands_report ON copy_bands (report_id);
  `
}

const inList = (n: number): string => new Array<string>(n).fill('?').join(',')

/** How many units write each of `hashes` (absent: none yet). */
export async function sentenceUnits(db: Db, hashes: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>()
  const unique = [...new Set(hashes)]
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500)
    const rows = await db.all<{ hash: number; units: number }>(
      `SELECT hash, units FROM copy_counts WHERE hash IN (${inList(chunk.length)})`,
      chunk
    )
    for (const r of rows) out.set(r.hash, r.units)
  }
  return out
}

export interface CopyRows {
  texts: SqlValue[][]
  sentences: SqlValue[][]
}

/** A report's text and sentence postings; the bands come after, once the counts include them. */
export async function insertCopyTexts(db: Db, rows: CopyRows): Promise<void> {
  await db.runBatched('INSERT INTO copy_texts (report_id, text_json)', rows.texts)
  await db.runBatched(
    'INSERT OR IGNORE INTO copy_sentences (hash, agency_key, report_id)',
    rows.sentences
  )
}

export async function insertCopyBands(db: Db, rows: SqlValue[][]): Promise<void> {
  await db.runBatched('INSERT OR IGNORE INTO copy_bands (band, bucket, report_id)', rows)
}

/** A report that shares an LSH bucket with one of `reportIds`, in the same section. */
export interface CopyCandidate {
  target: number
  other: number
  band: number
}

/** Candidate pairs of `reportIds` (either side may be any stored report). */
export async function copyCandidates(db: Db, reportIds: number[]): Promise<CopyCandidate[]> {
  const out: CopyCandidate[] = []
  for (let i = 0; i < reportIds.length; i += 500) {
    const chunk = reportIds.slice(i, i + 500)
    // A loop, not push(...rows): a bucket shared by hundreds of reports gives more rows than a
    // call may take arguments (bench/batch.ts's 143 copies of each PDF overflowed the stack).
    const rows = await db.all<CopyCandidate>(
      `SELECT a.report_id AS target, b.report_id AS other, min(a.band) AS band
         FROM copy_bands a JOIN copy_bands b ON b.band = a.band AND b.bucket = a.bucket AND b.report_id != a.report_id
         WHERE a.report_id IN (${inList(chunk.length)})
         GROUP BY a.report_id, b.report_id, a.band / 16`,
      chunk
    )
    for (const r of rows) out.push(r)
  }
  return out
}

/** What Y05 needs of a report besides its text: who, when, which file, where its sections are. */
export interface CopyReport {
  id: number
  agencyKey: string
  agency: string
  year: number
  path: string
  live: number
  /** ParsedReport.sections as JSON: where the section's heading line is. */
  sectionsJson: string
}

export async function copyReports(
  db: Db,
  ids: number[]
): Promise<Map<number, CopyReport & { text: string | null }>> {
  const out = new Map<number, CopyReport & { text: string | null }>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500)
    const rows = await db.all<CopyReport & { text: string | null }>(
      `SELECT r.id, r.agency_key AS agencyKey, coalesce(a.name, r.agency_name) AS agency, r.year, f.path,
         (r.status = 'current' AND r.superseded = 0) AS live, json_extract(r.report_json, '$.sections') AS sectionsJson,
         t.text_json AS text
       FROM reports r JOIN files f ON f.id = r.file_id LEFT JOIN agencies a ON a.key = r.agency_key
       LEFT JOIN copy_texts t ON t.report_id = r.id
       WHERE r.id IN (${inList(chunk.length)}) AND r.agency_key IS NOT NULL AND r.year IS NOT NULL`,
      chunk
    )
    for (const r of rows) out.set(r.id, r)
  }
  return out
}

/** The agency-years of reports sharing a bucket with the reports of `fileIds` (before those go). */
export async function copyPartnersOfFiles(
  db: Db,
  fileIds: number[]
): Promise<{ agencyKey: string | null; year: number | null }[]> {
  if (fileIds.length === 0) return []
  return db.all<{ agencyKey: string | null; year: number | null }>(
    `SELECT DISTINCT r.agency_key AS agencyKey, r.year
     FROM reports o JOIN copy_bands a ON a.report_id = o.id
     JOIN copy_bands b ON b.band = a.band AND b.bucket = a.bucket AND b.report_id != a.report_id
     JOIN reports r ON r.id = b.report_id
     WHERE o.file_id IN (${inList(fileIds.length)})`,
    fileIds
  )
}

/** Current readable reports with an agency and a year but no Y05 index rows (stored while it was off). */
export async function unindexedReports(db: Db): Promise<{ id: number; agencyKey: string }[]> {
  return db.all<{ id: number; agencyKey: string }>(
    `SELECT r.id, r.agency_key AS agencyKey FROM reports r
     WHERE r.status = 'current' AND r.agency_key IS NOT NULL AND r.year IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM copy_texts t WHERE t.report_id = r.id)
       AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.rule = 'M03')
     ORDER BY r.id`
  )
}
