/**
 * The roster's tables (schema migration 6): units in the supervisor's order, and the other names
 * that stand for a unit (its 别名 column, or an unlisted agency the supervisor attached). Every
 * write is one transaction: a replaced roster is the new one whole or still the old one.
 *
 * A name belongs to at most one unit (checked here and in shared/roster.ts): matching reports to
 * units never has to choose between two.
 */
import { normalizeAgencyName } from '../../shared/agency'
import type { AgencyLevel } from '../../shared/model'
import { RosterError, type RosterUnit, type RosterUnitInput } from '../../shared/roster'
import type { Db } from './db'

interface UnitRow {
  id: number
  seq: number
  name: string
  key: string
  level: AgencyLevel | null
  region: string | null
  startYear: number | null
  endYear: number | null
}

const UNIT_COLUMNS = `id, seq, name, key, level, region, start_year AS startYear, end_year AS endYear`

export async function listRoster(db: Db): Promise<RosterUnit[]> {
  // As one JSON array: a 3,000-unit roster as rows cost ~30 µs a row in node-sqlite3 (bench/).
  const packed = await db.get<{ j: string | null }>(
    `SELECT json_group_array(json_array(id, name, level, region, start_year, end_year)) AS j
     FROM (SELECT * FROM roster_units ORDER BY seq, id)`
  )
  const aliases = await db.all<{ unitId: number; name: string }>(
    'SELECT unit_id AS unitId, name FROM roster_aliases ORDER BY rowid'
  )
  const byUnit = new Map<number, string[]>()
  for (const a of aliases) {
    const list = byUnit.get(a.unitId)
    if (list) list.push(a.name)
    else byUnit.set(a.unitId, [a.name])
  }
  type Packed = [number, string, AgencyLevel | null, string | null, number | null, number | null]
  return (JSON.parse(packed?.j ?? '[]') as Packed[]).map(
    ([id, name, level, region, startYear, endYear]) => ({
      id,
      name,
      level,
      region,
      aliases: byUnit.get(id) ?? [],
      startYear,
      endYear
    })
  )
}

export async function rosterSize(db: Db): Promise<number> {
  return (await db.get<{ n: number }>('SELECT count(*) AS n FROM roster_units'))?.n ?? 0
}

/** Replaces the whole roster (an empty list clears it). */
export async function replaceRoster(db: Db, units: RosterUnitInput[]): Promise<void> {
  await db.transaction(() => writeRoster(db, units))
}

/** replaceRoster inside the caller's transaction (the backup's restore). */
export async function writeRoster(db: Db, units: RosterUnitInput[]): Promise<void> {
  await db.run('DELETE FROM roster_aliases')
  await db.run('DELETE FROM roster_units')
  await insertUnits(db, units, 0)
}

async function insertUnits(db: Db, units: RosterUnitInput[], firstSeq: number): Promise<number[]> {
  // One statement for the units and one for the aliases, whatever their number (node-sqlite3
  // costs ~100 µs a call: a 3,000-unit roster would be a third of a second of calls alone).
  const before =
    (await db.get<{ m: number | null }>('SELECT max(id) AS m FROM roster_units'))?.m ?? 0
  await db.runBatched(
    'INSERT INTO roster_units (id, seq, name, key, level, region, start_year, end_year)',
    units.map((u, i) => [
      before + 1 + i,
      firstSeq + i,
      u.name.trim(),
      normalizeAgencyName(u.name),
      u.level,
      u.region,
      u.startYear,
      u.endYear
    ])
  )
  const aliasRows = units.flatMap((u, i) => {
    const own = normalizeAgencyName(u.name)
    const keys = new Set<string>()
    return u.aliases.flatMap(a => {
      const k = normalizeAgencyName(a)
      if (k === '' || k === own || keys.has(k)) return []
      keys.add(k)
      return [[k, before + 1 + i, a.trim()]]
    })
  })
  await db.runBatched('INSERT INTO roster_aliases (alias_key, unit_id, name)', aliasRows)
  return units.map((_, i) => before + 1 + i)
}

