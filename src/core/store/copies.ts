/**
 * What Y05 (rules/copies.ts) keeps in SQLite: each report's comparable sentences of sections 1 and
 * 5 (copy_texts, stored with the report at ingest through pipeline/batch.ts's callback, gone with
 * it by ON DELETE CASCADE) and the sentences saturated (the template's for good). The index made
 * from them — postings, LSH buckets — is held in memory (pipeline/copy-index.ts), made when a
 * process first needs it and kept in step by a journal of this connection's writes
 * (installCopyJournal). Tables of migrations 9–13 that held it on disk go in 14.
 */
import type { Db, SqlValue } from './db'

export function copiesMigration(): string {
  return `
  CREATE TABLE copy_texts (
    report_id  INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    text_json  TEXT NOT NULL             -- {"1": [sentence…], "5": [sentence…]} as compared
                                         -- (UTF-16 in a BLOB since schema 14: stageCopyTexts)
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

/**
 * The index made cheaper to keep (issue #23, bench/RESULTS.md): the units per sentence are no
 * longer kept by triggers (a subquery and two statements per posting) but counted from the postings
 * when needed — a sentence's postings stop once it is in SATURATED units' reports, so they are few
 * — and a posting no longer carries the unit's key: the unit is the report's, read when counting,
 * so a merge of two agencies (or a report attached to a roster unit) is followed at once. Sentences
 * saturated are listed in copy_saturated, the template's for good. A band bucket is one integer
 * (rules/copies.ts bucketKey). The tables of 7 go: their signatures were of another kind.
 */
export function copiesCompactMigration(): string {
  // IF [NOT] EXISTS: a database made to look older (a test of migration 8 drops 8's objects and
  // sets its version back) already has these tables.
  return `
  DROP TRIGGER IF EXISTS copy_sentences_unit_in;
  DROP TRIGGER IF EXISTS copy_sentences_unit_out;
  DROP TABLE IF EXISTS copy_counts;
  DROP TABLE IF EXISTS copy_sentences;
  DROP TABLE IF EXISTS copy_bands;
  CREATE TABLE IF NOT EXISTS copy_saturated (hash INTEGER PRIMARY KEY);
  CREATE TABLE IF NOT EXISTS copy_postings (
    hash       INTEGER NOT NULL,
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (hash, report_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS copy_postings_report ON copy_postings (report_id);
  CREATE TABLE IF NOT EXISTS copy_buckets (
    key        INTEGER NOT NULL,           -- band * 2^32 + bucket (unsigned)
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (key, report_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS copy_buckets_report ON copy_buckets (report_id);
  -- The signatures changed (one-permutation MinHash): the index is built again from the stored
  -- documents (pipeline/admin.ts catchUpCopies, at the next audit).
  DELETE FROM copy_saturated;
  DELETE FROM copy_postings;
  DELETE FROM copy_buckets;
  DELETE FROM copy_texts;
  `
}

/**
 * Y05's index written at settle, thousands of reports at a time in key order (issue #23,
 * bench/RESULTS.md). Written with each 50-report ingest transaction, the postings' and buckets'
 * random keys dirtied a page per row and every commit wrote them all: at 100,000 own-text reports
 * the index's upkeep was most of the 241 s Y05 added to the ingest.
 *
 * - copy_pending: reports whose sentences are stored (copy_texts) but whose postings and buckets
 *   are not written yet (pipeline/copies.ts flushCopies). The mark is written with the report, in
 *   its transaction, so a crash before the settle loses nothing: the next settle writes it.
 * - Postings and buckets lose their foreign key: checking that each row's report exists cost a
 *   lookup in reports per row, more than the insert itself (170,000 rows: 1.26 s with the key,
 *   0.46 s without). Their rows are written only for reports just read from reports in the same
 *   transaction; a trigger removes them with their report, as the cascade did.
 */
export function copyPendingMigration(): string {
  // Safe to run again: a test of migration 8 sets the version back over the later tables.
  return `
  DROP TRIGGER IF EXISTS copy_index_out;
  CREATE TABLE IF NOT EXISTS copy_pending (
    report_id  INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE
  );
  ${withoutForeignKey('copy_postings', 'hash')}
  ${withoutForeignKey('copy_buckets', 'key')}
  CREATE TRIGGER copy_index_out AFTER DELETE ON reports BEGIN
    DELETE FROM copy_postings WHERE report_id = old.id;
    DELETE FROM copy_buckets WHERE report_id = old.id;
  END;
  `
}

/** `table (<key>, report_id)` made again with the same rows and index, without its foreign key. */
function withoutForeignKey(table: string, key: string): string {
  return `DROP TABLE IF EXISTS ${table}_13;
  CREATE TABLE ${table}_13 (
    ${key} INTEGER NOT NULL,
    report_id INTEGER NOT NULL,
    PRIMARY KEY (${key}, report_id)
  ) WITHOUT ROWID;
  INSERT INTO ${table}_13 (${key}, report_id) SELECT ${key}, report_id FROM ${table};
  DROP TABLE ${table};
  ALTER TABLE ${table}_13 RENAME TO ${table};
  CREATE INDEX ${table}_report ON ${table} (report_id);`
}

/**
 * Y05's index held in memory (pipeline/copy-index.ts; issue #23, bench/RESULTS.md): the postings,
 * buckets and pending marks go. Written to SQLite, at 100,000 own-text reports their 3 million
 * rows cost 30 s to write and the candidates joined through them 10 s more; the index is made
 * from the stored sentences (copy_texts) when a process first needs it, and follows the writes
 * after (a journal of this connection's, installCopyJournal). copy_saturated stays: a sentence
 * saturated once is the template's for good.
 */
export function copyMemoryMigration(): string {
  return `
  DROP TRIGGER IF EXISTS copy_index_out;
  DROP TABLE IF EXISTS copy_pending;
  DROP TABLE IF EXISTS copy_postings;
  DROP TABLE IF EXISTS copy_buckets;
  `
}

/**
 * 15: Y05 settled after the cross-year rules of a whole settle, not inside each 50-agency group
 * (pipeline/settle.ts): copy_due lists the reports whose Y05 is due, marked in the transaction
 * that clears their cross-year findings and unmarked in the one that writes their Y05, so a crash
 * between loses nothing (the next settle finds them).
 */
export function copyDueMigration(): string {
  return `
  CREATE TABLE IF NOT EXISTS copy_due (
    report_id  INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE
  );
  `
}

/** Reports' Y05 due (inside the transaction that cleared their cross-year findings). */
export async function markCopiesDue(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  await db.run(
    'INSERT OR IGNORE INTO copy_due (report_id) SELECT value FROM json_each(?) ORDER BY 1',
    [JSON.stringify([...new Set(ids)])]
  )
}

/** Whether any report's Y05 is due. */
export async function anyCopiesDue(db: Db): Promise<boolean> {
  return (await db.get('SELECT 1 AS x FROM copy_due LIMIT 1')) !== undefined
}

/** The first `limit` reports whose Y05 is due, by id: a range of copy_due. */
export async function copiesDue(db: Db, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    'SELECT report_id AS id FROM copy_due ORDER BY report_id LIMIT ?',
    [limit]
  )
  return rows.map(r => r.id)
}

/** Due reports from `from` to `to` (copiesDue's range) that hold Y05 findings now. */
export async function dueWithCopyFindings(db: Db, from: number, to: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT DISTINCT report_id AS id FROM findings
     WHERE rule = 'Y05' AND source = 'years'
       AND report_id IN (SELECT report_id FROM copy_due WHERE report_id BETWEEN ? AND ?)`,
    [from, to]
  )
  return rows.map(r => r.id)
}

/** The Y05 findings of the due reports from `from` to `to` out, and their marks with them. */
export async function clearCopiesDue(db: Db, from: number, to: number): Promise<void> {
  await db.run(
    `DELETE FROM findings WHERE rule = 'Y05' AND source = 'years'
       AND report_id IN (SELECT report_id FROM copy_due WHERE report_id BETWEEN ? AND ?)`,
    [from, to]
  )
  await db.run('DELETE FROM copy_due WHERE report_id BETWEEN ? AND ?', [from, to])
}

/** Y05 switched off: nothing is due. */
export async function dropCopiesDue(db: Db): Promise<void> {
  await db.run('DELETE FROM copy_due')
}

/**
 * What this connection changes that the index in memory must follow, journalled by temporary
 * triggers (they see only this connection's writes, and roll back with them; another
 * connection's commit moves PRAGMA data_version, and the index is made again):
 * kind 0, a report's sentences removed (also by the cascade when a report goes); 2, a report's
 * agency changed (a merge); 3, an alias or the roster changed (every unit may have). Sentences
 * stored are not journalled: they are stored only through pipeline/copy-index.ts indexStaged,
 * which puts them in the index itself (a trigger per row and a journal emptied again after each
 * batch were SQLite's work for nothing: 100,000 rows in a first ingest).
 */
export async function installCopyJournal(db: Db): Promise<void> {
  const units = ['agency_aliases', 'roster_units', 'roster_aliases'].flatMap(t =>
    ['INSERT', 'UPDATE', 'DELETE'].map(
      op => `CREATE TEMP TRIGGER IF NOT EXISTS copy_journal_${t}_${op.toLowerCase()}
        AFTER ${op} ON main.${t} BEGIN INSERT INTO temp.copy_journal VALUES (NULL, 3); END;`
    )
  )
  await db.exec(`
  CREATE TEMP TABLE IF NOT EXISTS copy_journal (report_id INTEGER, kind INTEGER NOT NULL);
  CREATE TEMP TRIGGER IF NOT EXISTS copy_journal_out AFTER DELETE ON main.copy_texts
  BEGIN INSERT INTO temp.copy_journal VALUES (old.report_id, 0); END;
  CREATE TEMP TRIGGER IF NOT EXISTS copy_journal_agency AFTER UPDATE OF agency_key ON main.reports
  WHEN new.agency_key IS NOT old.agency_key
  BEGIN INSERT INTO temp.copy_journal VALUES (new.id, 2); END;
  ${units.join('\n  ')}
  `)
}

export interface CopyJournalRow {
  id: number | null
  kind: 0 | 2 | 3
}

/** The journal since it was last cleared, in order. */
export async function copyJournal(db: Db): Promise<CopyJournalRow[]> {
  return db.all<CopyJournalRow>(
    'SELECT report_id AS id, kind FROM temp.copy_journal ORDER BY rowid'
  )
}

export async function clearCopyJournal(db: Db): Promise<void> {
  await db.run('DELETE FROM temp.copy_journal')
}

/** Moves when another connection commits (never for this connection's own writes). */
export async function dataVersion(db: Db): Promise<number> {
  return (await db.get<{ v: number }>('SELECT data_version AS v FROM pragma_data_version'))!.v
}

/** Every report with stored sentences. */
export async function copyTextIds(db: Db): Promise<number[]> {
  return (await db.all<{ id: number }>('SELECT report_id AS id FROM copy_texts ORDER BY 1')).map(
    r => r.id
  )
}

/** The agency-years of reports `ids`, and of every report of `agencyKeys`. */
export async function agencyYearsOf(
  db: Db,
  ids: number[],
  agencyKeys: string[] = []
): Promise<{ agencyKey: string | null; year: number | null }[]> {
  const seen = new Set<string>()
  const out: { agencyKey: string | null; year: number | null }[] = []
  const add = (r: { agencyKey: string | null; year: number | null }): void => {
    const k = `${r.agencyKey}\u0000${r.year}`
    if (seen.has(k)) return
    seen.add(k)
    out.push(r)
  }
  await eachRowIn(
    db,
    [...new Set(ids)],
    list => `SELECT DISTINCT agency_key AS agencyKey, year FROM reports WHERE id IN (${list})`,
    add
  )
  await eachRowIn(
    db,
    [...new Set(agencyKeys)],
    list =>
      `SELECT DISTINCT agency_key AS agencyKey, year FROM reports WHERE agency_key IN (${list})`,
    add
  )
  return out
}

/** Whether the index is empty while there are reports it should hold (after migration 9). */
export async function copyIndexMissing(db: Db): Promise<boolean> {
  if (await db.get('SELECT 1 FROM copy_texts LIMIT 1')) return false
  return (
    (await db.get(
      `SELECT 1 FROM reports WHERE status = 'current' AND agency_key IS NOT NULL AND year IS NOT NULL LIMIT 1`
    )) !== undefined
  )
}

/**
 * A sentence in this many units' reports keeps no more postings and is the template's for good
 * (twice rules/copies.ts BOILERPLATE_UNITS: removing a few reports never makes a template sentence
 * look like a unit's own again).
 */
export const SATURATED = 10

/** Enough variables for a chunk, under SQLite's limit (32,766). */
const CHUNK = 5000

const inList = (n: number): string => new Array<string>(n).fill('?').join(',')

/**
 * `sql(list)` run over `keys` CHUNK at a time (`list` is a chunk's placeholders; `params` the
 * chunk's values for every list the statement holds), each row handed to `each`. Rows are handed
 * one at a time, never spread: a bucket shared by hundreds of reports gives more rows than a call
 * may take arguments (bench/batch.ts's 143 copies of each PDF overflowed the stack).
 */
async function eachRowIn<T, K extends SqlValue>(
  db: Db,
  keys: K[],
  sql: (list: string) => string,
  each: (row: T) => void,
  params: (chunk: K[]) => SqlValue[] = chunk => chunk
): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK)
    for (const row of await db.all<T>(sql(inList(chunk.length)), params(chunk))) each(row)
  }
}

