/**
 * What only the supervisor made, kept beside the database as a small JSON file: the settings (watched
 * folders, deadlines, reviewer, polling), agency merges and levels set by hand, every review
 * decision with its note, and the roster (应报送单位名单, store/roster.ts). Reports and findings come back from the folders by reading them again;
 * these do not. When the database is found damaged (and set aside) or missing (service/index.ts),
 * the new one starts from this file, so losing the database costs a re-read, not the supervisor's
 * work.
 *
 * The decision history (review_log) and unsettled conflicts from colleagues' files go in too: the
 * history is audit evidence and must outlive a lost database (issue #22).
 *
 * Review decisions are keyed by what they judge (agency + year or file, rule, location), not by
 * report ids, so they can be put back before any report is read and still meet their findings.
 */
import { promises as fs } from 'node:fs'
import { writeWhole } from '../fs/write-whole'
import type { RosterUnitInput } from '../../shared/roster'
import type { Db } from './db'
import type { LogEntry } from './reviews'
import { rosterBackup, writeRoster } from './roster'
import { ocrCorrectionsBackup, restoreOcrCorrections, type OcrCorrectionBackup } from './ocr'

export const USER_DATA_VERSION = 1

export interface UserData {
  version: number
  savedAt: string
  settings: Array<{ key: string; value: string }>
  agencies: Array<{
    key: string
    name: string
    level: string
    levelSource: string
    firstSeen: string
  }>
  aliases: Array<{ aliasKey: string; canonicalKey: string; createdAt: string }>
  reviews: Array<{
    subject: string
    agencyKey: string | null
    year: number | null
    rule: string
    locKey: string
    decision: string
    note: string
    reviewer: string
    decidedAt: string
    sha256: string
    message: string
  }>
  /** Absent in backups written before issue #22. */
  history?: Array<Omit<LogEntry, 'origin'> & { origin: string }>
  conflicts?: Array<Record<string, string | number | null>>
  /** Absent in backups written before the roster existed. */
  roster?: RosterUnitInput[]
  /** The supervisor's checks of OCR'd cells (issue #24); absent in older backups. */
  ocrCorrections?: OcrCorrectionBackup[]
  /** A colleague's roster differences not yet settled (store/roster-share.ts); absent before. */
  rosterConflicts?: Array<Record<string, string | null>>
}

/** The backup's path for a database file. */
export function userDataPath(dbPath: string): string {
  return `${dbPath}.user-data.json`
}

export async function readUserData(db: Db, savedAt: Date): Promise<UserData> {
  return {
    version: USER_DATA_VERSION,
    savedAt: savedAt.toISOString(),
    settings: await db.all('SELECT key, value FROM settings ORDER BY key'),
    // Agencies whose row holds something of the user's: a level set by hand, or the name a merge
    // shows. The others are made again, as they were, from the reports.
    agencies: await db.all(
      `SELECT key, name, level, level_source AS levelSource, first_seen AS firstSeen FROM agencies
       WHERE level_source = 'user' OR key IN (SELECT canonical_key FROM agency_aliases) ORDER BY key`
    ),
    aliases: await db.all(
      'SELECT alias_key AS aliasKey, canonical_key AS canonicalKey, created_at AS createdAt FROM agency_aliases ORDER BY alias_key'
    ),
    reviews: await db.all(
      `SELECT subject, agency_key AS agencyKey, year, rule, loc_key AS locKey, decision, note, reviewer,
         decided_at AS decidedAt, sha256, message FROM reviews ORDER BY id`
    ),
    history: await db.all(
      `SELECT subject, agency_key AS agencyKey, year, rule, loc_key AS locKey, old_decision AS oldDecision,
         new_decision AS newDecision, old_note AS oldNote, new_note AS newNote, reviewer, at, sha256, file, message, origin
       FROM review_log ORDER BY id`
    ),
    conflicts: await db.all(
      `SELECT subject, agency_key, year, rule, loc_key, sha256, file, message, decision, note, reviewer, decided_at,
         imported_at FROM review_conflicts ORDER BY id`
    ),
    roster: await rosterBackup(db),
    ocrCorrections: await ocrCorrectionsBackup(db),
    rosterConflicts: await db.all(
      `SELECT kind, unit_key, mine_json, theirs_json, reviewer, imported_at FROM roster_conflicts ORDER BY id`
    )
  }
}

