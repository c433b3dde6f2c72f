/**
 * The screens' kept reads (store/queries/read-cache.ts: the overview, the matrix's and the agency
 * list's ordered agencies, a report list's order) answer exactly what a computation from the
 * tables answers, after every kind of write: decisions, merges, levels, roster edits, a file read
 * again, a file deleted, and a write by another connection. The service's connection keeps its
 * reads warm between the steps; the straight answer comes from a new connection (nothing kept).
 */
import { promises as fs, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ReportFilter, Result } from '../src/shared/api'
import { generateCorpus } from '../bench/generate'
import { auditFolder } from '../src/core/pipeline/index'
import { createService, type Service } from '../src/core/service/index'
import { Db } from '../src/core/store/db'
import { openStore } from '../src/core/store/index'
import { listAgencies } from '../src/core/store/queries/agencies'
import { computeOverview, matrix } from '../src/core/store/queries/overview'
import { adjacentReports, listReports } from '../src/core/store/queries/reports'

const dirs: string[] = []
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })))

const FILTERS: ReportFilter[] = [
  {},
  { years: [2022], severity: 'error' },
  { pending: true },
  { search: '民政局' }
]
const AGENCY_SORT = { key: 'agency', dir: 'asc' } as const

/** The screens' reads, from the service (kept) or straight from a connection's tables. */
interface Reads {
  overview(f: ReportFilter): Promise<unknown>
  matrix(f: ReportFilter, offset: number, sort: 'name' | 'pinyin' | 'problems'): Promise<unknown>
  agencies(f: ReportFilter, offset: number, errors: boolean): Promise<unknown>
  reports(f: ReportFilter, offset: number, byAgency: boolean): Promise<unknown>
  adjacent(id: number, f: ReportFilter): Promise<unknown>
}

const value = async <T>(r: Promise<Result<T>>): Promise<T> => {
  const x = await r
  if (!x.ok) throw new Error(x.error.message)
  return x.value
}

function serviceReads(s: Service): Reads {
  return {
    overview: f => value(s.getOverview({ filter: f })),
    matrix: (f, offset, sort) =>
      value(s.getMatrix({ filter: f, page: { offset, limit: 7 }, sort })),
    agencies: (f, offset, errors) =>
      value(
        s.listAgencies({
          filter: f,
          page: { offset, limit: 7 },
          ...(errors ? { sort: { key: 'errors', dir: 'desc' } } : {})
        })
      ),
    reports: (f, offset, byAgency) =>
      value(
        s.listReports({
          filter: f,
          page: { offset, limit: 9 },
          ...(byAgency ? { sort: AGENCY_SORT } : {})
        })
      ),
    adjacent: (id, f) => value(s.getAdjacentReports({ id, filter: f, sort: AGENCY_SORT }))
  }
}

function straightReads(db: Db): Reads {
  return {
    overview: f => computeOverview(db, f),
    matrix: (f, offset, sort) => matrix(db, f, { offset, limit: 7 }, sort),
    agencies: (f, offset, errors) =>
      listAgencies(db, {
        filter: f,
        page: { offset, limit: 7 },
        ...(errors ? { sort: { key: 'errors', dir: 'desc' } } : {})
      }),
    reports: (f, offset, byAgency) =>
      listReports(db, {
        filter: f,
        page: { offset, limit: 9 },
        ...(byAgency ? { sort: AGENCY_SORT } : {})
      }),
    adjacent: (id, f) => adjacentReports(db, { id, filter: f, sort: AGENCY_SORT })
  }
}

async function everything(r: Reads, ids: number[]): Promise<unknown[]> {
  const out: unknown[] = []
  for (const f of FILTERS) {
    out.push(await r.overview(f))
    for (const sort of ['name', 'pinyin', 'problems'] as const)
      for (const offset of [0, 5]) out.push(await r.matrix(f, offset, sort))
    for (const offset of [0, 4]) {
      out.push(await r.agencies(f, offset, false))
      out.push(await r.agencies(f, offset, true))
    }
    for (const offset of [0, 11]) {
      out.push(await r.reports(f, offset, false))
      out.push(await r.reports(f, offset, true))
    }
    for (const id of ids) out.push(await r.adjacent(id, f))
  }
  return out
}

