/** 单位: the sortable, paged agency list with latest status, counts and a small trend. */
import type {
  AgencyLevel,
  AgencyQuery,
  AgencySortKey,
  AgencySummary,
  AgencyTrendPoint,
  CellStatus,
  LevelSource,
  Page,
  SortDir
} from '../../../shared/api'
import { assertNever } from '../../../shared/assert'
import type { Db } from '../db'
import { filterSql, reviewState, STATUS_RANK_SQL } from './filter-sql'
import { SHOWN } from './overview'
import { cachedRead } from './read-cache'
import { agencyReviewProgress } from './review-progress'

interface AgencyListRow {
  key: string
  name: string
  level: AgencyLevel
  levelSource: LevelSource
  reports: number
  duplicates: number
  years: string | null
  latest_year: number | null
  te: number
  tw: number
  ti: number
  latest_id: number | null
  latest_status: CellStatus | null
  le: number
  lw: number
  li: number
}

function orderBy(sort?: { key: AgencySortKey; dir: SortDir }): string {
  const dir = sort?.dir === 'asc' ? 'ASC' : 'DESC'
  const key = sort?.key
  switch (key) {
    case 'name':
      return `a.name ${dir}, a.key`
    case 'level':
      return `a.level ${dir}, a.name, a.key`
    case 'reports':
      return `agg.reports ${dir}, a.name, a.key`
    case 'latestYear':
      return `agg.latest_year ${dir}, a.name, a.key`
    case 'status':
      return `${STATUS_RANK_SQL('agg.latest_status')} ${dir}, agg.le ${dir}, agg.lw ${dir}, a.name, a.key`
    // The latest report's counts, as the list's 错误/警告 columns show them (it sorted by the
    // totals over all years, and the shown column looked unsorted: 2, 1, 4, 2, 3, 1, 0).
    case 'errors':
      return `agg.le ${dir}, agg.lw ${dir}, a.name, a.key`
    case 'warnings':
      return `agg.lw ${dir}, agg.le ${dir}, a.name, a.key`
    case undefined:
      return `${STATUS_RANK_SQL('agg.latest_status')} DESC, agg.le DESC, agg.lw DESC, a.name, a.key`
    default:
      return assertNever(key, 'unknown agency sort key')
  }
}

export async function listAgencies(db: Db, q: AgencyQuery): Promise<Page<AgencySummary>> {
  const dismissed = (await reviewState(db)).dismissed
  const f = filterSql(q.filter, { lean: true, dismissed })
  // One grouped pass: totals per agency, and its latest report (latest year, then highest id) as
  // the bare columns of the single max() — SQLite takes them from the row holding the maximum.
  // A NULL year ranks below every year, as in ORDER BY year DESC. The total agency count is the
  // length of the ordered list, so the page and the count cost one pass (bench/, issue #8).
  // 报告数 counts every report of the agency with a year, an agency-year's extra copies (M02,
  // superseded) too, and says how many are such copies: the same count as 总览's 报告 card, which
  // it sums to (it left the copies out, and 报告 31 met a column summing to 21; issue #22). The
  // totals and the latest report are the copies that count, as before.
  // `only`: the page's agencies; none for the order, which needs no totals and no years (the
  // years' DISTINCT sorts each agency's years: the order cost half again with them).
  const ctes = (only: string | null): string => `${f.with},
    agg AS (SELECT agency_key, sum(year IS NOT NULL) AS reports,${
      only === null
        ? ''
        : `
      sum(year IS NOT NULL AND superseded <> 0) AS duplicates,
      group_concat(DISTINCT year) AS years,
      sum(CASE WHEN superseded = 0 THEN e ELSE 0 END) AS te,
      sum(CASE WHEN superseded = 0 THEN w ELSE 0 END) AS tw,
      sum(CASE WHEN superseded = 0 THEN i ELSE 0 END) AS ti,`
    }
      max(CASE WHEN superseded = 0 THEN (COALESCE(year, -1) + 1) * 4294967296 + id END) AS latest_rank,
      year AS latest_year, id AS latest_id, status AS latest_status, e AS le, w AS lw, i AS li
      FROM fr WHERE agency_key IS NOT NULL ${only ?? ''} GROUP BY agency_key HAVING sum(superseded = 0) > 0)`
  const from = `FROM agg JOIN agencies a ON a.key = agg.agency_key`
  // Every agency's key in the list's order, once per filter and sort while the data stays the
  // same (read-cache.ts), as one JSON row (a row per agency costs more in node-sqlite3 than the
  // grouping); each page then groups only its own agencies' reports.
  const order = await cachedRead(
    db,
    `agencies ${JSON.stringify([q.filter ?? {}, q.sort ?? null])}`,
    async () => {
      const row = await db.get<{ keys: string }>(
        `${ctes(null)} SELECT json_group_array(a.key ORDER BY ${orderBy(q.sort)}) AS keys ${from}`,
        f.params
      )
      return JSON.parse(row?.keys ?? '[]') as string[]
    }
  )
  const keys = order.slice(q.page.offset, q.page.offset + q.page.limit)
  const total = order.length
  const byKey = new Map(
    (keys.length
      ? await db.all<AgencyListRow>(
          `${ctes(`AND agency_key IN (${keys.map(() => '?').join(',')})`)}
           SELECT a.key, a.name, a.level, a.level_source AS levelSource, agg.reports, agg.duplicates,
             agg.years, agg.latest_year, agg.te, agg.tw, agg.ti, agg.latest_id, agg.latest_status,
             agg.le, agg.lw, agg.li
           ${from}`,
          [...f.params, ...keys]
        )
      : []
    ).map(r => [r.key, r])
  )
  const rows = keys.flatMap(k => byKey.get(k) ?? [])
  return { items: await complete(db, rows, q.filter, dismissed), total, offset: q.page.offset }
}

