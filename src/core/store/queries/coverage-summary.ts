/**
 * Who had to report in a year and how each unit stands (按时 / 逾期 / 日期不明 / 未报送), with its
 * open findings counted by severity and rule group: what the ranking, the 通报 and the workbook's
 * 单位排名 are made from.
 *
 * Without a roster (issue #20) the units are the agencies with a current report in the year, so no
 * unit can be 未报送; 逾期 is an open M05 on the unit's report, 日期不明 a report without a
 * publication date. When the roster's coverage is merged, `unitYears` is the one function to
 * change: take the roster's units and statuses for the year and keep the finding counts below.
 */
import type { AgencyLevel, ReportFilter } from '../../../shared/api'
import { emptyGroups, type UnitStatus, type UnitYear } from '../../../shared/ranking'
import { isRuleGroup } from '../../../shared/ranking'
import type { Db } from '../db'
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

/**
 * The units of `years` (all years when absent) under the screens' filter. Whether the figures come
 * from a roster: false until issue #20's coverage is swapped in here.
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
  const sel = await createSelection(db, filter, args.roots)
  try {
    return { units: await unitYearsOf(db, sel), fromRoster: false }
  } finally {
    await dropSelection(db, sel).catch(() => undefined)
  }
}
