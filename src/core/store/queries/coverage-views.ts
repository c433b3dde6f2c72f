/**
 * The screens' views of coverage (store/queries/coverage.ts) under the shared ReportFilter: the
 * overview's 应报 / 已报 / 按时 / 逾期 / 未报 cards and completion per region, the matrix with one
 * row per roster unit (未报送 cells included) followed by the unlisted agencies, and the list.
 *
 * A filter narrows units, not the reports coverage is judged on: a unit filtered to "errors" is a
 * unit with a report with errors, never a unit whose clean report was filtered away and which
 * would then read 未报送.
 */
import type {
  CoveragePage,
  CoverageSummary,
  Matrix,
  MatrixSort,
  MatrixCell,
  MatrixRow,
  PageArgs,
  ReportFilter
} from '../../../shared/api'
import {
  countCoverage,
  emptyCoverageCounts,
  type CoverageCounts,
  type CoverageEntry,
  type RegionCoverage
} from '../../../shared/roster'
import type { Db } from '../db'
import { getRuleSettings } from '../settings'
import { coverage, type Coverage } from './coverage'
import { filterSql, reviewState } from './filter-sql'

/** A matrix row's worth: one roster unit, or one unlisted agency, with its entries by year. */
interface Group {
  unitId: number | null
  name: string
  region: string | null
  agencyKeys: string[]
  entries: CoverageEntry[]
}

/** Groups of a (cached, store/queries/coverage.ts) coverage, made once for all its views. */
const grouped = new WeakMap<Coverage, Group[]>()

function groups(c: Coverage): Group[] {
  let g = grouped.get(c)
  if (!g) grouped.set(c, (g = makeGroups(c)))
  return g
}

function makeGroups(c: Coverage): Group[] {
  const out: Group[] = []
  const byUnit = new Map<number, Group>()
  const byAgency = new Map<string, Group>()
  for (const u of c.units) {
    const g: Group = {
      unitId: u.id,
      name: u.name,
      region: u.region,
      agencyKeys: c.unitKeys.get(u.id) ?? [],
      entries: []
    }
    byUnit.set(u.id, g)
    out.push(g)
  }
  for (const e of c.entries) {
    if (e.unitId !== null) byUnit.get(e.unitId)!.entries.push(e)
    else {
      let g = byAgency.get(e.agencyKey!)
      if (!g) {
        g = { unitId: null, name: e.unit, region: null, agencyKeys: [e.agencyKey!], entries: [] }
        byAgency.set(e.agencyKey!, g)
        out.push(g)
      }
      g.entries.push(e)
    }
  }
  // A unit that need not report in any year under review has no row.
  return out.filter(g => g.entries.length > 0)
}

/** Filters that judge reports (severity, rules, statuses): the ids of the reports they keep. */
async function reportIdsKept(db: Db, filter: ReportFilter): Promise<Set<number> | null> {
  const judged =
    filter.severity || filter.rules?.length || filter.groups?.length || filter.statuses?.length
  if (!judged) return null
  const f = filterSql(
    {
      years: filter.years,
      severity: filter.severity,
      rules: filter.rules,
      groups: filter.groups,
      statuses: filter.statuses,
      includeDismissed: filter.includeDismissed
    },
    { lean: true, dismissed: (await reviewState(db)).dismissed }
  )
  return new Set(
    (await db.all<{ id: number }>(`${f.with} SELECT id FROM fr`, f.params)).map(r => r.id)
  )
}

function keep(
  g: Group,
  filter: ReportFilter,
  aliases: Map<number, string[]>,
  ids: Set<number> | null
): boolean {
  const search = filter.search?.replace(/\s+/g, '')
  if (search) {
    const names = [
      g.name,
      g.region ?? '',
      ...(g.unitId !== null ? (aliases.get(g.unitId) ?? []) : [])
    ]
    if (!names.some(n => n.replace(/\s+/g, '').includes(search))) return false
  }
  if (filter.levels?.length && !filter.levels.includes(g.entries[0]!.level)) return false
  if (filter.regions?.length && (g.region === null || !filter.regions.includes(g.region)))
    return false
  if (filter.agencies?.length && !g.agencyKeys.some(k => filter.agencies!.includes(k))) return false
  if (ids && !g.entries.some(e => e.reportIds.some(id => ids.has(id)))) return false
  if (
    filter.problems &&
    !g.entries.some(e => e.status === 'missing' || e.status === 'late' || e.errors > 0)
  )
    return false
  return true
}

