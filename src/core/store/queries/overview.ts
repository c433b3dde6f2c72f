/** 总览: counts by status, severity, rule group and rule; the agency × year matrix. */
import type {
  MatrixSort,
  AgencyLevel,
  CellStatus,
  Matrix,
  MatrixCell,
  Overview,
  PageArgs,
  ReportFilter,
  ReportStatus,
  ReviewDecisionKind
} from '../../../shared/api'
import { RULE_GROUPS, ruleGroup, type RuleId, type Severity } from '../../../shared/rules'
import type { Db, SqlValue } from '../db'
import { coverageSummary, rosterMatrix } from './coverage-views'
import { filterSql, reviewState, yearStatsWhere } from './filter-sql'
import { cachedRead } from './read-cache'
import { reviewProgress } from './review-progress'

/** A review's subject for a row of fr (see store/reviews.ts subjectKey). */
export const FR_SUBJECT = `CASE WHEN fr.agency_key IS NOT NULL AND fr.year IS NOT NULL
  THEN 'a:' || fr.agency_key || ':' || fr.year ELSE 'f:' || fr.root || '|' || fr.path END`

/**
 * The share of files that are not reports (no agency or no year: an INDEX.tsv, a notes file, a
 * file that cannot be read) in each total, so 报告, 错误, 警告 and the status counts leave them
 * out: they have their own card, 无法识别的文件 (issue #22: an INDEX.tsv counted as a report with
 * an error).
 */
function UNRECOGNISED_PARTS(
  cond: string,
  c: { clean: string; warn: string; err: string; fe: string; fw: string; fi: string }
): string {
  return (['clean', 'warn', 'err', 'fe', 'fw', 'fi'] as const)
    .map(k => `sum(CASE WHEN ${cond} THEN ${c[k]} ELSE 0 END) AS u_${k}`)
    .join(', ')
}

/**
 * The overview, computed once per filter while the data stays the same (read-cache.ts): the
 * screens ask for it on every visit to 总览 and with every filter bar, and at 100,000 reports a
 * computation reads every report (bench/). A copy: the caller may change what it gets.
 */
export async function overview(db: Db, filter: ReportFilter = {}): Promise<Overview> {
  return structuredClone(
    await cachedRead(db, `overview ${JSON.stringify(filter)}`, () => computeOverview(db, filter))
  )
}

