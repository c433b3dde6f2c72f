/**
 * Coverage (应报尽报): every roster unit × year under review, with the report that counts for it and
 * whether it was published by its level's deadline (M05's dates), and every agency-year found that
 * matches no unit (名单外).
 *
 * A report belongs to a unit through the agency identity the app already keeps, never by a guess:
 * the report's agency key (its normalised name after the supervisor's merges) equals the unit's
 * name key, or one of the unit's aliases' keys, each taken through the same merges. A name
 * belongs to one unit at most (store/roster.ts), so a report never has to choose between two.
 *
 * Computed from one pass over the current reports (a covering index, schema migration 6, read as
 * one JSON array) joined in memory, and kept until the database changes: the overview, the filter
 * bar and every page of the matrix ask for the same coverage (bench/, RESULTS.md).
 */
import { inferAgencyLevel } from '../../../shared/agency'
import type { ReportFilter } from '../../../shared/api'
import type { AgencyLevel, RuleSettings } from '../../../shared/model'
import {
  unitActive,
  type CoverageEntry,
  type CoverageStatus,
  type RosterUnit
} from '../../../shared/roster'
import type { Db, SqlValue } from '../db'
import { listRoster } from '../roster'
import { filterSql, reviewState } from './filter-sql'

export interface CoverageScope {
  /** Years under review; absent or empty: the years of the reports found. */
  years?: number[]
  /** Only reports of files under these folders (the CLI's audited folder). */
  roots?: string[]
  /** includeDismissed / includeRemoved as the screens set them. */
  filter?: Pick<ReportFilter, 'includeDismissed'>
}

export interface Coverage {
  years: number[]
  units: RosterUnit[]
  /** Roster units first (roster order, then year), then unlisted agency-years (name, year). */
  entries: CoverageEntry[]
  /** Per unit: the agency keys whose reports count for it. */
  unitKeys: Map<number, string[]>
}