interface Scoped {
  c: Coverage
  groups: Group[]
  /** The groups are all of c's (nothing narrowed them): its summary can be kept with it. */
  whole: boolean
}

const summaries = new WeakMap<Coverage, CoverageSummary>()

/** Coverage of the filter's years, its groups narrowed by the filter; null without a roster. */
async function scoped(db: Db, filter: ReportFilter, roots?: string[]): Promise<Scoped | null> {
  const c = await coverage(db, await getRuleSettings(db), { years: filter.years, filter, roots })
  if (!c) return null
  const ids = await reportIdsKept(db, filter)
  const all = groups(c)
  const narrows =
    filter.search?.trim() ||
    filter.levels?.length ||
    filter.regions?.length ||
    filter.agencies?.length ||
    ids ||
    filter.problems
  if (!narrows) return { c, groups: all, whole: true }
  const aliases = new Map(c.units.map(u => [u.id, u.aliases]))
  return { c, groups: all.filter(g => keep(g, filter, aliases, ids)), whole: false }
}

function summary(s: Scoped): CoverageSummary {
  const kept = s.whole ? summaries.get(s.c) : undefined
  if (kept) return kept
  const made = makeSummary(s)
  if (s.whole) summaries.set(s.c, made)
  return made
}

function makeSummary(s: Scoped): CoverageSummary {
  const entries = s.groups.flatMap(g => g.entries)
  const regions = new Map<string | null, CoverageCounts>()
  for (const g of s.groups) {
    if (g.unitId === null) continue
    let counts = regions.get(g.region)
    if (!counts) regions.set(g.region, (counts = emptyCoverageCounts()))
    countCoverage(g.entries, counts)
  }
  return {
    years: s.c.years,
    counts: countCoverage(entries),
    regions: [...regions].map(([region, counts]): RegionCoverage => ({
      region,
      ...counts,
      rate: counts.required ? counts.reported / counts.required : null
    }))
  }
}

/** The filtered entries (units in roster order, then the unlisted): the workbook's 报送情况. */
export async function filteredCoverage(
  db: Db,
  filter: ReportFilter,
  roots?: string[]
): Promise<CoverageEntry[] | null> {
  const s = await scoped(db, filter, roots)
  return s ? s.groups.flatMap(g => g.entries) : null
}

export async function coverageSummary(
  db: Db,
  filter: ReportFilter
): Promise<CoverageSummary | null> {
  const s = await scoped(db, filter)
  return s ? summary(s) : null
}

export async function coveragePage(
  db: Db,
  filter: ReportFilter,
  page: PageArgs
): Promise<CoveragePage | null> {
  const s = await scoped(db, filter)
  if (!s) return null
  const entries = s.groups.flatMap(g => g.entries)
  return {
    items: entries.slice(page.offset, page.offset + page.limit),
    total: entries.length,
    offset: page.offset,
    summary: summary(s)
  }
}

const PINYIN = new Intl.Collator('zh-CN-u-co-pinyin')

/**
 * The matrix with a roster: every unit (未报送 included), then the unlisted; null without one.
 * `sort` ('pinyin', 'problems': most open errors then warnings first) orders the units and the
 * unlisted each among themselves; 'roster' and 'name' keep the coverage's own order (the roster's
 * as imported: the order of the supervisor's own list, which they read the matrix against).
 *
 * A unit-year whose only report is of a file deleted since reads 已删除 (and opens that report), as
 * without a roster, not 未报送: the unit did report, and its decisions are kept (issue #20). Its
 * coverage stays 'missing' in the counts: the report is no longer in the folders.
 */