describe('kept screen reads', () => {
  it('answer what the tables answer after every kind of write', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-qcache-'))
    dirs.push(dir)
    const root = path.join(dir, 'corpus')
    const m = generateCorpus({ reports: 180, out: root, seed: 7, defectRate: 0.5 })
    const dbPath = path.join(dir, 'db.sqlite')
    const pre = await openStore(dbPath)
    await auditFolder(root, pre)
    await pre.close()

    const s = createService({ dbPath, autoWatch: false })
    dirs.push(dir)
    try {
      expect((await s.ready()).ok).toBe(true)
      await value(s.addWatchedFolder({ path: root }))
      await s.whenIdle()
      const kept = serviceReads(s)
      const list = await value(s.listReports({ page: { offset: 0, limit: 500 } }))
      expect(list.total).toBe(m.reports)
      const ids = [list.items[0]!.id, list.items[40]!.id, list.items[120]!.id]

      const same = async (step: string): Promise<void> => {
        // Twice from the service: the second answer is the kept one.
        await everything(kept, ids)
        const fromService = await everything(kept, ids)
        const db = await Db.open(dbPath)
        try {
          expect(fromService, step).toEqual(await everything(straightReads(db), ids))
        } finally {
          await db.close()
        }
      }
      await same('after the ingest')

      // Decisions: a confirmation, then a dismissal (it changes the open counts everywhere).
      const withFindings = list.items.filter(r => r.findings.error + r.findings.warning > 0)
      expect(withFindings.length).toBeGreaterThan(3)
      const firstFinding = async (id: number): Promise<string> =>
        (await value(s.getReport({ id }))).findings.find(f => f.severity !== 'info')!.key
      const a = withFindings[0]!.id
      await value(s.setReview({ reportId: a, key: await firstFinding(a), decision: 'confirmed' }))
      await same('after a confirmation')
      const b = withFindings[1]!.id
      await value(s.setReview({ reportId: b, key: await firstFinding(b), decision: 'dismissed' }))
      await same('after a dismissal')
      await value(s.setReview({ reportId: a, key: await firstFinding(a), decision: null }))
      await same('after a decision cleared')

      // A merge and a level.
      const agencies = await value(s.listAgencies({ page: { offset: 0, limit: 100 } }))
      const [into, from] = [agencies.items[2]!.key, agencies.items[3]!.key]
      await value(s.mergeAgencies({ into, from: [from] }))
      await same('after a merge')
      await value(s.setAgencyLevel({ key: agencies.items[5]!.key, level: 'township' }))
      await same('after a level edit')

      // Roster edits: the matrix and the overview switch to the roster's views.
      await value(s.addRosterUnit({ name: agencies.items[6]!.name, region: '东区' }))
      await same('after a roster unit added')
      const units = await value(s.getRoster())
      await value(s.updateRosterUnit({ id: units[0]!.id, region: '西区' }))
      await same('after a roster unit edited')
      await value(s.clearRoster())
      await same('after the roster cleared')

      // A file read again (new content) and a file deleted.
      const changed = m.entries.find(e => e.file.endsWith('.txt'))!
      const abs = path.join(root, changed.file)
      const text = await fs.readFile(abs)
      await fs.writeFile(abs, Buffer.concat([text, Buffer.from('\n')]))
      await value(s.rescan({ path: root }))
      await s.whenIdle()
      await same('after a file was read again')
      await fs.rm(path.join(root, m.entries[30]!.file))
      await value(s.rescan({ path: root }))
      await s.whenIdle()
      await same('after a file was deleted')

      // Another connection writes (a CLI run on the same database): data_version moves. A
      // decision, so the service's own watcher has nothing to do.
      const c = withFindings[2]!.id
      const f = (await value(s.getReport({ id: c }))).findings.find(x => x.severity !== 'info')!
      const other = await openStore(dbPath)
      try {
        await other.setDecision({
          reportId: c,
          rule: f.rule,
          locKey: f.locKey,
          decision: 'dismissed'
        })
      } finally {
        await other.close()
      }
      await same('after another connection wrote')
      // And the copy handed out is the caller's own.
      const o = (await kept.overview({})) as { counts: { reports: number } }
      o.counts.reports = -1
      expect(
        ((await kept.overview({})) as { counts: { reports: number } }).counts.reports
      ).not.toBe(-1)
    } finally {
      await s.close()
    }
  }, 600_000)
})