export async function saturatedSentences(db: Db): Promise<number[]> {
  return (await db.all<{ hash: number }>('SELECT hash FROM copy_saturated')).map(r => r.hash)
}

/**
 * The unit a report counts for in Y05: the roster's unit when the agency belongs to one (its name,
 * an alias, or an agency attached to it, followed through merges as coverage does), else the
 * agency. Keys of roster units cannot collide with agency keys (a control character leads).
 */
export async function copyUnits(db: Db, agencyKeys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const keys = [...new Set(agencyKeys)]
  for (const k of keys) out.set(k, k)
  if (keys.length === 0 || !(await db.get('SELECT 1 FROM roster_units LIMIT 1'))) return out
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK)
    // The roster names a unit by name keys; a name key merged into another agency stands for it.
    const rows = await db.all<{ agency: string; unit: number }>(
      `WITH q AS (SELECT value AS agency FROM json_each(?)),
       n AS (SELECT agency, agency AS name_key FROM q
             UNION SELECT q.agency, aa.alias_key FROM q JOIN agency_aliases aa ON aa.canonical_key = q.agency)
       SELECT n.agency, min(x.unit_id) AS unit FROM n JOIN (
         SELECT key, id AS unit_id FROM roster_units UNION ALL SELECT alias_key, unit_id FROM roster_aliases
       ) x ON x.key = n.name_key
       WHERE NOT EXISTS (SELECT 1 FROM agency_aliases o WHERE o.alias_key = n.name_key AND o.canonical_key != n.agency)
       GROUP BY n.agency`,
      [JSON.stringify(chunk)]
    )
    for (const r of rows) out.set(r.agency, `\u0001${r.unit}`)
  }
  return out
}