/** Adds aliases and the small trend to a page of agencies. */
async function complete(
  db: Db,
  rows: AgencyListRow[],
  filter: AgencyQuery['filter'],
  dismissed: boolean
): Promise<AgencySummary[]> {
  const keys = rows.map(r => r.key)
  if (keys.length === 0) return []
  const marks = keys.map(() => '?').join(',')
  const aliases = await db.all<{ alias_key: string; canonical_key: string }>(
    `SELECT alias_key, canonical_key FROM agency_aliases WHERE canonical_key IN (${marks}) ORDER BY alias_key`,
    keys
  )
  const f = filterSql(filter, { lean: true, dismissed })
  const points = await db.all<{
    agency_key: string
    year: number
    status: CellStatus
    e: number
    w: number
    received: number | null
  }>(
    `${f.with} SELECT fr.agency_key, fr.year, fr.status, fr.e, fr.w, fr.received_total AS received
     FROM fr
     WHERE ${SHOWN.replace(/\b(agency_key|year|superseded)\b/g, 'fr.$1')} AND fr.agency_key IN (${marks})
     ORDER BY fr.year`,
    [...f.params, ...keys]
  )
  const progress = await agencyReviewProgress(db, filter, keys)
  return rows.map(r => ({
    key: r.key,
    name: r.name,
    level: r.level,
    levelSource: r.levelSource,
    aliases: aliases.filter(a => a.canonical_key === r.key).map(a => a.alias_key),
    reports: r.reports,
    duplicates: r.duplicates,
    years: r.years ? [...new Set(r.years.split(',').map(Number))].sort((a, b) => a - b) : [],
    latestYear: r.latest_year,
    latestReportId: r.latest_id,
    latestStatus: r.latest_status ?? 'none',
    latest: { error: r.le, warning: r.lw, info: r.li },
    total: { error: r.te, warning: r.tw, info: r.ti },
    review: progress.get(r.key) ?? { reviewed: 0, pending: 0 },
    trend: points
      .filter(p => p.agency_key === r.key)
      .map((p): AgencyTrendPoint => ({
        year: p.year,
        status: p.status,
        errors: p.e,
        warnings: p.w,
        received: p.received
      }))
  }))
}

/** One agency, whatever the filter; an agency with no current report has empty counts. */
export async function getAgency(db: Db, key: string): Promise<AgencySummary | null> {
  const page = await listAgencies(db, {
    filter: { agencies: [key] },
    page: { offset: 0, limit: 1 }
  })
  if (page.items[0]) return page.items[0]
  const a = await db.get<{
    key: string
    name: string
    level: AgencyLevel
    levelSource: LevelSource
  }>('SELECT key, name, level, level_source AS levelSource FROM agencies WHERE key = ?', [key])
  if (!a) return null
  const aliases = await db.all<{ alias_key: string }>(
    'SELECT alias_key FROM agency_aliases WHERE canonical_key = ? ORDER BY alias_key',
    [key]
  )
  return {
    ...a,
    aliases: aliases.map(x => x.alias_key),
    reports: 0,
    duplicates: 0,
    years: [],
    latestYear: null,
    latestReportId: null,
    latestStatus: 'none',
    latest: { error: 0, warning: 0, info: 0 },
    total: { error: 0, warning: 0, info: 0 },
    review: { reviewed: 0, pending: 0 },
    trend: []
  }
}
