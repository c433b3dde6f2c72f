/** 总览: counts by status, severity, rule group and rule; the agency × year matrix. */
import type {
  AgencyLevel,
  CellStatus,
  Matrix,
  MatrixCell,
  Overview,
  PageArgs,
  ReportFilter,
  ReportStatus
} from '../../../shared/api'
import { RULE_GROUPS, ruleGroup, type RuleId, type Severity } from '../../../shared/rules'
import type { Db } from '../store/db'
import { filterSql } from './filter-sql'

/** A review's subject for a row of fr (see store/reviews.ts subjectKey). */
export const FR_SUBJECT = `CASE WHEN fr.agency_key IS NOT NULL AND fr.year IS NOT NULL
  THEN 'a:' || fr.agency_key || ':' || fr.year ELSE 'f:' || fr.root || '|' || fr.path END`

export async function overview(db: Db, filter: ReportFilter = {}): Promise<Overview> {
  const f = filterSql(filter)
  const t = await db.get<Record<string, number | null>>(
    `${f.with} SELECT count(DISTINCT agency_key) AS agencies, count(*) AS reports,
       sum(agency_key IS NULL OR year IS NULL) AS unrecognised,
       sum(status = 'clean') AS s_clean, sum(status = 'warnings') AS s_warn, sum(status = 'errors') AS s_err,
       sum(e) AS fe, sum(w) AS fw, sum(i) AS fi, sum(n_all) AS n_all
     FROM fr`,
    f.params
  )
  const years = await db.all<{ year: number }>(
    `${f.with} SELECT DISTINCT year FROM fr WHERE year IS NOT NULL ORDER BY year`,
    f.params
  )
  const removed = await db.get<{ n: number }>(`SELECT count(*) AS n FROM reports WHERE status = 'removed'`)
  const byRule = await db.all<{ rule: RuleId; severity: Severity; n: number; reports: number }>(
    `${f.with} SELECT fi.rule, fi.severity, count(*) AS n, count(DISTINCT fi.report_id) AS reports
     FROM findings fi JOIN fr ON fr.id = fi.report_id
     WHERE fi.id NOT IN (SELECT id FROM dis_f)
     GROUP BY fi.rule, fi.severity ORDER BY n DESC, fi.rule`,
    f.params
  )
  const groupReports = await db.all<{ g: string; reports: number }>(
    `${f.with} SELECT substr(fi.rule, 1, 1) AS g, count(DISTINCT fi.report_id) AS reports
     FROM findings fi JOIN fr ON fr.id = fi.report_id
     WHERE fi.id NOT IN (SELECT id FROM dis_f) GROUP BY g`,
    f.params
  )
  const decisions = await db.all<{ decision: 'confirmed' | 'dismissed'; n: number }>(
    `${f.with} SELECT v.decision, count(*) AS n FROM fr JOIN findings fi ON fi.report_id = fr.id
       JOIN reviews v ON v.subject = ${FR_SUBJECT} AND v.rule = fi.rule AND v.loc_key = fi.loc_key
     GROUP BY v.decision`,
    f.params
  )
  const n = (k: string): number => t?.[k] ?? 0
  const confirmed = decisions.find((d) => d.decision === 'confirmed')?.n ?? 0
  const dismissed = decisions.find((d) => d.decision === 'dismissed')?.n ?? 0
  const byGroup = RULE_GROUPS.map((group) => {
    const findings = { error: 0, warning: 0, info: 0 }
    for (const r of byRule) if (ruleGroup(r.rule) === group) findings[r.severity] += r.n
    return { group, findings, reports: groupReports.find((g) => g.g === group)?.reports ?? 0 }
  })
  return {
    counts: {
      agencies: n('agencies'),
      reports: n('reports'),
      years: years.map((y) => y.year),
      unrecognised: n('unrecognised'),
      removed: removed?.n ?? 0
    },
    reportsByStatus: { clean: n('s_clean'), warnings: n('s_warn'), errors: n('s_err') },
    findings: { error: n('fe'), warning: n('fw'), info: n('fi') },
    byGroup,
    byRule: byRule.map((r) => ({ rule: r.rule, severity: r.severity, findings: r.n, reports: r.reports })),
    reviews: {
      confirmed,
      // Counted over open findings only when dismissed ones are filtered out.
      dismissed,
      pending: Math.max(0, n('n_all') - confirmed - dismissed)
    }
  }
}

/** The reports a matrix cell or an agency's trend shows: one per agency-year. */
export const SHOWN = `agency_key IS NOT NULL AND year IS NOT NULL AND superseded = 0`

export async function matrix(db: Db, filter: ReportFilter, page: PageArgs): Promise<Matrix> {
  const f = filterSql(filter)
  const years = (
    await db.all<{ year: number }>(
      `${f.with} SELECT DISTINCT year FROM fr WHERE ${SHOWN} ORDER BY year`,
      f.params
    )
  ).map((y) => y.year)
  const total = await db.get<{ n: number }>(
    `${f.with} SELECT count(DISTINCT agency_key) AS n FROM fr WHERE ${SHOWN}`,
    f.params
  )
  const agencies = await db.all<{ key: string; name: string; level: AgencyLevel }>(
    `${f.with} SELECT fr.agency_key AS key, COALESCE(a.name, max(fr.agency_name)) AS name,
       COALESCE(a.level, 'department') AS level
     FROM fr LEFT JOIN agencies a ON a.key = fr.agency_key WHERE ${SHOWN.replace(/\b(agency_key|year|superseded)\b/g, 'fr.$1')}
     GROUP BY fr.agency_key ORDER BY name, fr.agency_key LIMIT ? OFFSET ?`,
    [...f.params, page.limit, page.offset]
  )
  const keys = agencies.map((a) => a.key)
  const cells = keys.length
    ? await db.all<{ agency_key: string; year: number; id: number; status: ReportStatus; e: number; w: number; superseded: number }>(
        `${f.with} SELECT agency_key, year, id, status, e, w, superseded FROM fr
         WHERE agency_key IN (${keys.map(() => '?').join(',')}) AND year IS NOT NULL`,
        [...f.params, ...keys]
      )
    : []
  const byCell = new Map<string, MatrixCell>()
  for (const c of cells) {
    const k = `${c.agency_key}\0${c.year}`
    const cell = byCell.get(k) ?? emptyCell(c.year)
    cell.duplicates++
    if (!c.superseded) Object.assign(cell, { status: c.status, reportId: c.id, errors: c.e, warnings: c.w })
    byCell.set(k, cell)
  }
  return {
    years,
    rows: agencies.map((a) => ({
      agencyKey: a.key,
      name: a.name,
      level: a.level,
      cells: years.map((y) => {
        const cell = byCell.get(`${a.key}\0${y}`) ?? emptyCell(y)
        // `duplicates` counts reports beyond the one shown.
        return { ...cell, duplicates: Math.max(0, cell.duplicates - 1) }
      })
    })),
    total: total?.n ?? 0,
    offset: page.offset
  }
}

function emptyCell(year: number): MatrixCell {
  const status: CellStatus = 'none'
  return { year, status, reportId: null, errors: 0, warnings: 0, duplicates: 0 }
}
