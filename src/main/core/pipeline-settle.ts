/**
 * Recomputes duplicate (M02) and cross-year (Y01–Y04) findings for the agency-years marked dirty
 * by ingest, removal or an alias merge — only those years and their next year, never the whole
 * collection. One transaction per agency; the agency's dirty marks are cleared in it.
 */
import type { ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import type { Logger } from './pipeline-file'
import { duplicateFinding, evaluateYears } from './rules/index'
import type { YearInput } from './rules/context'
import type { Db } from './store/db'
import { deleteFindings, insertFindings, refreshCounts } from './store/findings'

interface AgencyReport {
  id: number
  year: number
  status: 'current' | 'removed'
  path: string
  mtimeMs: number
}

/** Settles every dirty agency-year. Returns the number of agencies re-evaluated. */
export async function settleDirty(db: Db, logger: Logger): Promise<number> {
  let settled = 0
  for (;;) {
    const agencies = await db.all<{ agency_key: string }>(
      'SELECT DISTINCT agency_key FROM dirty ORDER BY agency_key LIMIT 200'
    )
    if (agencies.length === 0) return settled
    for (const { agency_key } of agencies) {
      await db.transaction(() => settleAgency(db, agency_key, logger))
      settled++
    }
  }
}

async function settleAgency(db: Db, agencyKey: string, logger: Logger): Promise<void> {
  const dirtyYears = (
    await db.all<{ year: number }>('SELECT year FROM dirty WHERE agency_key = ?', [agencyKey])
  ).map(r => r.year)
  const reports = await db.all<AgencyReport>(
    `SELECT r.id, r.year, r.status, f.path, f.mtime_ms AS mtimeMs
     FROM reports r JOIN files f ON f.id = r.file_id
     WHERE r.agency_key = ? AND r.year IS NOT NULL`,
    [agencyKey]
  )
  const touched = new Set<number>()
  const byYear = new Map<number, AgencyReport[]>()
  for (const r of reports) {
    const list = byYear.get(r.year)
    if (list) list.push(r)
    else byYear.set(r.year, [r])
  }

  // M02: the newest file (by mtime, then path) is current; every file involved gets the finding.
  const currentOf = new Map<number, AgencyReport>()
  for (const [year, list] of byYear) {
    const live = list
      .filter(r => r.status === 'current')
      .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? -1 : 1))
    if (live[0]) currentOf.set(year, live[0])
    if (!dirtyYears.includes(year)) continue
    const ids = list.map(r => r.id)
    await deleteFindings(db, ids, 'duplicate')
    ids.forEach(id => touched.add(id))
    for (const r of list) {
      await db.run('UPDATE reports SET superseded = ? WHERE id = ?', [r.status === 'current' && r !== live[0] ? 1 : 0, r.id])
    }
    if (live.length < 2) continue
    for (const self of live) {
      const others = live.filter(o => o !== self).map(o => ({ file: o.path, mtimeMs: o.mtimeMs }))
      await insertFindings(db, self.id, 'duplicate', [duplicateFinding({ file: self.path }, others)])
    }
  }

  // Y rules: a dirty year is re-checked against its previous year, and the next year against it.
  const curYears = new Set<number>()
  for (const y of dirtyYears) curYears.add(y).add(y + 1)
  const inputs = new Map<number, YearInput | null>()
  const yearInput = async (r: AgencyReport): Promise<YearInput | null> => {
    if (!inputs.has(r.id)) {
      const row = await db.get<{ report_json: string; problems_text: string }>(
        'SELECT report_json, problems_text FROM reports WHERE id = ?',
        [r.id]
      )
      inputs.set(r.id, row ? { report: JSON.parse(row.report_json) as ParsedReport, problemsText: row.problems_text } : null)
    }
    return inputs.get(r.id) ?? null
  }
  for (const year of curYears) {
    const list = byYear.get(year) ?? []
    if (list.length === 0) continue
    const ids = list.map(r => r.id)
    await deleteFindings(db, ids, 'years')
    ids.forEach(id => touched.add(id))
    const cur = currentOf.get(year)
    const prev = currentOf.get(year - 1)
    if (!cur || !prev) continue
    const [p, c] = [await yearInput(prev), await yearInput(cur)]
    if (!p || !c) continue
    let found: Finding[] = []
    try {
      found = evaluateYears(p, c)
    } catch (err) {
      logger.error(`跨年度检查出错：${cur.path}：${err instanceof Error ? err.message : String(err)}`)
    }
    await insertFindings(db, cur.id, 'years', found)
  }

  await refreshCounts(db, [...touched])
  await db.run('DELETE FROM dirty WHERE agency_key = ?', [agencyKey])
}
