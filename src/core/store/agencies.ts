/**
 * Agency identity across years. A report's name is normalised (normalizeAgencyName) into a name
 * key; a user-made alias maps a name key onto another agency's key, so two spellings of one agency
 * share cross-year (Y01–Y04) and duplicate (M02) checks. The level (M05 deadlines) is inferred from
 * the name the first time the agency is seen and can be overridden by the user.
 */
import { inferAgencyLevel, normalizeAgencyName } from '../../shared/agency'
import type { LevelSource } from '../../shared/api'
import type { AgencyLevel } from '../../shared/model'
import type { Db } from './db'
import { markDirty } from './reports'
import { adoptRosterLevels } from './roster'

export interface AgencyRow {
  key: string
  name: string
  level: AgencyLevel
  levelSource: LevelSource
}

export interface ResolvedAgency {
  nameKey: string
  key: string
  level: AgencyLevel
}

/** The canonical key for a name key: follows the alias (one hop; merges re-point old aliases). */
export async function canonicalKey(db: Db, nameKey: string): Promise<string> {
  const row = await db.get<{ canonical_key: string }>(
    'SELECT canonical_key FROM agency_aliases WHERE alias_key = ?',
    [nameKey]
  )
  return row?.canonical_key ?? nameKey
}

/** Resolves a parsed agency name, creating the agency (with an inferred level) on first sight. */
export async function resolveAgency(db: Db, name: string, now: string): Promise<ResolvedAgency> {
  const nameKey = normalizeAgencyName(name)
  const key = await canonicalKey(db, nameKey)
  await db.run(
    `INSERT OR IGNORE INTO agencies (key, name, level, level_source, first_seen)
     VALUES (?, ?, ?, 'inferred', ?)`,
    [key, name.trim(), inferAgencyLevel(name.trim()), now]
  )
  await adoptRosterLevels(db, [key])
  const row = await db.get<{ level: AgencyLevel }>('SELECT level FROM agencies WHERE key = ?', [
    key
  ])
  return { nameKey, key, level: row!.level }
}

export async function getAgency(db: Db, key: string): Promise<AgencyRow | undefined> {
  return db.get<AgencyRow>(
    'SELECT key, name, level, level_source AS levelSource FROM agencies WHERE key = ?',
    [key]
  )
}

export async function agencyLevel(db: Db, key: string): Promise<AgencyLevel> {
  const row = await getAgency(db, key)
  return row?.level ?? 'department'
}

/** User edit of the level; the caller re-runs the agency's report rules (M05 depends on it). */
export async function setAgencyLevel(db: Db, key: string, level: AgencyLevel): Promise<void> {
  await db.run(`UPDATE agencies SET level = ?, level_source = 'user' WHERE key = ?`, [level, key])
}

/**
 * Declares `alias` (a name or key) to be the same agency as `canonical`. Reports, review decisions
 * and older aliases move over; both keys' years are marked for M02/Y recomputation. Must run inside
 * a transaction. Returns the canonical key.
 */
export async function addAlias(
  db: Db,
  alias: string,
  canonical: string,
  now: string
): Promise<string> {
  const aliasKey = normalizeAgencyName(alias)
  const target = await canonicalKey(db, normalizeAgencyName(canonical))
  if (aliasKey === target) return target
  const years = await db.all<{ agencyKey: string; year: number | null }>(
    'SELECT DISTINCT agency_key AS agencyKey, year FROM reports WHERE agency_key IN (?, ?)',
    [aliasKey, target]
  )
  await db.run(
    `INSERT INTO agency_aliases (alias_key, canonical_key, created_at) VALUES (?, ?, ?)
     ON CONFLICT (alias_key) DO UPDATE SET canonical_key = excluded.canonical_key`,
    [aliasKey, target, now]
  )
  await db.run('UPDATE agency_aliases SET canonical_key = ? WHERE canonical_key = ?', [
    target,
    aliasKey
  ])
  await db.run('UPDATE reports SET agency_key = ? WHERE agency_key = ? OR name_key = ?', [
    target,
    aliasKey,
    aliasKey
  ])
  await db.run(
    `UPDATE OR IGNORE reviews SET agency_key = ?, subject = 'a:' || ? || ':' || year
     WHERE agency_key = ?`,
    [target, target, aliasKey]
  )
  await markDirty(
    db,
    years.map(y => ({ agencyKey: target, year: y.year }))
  )
  await db.run('DELETE FROM dirty WHERE agency_key = ?', [aliasKey])
  return target
}

/** Undoes an alias: the alias's reports return to their own key (recreated if needed). */
export async function removeAlias(db: Db, alias: string, now: string): Promise<void> {
  const aliasKey = normalizeAgencyName(alias)
  const row = await db.get<{ canonical_key: string }>(
    'SELECT canonical_key FROM agency_aliases WHERE alias_key = ?',
    [aliasKey]
  )
  if (!row) return
  await db.run('DELETE FROM agency_aliases WHERE alias_key = ?', [aliasKey])
  const first = await db.get<{ agency_name: string }>(
    'SELECT agency_name FROM reports WHERE name_key = ? AND agency_name IS NOT NULL LIMIT 1',
    [aliasKey]
  )
  if (first) {
    await db.run(
      `INSERT OR IGNORE INTO agencies (key, name, level, level_source, first_seen)
       VALUES (?, ?, ?, 'inferred', ?)`,
      [aliasKey, first.agency_name, inferAgencyLevel(first.agency_name), now]
    )
  }
  await db.run('UPDATE reports SET agency_key = ? WHERE name_key = ?', [aliasKey, aliasKey])
  const years = await db.all<{ agencyKey: string; year: number | null }>(
    'SELECT DISTINCT agency_key AS agencyKey, year FROM reports WHERE agency_key IN (?, ?)',
    [aliasKey, row.canonical_key]
  )
  await markDirty(db, years)
}

export async function aliasesOf(db: Db, key: string): Promise<string[]> {
  const rows = await db.all<{ alias_key: string }>(
    'SELECT alias_key FROM agency_aliases WHERE canonical_key = ? ORDER BY alias_key',
    [key]
  )
  return rows.map(r => r.alias_key)
}

/** Whether `aliasKey` is merged into another agency. */
export async function hasAlias(db: Db, aliasKey: string): Promise<boolean> {
  return (
    (await db.get('SELECT 1 FROM agency_aliases WHERE alias_key = ?', [aliasKey])) !== undefined
  )
}
