/**
 * Who had to report in a year and how each unit stands (按时 / 逾期 / 日期不明 / 未报送), with its
 * open findings counted by severity and rule group: what the ranking, the 通报 and the workbook's
 * 单位排名 are made from.
 *
 * Without a roster (issue #20) the units are the agencies with a current report in the year, so no
 * unit can be 未报送; 逾期 is an open M05 on the unit's report, 日期不明 a report without a
 * publication date. With a roster the units and statuses are the roster coverage's (`unitYears`).
 */
import type { AgencyLevel, ReportFilter } from '../../../shared/api'
import { emptyGroups, type UnitStatus, type UnitYear } from '../../../shared/ranking'
import { isRuleGroup } from '../../../shared/ranking'
import type { Db } from '../db'
import { filteredCoverage } from './coverage-views'
import { createSelection, dropSelection, type Selection } from './export'

/** A finding that is not dismissed, joined as in export.ts's findingJoin (LEFT: units with none count). */
const OPEN = `(fi.id IS NOT NULL AND (v.decision IS NULL OR v.decision <> 'dismissed'))`

/** The current, non-superseded report of each agency-year of the selection. */
export const UNIT_REPORT = `s.superseded = 0 AND s.file_status = 'current' AND s.agency_key IS NOT NULL AND s.year IS NOT NULL`

export function openFindingsFrom(table: string): string {
  return `FROM ${table} s LEFT JOIN findings fi ON fi.report_id = s.id
    LEFT JOIN reviews v ON v.subject = s.subject AND v.rule = fi.rule AND v.loc_key = fi.loc_key`
}

interface Row {
  agencyKey: string
  agency: string
  level: AgencyLevel | null
  year: number
  publicationDate: string | null
  errors: number
  warnings: number
  infos: number
  late: number
  groupsJson: string | null
}

/** Units and their standing for the selection's reports (one row per agency-year). */
export async function unitYearsOf(db: Db, sel: Selection): Promise<UnitYear[]> {
  const rows = await db.all<Row>(
    `WITH c AS (
       SELECT s.agency_key AS agencyKey, max(s.agency) AS agency, max(s.level) AS level, s.year,
         max(s.publication_date) AS publicationDate,
         COALESCE(sum(${OPEN} AND fi.severity = 'error'), 0) AS errors,
         COALESCE(sum(${OPEN} AND fi.severity = 'warning'), 0) AS warnings,
         COALESCE(sum(${OPEN} AND fi.severity = 'info'), 0) AS infos,
         COALESCE(sum(${OPEN} AND fi.rule = 'M05'), 0) AS late
       ${openFindingsFrom(sel.table)}
       WHERE ${UNIT_REPORT}
       GROUP BY s.agency_key, s.year
     ),
     g AS (
       SELECT s.agency_key AS agencyKey, s.year, json_group_object(grp, n) AS groupsJson FROM (
         SELECT s.agency_key, s.year, substr(fi.rule, 1, 1) AS grp, count(*) AS n
         ${openFindingsFrom(sel.table)}
         WHERE ${UNIT_REPORT} AND ${OPEN}
         GROUP BY s.agency_key, s.year, grp
       ) s GROUP BY s.agency_key, s.year
     )
     SELECT c.*, g.groupsJson FROM c LEFT JOIN g ON g.agencyKey = c.agencyKey AND g.year = c.year`
  )
  return rows.map(r => {
    const byGroup = emptyGroups()
    if (r.groupsJson) {
      for (const [k, n] of Object.entries(JSON.parse(r.groupsJson) as Record<string, number>))
        if (isRuleGroup(k)) byGroup[k] = n
    }
    const status: UnitStatus = r.late > 0 ? 'late' : r.publicationDate ? 'onTime' : 'undated'
    return {
      agencyKey: r.agencyKey,
      agency: r.agency,
      level: r.level,
      region: null,
      year: r.year,
      status,
      errors: r.errors,
      warnings: r.warnings,
      infos: r.infos,
      byGroup
    }
  })
}

/** A roster unit that has no agency key of its own yet (未报送, never reported): keyed by its id. */
export const ROSTER_UNIT_KEY_PREFIX = 'roster-unit:'

/**
 * The units of `years` (all years when absent) under the screens' filter, and whether the figures
 * come from a roster.
 *
 * With a roster (issue #20) the units and their standing are the roster coverage's
 * (coverage-views.ts `filteredCoverage`, the same entries getCoverage/getOverview count): 应报 =
 * the roster's units of the year, 未报送 named, 逾期/按时/日期不明 by its statuses, 所属地区 from the
 * roster, agencies on no roster as 名单外. The open findings are counted below for each entry's
 * report's agency (a 未报送 unit has none). Without a roster: the agencies with a report, as above.
 */
export async function unitYears(
  db: Db,
  args: { years?: number[]; filter?: ReportFilter; roots?: string[] }
): Promise<{ units: UnitYear[]; fromRoster: boolean }> {
  const filter: ReportFilter = {
    ...(args.filter ?? {}),
    ...(args.years ? { years: args.years } : {}),
    includeDismissed: false
  }
  const entries = await filteredCoverage(db, filter, args.roots)
  // The findings of the reports: with a roster, every report of the years (the roster's filter
  // already chose the units), else the filter's.
  const sel = await createSelection(
    db,
    entries
      ? { ...(filter.years ? { years: filter.years } : {}), includeDismissed: false }
      : filter,
    args.roots
  )
  let found: UnitYear[]
  try {
    found = await unitYearsOf(db, sel)
  } finally {
    await dropSelection(db, sel).catch(() => undefined)
  }
  if (!entries) return { units: found, fromRoster: false }
  const byAgencyYear = new Map(found.map(u => [`${u.agencyKey}\0${u.year}`, u]))
  const units = entries.map((e): UnitYear => {
    const f = e.agencyKey === null ? undefined : byAgencyYear.get(`${e.agencyKey}\0${e.year}`)
    return {
      agencyKey: e.agencyKey ?? `${ROSTER_UNIT_KEY_PREFIX}${e.unitId}`,
      agency: e.unit,
      level: e.level,
      region: e.region,
      year: e.year,
      status: e.status,
      errors: f?.errors ?? e.errors,
      warnings: f?.warnings ?? e.warnings,
      infos: f?.infos ?? 0,
      byGroup: f?.byGroup ?? emptyGroups()
    }
  })
  return { units, fromRoster: true }
}
