/**
 * The index behind Y05 (rules/copies.ts): each report's comparable sentences of sections 1 and 5,
 * a posting per distinct sentence (so that a sentence's number of units is known: boilerplate is a
 * sentence in many units' reports), and the LSH band buckets of its MinHash signature. The
 * sentences are stored with the report at ingest (store/ingest-batch.ts, through pipeline/batch.ts's
 * callback) and the report is marked pending; its postings and buckets are written when the
 * collection settles (pipeline/copies.ts flushCopies), thousands of reports at a time in key order,
 * and read by the settle (pipeline/settle.ts, through store/settle-rows.ts writeSettlement's
 * callback). A replaced report takes its rows along: copy_texts and copy_pending by ON DELETE
 * CASCADE, postings and buckets by a trigger (copyPendingMigration).
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

/** Rows passed to SQLite as one JSON text per statement (json_each) rather than as variables. */
const JSON_ROWS = 50000

/**
 * The agencies whose reports hold each of `hashes`, from the postings (the caller maps them to
 * units with copyUnits, together with its own agencies: one query for both). The postings are read
 * alone (their primary key covers the query), the reports' agencies after, once per report: joined
 * to reports, every posting found looked its report up in reports' wide rows, a page read each —
 * 7 of the 31 s it took to index 100,000 own-text reports (bench/RESULTS.md).
 */