/** Writes the backup whole or not at all. */
export function saveUserData(file: string, data: UserData): Promise<void> {
  return writeWhole(file, JSON.stringify(data), { durable: true })
}

/** The backup at `file`, or null when there is none or it is not one of ours. */
export async function loadUserData(file: string): Promise<UserData | null> {
  const text = await fs.readFile(file, 'utf8').catch(() => null)
  if (text === null) return null
  try {
    const data = JSON.parse(text) as Partial<UserData>
    if (
      data.version !== USER_DATA_VERSION ||
      !Array.isArray(data.reviews) ||
      !Array.isArray(data.settings)
    )
      return null
    return { agencies: [], aliases: [], ...data } as UserData
  } catch {
    return null
  }
}

/** Puts a backup into a database that has none of it yet (a new one), in one transaction. */
export async function restoreUserData(db: Db, data: UserData): Promise<void> {
  await db.transaction(async () => {
    for (const s of data.settings)
      await db.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [s.key, s.value]
      )
    for (const a of data.agencies)
      await db.run(
        'INSERT OR IGNORE INTO agencies (key, name, level, level_source, first_seen) VALUES (?, ?, ?, ?, ?)',
        [a.key, a.name, a.level, a.levelSource, a.firstSeen]
      )
    for (const a of data.aliases)
      await db.run(
        'INSERT OR IGNORE INTO agency_aliases (alias_key, canonical_key, created_at) VALUES (?, ?, ?)',
        [a.aliasKey, a.canonicalKey, a.createdAt]
      )
    // One statement for any number of decisions (node-sqlite3 costs ~100 µs a call; bench/).
    await db.run(
      `INSERT OR IGNORE INTO reviews (subject, agency_key, year, rule, loc_key, decision, note, reviewer, decided_at, sha256, message)
       SELECT value ->> '$.subject', value ->> '$.agencyKey', value ->> '$.year', value ->> '$.rule', value ->> '$.locKey',
         value ->> '$.decision', value ->> '$.note', value ->> '$.reviewer', value ->> '$.decidedAt', value ->> '$.sha256',
         value ->> '$.message'
       FROM json_each(?)`,
      [JSON.stringify(data.reviews)]
    )
    if (data.history?.length)
      await db.run(
        `INSERT INTO review_log (subject, agency_key, year, rule, loc_key, old_decision, new_decision, old_note,
           new_note, reviewer, at, sha256, file, message, origin)
         SELECT value ->> '$.subject', value ->> '$.agencyKey', value ->> '$.year', value ->> '$.rule', value ->> '$.locKey',
           value ->> '$.oldDecision', value ->> '$.newDecision', value ->> '$.oldNote', value ->> '$.newNote',
           value ->> '$.reviewer', value ->> '$.at', value ->> '$.sha256', value ->> '$.file', value ->> '$.message',
           value ->> '$.origin'
         FROM json_each(?)`,
        [JSON.stringify(data.history)]
      )
    if (data.conflicts?.length)
      await db.run(
        `INSERT OR IGNORE INTO review_conflicts (subject, agency_key, year, rule, loc_key, sha256, file, message, decision,
           note, reviewer, decided_at, imported_at)
         SELECT value ->> '$.subject', value ->> '$.agency_key', value ->> '$.year', value ->> '$.rule', value ->> '$.loc_key',
           value ->> '$.sha256', value ->> '$.file', value ->> '$.message', value ->> '$.decision', value ->> '$.note',
           value ->> '$.reviewer', value ->> '$.decided_at', value ->> '$.imported_at'
         FROM json_each(?)`,
        [JSON.stringify(data.conflicts)]
      )
    if (data.roster?.length) await writeRoster(db, data.roster)
    if (data.ocrCorrections?.length) await restoreOcrCorrections(db, data.ocrCorrections)
    if (data.rosterConflicts?.length)
      await db.run(
        `INSERT OR IGNORE INTO roster_conflicts (kind, unit_key, mine_json, theirs_json, reviewer, imported_at)
         SELECT value ->> '$.kind', value ->> '$.unit_key', value ->> '$.mine_json', value ->> '$.theirs_json',
           value ->> '$.reviewer', value ->> '$.imported_at'
         FROM json_each(?)`,
        [JSON.stringify(data.rosterConflicts)]
      )
  })
}
