/**
 * The Api's ReportFilter as SQL: a CTE `fr` holding the filtered reports with their *open* finding
 * counts (dismissed findings subtracted unless includeDismissed) and colour. Every screen query
 * selects from `fr`, so the overview, matrix, lists, trends and export all agree on what a filter
 * means.
 *
 * Dismissed findings are found through the reviews table (keyed by agency-year or file, rule and
 * location, like src/core/store/reviews.ts). Reviews are few — a supervisor's decisions — so
 * joining them first is cheap even at 100,000 reports.
 */
import type { ReportFilter, ReportSortKey, SortDir } from '../../../shared/api'
import { assertNever } from '../../../shared/assert'
import { RULE_IDS, type RuleId } from '../../../shared/rules'
import type { Db, SqlValue } from '../db'
import { FIGURE_COLUMNS } from '../reports'

export interface FilterSql {
  /** `WITH …, fr AS (…)` — append a SELECT over fr. */
  with: string
  params: SqlValue[]
}

const DISMISSED = `
  dis_f AS (
    SELECT fi.id, fi.report_id, fi.severity FROM reviews v
      JOIN reports r2 ON r2.agency_key = v.agency_key AND r2.year = v.year
      JOIN findings fi ON fi.report_id = r2.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key
     WHERE v.decision = 'dismissed' AND v.subject LIKE 'a:%'
    UNION ALL
    SELECT fi.id, fi.report_id, fi.severity FROM reviews v
      JOIN files f2 ON v.subject = 'f:' || f2.root || '|' || f2.path
      JOIN reports r2 ON r2.file_id = f2.id AND (r2.agency_key IS NULL OR r2.year IS NULL)
      JOIN findings fi ON fi.report_id = r2.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key
     WHERE v.decision = 'dismissed' AND v.subject LIKE 'f:%'
  ),
  dis_r AS (
    SELECT report_id, sum(severity = 'error') AS de, sum(severity = 'warning') AS dw,
      sum(severity = 'info') AS di
    FROM dis_f GROUP BY report_id
  )`

/**
 * Errors and warnings decided (either way) per report, for 待审 (ReportFilter.pending): a report
 * is in the queue while it has more of them than decisions on them.
 */
export const DECIDED_CTE = `
  dec_r AS (
    SELECT report_id, count(*) AS n FROM (
      SELECT fi.report_id FROM reviews v
        JOIN reports r2 ON r2.agency_key = v.agency_key AND r2.year = v.year
        JOIN findings fi ON fi.report_id = r2.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key
       WHERE v.subject LIKE 'a:%' AND fi.severity IN ('error', 'warning')
      UNION ALL
      SELECT fi.report_id FROM reviews v
        JOIN files f2 ON v.subject = 'f:' || f2.root || '|' || f2.path
        JOIN reports r2 ON r2.file_id = f2.id AND (r2.agency_key IS NULL OR r2.year IS NULL)
        JOIN findings fi ON fi.report_id = r2.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key
       WHERE v.subject LIKE 'f:%' AND fi.severity IN ('error', 'warning'))
    GROUP BY report_id
  )`

/** DECIDED_CTE when there is no review at all: the same (empty) rows without reading findings. */
export const NO_DECIDED_CTE = `
  dec_r AS (SELECT 0 AS report_id, 0 AS n WHERE 0)`

const NO_DISMISSED = `
  dis_f AS (SELECT 0 AS id, 0 AS report_id, '' AS severity WHERE 0),
  dis_r AS (SELECT 0 AS report_id, 0 AS de, 0 AS dw, 0 AS di WHERE 0)`

/**
 * The agency keys whose reports count for the roster units of the given regions: each unit's own
 * name key and its aliases' keys, taken through the supervisor's merges (as store/queries/
 * coverage.ts matches them).
 */
const ROSTER_REGION_KEYS = (regions: string): string => `
  SELECT COALESCE(aa.canonical_key, k.key) FROM (
    SELECT key, id AS unit_id FROM roster_units UNION ALL SELECT alias_key, unit_id FROM roster_aliases) k
    JOIN roster_units u ON u.id = k.unit_id
    LEFT JOIN agency_aliases aa ON aa.alias_key = k.key
  WHERE u.region IN (${regions})`

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, m => `\\${m}`)
}

function placeholders(n: number): string {
  return new Array(n).fill('?').join(',')
}

/** Rule ids of the chosen rules and groups (union), or null when neither filters. */
function ruleSet(filter: ReportFilter): RuleId[] | null {
  const rules = new Set<RuleId>(filter.rules ?? [])
  for (const g of filter.groups ?? [])
    for (const id of RULE_IDS) if (id.startsWith(g)) rules.add(id)
  return filter.rules?.length || filter.groups?.length ? [...rules] : null
}