/**
 * The agency of each of `ids` (reports without one left out). Many reports: every report's, read
 * from the covering index reports_agency_year (100,000 reports in 30 ms); a few: looked up. Never
 * joined to reports for the agency: a report's row is wide (its JSON), a page read per report.
 */
export async function reportAgencies(db: Db, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  if (ids.length === 0) return out
  if (ids.length > 2000) {
    const rows = await db.all<{ id: number; agencyKey: string }>(
      'SELECT id, agency_key AS agencyKey FROM reports WHERE agency_key IS NOT NULL'
    )
    for (const r of rows) out.set(r.id, r.agencyKey)
    return out
  }
  await eachRowIn<{ id: number; agencyKey: string | null }, number>(
    db,
    ids,
    list => `SELECT id, agency_key AS agencyKey FROM reports WHERE id IN (${list})`,
    r => {
      if (r.agencyKey !== null) out.set(r.id, r.agencyKey)
    }
  )
  return out
}

/**
 * Stores reports' sentences ([report_id, their JSON]). As UTF-16 in a BLOB, not as TEXT: SQLite
 * keeps text as UTF-8, three bytes a Chinese character, and decoding it is most of reading it back.
 * At 100,000 own-text reports, writing them took 1.31 s of CPU as text and 0.89 s as UTF-16, and
 * reading them all back (the settle's buckets, twice at a cold load) 1.03 s and 0.50 s.
 */