export async function rosterMatrix(
  db: Db,
  filter: ReportFilter,
  page: PageArgs,
  sort: MatrixSort = 'name'
): Promise<Matrix | null> {
  const s = await scoped(db, filter)
  if (!s) return null
  let groups = s.groups
  // 'roster' (the screen's default) and 'name': the roster's order as imported, the unlisted after.
  if (sort === 'pinyin' || sort === 'problems') {
    const sum = (g: Group, k: 'errors' | 'warnings'): number =>
      g.entries.reduce((n, e) => n + e[k], 0)
    const listed = (g: Group): number => (g.unitId === null ? 1 : 0)
    groups = [...groups].sort(
      (x, y) =>
        listed(x) - listed(y) ||
        (sort === 'problems'
          ? sum(y, 'errors') - sum(x, 'errors') || sum(y, 'warnings') - sum(x, 'warnings')
          : 0) ||
        PINYIN.compare(x.name, y.name)
    )
  }
  const shown = groups.slice(page.offset, page.offset + page.limit)
  const removed = await removedReports(db, shown, s.c.years)
  const rows = shown.map((g): MatrixRow => {
    const byYear = new Map(g.entries.map(e => [e.year, e]))
    return {
      agencyKey: g.agencyKeys[0] ?? '',
      name: g.name,
      level: g.entries[0]!.level,
      unitId: g.unitId,
      region: g.region,
      cells: s.c.years.map((year): MatrixCell => {
        const e = byYear.get(year)
        const gone = e?.status === 'missing' ? removedOf(removed, g, year) : undefined
        if (e && gone !== undefined)
          return {
            year,
            status: 'none',
            reportId: gone,
            errors: 0,
            warnings: 0,
            duplicates: 0,
            removed: true,
            coverage: e.status,
            published: null,
            deadline: e.deadline
          }
        if (!e)
          return {
            year,
            status: 'none',
            reportId: null,
            errors: 0,
            warnings: 0,
            duplicates: 0,
            removed: false
          }
        return {
          year,
          status:
            e.reportId === null
              ? 'none'
              : e.errors > 0
                ? 'errors'
                : e.warnings > 0
                  ? 'warnings'
                  : 'clean',
          reportId: e.reportId,
          errors: e.errors,
          warnings: e.warnings,
          duplicates: Math.max(0, e.reportIds.length - 1),
          removed: false,
          coverage: e.status,
          published: e.published,
          deadline: e.deadline
        }
      })
    }
  })
  return { years: s.c.years, rows, total: s.groups.length, offset: page.offset }
}

/** agency key → year → the newest report of a deleted file, for the page's units. */
async function removedReports(
  db: Db,
  groups: Group[],
  years: number[]
): Promise<Map<string, Map<number, number>>> {
  const keys = [...new Set(groups.filter(g => g.unitId !== null).flatMap(g => g.agencyKeys))]
  const out = new Map<string, Map<number, number>>()
  if (keys.length === 0 || years.length === 0) return out
  const rows = await db.all<{ k: string; year: number; id: number }>(
    `SELECT agency_key AS k, year, max(id) AS id FROM reports
     WHERE status = 'removed' AND agency_key IN (SELECT value FROM json_each(?))
       AND year IN (SELECT value FROM json_each(?))
     GROUP BY agency_key, year`,
    [JSON.stringify(keys), JSON.stringify(years)]
  )
  for (const r of rows) {
    let byYear = out.get(r.k)
    if (!byYear) out.set(r.k, (byYear = new Map()))
    byYear.set(r.year, r.id)
  }
  return out
}

function removedOf(
  removed: Map<string, Map<number, number>>,
  g: Group,
  year: number
): number | undefined {
  for (const k of g.agencyKeys) {
    const id = removed.get(k)?.get(year)
    if (id !== undefined) return id
  }
  return undefined
}