export interface FilterOptions {
  /**
   * Whether any dismissed review may exist (see `reviewState`). False drops the join that
   * subtracts dismissed findings from every report: a pass over 100,000 reports without it is
   * about half the cost (bench/, issue #8). Default true: always correct.
   */
  dismissed?: boolean
  /**
   * Aggregates and id lists: `fr` reads `reports` only (through its covering index), joining
   * agencies only for a level filter. Such an fr has
   * no root, path, removed_at, agency_display or level columns (SQL fails loudly if one is used)
   * and adds the key-figure columns (store/reports.ts FIGURE_COLUMNS) for the trends.
   */
  lean?: boolean
  /**
   * A lean fr with the agency's `level` too (agencies joined, files not): the review progress by
   * level reads every filtered report, and joining files for each was half its cost (bench/).
   */
  level?: boolean
}

export interface ReviewState {
  /** Any review decision at all (the overview's confirmed/dismissed counts). */
  any: boolean
  dismissed: boolean
}

/** Reviews are a supervisor's decisions, a few hundred at most: one cheap look before the queries. */
export async function reviewState(db: Db): Promise<ReviewState> {
  const row = await db.get<{ anyv: number; dis: number }>(
    `SELECT EXISTS (SELECT 1 FROM reviews) AS anyv,
       EXISTS (SELECT 1 FROM reviews WHERE decision = 'dismissed') AS dis`
  )
  return { any: Boolean(row?.anyv), dismissed: Boolean(row?.dis) }
}

export function filterSql(filter: ReportFilter = {}, opts: FilterOptions = {}): FilterSql {
  const where: string[] = []
  const params: SqlValue[] = []
  if (!filter.includeRemoved) where.push(`r.status = 'current'`)
  // Both statuses (the only two: schema CHECK) spelled out, so a lean fr still reads the covering
  // indexes that begin with the status: without, the matrix (deleted files' reports included) read
  // every report's row from the table for its agency name (bench/, 100,000 reports).
  else if (opts.lean) where.push(`r.status IN ('current', 'removed')`)
  if (filter.years?.length) {
    where.push(`r.year IN (${placeholders(filter.years.length)})`)
    params.push(...filter.years)
  }
  const search = filter.search?.replace(/\s+/g, '')
  if (search) {
    const like = `%${escapeLike(search)}%`
    // The agency's display name and the file's path are matched in their own (small) tables
    // first: tested on the report row, only the reports that match are joined to them (a search
    // joined all 100,000 reports to both: 75 → 30 ms; bench/, issue #8).
    where.push(
      `(r.agency_key IN (SELECT key FROM agencies WHERE replace(name, ' ', '') LIKE ? ESCAPE '\\')
        OR replace(COALESCE(r.agency_name, ''), ' ', '') LIKE ? ESCAPE '\\'
        OR r.file_id IN (SELECT id FROM files WHERE path LIKE ? ESCAPE '\\'))`
    )
    params.push(like, like, like)
  }
  if (filter.levels?.length) {
    where.push(`a.level IN (${placeholders(filter.levels.length)})`)
    params.push(...filter.levels)
  }
  if (filter.agencies?.length) {
    where.push(`r.agency_key IN (${placeholders(filter.agencies.length)})`)
    params.push(...filter.agencies)
  }
  if (filter.regions?.length) {
    where.push(`r.agency_key IN (${ROSTER_REGION_KEYS(placeholders(filter.regions.length))})`)
    params.push(...filter.regions)
  }
  const rules = ruleSet(filter)
  if (rules) {
    const open = filter.includeDismissed ? '' : 'AND fi.id NOT IN (SELECT id FROM dis_f)'
    where.push(
      rules.length
        ? `r.id IN (SELECT fi.report_id FROM findings fi WHERE fi.rule IN (${placeholders(rules.length)}) ${open})`
        : '0'
    )
    params.push(...rules)
  }

  if (filter.unrecognised) where.push('(r.agency_key IS NULL OR r.year IS NULL)')
  if (filter.pending) {
    where.push(
      `r.n_error + r.n_warning > COALESCE((SELECT n FROM dec_r WHERE dec_r.report_id = r.id), 0)`
    )
  }

  const outer: string[] = []
  if (filter.severity) {
    const col = { error: 'e', warning: 'w', info: 'i' }[filter.severity]
    // With years chosen, the year's covering index answers (unary + keeps the planner off the
    // severity index, which then read every report with errors, of all years, from the table:
    // most of a filtered overview's time at 100,000; bench/).
    outer.push(filter.years?.length ? `+${col} > 0` : `${col} > 0`)
  }
  if (filter.statuses?.length) {
    outer.push(`status IN (${placeholders(filter.statuses.length)})`)
  }
  if (filter.problems) {
    // Errors, or published late (an open M05).
    outer.push(
      `(e > 0 OR id IN (SELECT fi.report_id FROM findings fi WHERE fi.rule = 'M05' AND fi.id NOT IN (SELECT id FROM dis_f)))`
    )
  }

  // No dismissed review anywhere: dis_f is empty and nothing is subtracted.
  const subtract = !filter.includeDismissed && opts.dismissed !== false
  const counts = subtract
    ? `r.n_error - COALESCE(d.de, 0) AS e, r.n_warning - COALESCE(d.dw, 0) AS w,
      r.n_info - COALESCE(d.di, 0) AS i`
    : 'r.n_error AS e, r.n_warning AS w, r.n_info AS i'
  const lean = opts.lean === true
  const joinFiles = !lean
  const withLevel = lean && opts.level === true
  const joinAgencies = !lean || withLevel || Boolean(filter.levels?.length)
  const sql = `WITH ${filter.pending ? `${DECIDED_CTE},` : ''}${subtract ? DISMISSED : NO_DISMISSED},
  base AS (
    SELECT r.id, r.file_id, r.status AS file_status, r.sha256, r.format, r.agency_name,
      r.agency_key, r.year, r.template, r.superseded, r.parsed_at, r.publication_date,
      ${lean ? FIGURE_COLUMNS.map(c => `r.${c}`).join(', ') : 'f.root, f.path, f.removed_at, a.name AS agency_display, a.level'},${withLevel ? ' a.level,' : ''}
      ${counts}, r.n_error + r.n_warning + r.n_info AS n_all, r.n_error + r.n_warning AS n_ew
    FROM reports r
      ${joinFiles ? 'JOIN files f ON f.id = r.file_id' : ''}
      ${joinAgencies ? 'LEFT JOIN agencies a ON a.key = r.agency_key' : ''}
      ${subtract ? 'LEFT JOIN dis_r d ON d.report_id = r.id' : ''}
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
  ),
  fr AS (
    SELECT *, CASE WHEN e > 0 THEN 'errors' WHEN w > 0 THEN 'warnings' ELSE 'clean' END AS status
    FROM base
  )`
  const outerWhere = outer.length ? `WHERE ${outer.join(' AND ')}` : ''
  // The outer conditions need `status`, so fr is wrapped once more when they apply.
  const withSql = outerWhere
    ? `${sql.replace(/\n {2}fr AS \(/, '\n  fr0 AS (')}, fr AS (SELECT * FROM fr0 ${outerWhere})`
    : sql
  return { with: withSql, params: [...params, ...(filter.statuses ?? [])] }
}