interface ReportRow {
  id: number
  agencyKey: string
  year: number
  superseded: number
  published: string | null
  e: number
  w: number
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export function deadlineOf(settings: RuleSettings, level: AgencyLevel, year: number): string {
  const dl = settings.deadlines[level]
  return iso(year + 1, dl.month, dl.day)
}

/**
 * Computed coverage per connection, by scope, valid while nothing was written: total_changes()
 * counts this connection's writes (the app's and the CLI's only writer), PRAGMA data_version
 * those of any other connection.
 */
const cache = new WeakMap<Db, { stamp: string; byScope: Map<string, Coverage | null> }>()

async function stampOf(db: Db): Promise<string> {
  const t = await db.get<{ t: number }>('SELECT total_changes() AS t')
  const v = await db.get<{ data_version: number }>('PRAGMA data_version')
  return `${t?.t ?? 0}:${v?.data_version ?? 0}`
}

/** null when there is no roster: the screens and the CLI then work as without one. */
export async function coverage(
  db: Db,
  settings: RuleSettings,
  scope: CoverageScope = {}
): Promise<Coverage | null> {
  const stamp = await stampOf(db)
  const key = JSON.stringify([
    settings.deadlines,
    scope.years ?? [],
    scope.roots ?? [],
    scope.filter?.includeDismissed ?? false
  ])
  let c = cache.get(db)
  if (c?.stamp !== stamp) cache.set(db, (c = { stamp, byScope: new Map() }))
  const hit = c.byScope.get(key)
  if (hit !== undefined) return hit
  const out = await compute(db, settings, scope)
  // A handful of scopes (all years, a year or two picked): the oldest goes first.
  if (c.byScope.size >= 8) c.byScope.delete(c.byScope.keys().next().value!)
  c.byScope.set(key, out)
  return out
}

async function compute(
  db: Db,
  settings: RuleSettings,
  scope: CoverageScope
): Promise<Coverage | null> {
  if (!(await db.get('SELECT 1 FROM roster_units LIMIT 1'))) return null
  const units = await listRoster(db)

  const f = filterSql(
    {
      years: scope.years?.length ? scope.years : undefined,
      includeDismissed: scope.filter?.includeDismissed
    },
    { lean: true, dismissed: (await reviewState(db)).dismissed }
  )
  const params: SqlValue[] = [...f.params]
  let rootCond = ''
  if (scope.roots?.length) {
    rootCond = `AND file_id IN (SELECT id FROM files WHERE root IN (${scope.roots.map(() => '?').join(',')}))`
    params.push(...scope.roots)
  }
  // One JSON array built by SQLite instead of 10,000 row objects built by node-sqlite3 (~30 µs
  // each, the most of this function's time; bench/).
  const packed = await db.get<{ j: string | null }>(
    `${f.with} SELECT json_group_array(json_array(id, agency_key, year, superseded, publication_date, e, w)) AS j FROM fr
     WHERE agency_key IS NOT NULL AND year IS NOT NULL ${rootCond}`,
    params
  )
  const reports: ReportRow[] = (
    JSON.parse(packed?.j ?? '[]') as Array<
      [number, string, number, number, string | null, number, number]
    >
  ).map(([id, agencyKey, year, superseded, published, e, w]) => ({
    id,
    agencyKey,
    year,
    superseded,
    published,
    e,
    w
  }))
  const years = scope.years?.length
    ? [...new Set(scope.years)].sort((a, b) => a - b)
    : [...new Set(reports.map(r => r.year))].sort((a, b) => a - b)

  // Name keys → the agency key they stand for now (the supervisor's merges).
  const merged = new Map(
    await packedRows<[string, string]>(
      db,
      'SELECT json_group_array(json_array(alias_key, canonical_key)) AS j FROM agency_aliases'
    )
  )
  const canon = (k: string): string => merged.get(k) ?? k
  const unitNames = await packedRows<[string, number]>(
    db,
    `SELECT json_group_array(json_array(key, unit_id)) AS j FROM
       (SELECT key, id AS unit_id, 0 AS alias FROM roster_units UNION ALL SELECT alias_key, unit_id, 1 FROM roster_aliases ORDER BY alias)`
  )
  const unitOf = new Map<string, number>()
  const unitKeys = new Map<number, string[]>()
  for (const [key, unitId] of unitNames) {
    const k = canon(key)
    // Two units' names merged into one agency by the supervisor: the first unit in the roster
    // keeps it (the merge said they are one agency; the roster lists it once).
    if (!unitOf.has(k)) unitOf.set(k, unitId)
    if (unitOf.get(k) !== unitId) continue
    const list = unitKeys.get(unitId)
    if (!list) unitKeys.set(unitId, [k])
    else if (!list.includes(k)) list.push(k)
  }
  const agencyInfo = new Map<string, { name: string; level: AgencyLevel }>()
  for (const [key, name, level] of await packedRows<[string, string, AgencyLevel]>(
    db,
    'SELECT json_group_array(json_array(key, name, level)) AS j FROM agencies'
  )) {
    agencyInfo.set(key, { name, level })
  }

  // Unit-years by a number (id × 1000 + year offset): string keys cost a third of the pass.
  const yearSet = new Set(years)
  const byUnitYear = new Map<number, ReportRow[]>()
  const unlisted = new Map<string, ReportRow[]>()
  const unitById = new Map(units.map(u => [u.id, u]))
  for (const r of reports) {
    if (!yearSet.has(r.year)) continue
    const uid = unitOf.get(r.agencyKey)
    const u = uid === undefined ? undefined : unitById.get(uid)
    if (u && unitActive(u, r.year)) {
      const k = u.id * 1000 + (r.year - 1990)
      const list = byUnitYear.get(k)
      if (list) list.push(r)
      else byUnitYear.set(k, [r])
    } else {
      const k = `${r.agencyKey}\0${r.year}`
      const list = unlisted.get(k)
      if (list) list.push(r)
      else unlisted.set(k, [r])
    }
  }

  const deadlines = new Map<AgencyLevel, Map<number, string>>()
  const deadline = (level: AgencyLevel, year: number): string => {
    let byYear = deadlines.get(level)
    if (!byYear) deadlines.set(level, (byYear = new Map()))
    let d = byYear.get(year)
    if (d === undefined) byYear.set(year, (d = deadlineOf(settings, level, year)))
    return d
  }
  const entries: CoverageEntry[] = []
  for (const u of units) {
    const keys = unitKeys.get(u.id) ?? []
    const level = u.level ?? agencyInfo.get(keys[0] ?? '')?.level ?? inferredLevel(u.name)
    for (const year of years) {
      if (!unitActive(u, year)) continue
      const rs = byUnitYear.get(u.id * 1000 + (year - 1990)) ?? NONE
      entries.push(entry(u.id, u.name, u.region, level, year, rs, deadline(level, year)))
    }
  }
  const extra: CoverageEntry[] = []
  for (const rs of unlisted.values()) {
    const a = agencyInfo.get(rs[0]!.agencyKey)
    const level = a?.level ?? 'department'
    const e = entry(null, a?.name ?? rs[0]!.agencyKey, null, level, rs[0]!.year, rs, null)
    extra.push({ ...e, status: 'unlisted', agencyKey: rs[0]!.agencyKey })
  }
  extra.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.year - b.year))
  return { years, units, entries: [...entries, ...extra], unitKeys }
}