export async function sentenceAgencies(
  db: Db,
  hashes: Iterable<number>,
  known: Map<number, string> = new Map()
): Promise<Map<number, string[]>> {
  const list = [...new Set(hashes)]
  const found: { hash: number; id: number }[] = []
  for (let i = 0; i < list.length; i += JSON_ROWS) {
    const rows = await db.all<{ hash: number; id: number }>(
      `SELECT hash, report_id AS id FROM copy_postings
       WHERE hash IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(list.slice(i, i + JSON_ROWS))]
    )
    for (const r of rows) found.push(r)
  }
  const more = await reportAgencies(
    db,
    [...new Set(found.map(f => f.id))].filter(id => !known.has(id))
  )
  const out = new Map<number, string[]>()
  for (const { hash, id } of found) {
    const agency = known.get(id) ?? more.get(id)
    if (agency === undefined) continue
    const agencies = out.get(hash)
    if (!agencies) out.set(hash, [agency])
    else if (!agencies.includes(agency)) agencies.push(agency)
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

/** Rows of a table keyed (key, report_id), grouped by report: [report_id, [key…]]. */
export type ReportKeys = [number, number[]][]

/** Stores reports' sentences ([report_id, text_json]) and marks them pending (copyPendingMigration). */
export async function stageCopyTexts(db: Db, texts: [number, string][]): Promise<void> {
  await db.runBatched('INSERT INTO copy_texts (report_id, text_json)', texts)
  await db.runBatched(
    'INSERT INTO copy_pending (report_id)',
    texts.map(([id]) => [id])
  )
}

/**
 * The first `limit` pending reports, in id order, with their stored sentences (null: none stored,
 * nothing to index). Their agencies come from reportAgencies.
 */
export async function pendingCopies(
  db: Db,
  limit: number
): Promise<{ id: number; text: string | null }[]> {
  return db.all(
    `SELECT p.report_id AS id, t.text_json AS text
     FROM copy_pending p LEFT JOIN copy_texts t ON t.report_id = p.report_id
     ORDER BY p.report_id LIMIT ?`,
    [limit]
  )
}

/** The pending marks up to report `last` (inclusive) cleared. */
export async function clearPendingCopies(db: Db, last: number): Promise<void> {
  await db.run('DELETE FROM copy_pending WHERE report_id <= ?', [last])
}

/** Whether any report waits for its postings and buckets. */
export async function copiesPending(db: Db): Promise<boolean> {
  return (await db.get('SELECT 1 FROM copy_pending LIMIT 1')) !== undefined
}

/**
 * Rows of a (key, report_id) table inserted in key order, JSON_ROWS reports a statement. In key
 * order, a B-tree takes them in one sweep of its pages, each page dirtied once (in random order,
 * one per row). As one JSON text, grouped by report, SQLite sorts them and nothing is bound or
 * built per row (3 million rows' variables, or a text per row, cost seconds of the main thread
 * at 100,000 reports).
 */
async function insertKeys(db: Db, table: string, columns: string, rows: ReportKeys): Promise<void> {
  for (let i = 0; i < rows.length; i += JSON_ROWS) {
    await db.run(
      `INSERT OR IGNORE INTO ${table} (${columns})
       SELECT k.value, r.value ->> 0 FROM json_each(?) r, json_each(r.value, '$[1]') k
       ORDER BY 1, 2`,
      [JSON.stringify(rows.slice(i, i + JSON_ROWS))]
    )
  }
}

export async function insertPostings(db: Db, postings: ReportKeys): Promise<void> {
  await insertKeys(db, 'copy_postings', 'hash, report_id', postings)
}

export async function insertBuckets(db: Db, buckets: ReportKeys): Promise<void> {
  await insertKeys(db, 'copy_buckets', 'key, report_id', buckets)
}

export async function insertSaturated(db: Db, hashes: number[]): Promise<void> {
  if (hashes.length === 0) return
  await db.run(
    'INSERT OR IGNORE INTO copy_saturated (hash) SELECT value FROM json_each(?) ORDER BY 1',
    [JSON.stringify(hashes)]
  )
}

/** A report that shares an LSH bucket with one of `reportIds`, in the same section. */
export interface CopyCandidate {
  target: number
  other: number
  /** A bucket key they share (rules/copies.ts bucketSection tells its section). */
  key: number
}

/**
 * A band bucket holding more reports than this is the genre's, not a copy's: its four MinHash
 * values come from phrases nearly every report writes (“政府信息公开”, “进一步加强”), as a
 * sentence in rules/copies.ts BOILERPLATE_UNITS units' reports is the template's. Such buckets
 * made the pairs grow with N²: at 100,000 own-text reports (bench --own-text) the 235 buckets of
 * over 128 reports each held 4 % of the index and 79 % of its pairs, and Y05 compared 709,241
 * pairs, adding 571 s to the ingest. A copy meets its source in most of its 8 bands
 * (rules/copies.ts BANDS), so it still meets it in two uncrowded ones; units sharing one text
 * are fewer than BOILERPLATE_UNITS anyway (beyond, its sentences are the template's). With the
 * cap a report has at most BANDS × CROWDED_BUCKET candidates, whatever N. Settling that stored
 * index again: 6,662 pairs instead of 709,241, 21 s of CPU instead of 240, and 1,493 of its
 * 1,496 findings (a cap of 32: 2,893 pairs, 15 s, 1,484 findings).
 */
export const CROWDED_BUCKET = 128

/** A bucket of `a` that is not crowded: at most `?` reports in it, counted only that far. */
const UNCROWDED = `NOT EXISTS (SELECT 1 FROM copy_buckets c WHERE c.key = a.key LIMIT 1 OFFSET ?)`

/**
 * Candidate pairs of `reportIds` (either side may be any stored report): sections that share at
 * least `minBands` band buckets (rules/copies.ts MIN_BANDS) that are not crowded. `sizes`: a
 * table of bucket sizes (bucketSizes), for a settle of many reports.
 */
export async function copyCandidates(
  db: Db,
  reportIds: number[],
  minBands = 1,
  crowded = CROWDED_BUCKET,
  sizes?: string
): Promise<CopyCandidate[]> {
  const out: CopyCandidate[] = []
  await eachRowIn<CopyCandidate, number>(
    db,
    reportIds,
    sizes !== undefined
      ? list => sizedCandidates(sizes, list)
      : list => `SELECT a.report_id AS target, b.report_id AS other, min(a.key) AS key
         FROM copy_buckets a JOIN copy_buckets b ON b.key = a.key AND b.report_id != a.report_id
         WHERE a.report_id IN (${list}) AND ${UNCROWDED}
         GROUP BY a.report_id, b.report_id, a.key >> 36 HAVING count(*) >= ?`,
    r => out.push(r),
    chunk => [...chunk, crowded, minBands]
  )
  return out
}

let sizesSeq = 0

/**
 * The size of every bucket holding more than one report, in a temporary table of this settle's
 * own (dropBucketSizes after). Settling a whole collection, each report's buckets were counted
 * once per report in them (the crowded test walks a bucket's rows): at 100,000 own-text reports
 * the candidates took 13.5 of the settle's 19.6 s, 9.8 s with the sizes counted once
 * (bench/RESULTS.md). A bucket of one report (80 % of them) is not in the table and joins nothing.
 * Leaving each section's largest bucket out of the join (two shared buckets mean one is not the
 * largest) made a third of the join's rows but was slower still: 12.3 s.
 */
export async function bucketSizes(db: Db): Promise<string> {
  const table = `copy_sizes_${++sizesSeq}`
  await db.exec(`CREATE TEMP TABLE ${table} (key INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    INSERT INTO temp.${table} (key, n)
    SELECT key, count(*) FROM copy_buckets GROUP BY key HAVING count(*) > 1;`)
  return table
}

export async function dropBucketSizes(db: Db, table: string): Promise<void> {
  await db.exec(`DROP TABLE IF EXISTS temp.${table}`)
}

/** copyCandidates with the buckets' sizes known (parameters: the list, the crowded size, the bands). */
function sizedCandidates(sizes: string, list: string): string {
  return `SELECT a.report_id AS target, b.report_id AS other, min(a.key) AS key
         FROM copy_buckets a JOIN temp.${sizes} z ON z.key = a.key
         JOIN copy_buckets b ON b.key = a.key AND b.report_id != a.report_id
         WHERE a.report_id IN (${list}) AND z.n <= ?
         GROUP BY a.report_id, b.report_id, a.key >> 36 HAVING count(*) >= ?`
}

/** The stored sentences (rules/copies.ts CopyText as JSON) of `ids`. */
export async function copyTexts(db: Db, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  await eachRowIn<{ id: number; text: string }, number>(
    db,
    [...new Set(ids)],
    list =>
      `SELECT report_id AS id, text_json AS text FROM copy_texts WHERE report_id IN (${list})`,
    r => out.set(r.id, r.text)
  )
  return out
}

/**
 * The agency-years of reports sharing a sentence not yet saturated with the reports of
 * `agencyKeys`: when those agencies' unit changes (a merge, a roster attachment), how many units
 * write such a sentence changes, and with it what is boilerplate for every report holding it.
 */
export async function copySharers(
  db: Db,
  agencyKeys: string[]
): Promise<{ agencyKey: string | null; year: number | null }[]> {
  const out: { agencyKey: string | null; year: number | null }[] = []
  await eachRowIn<{ agencyKey: string | null; year: number | null }, string>(
    db,
    agencyKeys,
    list => `SELECT DISTINCT o.agency_key AS agencyKey, o.year
         FROM reports r JOIN copy_postings p ON p.report_id = r.id
         JOIN copy_postings q ON q.hash = p.hash JOIN reports o ON o.id = q.report_id
         WHERE r.agency_key IN (${list})
           AND NOT EXISTS (SELECT 1 FROM copy_saturated s WHERE s.hash = p.hash)
         UNION SELECT agency_key, year FROM reports WHERE agency_key IN (${list})`,
    r => out.push(r),
    chunk => [...chunk, ...chunk]
  )
  return out
}

/** The reports holding a sentence (not saturated) of the reports of `agencyKeys`, and theirs. */
export async function copySharerReports(db: Db, agencyKeys: string[]): Promise<number[]> {
  const out = new Set<number>()
  await eachRowIn<{ id: number }, string>(
    db,
    agencyKeys,
    list => `SELECT q.report_id AS id
       FROM reports r JOIN copy_postings p ON p.report_id = r.id
       JOIN copy_postings q ON q.hash = p.hash
       WHERE r.agency_key IN (${list})
         AND NOT EXISTS (SELECT 1 FROM copy_saturated s WHERE s.hash = p.hash)
       UNION SELECT t.report_id FROM reports r JOIN copy_texts t ON t.report_id = r.id
       WHERE r.agency_key IN (${list})`,
    r => out.add(r.id),
    chunk => [...chunk, ...chunk]
  )
  return [...out]
}

/** The reports' LSH buckets replaced (rules/copies.ts bucketKey). */
export async function replaceCopyBuckets(
  db: Db,
  reportIds: number[],
  buckets: ReportKeys
): Promise<void> {
  for (let i = 0; i < reportIds.length; i += CHUNK) {
    const chunk = reportIds.slice(i, i + CHUNK)
    await db.run(`DELETE FROM copy_buckets WHERE report_id IN (${inList(chunk.length)})`, chunk)
  }
  await insertBuckets(db, buckets)
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

/**
 * The agency-years of reports sharing a bucket with the reports of `fileIds` (before those go).
 * Crowded buckets make no pairs (copyCandidates), so they name no partners: through them a
 * changed file would send thousands of agency-years to settle again.
 */
export async function copyPartnersOfFiles(
  db: Db,
  fileIds: number[]
): Promise<{ agencyKey: string | null; year: number | null }[]> {
  if (fileIds.length === 0) return []
  return db.all<{ agencyKey: string | null; year: number | null }>(
    `SELECT DISTINCT r.agency_key AS agencyKey, r.year
     FROM reports o JOIN copy_buckets a ON a.report_id = o.id
     JOIN copy_buckets b ON b.key = a.key AND b.report_id != a.report_id
     JOIN reports r ON r.id = b.report_id
     WHERE o.file_id IN (${inList(fileIds.length)}) AND ${UNCROWDED}`,
    [...fileIds, CROWDED_BUCKET]
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