/** The unit (other than `except`) that already claims the name key, if any. */
async function claimant(db: Db, key: string, except: number | null): Promise<string | null> {
  const row = await db.get<{ name: string }>(
    `SELECT name FROM roster_units WHERE key = ? AND id IS NOT ?
     UNION ALL
     SELECT u.name FROM roster_aliases a JOIN roster_units u ON u.id = a.unit_id WHERE a.alias_key = ? AND a.unit_id IS NOT ?
     LIMIT 1`,
    [key, except, key, except]
  )
  return row?.name ?? null
}

async function checkFree(db: Db, names: string[], except: number | null): Promise<void> {
  for (const n of names) {
    const key = normalizeAgencyName(n)
    if (key === '') throw new RosterError('单位名称不能为空。')
    const other = await claimant(db, key, except)
    if (other)
      throw new RosterError(
        `名称“${n.trim()}”已属于名单中的单位“${other}”，同一名称不能属于两个单位。`
      )
  }
}

export async function addRosterUnit(db: Db, unit: RosterUnitInput): Promise<number> {
  return db.transaction(() => addUnit(db, unit))
}

/** addRosterUnit inside the caller's transaction (store/roster-share.ts). */
export async function addUnit(db: Db, unit: RosterUnitInput): Promise<number> {
  await checkFree(db, [unit.name, ...unit.aliases], null)
  const seq =
    ((await db.get<{ m: number | null }>('SELECT max(seq) AS m FROM roster_units'))?.m ?? -1) + 1
  const [id] = await insertUnits(db, [unit], seq)
  return id!
}

export type RosterUnitPatch = Partial<Omit<RosterUnitInput, 'aliases'>> & { aliases?: string[] }

/** Edits a unit; false when there is no such unit. A rename keeps the old name as an alias. */
export async function updateRosterUnit(
  db: Db,
  id: number,
  patch: RosterUnitPatch
): Promise<boolean> {
  return db.transaction(() => updateUnit(db, id, patch))
}

/** updateRosterUnit inside the caller's transaction (store/roster-share.ts). */
export async function updateUnit(db: Db, id: number, patch: RosterUnitPatch): Promise<boolean> {
  const cur = await db.get<UnitRow>(`SELECT ${UNIT_COLUMNS} FROM roster_units WHERE id = ?`, [id])
  if (!cur) return false
  const start = patch.startYear !== undefined ? patch.startYear : cur.startYear
  const end = patch.endYear !== undefined ? patch.endYear : cur.endYear
  if (start !== null && end !== null && start > end)
    throw new RosterError(`起始年度 ${start} 晚于终止年度 ${end}。`)
  if (patch.name !== undefined && normalizeAgencyName(patch.name) !== cur.key) {
    await checkFree(db, [patch.name], id)
    const key = normalizeAgencyName(patch.name)
    // The old name still finds the unit's earlier reports (a unit renamed in a reorganisation).
    await db.run('DELETE FROM roster_aliases WHERE alias_key = ?', [key])
    await db.run(
      'INSERT OR IGNORE INTO roster_aliases (alias_key, unit_id, name) VALUES (?, ?, ?)',
      [cur.key, id, cur.name]
    )
    await db.run('UPDATE roster_units SET name = ?, key = ? WHERE id = ?', [
      patch.name.trim(),
      key,
      id
    ])
  } else if (patch.name !== undefined) {
    await db.run('UPDATE roster_units SET name = ? WHERE id = ?', [patch.name.trim(), id])
  }
  if (patch.aliases !== undefined) {
    await checkFree(db, patch.aliases, id)
    await db.run('DELETE FROM roster_aliases WHERE unit_id = ?', [id])
    const own = normalizeAgencyName(patch.name ?? cur.name)
    for (const a of patch.aliases) {
      const k = normalizeAgencyName(a)
      if (k !== own)
        await db.run(
          'INSERT OR IGNORE INTO roster_aliases (alias_key, unit_id, name) VALUES (?, ?, ?)',
          [k, id, a.trim()]
        )
    }
  }
  await db.run(
    `UPDATE roster_units SET level = ?, region = ?, start_year = ?, end_year = ? WHERE id = ?`,
    [
      patch.level !== undefined ? patch.level : cur.level,
      patch.region !== undefined ? patch.region?.trim() || null : cur.region,
      start,
      end,
      id
    ]
  )
  return true
}