const NONE: ReportRow[] = []

/** A unit named by no agency yet: its level from the name, once per name (NFKC is not free). */
const inferred = new Map<string, AgencyLevel>()
function inferredLevel(name: string): AgencyLevel {
  let l = inferred.get(name)
  if (l === undefined) {
    if (inferred.size > 100_000) inferred.clear()
    inferred.set(name, (l = inferAgencyLevel(name)))
  }
  return l
}

/** Rows packed by SQLite as one JSON array of arrays (`… AS j`). */
async function packedRows<T>(db: Db, sql: string, params: SqlValue[] = []): Promise<T[]> {
  const row = await db.get<{ j: string | null }>(sql, params)
  return JSON.parse(row?.j ?? '[]') as T[]
}

function entry(
  unitId: number | null,
  unit: string,
  region: string | null,
  level: AgencyLevel,
  year: number,
  rs: ReportRow[],
  deadline: string | null
): CoverageEntry {
  const ids = rs.map(r => r.id).sort((a, b) => a - b)
  if (rs.length === 0) {
    return {
      unitId,
      unit,
      region,
      level,
      year,
      status: 'missing',
      agencyKey: null,
      reportId: null,
      reportIds: [],
      published: null,
      deadline,
      errors: 0,
      warnings: 0
    }
  }
  // The report that counts: a non-superseded one (M02 keeps the newest of an agency's copies);
  // of two agencies' (a unit and its alias both reported), the earlier published.
  const live = rs.filter(r => !r.superseded)
  const pool = live.length ? live : rs
  const shown = pool.reduce((best, r) =>
    r.published !== null && (best.published === null || r.published < best.published) ? r : best
  )
  let status: CoverageStatus = 'undated'
  if (shown.published !== null && deadline !== null)
    status = shown.published <= deadline ? 'onTime' : 'late'
  return {
    unitId,
    unit,
    region,
    level,
    year,
    status,
    agencyKey: shown.agencyKey,
    reportId: shown.id,
    reportIds: ids,
    published: shown.published,
    deadline,
    errors: shown.e,
    warnings: shown.w
  }
}

/** Root and path of each report (the CLI's and the workbook's file column). */
export async function reportFiles(
  db: Db,
  ids: number[]
): Promise<Map<number, { root: string; path: string }>> {
  const rows = await db.all<{ id: number; root: string; path: string }>(
    `SELECT r.id, f.root, f.path FROM reports r JOIN files f ON f.id = r.file_id
     WHERE r.id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)]
  )
  return new Map(rows.map(r => [r.id, { root: r.root, path: r.path }]))
}
