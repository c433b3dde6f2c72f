/**
 * Stored findings. `source` separates what the single-report rules produced (replaced only when the
 * file changes) from cross-year (Y) and duplicate (M02) findings, which are recomputed when a
 * neighbouring report changes.
 */
import type { FindingSource } from '../../shared/api'
import type { Finding, RuleId, Severity } from '../../shared/rules'
import type { TableKey } from '../../shared/template'
import type { Db, SqlValue } from './db'

/**
 * The location a review decision is attached to: table/row/column/group/section. Before issue #22
 * this alone keyed a decision, and two findings of one rule at one place shared it (real 042: six
 * S02 section titles at no table cell; real 041: two T03 rows "数量").
 */
export function locationKey(f: Finding): string {
  return [f.table ?? '', f.row ?? '', f.column ?? '', f.group ?? '', f.section ?? ''].join('/')
}

/**
 * What tells two findings of one rule at one location apart: the texts they quote (a section
 * title as written, a row label). Numbers are left out: a corrected figure is the same finding,
 * and its decision should follow it ('reattached'), not be orphaned. Line numbers are left out
 * too: a line added above would move every key below it.
 */
function distinction(f: Pick<Finding, 'expected' | 'actual'>): string {
  const e = typeof f.expected === 'string' ? f.expected : ''
  const a = typeof f.actual === 'string' ? f.actual : ''
  return e === '' && a === '' ? '' : `|${e}→${a}`
}

/**
 * Each finding's stored key (findings.loc_key, reviews.loc_key): its location, what it quotes,
 * and, for findings still alike in both (two rows both labelled "数量"), its place among them
 * (#2, #3…) in the order the rules found them. Computed over the findings of one report and one
 * source, as they are stored; schema.ts migration 8 computes the same in SQL for old rows.
 */
export function findingKeys(findings: Finding[]): string[] {
  const seen = new Map<string, number>()
  return findings.map(f => {
    const base = `${f.rule}\u0000${locationKey(f)}${distinction(f)}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return `${locationKey(f)}${distinction(f)}${n > 1 ? `#${n}` : ''}`
  })
}

export interface FindingRow {
  id: number
  reportId: number
  source: FindingSource
  rule: RuleId
  severity: Severity
  message: string
  locKey: string
  lines_json: string | null
  tbl: TableKey | null
  row_key: string | null
  column_key: string | null
  group_key: string | null
  section: number | null
  expected_json: string | null
  actual_json: string | null
}

const FINDING_COLUMNS = `f.id, f.report_id AS reportId, f.source, f.rule, f.severity, f.message,
  f.loc_key AS locKey, f.lines_json, f.tbl, f.row_key, f.column_key, f.group_key, f.section,
  f.expected_json, f.actual_json`

export const FINDING_INSERT = `INSERT INTO findings (report_id, source, seq, rule, severity, message, loc_key, lines_json, tbl,
      row_key, column_key, group_key, section, expected_json, actual_json)`

export async function insertFindings(
  db: Db,
  reportId: number,
  source: FindingSource,
  findings: Finding[]
): Promise<void> {
  await db.runBatched(FINDING_INSERT, findingRows(reportId, source, findings))
}

/** The findings table's rows for one report (shared with the batched ingest writer). */
export function findingRows(
  reportId: number,
  source: FindingSource,
  findings: Finding[]
): SqlValue[][] {
  const keys = findingKeys(findings)
  return findings.map((f, seq) => [
    reportId,
    source,
    seq,
    f.rule,
    f.severity,
    f.message,
    keys[seq]!,
    f.lines === undefined ? null : JSON.stringify(f.lines),
    f.table ?? null,
    f.row ?? null,
    f.column ?? null,
    f.group ?? null,
    f.section ?? null,
    f.expected === undefined ? null : JSON.stringify(f.expected),
    f.actual === undefined ? null : JSON.stringify(f.actual)
  ])
}

export async function deleteFindings(
  db: Db,
  reportIds: number[],
  source: FindingSource
): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500) {
    const chunk = reportIds.slice(i, i + 500)
    await db.run(
      `DELETE FROM findings WHERE source = ? AND report_id IN (${chunk.map(() => '?').join(',')})`,
      [source, ...chunk]
    )
  }
}

/** One rule's findings of these reports (Y05 of a partner, whose other findings stand). */
export async function deleteRuleFindings(
  db: Db,
  reportIds: number[],
  source: FindingSource,
  rule: RuleId
): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500) {
    const chunk = reportIds.slice(i, i + 500)
    await db.run(
      `DELETE FROM findings WHERE source = ? AND rule = ? AND report_id IN (${chunk.map(() => '?').join(',')})`,
      [source, rule, ...chunk]
    )
  }
}

/** Keeps the per-report severity counts (used by lists and the overview) in step. */
export async function refreshCounts(db: Db, reportIds: number[]): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500) {
    const chunk = reportIds.slice(i, i + 500)
    // Only rows whose counts change are written: SQLite rewrites a whole row (its JSON included)
    // on any UPDATE, and settling mostly confirms counts (bench/, issue #8).
    await db.run(
      `WITH c AS (
         SELECT r.id,
           (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'error') AS e,
           (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'warning') AS w,
           (SELECT count(*) FROM findings f WHERE f.report_id = r.id AND f.severity = 'info') AS i
         FROM reports r WHERE r.id IN (${chunk.map(() => '?').join(',')}))
       UPDATE reports SET n_error = c.e, n_warning = c.w, n_info = c.i FROM c
       WHERE reports.id = c.id AND (reports.n_error IS NOT c.e OR reports.n_warning IS NOT c.w OR reports.n_info IS NOT c.i)`,
      chunk
    )
  }
}

/** Row → Finding with keys in cli.md's order, absent keys omitted. */
export function toFinding(r: FindingRow): Finding {
  const f: Finding = { rule: r.rule, severity: r.severity, message: r.message }
  if (r.lines_json !== null) f.lines = JSON.parse(r.lines_json) as number[]
  if (r.tbl !== null) f.table = r.tbl
  if (r.row_key !== null) f.row = r.row_key
  if (r.column_key !== null) f.column = r.column_key
  if (r.group_key !== null) f.group = r.group_key
  if (r.section !== null) f.section = r.section
  if (r.expected_json !== null) f.expected = JSON.parse(r.expected_json) as Finding['expected']
  if (r.actual_json !== null) f.actual = JSON.parse(r.actual_json) as Finding['actual']
  return f
}

/** Findings of many reports, in stored order (report rules, then cross-year, then duplicates). */
export async function findingsOf(db: Db, reportIds: number[]): Promise<Map<number, FindingRow[]>> {
  const out = new Map<number, FindingRow[]>()
  for (let i = 0; i < reportIds.length; i += 500) {
    const chunk = reportIds.slice(i, i + 500)
    const rows = await db.all<FindingRow>(
      `SELECT ${FINDING_COLUMNS} FROM findings f WHERE f.report_id IN (${chunk.map(() => '?').join(',')})
       ORDER BY f.report_id, CASE f.source WHEN 'report' THEN 0 WHEN 'years' THEN 1 ELSE 2 END, f.seq`,
      chunk
    )
    for (const r of rows) {
      const list = out.get(r.reportId)
      if (list) list.push(r)
      else out.set(r.reportId, [r])
    }
  }
  return out
}