export async function stageCopyTexts(db: Db, texts: [number, string][]): Promise<void> {
  await db.runBatched(
    'INSERT INTO copy_texts (report_id, text_json)',
    texts.map(([id, json]) => [id, Buffer.from(json, 'utf16le')])
  )
}

/** A stored text_json as a string: UTF-16 in a BLOB (stageCopyTexts), or text (before). */
export function copyTextValue(v: string | Uint8Array): string {
  return typeof v === 'string'
    ? v
    : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf16le')
}

export async function insertSaturated(db: Db, hashes: number[]): Promise<void> {
  if (hashes.length === 0) return
  await db.run(
    'INSERT OR IGNORE INTO copy_saturated (hash) SELECT value FROM json_each(?) ORDER BY 1',
    [JSON.stringify(hashes)]
  )
}

/** The stored sentences (rules/copies.ts CopyText as JSON) of `ids`. */
export async function copyTexts(db: Db, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (const r of await copyTextRows(db, ids)) out.set(r.id, copyTextValue(r.text))
  return out
}

/** The stored sentences of `ids` as stored (copyTextValue reads them), for another thread. */
export async function copyTextRows(
  db: Db,
  ids: number[]
): Promise<{ id: number; text: string | Uint8Array }[]> {
  const out: { id: number; text: string | Uint8Array }[] = []
  await eachRowIn<{ id: number; text: string | Uint8Array }, number>(
    db,
    [...new Set(ids)],
    list =>
      `SELECT report_id AS id, text_json AS text FROM copy_texts WHERE report_id IN (${list})`,
    r => out.push(r)
  )
  return out
}