export async function removeRosterUnit(db: Db, id: number): Promise<boolean> {
  return db.transaction(() => removeUnit(db, id))
}

/** removeRosterUnit inside the caller's transaction (store/roster-share.ts). */
export async function removeUnit(db: Db, id: number): Promise<boolean> {
  await db.run('DELETE FROM roster_aliases WHERE unit_id = ?', [id])
  return (await db.run('DELETE FROM roster_units WHERE id = ?', [id])).changes > 0
}

/**
 * Attaches an agency (as the app knows it: its key and display name) to a unit: its reports count
 * for the unit from now on. Recorded as an alias of the unit, so it outlives a re-read.
 */
export async function attachToRosterUnit(
  db: Db,
  unitId: number,
  agencyKey: string,
  name: string
): Promise<boolean> {
  return db.transaction(async () => {
    if (!(await db.get('SELECT 1 FROM roster_units WHERE id = ?', [unitId]))) return false
    const other = await claimant(db, agencyKey, unitId)
    if (other) throw new RosterError(`“${name}”已属于名单中的单位“${other}”。`)
    await db.run(
      `INSERT INTO roster_aliases (alias_key, unit_id, name) VALUES (?, ?, ?)
       ON CONFLICT (alias_key) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name`,
      [agencyKey, unitId, name]
    )
    return true
  })
}

/** The roster as the user-data backup keeps it (ids are not kept: order and names are). */
export async function rosterBackup(db: Db): Promise<RosterUnitInput[]> {
  return (await listRoster(db)).map(({ id: _id, ...u }) => u)
}

/**
 * Agencies whose level was only inferred from the name but whose roster unit states another
 * 层级: M05 should judge them by the roster's, as coverage does (pipeline/admin re-runs their rules).
 */
export async function rosterLevelChanges(
  db: Db
): Promise<Array<{ key: string; level: AgencyLevel }>> {
  return db.all(
    `WITH k AS (SELECT key, id AS unit_id FROM roster_units UNION ALL SELECT alias_key, unit_id FROM roster_aliases)
     SELECT DISTINCT a.key AS key, u.level AS level FROM k
       JOIN roster_units u ON u.id = k.unit_id
       LEFT JOIN agency_aliases aa ON aa.alias_key = k.key
       JOIN agencies a ON a.key = COALESCE(aa.canonical_key, k.key)
     WHERE u.level IS NOT NULL AND a.level_source = 'inferred' AND a.level <> u.level`
  )
}

/**
 * Agencies just created at their name's inferred level take the 层级 their roster unit states
 * (pipeline/batch.ts, after it creates a batch's agencies; store/agencies.ts resolveAgency): M05
 * then judges them by the same deadline as the coverage. A level set by hand is never touched.
 */
export async function adoptRosterLevels(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return
  await db.run(
    `WITH rk AS (
       SELECT COALESCE(aa.canonical_key, k.key) AS agency_key, u.level AS level FROM
         (SELECT key, id AS unit_id FROM roster_units UNION ALL SELECT alias_key, unit_id FROM roster_aliases) k
         JOIN roster_units u ON u.id = k.unit_id
         LEFT JOIN agency_aliases aa ON aa.alias_key = k.key
       WHERE u.level IS NOT NULL)
     UPDATE agencies SET level = (SELECT level FROM rk WHERE rk.agency_key = agencies.key LIMIT 1)
     WHERE key IN (SELECT value FROM json_each(?)) AND level_source = 'inferred'
       AND key IN (SELECT agency_key FROM rk)`,
    [JSON.stringify(keys)]
  )
}
