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
 * Computed from one pass over the current reports (a covering index, schema migration 6) joined
 * in memory: 10,000 reports and 3,000 units in a few tens of ms (bench/).
 */
import { inferAgencyLevel } from '../../../shared/agency'
import type { ReportFilter } from '../../../shared/api'
import type { AgencyLevel, RuleSettings } from '../../../shared/model'
import { unitActive, type CoverageEntry, type CoverageStatus, type RosterUnit } from '../../../shared/roster'
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

/** null when there is no roster: the screens and the CLI then work as without one. */
export async function coverage(db: Db, settings: RuleSettings, scope: CoverageScope = {}): Promise<Coverage | null> {
  const units = await listRoster(db)
  if (units.length === 0) return null

  const f = filterSql(
    { years: scope.years?.length ? scope.years : undefined, includeDismissed: scope.filter?.includeDismissed },
    { lean: true, dismissed: (await reviewState(db)).dismissed }
  )
  const params: SqlValue[] = [...f.params]
  let rootCond = ''
  if (scope.roots?.length) {
    rootCond = `AND file_id IN (SELECT id FROM files WHERE root IN (${scope.roots.map(() => '?').join(',')}))`
    params.push(...scope.roots)
  }
  const reports = await db.all<ReportRow>(
    `${f.with} SELECT id, agency_key AS agencyKey, year, superseded, publication_date AS published, e, w FROM fr
     WHERE agency_key IS NOT NULL AND year IS NOT NULL ${rootCond}`,
    params
  )
  const years = scope.years?.length
    ? [...new Set(scope.years)].sort((a, b) => a - b)
    : [...new Set(reports.map((r) => r.year))].sort((a, b) => a - b)

  // Name keys → the agency key they stand for now (the supervisor's merges).
  const merged = new Map(
    (await db.all<{ a: string; c: string }>('SELECT alias_key AS a, canonical_key AS c FROM agency_aliases')).map((r) => [r.a, r.c])
  )
  const canon = (k: string): string => merged.get(k) ?? k
  const aliasRows = await db.all<{ key: string; unitId: number }>('SELECT alias_key AS key, unit_id AS unitId FROM roster_aliases')
  const ownKeys = await db.all<{ key: string; id: number }>('SELECT key, id FROM roster_units')
  const unitOf = new Map<string, number>()
  const unitKeys = new Map<number, string[]>()
  for (const { key, unitId } of [...ownKeys.map((u) => ({ key: u.key, unitId: u.id })), ...aliasRows]) {
    const k = canon(key)
    // Two units' names merged into one agency by the supervisor: the first unit in the roster
    // keeps it (the merge said they are one agency; the roster lists it once).
    if (!unitOf.has(k)) unitOf.set(k, unitId)
    if (unitOf.get(k) === unitId) unitKeys.set(unitId, [...(unitKeys.get(unitId) ?? []), k])
  }

  const agencyInfo = new Map(
    (
      await db.all<{ key: string; name: string; level: AgencyLevel }>(
        `SELECT key, name, level FROM agencies WHERE key IN (SELECT value FROM json_each(?))`,
        [JSON.stringify([...new Set([...unitOf.keys(), ...reports.map((r) => r.agencyKey)])])]
      )
    ).map((a) => [a.key, a])
  )

  const yearSet = new Set(years)
  const byUnitYear = new Map<string, ReportRow[]>()
  const unlisted = new Map<string, ReportRow[]>()
  const unitById = new Map(units.map((u) => [u.id, u]))
  for (const r of reports) {
    if (!yearSet.has(r.year)) continue
    const uid = unitOf.get(r.agencyKey)
    const u = uid === undefined ? undefined : unitById.get(uid)
    const map = u && unitActive(u, r.year) ? byUnitYear : unlisted
    const k = `${u && map === byUnitYear ? u.id : r.agencyKey}\0${r.year}`
    const list = map.get(k)
    if (list) list.push(r)
    else map.set(k, [r])
  }

  const entries: CoverageEntry[] = []
  for (const u of units) {
    const keys = unitKeys.get(u.id) ?? []
    const level = u.level ?? agencyInfo.get(keys[0] ?? '')?.level ?? inferAgencyLevel(u.name)
    for (const year of years) {
      if (!unitActive(u, year)) continue
      const rs = byUnitYear.get(`${u.id}\0${year}`) ?? []
      entries.push(entry(u.id, u.name, u.region, level, year, rs, deadlineOf(settings, level, year)))
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

function entry(
  unitId: number | null,
  unit: string,
  region: string | null,
  level: AgencyLevel,
  year: number,
  rs: ReportRow[],
  deadline: string | null
): CoverageEntry {
  const ids = rs.map((r) => r.id).sort((a, b) => a - b)
  if (rs.length === 0) {
    return { unitId, unit, region, level, year, status: 'missing', agencyKey: null, reportId: null, reportIds: [], published: null, deadline, errors: 0, warnings: 0 }
  }
  // The report that counts: a non-superseded one (M02 keeps the newest of an agency's copies);
  // of two agencies' (a unit and its alias both reported), the earlier published.
  const live = rs.filter((r) => !r.superseded)
  const pool = live.length ? live : rs
  const shown = pool.reduce((best, r) =>
    r.published !== null && (best.published === null || r.published < best.published) ? r : best
  )
  let status: CoverageStatus = 'undated'
  if (shown.published !== null && deadline !== null) status = shown.published <= deadline ? 'onTime' : 'late'
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
export async function reportFiles(db: Db, ids: number[]): Promise<Map<number, { root: string; path: string }>> {
  const rows = await db.all<{ id: number; root: string; path: string }>(
    `SELECT r.id, f.root, f.path FROM reports r JOIN files f ON f.id = r.file_id
     WHERE r.id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)]
  )
  return new Map(rows.map((r) => [r.id, { root: r.root, path: r.path }]))
}