/** Every agency's unit (copyUnits), to see which a roster change moves. */
export async function allCopyUnits(db: Db): Promise<Map<string, string>> {
  const keys = await db.all<{ key: string }>('SELECT key FROM agencies')
  return copyUnits(
    db,
    keys.map(k => k.key)
  )
}

/** What Y05 needs of a report besides its text: who, when, which file, where its sections are. */
export interface CopyReport {
  id: number
  agencyKey: string
  agency: string
  year: number
  path: string
  live: number
}

/** ParsedReport.sections as JSON (where a section's heading line is) of the reports found copied. */
export async function copySectionsJson(db: Db, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  await eachRowIn<{ id: number; sections: string | null }, number>(
    db,
    [...new Set(ids)],
    list =>
      `SELECT id, json_extract(report_json, '$.sections') AS sections FROM reports WHERE id IN (${list})`,
    r => {
      if (r.sections !== null) out.set(r.id, r.sections)
    }
  )
  return out
}

export async function copyReports(db: Db, ids: number[]): Promise<Map<number, CopyReport>> {
  const out = new Map<number, CopyReport>()
  await eachRowIn<CopyReport, number>(
    db,
    [...new Set(ids)],
    list => `SELECT r.id, r.agency_key AS agencyKey, coalesce(a.name, r.agency_name) AS agency, r.year, f.path,
         (r.status = 'current' AND r.superseded = 0) AS live
       FROM reports r JOIN files f ON f.id = r.file_id LEFT JOIN agencies a ON a.key = r.agency_key
       WHERE r.id IN (${list}) AND r.agency_key IS NOT NULL AND r.year IS NOT NULL`,
    r => out.set(r.id, r)
  )
  return out
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