/** Status ordering for sorting: errors worst. */
export const STATUS_RANK_SQL = (col: string): string =>
  `CASE ${col} WHEN 'errors' THEN 3 WHEN 'warnings' THEN 2 WHEN 'clean' THEN 1 ELSE 0 END`

export function reportOrderBy(sort?: { key: ReportSortKey; dir: SortDir }): string {
  const dir = sort?.dir === 'asc' ? 'ASC' : 'DESC'
  const key = sort?.key
  switch (key) {
    case 'agency':
      // Files without an agency (not reports: an INDEX.tsv) last, whichever the direction: by
      // their path they opened first in 报告审阅 (issue #22).
      return `COALESCE(agency_display, agency_name) IS NULL, COALESCE(agency_display, agency_name, path) ${dir}, year DESC, path, id`
    case 'year':
      return `year ${dir}, COALESCE(agency_display, agency_name, path), path, id`
    case 'file':
      return `root ${dir}, path ${dir}, id`
    case 'status':
      return `${STATUS_RANK_SQL('status')} ${dir}, e ${dir}, w ${dir}, path, id`
    case 'errors':
      return `e ${dir}, w ${dir}, path, id`
    case 'warnings':
      return `w ${dir}, e ${dir}, path, id`
    case 'parsedAt':
      return `parsed_at ${dir}, id ${dir}`
    case undefined:
      // Default: worst first, then by agency and year, like the audit meeting reads them; files
      // that are not reports (their M03 an error) after the reports.
      return `(agency_key IS NULL OR year IS NULL), ${STATUS_RANK_SQL('status')} DESC, e DESC, w DESC, COALESCE(agency_display, agency_name, path), year DESC, id`
    default:
      return assertNever(key, 'unknown report sort key')
  }
}

/**
 * The WHERE over year_stats (store/year-stats.ts) equivalent to `filter`, or null when the filter
 * narrows by more than the year or a dismissed finding would change a report's counts: then only
 * the reports themselves can answer.
 */
export function yearStatsWhere(filter: ReportFilter, dismissed: boolean): FilterSql | null {
  if (
    filter.search?.replace(/\s+/g, '') ||
    filter.severity ||
    filter.pending ||
    filter.unrecognised ||
    ruleSet(filter) !== null
  )
    return null
  if (filter.levels?.length || filter.agencies?.length || filter.statuses?.length) return null
  if (filter.regions?.length || filter.problems) return null
  if (dismissed && !filter.includeDismissed) return null
  const where = [filter.includeRemoved ? '1' : `y.status = 'current'`]
  const params: SqlValue[] = []
  if (filter.years?.length) {
    where.push(`y.year_key IN (${placeholders(filter.years.length)})`)
    params.push(...filter.years)
  }
  return { with: where.join(' AND '), params }
}
