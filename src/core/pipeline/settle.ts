/**
 * Recomputes duplicate (M02), cross-year (Y01–Y04) and copied-text (Y05, pipeline/copies.ts) findings for the agency-years marked dirty
 * by ingest, removal or an alias merge — only those years and their next year, never the whole
 * collection. Agencies are settled up to 50 at a time, each group in one transaction with a few
 * statements for the whole group (one per agency-year made settling 100,000 reports take minutes:
 * bench/, issue #8); the group's dirty marks are cleared in the same transaction. Y05 follows once
 * every group is settled (pipeline/copies.ts settleDueCopies): each group marks its reports' Y05
 * due (store/copies.ts copy_due) in its transaction. Settled inside each group, Y05 asked the index
 * and SQLite a dozen times a group, 2,000 groups at 100,000 reports, and saw the M02 decisions of
 * the groups before it only.
 */
import type { ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { duplicateFinding, evaluateYears, M02_LISTED, yearInput } from '../rules/index'
import type { YearInput } from '../../shared/model'
import type { Db } from '../store/db'
import { findingRows } from '../store/findings'
import { getRuleSettings } from '../store/settings'
import {
  agencyReports,
  dirtyAgencies,
  dirtyCount,
  dirtyYears,
  writeSettlement,
  yearRows,
  type Settlement
} from '../store/settle-rows'
import { settleDueCopies } from './copies'
import { KEY_AHEAD, keyAhead } from './copy-index'
import { anyCopiesDue, markCopiesDue } from '../store/copies'
import { decodeReport, decodeYear, type StoredReport } from '../store/report-codec'
import { type Logger } from '../logger'

interface AgencyReport {
  id: number
  year: number
  status: 'current' | 'removed'
  path: string
  mtimeMs: number
}

/** A row from before schema 5 holds the whole report, its cell lines included. */
function oldRow(r: StoredReport): ParsedReport {
  return { ...r, cellLines: r.cellLines ?? {} }
}

/** Settles every dirty agency-year. Returns the number of agencies re-evaluated. */
export async function settleDirty(db: Db, logger: Logger): Promise<number> {
  let settled = 0
  const copies = (await getRuleSettings(db)).checks.Y05
  for (;;) {
    const agencies = await dirtyAgencies(db, 50)
    if (agencies.length === 0) break
    // Y05's stale buckets (after a first ingest: all) made in a worker while the groups run here.
    // With every report's pairs compared there too when the settle is large (a first ingest): a
    // few reports' pairs are walked here in milliseconds.
    if (copies && settled === 0)
      await keyAhead(db, { logger, pairs: (await dirtyCount(db)) >= KEY_AHEAD })
    await db.transaction(() => settleAgencies(db, agencies, logger, copies))
    settled += agencies.length
  }
  // Also what a settle cut short left due (Y05 switched off: setChecks drops the marks).
  if (copies && (settled > 0 || (await anyCopiesDue(db)))) await settleDueCopies(db)
  return settled
}

/** Decisions for a group of agencies, written with a few statements at the end. */
interface Plan extends Settlement {
  /** Cross-year comparisons to make once the reports' JSON is loaded. */
  pairs: { prev: AgencyReport; cur: AgencyReport }[]
}

async function settleAgencies(
  db: Db,
  agencyKeys: string[],
  logger: Logger,
  copies: boolean
): Promise<void> {
  const dirtyRows = await dirtyYears(db, agencyKeys)
  const reportRows = await agencyReports(db, agencyKeys)
  const plan: Plan = {
    dupDeletes: [],
    yearDeletes: [],
    superseded: new Map(),
    inserts: [],
    touched: new Set(),
    pairs: []
  }
  for (const key of agencyKeys) {
    planAgency(
      plan,
      dirtyRows.filter(r => r.agency_key === key).map(r => r.year),
      reportRows.filter(r => r.agencyKey === key)
    )
  }

  // Y rules need the parsed reports of both years: loaded in one go for the whole group.
  const need = [...new Set(plan.pairs.flatMap(p => [p.prev.id, p.cur.id]))]
  const inputs = new Map<number, YearInput>()
  for (const r of await yearRows(db, need)) {
    inputs.set(
      r.id,
      r.year_json !== null
        ? decodeYear(r.year_json, r.tables_json)
        : yearInput(oldRow(decodeReport(r.report_json!, r.tables_json!)), r.problems_text)
    )
  }
  for (const { prev, cur } of plan.pairs) {
    const [p, c] = [inputs.get(prev.id), inputs.get(cur.id)]
    if (!p || !c) continue
    let found: Finding[] = []
    try {
      found = evaluateYears(p, c)
    } catch (err) {
      logger.error(
        `跨年度检查出错：${cur.path}：${err instanceof Error ? err.message : String(err)}`
      )
    }
    plan.inserts.push(...findingRows(cur.id, 'years', found))
  }

  await writeSettlement(db, agencyKeys, plan)
  // Y05 of the reports whose cross-year findings were cleared: due once every group is settled.
  if (copies) await markCopiesDue(db, plan.yearDeletes)
}

function planAgency(plan: Plan, dirtyYears: number[], reports: AgencyReport[]): void {
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
    for (const r of list) {
      plan.dupDeletes.push(r.id)
      plan.touched.add(r.id)
      plan.superseded.set(r.id, r.status === 'current' && r !== live[0] ? 1 : 0)
    }
    if (live.length < 2) continue
    // The newest others are enough to name: the message lists a few and counts the rest.
    const head = live.slice(0, M02_LISTED + 1)
    for (const self of live) {
      const others = head
        .filter(o => o !== self)
        .slice(0, M02_LISTED)
        .map(o => ({ file: o.path, mtimeMs: o.mtimeMs }))
      plan.inserts.push(
        ...findingRows(self.id, 'duplicate', [
          duplicateFinding({ file: self.path, mtimeMs: self.mtimeMs }, others, live.length)
        ])
      )
    }
  }

  // Y rules: a dirty year is re-checked against its previous year, and the next year against it.
  const curYears = new Set<number>()
  for (const y of dirtyYears) curYears.add(y).add(y + 1)
  for (const year of curYears) {
    const list = byYear.get(year) ?? []
    if (list.length === 0) continue
    for (const r of list) {
      plan.yearDeletes.push(r.id)
      plan.touched.add(r.id)
    }
    const cur = currentOf.get(year)
    const prev = currentOf.get(year - 1)
    if (cur && prev) plan.pairs.push({ prev, cur })
  }
}
