/**
 * The statements of settling (pipeline/settle.ts): which agencies are dirty, their reports, the
 * cross-year slices of those reports, and the group's decisions written with a few statements.
 */
import type { Db, SqlValue } from './db'
import { deleteFindings, FINDING_INSERT, refreshCounts } from './findings'

const inList = (n: number): string => new Array<string>(n).fill('?').join(',')

export interface AgencyReportRow {
  id: number
  year: number
  status: 'current' | 'removed'
  path: string
  mtimeMs: number
  agencyKey: string
}

/** Up to `limit` agencies with dirty years, in key order. */
export async function dirtyAgencies(db: Db, limit: number): Promise<string[]> {
  const rows = await db.all<{ agency_key: string }>(
    'SELECT DISTINCT agency_key FROM dirty ORDER BY agency_key LIMIT ?',
    [limit]
  )
  return rows.map(r => r.agency_key)
}

/** How many agency-years wait to be settled. */
export async function dirtyCount(db: Db): Promise<number> {
  return (await db.get<{ n: number }>('SELECT count(*) AS n FROM dirty'))?.n ?? 0
}

export async function dirtyYears(
  db: Db,
  agencyKeys: string[]
): Promise<{ agency_key: string; year: number }[]> {
  return db.all<{ agency_key: string; year: number }>(
    `SELECT agency_key, year FROM dirty WHERE agency_key IN (${inList(agencyKeys.length)})`,
    agencyKeys
  )
}

/** Every report of the agencies with a year, current or removed, with its file. */
export async function agencyReports(db: Db, agencyKeys: string[]): Promise<AgencyReportRow[]> {
  return db.all<AgencyReportRow>(
    `SELECT r.id, r.year, r.status, f.path, f.mtime_ms AS mtimeMs, r.agency_key AS agencyKey
     FROM reports r JOIN files f ON f.id = r.file_id
     WHERE r.agency_key IN (${inList(agencyKeys.length)}) AND r.year IS NOT NULL`,
    agencyKeys
  )
}

export interface YearRow {
  id: number
  year_json: string | null
  report_json: string | null
  tables_json: string | null
  problems_text: string
}

/**
 * What the cross-year rules read of these reports. year_json is NULL only on rows stored before
 * schema 5: those are read whole. The tables are read only where year_json does not carry the rows
 * it needs (report-codec.ts decodeYear).
 */
export async function yearRows(db: Db, ids: number[]): Promise<YearRow[]> {
  const out: YearRow[] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    out.push(
      ...(await db.all<YearRow>(
        `SELECT id, year_json, CASE WHEN year_json IS NULL THEN report_json END AS report_json,
           CASE WHEN year_json IS NULL OR instr(year_json, '"tables":') = 0 THEN tables_json END AS tables_json, problems_text
         FROM reports WHERE id IN (${inList(chunk.length)})`,
        chunk
      ))
    )
  }
  return out
}

/** A group's decisions: findings dropped and added, superseded flags, counts, dirty marks cleared. */
export interface Settlement {
  dupDeletes: number[]
  yearDeletes: number[]
  superseded: Map<number, 0 | 1>
  inserts: SqlValue[][]
  touched: Set<number>
}

/** Writes a group's decisions. */
export async function writeSettlement(
  db: Db,
  agencyKeys: string[],
  plan: Settlement
): Promise<void> {
  await deleteFindings(db, plan.dupDeletes, 'duplicate')
  await deleteFindings(db, plan.yearDeletes, 'years')
  for (const flag of [0, 1] as const) {
    const ids = [...plan.superseded].filter(([, v]) => v === flag).map(([id]) => id)
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      // Unchanged rows are not rewritten (an UPDATE rewrites the whole row, JSON included).
      await db.run(
        `UPDATE reports SET superseded = ${flag} WHERE superseded != ${flag} AND id IN (${inList(chunk.length)})`,
        chunk
      )
    }
  }
  await db.runBatched(FINDING_INSERT, plan.inserts)
  await refreshCounts(db, [...plan.touched])
  await db.run(`DELETE FROM dirty WHERE agency_key IN (${inList(agencyKeys.length)})`, agencyKeys)
}