/** The overview straight from the tables (what `overview` keeps). */
export async function computeOverview(db: Db, filter: ReportFilter = {}): Promise<Overview> {
  const rs = await reviewState(db)
  const f = filterSql(filter, { lean: true, dismissed: rs.dismissed })
  // Per year: the totals are the sums of the years. From the summary rows when the filter allows
  // (store/year-stats.ts), else one pass over the reports (bench/, issue #8).
  const ys = yearStatsWhere(filter, rs.dismissed)
  const perYear = ys
    ? await db.all<Record<string, number | null> & { year: number | null }>(
        `SELECT NULLIF(y.year_key, -1) AS year, sum(y.reports) AS reports,
           sum(CASE WHEN y.has_agency = 0 OR y.year_key = -1 THEN y.reports ELSE 0 END) AS unrecognised,
           sum(CASE WHEN y.has_agency = 1 AND y.year_key <> -1 AND y.superseded <> 0 THEN y.reports ELSE 0 END) AS dups,
           sum(y.reports - y.with_errors - y.with_warnings) AS s_clean, sum(y.with_warnings) AS s_warn,
           sum(y.with_errors) AS s_err, sum(y.fe) AS fe, sum(y.fw) AS fw, sum(y.fi) AS fi,
           sum(y.fe + y.fw + y.fi) AS n_all,
           ${UNRECOGNISED_PARTS('(y.has_agency = 0 OR y.year_key = -1)', {
             clean: 'y.reports - y.with_errors - y.with_warnings',
             warn: 'y.with_warnings',
             err: 'y.with_errors',
             fe: 'y.fe',
             fw: 'y.fw',
             fi: 'y.fi'
           })}
         FROM year_stats y WHERE ${ys.with} GROUP BY y.year_key HAVING sum(y.reports) > 0 ORDER BY y.year_key`,
        ys.params
      )
    : await db.all<Record<string, number | null> & { year: number | null }>(
        `${f.with} SELECT year, count(*) AS reports,
           sum(agency_key IS NULL OR year IS NULL) AS unrecognised,
           sum(agency_key IS NOT NULL AND year IS NOT NULL AND superseded <> 0) AS dups,
           sum(status = 'clean') AS s_clean, sum(status = 'warnings') AS s_warn, sum(status = 'errors') AS s_err,
           sum(e) AS fe, sum(w) AS fw, sum(i) AS fi, sum(n_all) AS n_all,
           ${UNRECOGNISED_PARTS('(agency_key IS NULL OR year IS NULL)', {
             clean: "status = 'clean'",
             warn: "status = 'warnings'",
             err: "status = 'errors'",
             fe: 'e',
             fw: 'w',
             fi: 'i'
           })}
         FROM fr GROUP BY year ORDER BY year`,
        f.params
      )
  const t: Record<string, number> = {}
  for (const y of perYear)
    for (const [k, v] of Object.entries(y)) if (k !== 'year') t[k] = (t[k] ?? 0) + (v ?? 0)
  const agencies = await db.get<{ n: number }>(
    `${f.with} SELECT count(*) AS n FROM (SELECT agency_key FROM fr WHERE agency_key IS NOT NULL GROUP BY agency_key)`,
    f.params
  )
  const removed = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM reports WHERE status = 'removed'`
  )
  // Findings are far fewer than reports: they are read once, kept when their report is in fr (an
  // id set built from the covering index), then counted per rule and per group in one statement.
  const counted = await db.all<{
    kind: 'rule' | 'group'
    k: string
    severity: Severity | null
    n: number
    reports: number
  }>(
    `${f.with}, open_f AS MATERIALIZED (
       SELECT fi.report_id, fi.rule, fi.severity FROM findings fi
       WHERE fi.report_id IN (SELECT id FROM fr) AND fi.id NOT IN (SELECT id FROM dis_f))
     SELECT 'rule' AS kind, rule AS k, severity, count(*) AS n, count(DISTINCT report_id) AS reports
       FROM open_f GROUP BY rule, severity
     UNION ALL
     SELECT 'group', substr(rule, 1, 1), NULL, count(*),
       count(DISTINCT CASE WHEN severity <> 'info' THEN report_id END) FROM open_f GROUP BY 2`,
    f.params
  )
  const byRule = counted
    .filter(c => c.kind === 'rule')
    .map(c => ({ rule: c.k as RuleId, severity: c.severity!, n: c.n, reports: c.reports }))
    .sort((a, b) => b.n - a.n || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
  // A group's 涉及报告: reports with an error or warning of it, the two counts its row shows (a
  // report with only 提示 counted, and the numbers did not add up; issue #22).
  const groupReports = counted
    .filter(c => c.kind === 'group')
    .map(c => ({ g: c.k, reports: c.reports }))
  // 已确认 / 已忽略 count the decisions on deleted files' reports too (a confirmed problem stays
  // confirmed when the file goes; issue #22); 待审 is over the current reports only.
  const decisions = rs.any
    ? await decisionCounts(db, { ...filter, includeRemoved: true }, rs.dismissed)
    : []
  const current = !rs.any
    ? []
    : filter.includeRemoved
      ? decisions
      : await decisionCounts(db, filter, rs.dismissed)
  const n = (k: string): number => t[k] ?? 0
  const confirmed = decisions.find(d => d.decision === 'confirmed')?.n ?? 0
  const dismissed = decisions.find(d => d.decision === 'dismissed')?.n ?? 0
  const decidedNow = current.reduce((m, d) => m + d.n, 0)
  const byGroup = RULE_GROUPS.map(group => {
    const findings = { error: 0, warning: 0, info: 0 }
    for (const r of byRule) if (ruleGroup(r.rule) === group) findings[r.severity] += r.n
    return { group, findings, reports: groupReports.find(g => g.g === group)?.reports ?? 0 }
  })
  // With a roster only: without one the overview is as it always was.
  const coverage = await coverageSummary(db, filter)
  return {
    ...(coverage ? { coverage } : {}),
    counts: {
      agencies: agencies?.n ?? 0,
      reports: n('reports') - n('unrecognised'),
      duplicates: n('dups'),
      years: perYear.flatMap(y => (y.year === null ? [] : [y.year])),
      unrecognised: n('unrecognised'),
      removed: removed?.n ?? 0
    },
    reportsByStatus: {
      clean: n('s_clean') - n('u_clean'),
      warnings: n('s_warn') - n('u_warn'),
      errors: n('s_err') - n('u_err')
    },
    findings: {
      error: n('fe') - n('u_fe'),
      warning: n('fw') - n('u_fw'),
      info: n('fi') - n('u_fi')
    },
    byGroup,
    byRule: byRule.map(r => ({
      rule: r.rule,
      severity: r.severity,
      findings: r.n,
      reports: r.reports
    })),
    reviews: {
      confirmed,
      // Counted over open findings only when dismissed ones are filtered out.
      dismissed,
      pending: Math.max(0, n('n_all') - decidedNow)
    },
    reviewProgress: await reviewProgress(db, filter)
  }
}

/**
 * Review decisions on the findings of the filtered reports, read from the reviews (few) towards the
 * reports: an agency-year subject through the (agency_key, year) index, a file subject through the
 * few reports without agency or year. Same matching as FR_SUBJECT.
 */
async function decisionCounts(
  db: Db,
  filter: ReportFilter,
  dismissed: boolean
): Promise<{ decision: ReviewDecisionKind; n: number }[]> {
  const f = filterSql(filter, { dismissed })
  return db.all(
    `${f.with}, matched AS (
       SELECT v.decision FROM reviews v
         JOIN fr ON fr.agency_key = v.agency_key AND fr.year = v.year
           AND v.subject = 'a:' || fr.agency_key || ':' || fr.year
         JOIN findings fi ON fi.report_id = fr.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key
       WHERE v.subject LIKE 'a:%'
       UNION ALL
       SELECT v.decision FROM fr
         JOIN reviews v ON v.subject = 'f:' || fr.root || '|' || fr.path
         JOIN findings fi ON fi.report_id = fr.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key
       WHERE fr.agency_key IS NULL OR fr.year IS NULL)
     SELECT decision, count(*) AS n FROM matched GROUP BY decision`,
    f.params
  )
}

/** The reports a matrix cell or an agency's trend shows: one per agency-year. */
export const SHOWN = `agency_key IS NOT NULL AND year IS NOT NULL AND superseded = 0`

const PINYIN = new Intl.Collator('zh-CN-u-co-pinyin')

/**
 * `sort`: 'name' (the default, by the name's characters), 'pinyin' (拼音), 'problems' (most open
 * errors, then warnings, over the filtered years, first), or 'roster' (the roster's order; 拼音
 * without a roster).
 */
export async function matrix(
  db: Db,
  filter: ReportFilter,
  page: PageArgs,
  sort: MatrixSort = 'name'
): Promise<Matrix> {
  // With a roster the rows are its units (those with no report too), then the unlisted agencies.
  const withRoster = await rosterMatrix(db, filter, page, sort)
  if (withRoster) return withRoster
  // No roster to keep the order of: 拼音, as a supervisor reads a list of names.
  const order = sort === 'roster' ? 'pinyin' : sort
  // Reports of deleted files too: an agency whose file was deleted stayed out of the matrix as if
  // it had never reported (issue #22). Its cell says 已删除; a current report wins the cell.
  const f = filterSql(
    { ...filter, includeRemoved: true },
    { lean: true, dismissed: (await reviewState(db)).dismissed }
  )
  // The years and every agency's key in the matrix's order, once per filter and sort while the
  // data stays the same (read-cache.ts): paging through the matrix then costs only the page.
  const { years, all } = await cachedRead(
    db,
    `matrix ${JSON.stringify([filter, order])}`,
    async () => ({
      years: (
        await db.all<{ year: number }>(
          `${f.with} SELECT year FROM fr WHERE ${SHOWN} GROUP BY year ORDER BY year`,
          f.params
        )
      ).map(y => y.year),
      all: await matrixOrder(db, f, order)
    })
  )
  const agencies = await matrixAgencies(db, f, all.slice(page.offset, page.offset + page.limit))
  const total = all.length
  const keys = agencies.map(a => a.key)
  const cells = keys.length
    ? await db.all<{
        agency_key: string
        year: number
        id: number
        status: ReportStatus
        e: number
        w: number
        superseded: number
        file_status: string
      }>(
        `${f.with} SELECT agency_key, year, id, status, e, w, superseded, file_status FROM fr
         WHERE agency_key IN (${keys.map(() => '?').join(',')}) AND year IS NOT NULL`,
        [...f.params, ...keys]
      )
    : []
  const byCell = new Map<string, MatrixCell>()
  const shownCurrent = new Set<string>()
  for (const c of cells) {
    const k = `${c.agency_key}\0${c.year}`
    const cell = byCell.get(k) ?? emptyCell(c.year)
    if (c.file_status === 'removed') {
      if (!shownCurrent.has(k) && cell.reportId === null)
        Object.assign(cell, { reportId: c.id, removed: true })
    } else {
      cell.duplicates++
      if (!c.superseded) {
        Object.assign(cell, {
          status: c.status,
          reportId: c.id,
          errors: c.e,
          warnings: c.w,
          removed: false
        })
        shownCurrent.add(k)
      }
    }
    byCell.set(k, cell)
  }
  return {
    years,
    rows: agencies.map(a => ({
      agencyKey: a.key,
      name: a.name,
      level: a.level,
      cells: years.map(y => {
        const cell = byCell.get(`${a.key}\0${y}`) ?? emptyCell(y)
        // `duplicates` counts reports beyond the one shown.
        return { ...cell, duplicates: Math.max(0, cell.duplicates - 1) }
      })
    })),
    total,
    offset: page.offset
  }
}

type AgencyRow = { key: string; name: string; level: AgencyLevel }

/** The matrix's agencies under `f`: all of them, or those of `keys`. */
function matrixGrouped(f: { with: string }, keys?: string[]): string {
  const only = keys ? `AND agency_key IN (${keys.map(() => '?').join(',')})` : ''
  return `${f.with}, g AS (SELECT agency_key, max(agency_name) AS parsed, sum(e) AS e, sum(w) AS w
       FROM fr WHERE ${SHOWN} ${only} GROUP BY agency_key)`
}

/**
 * The key of every agency with a shown report under `f`, in the matrix's order for `sort`; as one
 * JSON row (a row per agency costs more in node-sqlite3 than the grouping).
 */
async function matrixOrder(
  db: Db,
  f: { with: string; params: SqlValue[] },
  sort: Exclude<MatrixSort, 'roster'>
): Promise<string[]> {
  const from = `FROM g LEFT JOIN agencies a ON a.key = g.agency_key`
  const name = 'COALESCE(a.name, g.parsed)'
  if (sort === 'pinyin') {
    // SQLite orders by code point (安 after 中); 拼音 needs ICU's collation, so the names (one row
    // per agency) are sorted here.
    const all = await db.all<{ key: string; name: string }>(
      `${matrixGrouped(f)} SELECT g.agency_key AS key, ${name} AS name ${from}`,
      f.params
    )
    all.sort((x, y) => PINYIN.compare(x.name, y.name) || (x.key < y.key ? -1 : 1))
    return all.map(a => a.key)
  }
  const order =
    sort === 'problems' ? `g.e DESC, g.w DESC, ${name}, g.agency_key` : `${name}, g.agency_key`
  const row = await db.get<{ keys: string }>(
    `${matrixGrouped(f)} SELECT json_group_array(g.agency_key ORDER BY ${order}) AS keys ${from}`,
    f.params
  )
  return JSON.parse(row?.keys ?? '[]') as string[]
}

/** Name and level of the page's agencies, in the page's order. */
async function matrixAgencies(
  db: Db,
  f: { with: string; params: SqlValue[] },
  keys: string[]
): Promise<AgencyRow[]> {
  if (keys.length === 0) return []
  const rows = await db.all<AgencyRow>(
    `${matrixGrouped(f, keys)} SELECT g.agency_key AS key, COALESCE(a.name, g.parsed) AS name,
       COALESCE(a.level, 'department') AS level
     FROM g LEFT JOIN agencies a ON a.key = g.agency_key`,
    [...f.params, ...keys]
  )
  const byKey = new Map(rows.map(r => [r.key, r]))
  return keys.flatMap(k => byKey.get(k) ?? [])
}

function emptyCell(year: number): MatrixCell {
  const status: CellStatus = 'none'
  return { year, status, reportId: null, errors: 0, warnings: 0, duplicates: 0, removed: false }
}
