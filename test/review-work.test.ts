/**
 * The review as work (issue #22): every finding its own key, decisions under the old shared keys
 * carried over, the history kept through re-parses and deletions, old report ids resolving to the
 * file's current report, and decisions shared between two databases with conflicts kept.
 */
import { copyFileSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../src/shared/api'
import { auditFolder } from '../src/core/pipeline/index'
import { decodeStored } from '../src/core/extract/stored-document'
import { silentLogger } from '../src/core/logger'
import type { ServiceContext } from '../src/core/service/context'
import { reviewHandlers } from '../src/core/service/handlers/reviews'
import { sharingHandlers } from '../src/core/service/handlers/sharing'
import { openStore, type Store } from '../src/core/store/index'
import { findingKeys } from '../src/core/store/findings'
import { currentReportId, reportDetail as detailOf } from '../src/core/store/queries/reports'
import { documentBlob } from '../src/core/store/reports'
import { allHistory, historyOfReport } from '../src/core/store/reviews'
import { readUserData, restoreUserData } from '../src/core/store/user-data'
import { REAL, sandbox, type Sandbox } from './helpers/temp-corpus'

const boxes: Sandbox[] = []
afterEach(async () => {
  for (const b of boxes.splice(0)) await b.cleanup()
})

const F041 = '041_shuyang_xzf_2025_markdown.txt'
const F042 = '042_shanghai_kewei_2024_pdf2md.txt'

async function withReal(...files: string[]): Promise<Sandbox> {
  const sb = await sandbox(false)
  boxes.push(sb)
  for (const f of files) copyFileSync(path.join(REAL, f), path.join(sb.folder, f))
  await auditFolder(sb.folder, sb.store)
  return sb
}

async function idOf(store: Store, file: string): Promise<number> {
  const row = await store.db.get<{ id: number }>(
    `SELECT r.id FROM reports r JOIN files f ON f.id = r.file_id WHERE f.path = ? AND r.status = 'current'`,
    [file]
  )
  if (!row) throw new Error(`no report for ${file}`)
  return row.id
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

/** A report as getReport gives it: an old id resolved to the file's current report. */
async function reportDetail(store: Store, asked: number): ReturnType<typeof detailOf> {
  const id = await currentReportId(store.db, asked)
  return id === null
    ? null
    : detailOf(store, id, await decodeStored(await documentBlob(store.db, id)))
}

function handlers(store: Store, now = () => new Date('2026-12-06T10:00:00Z')) {
  const ctx = {
    withStore: fn => fn(store),
    emit: () => undefined,
    now,
    logger: silentLogger
  } as Pick<ServiceContext, 'withStore' | 'emit' | 'now' | 'logger'> as ServiceContext
  return { ...reviewHandlers(ctx), ...sharingHandlers(ctx) }
}

describe('finding keys', () => {
  it('are distinct for every finding of the real reports that shared one (041: two T03 "数量"; 042: six S02)', async () => {
    const sb = await withReal(F041, F042)
    for (const [file, rule] of [
      [F041, 'T03'],
      [F042, 'S02']
    ] as const) {
      const d = (await reportDetail(sb.store, await idOf(sb.store, file)))!
      const keys = d.findings.map(f => f.key)
      expect(new Set(keys).size, file).toBe(keys.length)
      expect(d.findings.filter(f => f.rule === rule).length).toBeGreaterThan(1)
    }
    // One decision decides one finding.
    const id = await idOf(sb.store, F041)
    const d = (await reportDetail(sb.store, id))!
    const twins = d.findings.filter(f => f.rule === 'T03' && f.actual === '数量')
    expect(twins).toHaveLength(2)
    await sb.store.setDecision({
      reportId: id,
      rule: 'T03',
      locKey: twins[0]!.locKey,
      decision: 'confirmed',
      message: twins[0]!.message
    })
    const after = (await reportDetail(sb.store, id))!
    const decided = after.findings
      .filter(f => f.rule === 'T03' && f.actual === '数量')
      .map(f => f.review?.decision ?? null)
    expect(decided).toEqual(['confirmed', null])
  })

  it('list errors first, then warnings, then 提示 (042 has an S05 提示 before its T02 errors in rule order)', async () => {
    const sb = await withReal(F042)
    const d = (await reportDetail(sb.store, await idOf(sb.store, F042)))!
    const rank = { error: 0, warning: 1, info: 2 }
    const ranks = d.findings.map(f => rank[f.severity])
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(d.findings.some(f => f.rule === 'T02')).toBe(true)
  })

  it('are what migration 8 computes in SQL for rows stored before, and old shared decisions carry over to each finding', async () => {
    const sb = await withReal(F041, F042)
    const id41 = await idOf(sb.store, F041)
    const id42 = await idOf(sb.store, F042)
    const legacyKey = (await reportDetail(sb.store, id41))!.findings
      .find(f => f.rule === 'T03' && f.actual === '数量')!
      .locKey.split('|')[0]!
    expect(legacyKey).toBe('applications////')
    const keysNow = await sb.store.db.all<{ id: number; loc_key: string }>(
      'SELECT id, loc_key FROM findings ORDER BY id'
    )
    // Make it a database of schema 7: findings keyed by location only, a decision saved under
    // the shared key (as the old screen saved it), no history.
    const db = sb.store.db
    await db.exec(`
      UPDATE findings SET loc_key = COALESCE(tbl, '') || '/' || COALESCE(row_key, '') || '/' || COALESCE(column_key, '')
        || '/' || COALESCE(group_key, '') || '/' || COALESCE(section, '');
      DROP TABLE review_log; DROP TABLE review_conflicts; DROP TABLE report_moves;
      DROP TRIGGER report_moves_gone; DROP TRIGGER report_moves_reused; DROP TABLE roster_conflicts;
      PRAGMA user_version = 7;`)
    const subject41 = (await db.get<{ s: string }>(
      `SELECT 'a:' || agency_key || ':' || year AS s FROM reports WHERE id = ?`,
      [id41]
    ))!.s
    await db.run(
      `INSERT INTO reviews (subject, agency_key, year, rule, loc_key, decision, note, reviewer, decided_at, sha256, message)
       SELECT ?, agency_key, year, 'T03', ?, 'dismissed', '表头行', '王五', '2026-01-02T03:04:05.000Z', sha256, ''
       FROM reports WHERE id = ?`,
      [subject41, legacyKey, id41]
    )
    await sb.store.close()
    const store = await openStore(sb.dbPath)
    sb.store = store
    expect(await store.db.all('SELECT id, loc_key FROM findings ORDER BY id')).toEqual(keysNow)
    // JS and SQL agree on the keys of real findings.
    for (const id of [id41, id42]) {
      const rows = await store.db.all<{ loc_key: string; source: string }>(
        'SELECT loc_key, source FROM findings WHERE report_id = ? ORDER BY source, seq',
        [id]
      )
      const stored = (await store.getReport(id))!.findings
      const bySource = new Map<string, typeof stored>()
      for (const f of stored) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f])
      const computed = [...bySource.entries()].sort().flatMap(([, fs]) => findingKeys(fs))
      expect(computed).toEqual(rows.map(r => r.loc_key))
    }
    const d = (await reportDetail(store, id41))!
    const twins = d.findings.filter(f => f.rule === 'T03' && f.actual === '数量')
    expect(twins.map(f => [f.review?.decision, f.review?.note])).toEqual([
      ['dismissed', '表头行'],
      ['dismissed', '表头行']
    ])
    expect(d.orphanReviews).toEqual([])
    const history = await historyOfReport(store.db, id41)
    expect(history.map(h => [h.origin, h.newDecision])).toEqual([
      ['before', 'dismissed'],
      ['before', 'dismissed']
    ])
  })
})

describe('decision history and changed files', () => {
  it('keeps every decision and change (who, when, old → new, note) through an edit and a deletion of the file', async () => {
    // A second file read after it: the edited one's new report cannot take back its old id (the highest).
    const sb = await withReal(F042)
    copyFileSync(path.join(REAL, F041), path.join(sb.folder, F041))
    await auditFolder(sb.folder, sb.store)
    const file = path.join(sb.folder, F042)
    expect(await idOf(sb.store, F042)).toBeLessThan(await idOf(sb.store, F041))
    const id = await idOf(sb.store, F042)
    const d = (await reportDetail(sb.store, id))!
    const f = d.findings.find(x => x.rule === 'S02')!
    const at = (m: number) => new Date(Date.UTC(2026, 11, 6, 9, m))
    await sb.store.setDecision(
      {
        reportId: id,
        rule: 'S02',
        locKey: f.locKey,
        decision: 'confirmed',
        reviewer: '张三',
        message: f.message
      },
      at(1)
    )
    await sb.store.setDecision(
      {
        reportId: id,
        rule: 'S02',
        locKey: f.locKey,
        decision: 'dismissed',
        note: '编号不同但内容相符',
        reviewer: '李四',
        message: f.message
      },
      at(2)
    )
    // The same again (a note box left as it was) is no change.
    await sb.store.setDecision(
      {
        reportId: id,
        rule: 'S02',
        locKey: f.locKey,
        decision: 'dismissed',
        note: '编号不同但内容相符',
        reviewer: '李四',
        message: f.message
      },
      at(3)
    )
    await sb.store.clearDecision(id, 'S02', f.locKey, {
      reviewer: '张三',
      at: at(4).toISOString(),
      message: f.message
    })
    const expected = [
      [null, 'confirmed', null, '', '张三'],
      ['confirmed', 'dismissed', '', '编号不同但内容相符', '李四'],
      ['dismissed', null, '编号不同但内容相符', '', '张三']
    ]
    const rows = (h: Awaited<ReturnType<typeof historyOfReport>>) =>
      h.map(e => [e.oldDecision, e.newDecision, e.oldNote, e.newNote, e.reviewer])
    expect(rows(await historyOfReport(sb.store.db, id))).toEqual(expected)

    // The file edited: a new report (new id); the old id finds it, and the history is still there.
    writeFileSync(file, readFileSync(file, 'utf8') + '\n（更正）\n')
    await auditFolder(sb.folder, sb.store)
    const newId = await idOf(sb.store, F042)
    expect(newId).not.toBe(id)
    expect((await reportDetail(sb.store, id))?.summary.id).toBe(newId)
    expect(rows(await historyOfReport(sb.store.db, newId))).toEqual(expected)

    // The file deleted: the history stays, and is in the backup.
    rmSync(file)
    await auditFolder(sb.folder, sb.store)
    expect(rows(await historyOfReport(sb.store.db, newId))).toEqual(expected)
    const backup = await readUserData(sb.store.db, new Date())
    expect(
      backup.history?.map(e => [e.oldDecision, e.newDecision, e.oldNote, e.newNote, e.reviewer])
    ).toEqual(expected)
    // …and comes back into a new database from it.
    const fresh = await openStore(path.join(sb.dir, 'restored.sqlite'))
    try {
      await restoreUserData(fresh.db, backup)
      expect(
        (await allHistory(fresh.db)).map(e => [
          e.oldDecision,
          e.newDecision,
          e.oldNote,
          e.newNote,
          e.reviewer
        ])
      ).toEqual(expected)
    } finally {
      await fresh.close()
    }

    // The workbook's 审阅记录 lists it, the deleted file's entries included.
    const { exportWorkbook } = await import('../src/core/export/index')
    const ExcelJS = (await import('exceljs')).default
    const xlsx = path.join(sb.dir, 'out.xlsx')
    await exportWorkbook(sb.store, { file: xlsx })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    const ws = wb.getWorksheet('审阅记录')!
    const header = (ws.getRow(1).values as unknown[]).slice(1)
    expect(header.slice(0, 2)).toEqual(['时间（UTC）', '审阅人'])
    const body = []
    for (let i = 2; i <= ws.rowCount; i++) {
      const v = (ws.getRow(i).values as unknown[]).slice(1)
      body.push([v[0], v[1], v[4], v[6], v[7], v[8] ?? '', v[9] ?? ''])
    }
    expect(body).toEqual([
      ['2026-12-06 09:01', '张三', 'S02', '未审阅', '确认', '', ''],
      ['2026-12-06 09:02', '李四', 'S02', '确认', '排除', '', '编号不同但内容相符'],
      ['2026-12-06 09:04', '张三', 'S02', '排除', '撤销', '编号不同但内容相符', '']
    ])
  })
})

describe('sharing decisions between colleagues', () => {
  it('imports a colleague’s decisions by file content and finding key, and lists conflicts instead of overwriting', async () => {
    const a = await withReal(F041, F042)
    // The colleague keeps the same files under other names.
    const b = await sandbox(false)
    boxes.push(b)
    copyFileSync(path.join(REAL, F041), path.join(b.folder, '沭阳.txt'))
    copyFileSync(path.join(REAL, F042), path.join(b.folder, '科委.txt'))
    await auditFolder(b.folder, b.store)

    const a41 = (await reportDetail(a.store, await idOf(a.store, F041)))!
    const a42 = (await reportDetail(a.store, await idOf(a.store, F042)))!
    const [t1, t2] = a41.findings.filter(f => f.rule === 'T03' && f.actual === '数量')
    const s02 = a42.findings.filter(f => f.rule === 'S02')
    const decide = (
      s: Store,
      reportId: number,
      f: { rule: string; locKey: string; message: string },
      decision: 'confirmed' | 'dismissed',
      note: string,
      reviewer: string
    ) =>
      s.setDecision({
        reportId,
        rule: f.rule as 'T03',
        locKey: f.locKey,
        decision,
        note,
        reviewer,
        message: f.message
      })
    await decide(a.store, a41.summary.id, t1!, 'dismissed', '表头行，非数据', '张三')
    await decide(a.store, a41.summary.id, t2!, 'confirmed', '', '张三')
    await decide(a.store, a42.summary.id, s02[0]!, 'confirmed', '标题须改', '张三')
    await decide(a.store, a42.summary.id, s02[1]!, 'dismissed', '', '张三')

    // The colleague already decided one of them the other way, and one the same way.
    const b42 = await idOf(b.store, '科委.txt')
    await decide(b.store, b42, s02[0]!, 'dismissed', '可以接受', '李四')
    await decide(b.store, b42, s02[1]!, 'dismissed', '', '李四')

    const file = value(await handlers(a.store).exportReviewWork())
    expect(file.decisions).toBe(4)
    const got = value(await handlers(b.store).importReviewWork({ content: file.content }))
    expect(got).toMatchObject({ added: 2, same: 1, conflicts: 1, unmatched: 0 })

    const b41 = (await reportDetail(b.store, await idOf(b.store, '沭阳.txt')))!
    const twins = b41.findings.filter(f => f.rule === 'T03' && f.actual === '数量')
    expect(twins.map(f => [f.review?.decision, f.review?.note, f.review?.reviewer])).toEqual([
      ['dismissed', '表头行，非数据', '张三'],
      ['confirmed', '', '张三']
    ])
    // Not overwritten: the colleague's own decision stands until they settle it.
    const mine = (await reportDetail(b.store, b42))!.findings.find(
      f => f.key === `S02|${s02[0]!.locKey}`
    )!
    expect(mine.review).toMatchObject({ decision: 'dismissed', note: '可以接受' })
    const conflicts = value(await handlers(b.store).listReviewConflicts())
    expect(conflicts).toMatchObject([
      {
        reportId: b42,
        file: '科委.txt',
        mine: { decision: 'dismissed', reviewer: '李四' },
        theirs: { decision: 'confirmed', note: '标题须改', reviewer: '张三' }
      }
    ])
    // Importing again adds nothing and duplicates no conflict.
    expect(
      value(await handlers(b.store).importReviewWork({ content: file.content }))
    ).toMatchObject({ added: 0, same: 3, conflicts: 1 })
    expect(value(await handlers(b.store).listReviewConflicts())).toHaveLength(1)

    value(await handlers(b.store).settleReviewConflict({ id: conflicts[0]!.id, take: 'theirs' }))
    const settled = (await reportDetail(b.store, b42))!.findings.find(
      f => f.key === `S02|${s02[0]!.locKey}`
    )!
    expect(settled.review).toMatchObject({
      decision: 'confirmed',
      note: '标题须改',
      reviewer: '张三'
    })
    expect(value(await handlers(b.store).listReviewConflicts())).toEqual([])
    const hist = value(await handlers(b.store).getReviewHistory({ reportId: b42 }))
    expect(
      hist
        .filter(h => h.key === `S02|${s02[0]!.locKey}`)
        .map(h => [h.oldDecision, h.newDecision, h.reviewer, h.origin])
    ).toEqual([
      [null, 'dismissed', '李四', 'app'],
      ['dismissed', 'confirmed', '张三', 'import']
    ])
    expect((await handlers(b.store).importReviewWork({ content: '{"not":"ours"}' })).ok).toBe(false)
  })
})

describe('the review queue', () => {
  it('待审 holds the reports with undecided errors or warnings; N/P step through only them; progress counts them by level and agency', async () => {
    const { listReports, adjacentReports } = await import('../src/core/store/queries/reports')
    const { overview } = await import('../src/core/store/queries/overview')
    const { listAgencies } = await import('../src/core/store/queries/agencies')
    const sb = await withReal(F041, F042)
    const pendingIds = async () =>
      (
        await listReports(sb.store.db, {
          filter: { pending: true },
          page: { offset: 0, limit: 50 }
        })
      ).items
        .map(r => r.id)
        .sort()
    const id41 = await idOf(sb.store, F041)
    const id42 = await idOf(sb.store, F042)
    expect(await pendingIds()).toEqual([id41, id42].sort())
    expect((await overview(sb.store.db)).reviewProgress).toMatchObject({ reviewed: 0, pending: 2 })

    // Every error and warning of 041 decided (提示 need no decision): it leaves the queue.
    const d = (await reportDetail(sb.store, id41))!
    const toDecide = d.findings.filter(f => f.severity !== 'info')
    for (const [i, f] of toDecide.entries())
      await sb.store.setDecision({
        reportId: id41,
        rule: f.rule,
        locKey: f.locKey,
        decision: i % 2 ? 'dismissed' : 'confirmed',
        message: f.message
      })
    expect(await pendingIds()).toEqual([id42])
    const ov = await overview(sb.store.db)
    expect(ov.reviewProgress).toMatchObject({ reviewed: 1, pending: 1 })
    expect(ov.reviewProgress.byLevel.reduce((n, l) => n + l.reviewed + l.pending, 0)).toBe(2)
    const agencies = await listAgencies(sb.store.db, { page: { offset: 0, limit: 50 } })
    const of41 = agencies.items.find(a => a.latestReportId === id41)!
    expect(of41.review).toEqual({ reviewed: 1, pending: 0 })
    expect(agencies.items.find(a => a.latestReportId === id42)!.review).toEqual({
      reviewed: 0,
      pending: 1
    })

    // In the queue N/P never lead to 041; from 041 (now outside it) N leads into it.
    expect(await adjacentReports(sb.store.db, { id: id42, filter: { pending: true } })).toEqual({
      prev: null,
      next: null,
      index: 0,
      total: 1
    })
    expect(await adjacentReports(sb.store.db, { id: id41, filter: { pending: true } })).toEqual({
      prev: null,
      next: id42,
      index: -1,
      total: 1
    })

    // One decision withdrawn: back in the queue.
    const last = toDecide[toDecide.length - 1]!
    await sb.store.clearDecision(id41, last.rule, last.locKey)
    expect(await pendingIds()).toEqual([id41, id42].sort())
  })
})

describe('counts that add up', () => {
  it('涉及报告 of a rule group counts the reports with an error or warning of it, as its row shows (041 has only a 提示 of group S)', async () => {
    const { overview } = await import('../src/core/store/queries/overview')
    const sb = await withReal(F041, F042)
    const d41 = (await reportDetail(sb.store, await idOf(sb.store, F041)))!
    expect(d41.findings.filter(f => f.rule.startsWith('S')).map(f => f.severity)).toEqual(['info'])
    const s = (await overview(sb.store.db)).byGroup.find(g => g.group === 'S')!
    expect(s.reports).toBe(1)
    expect(s.findings.error + s.findings.warning).toBeGreaterThan(0)
  })
})

describe('报告 and 报告数 say the same number', () => {
  /** Every report file and its agency-year as ../shared/corpus/real/INDEX.tsv records them. */
  function indexed(): { files: number; agencyYears: number } {
    const rows = readFileSync(path.join(REAL, 'INDEX.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(l => l.trim())
      .map(l => l.split('\t'))
    return { files: rows.length, agencyYears: new Set(rows.map(r => `${r[1]}|${r[2]}`)).size }
  }

  it('on the real corpus (.html beside its .txt, crawler text beside its re-celled copy): the card, the column and the workbook', async () => {
    const { overview } = await import('../src/core/store/queries/overview')
    const { listAgencies } = await import('../src/core/store/queries/agencies')
    const { exportWorkbook } = await import('../src/core/export/index')
    const ExcelJS = (await import('exceljs')).default
    const { countText } = await import('../src/shared/counts')
    const sb = await sandbox(false)
    boxes.push(sb)
    const { cpSync } = await import('node:fs')
    cpSync(REAL, sb.folder, { recursive: true })
    await auditFolder(sb.folder, sb.store)
    const want = indexed()
    const agencies = async (filter = {}) =>
      (await listAgencies(sb.store.db, { filter, page: { offset: 0, limit: 1000 } })).items
    // Unfiltered (from the per-year summary rows) and searched (from the reports): the same answer.
    for (const filter of [{}, { search: '平潭' }, { years: [2019] }]) {
      const o = await overview(sb.store.db, filter)
      const list = await agencies(filter)
      expect(
        list.reduce((n, a) => n + a.reports, 0),
        JSON.stringify(filter)
      ).toBe(o.counts.reports)
      expect(
        list.reduce((n, a) => n + a.duplicates, 0),
        JSON.stringify(filter)
      ).toBe(o.counts.duplicates)
    }
    const o = await overview(sb.store.db)
    expect(o.counts.reports).toBe(want.files)
    expect(o.counts.duplicates).toBe(want.files - want.agencyYears)
    expect(o.counts.duplicates).toBeGreaterThan(0)
    // 单位: 平潭 has a re-celled copy of every year but 2018's.
    const pingtan = (await agencies()).find(a => a.name.includes('平潭'))!
    expect(pingtan.reports - pingtan.duplicates).toBe(pingtan.years.length)
    // The workbook's 说明 says what the card says.
    const xlsx = path.join(sb.dir, 'out.xlsx')
    const out = await exportWorkbook(sb.store, { file: xlsx })
    expect(out.counted).toEqual({
      reports: o.counts.reports,
      duplicates: o.counts.duplicates,
      unrecognised: o.counts.unrecognised
    })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsx)
    const notes = wb.getWorksheet('说明')!
    let scope = ''
    notes.eachRow(r => {
      if (r.getCell(1).value === '导出范围') scope = String(r.getCell(2).value)
    })
    expect(scope).toBe(`${countText(out.counted)}；问题 ${out.findings} 条`)
    expect(scope).toContain(`其中同一单位同一年度的重复文件 ${o.counts.duplicates} 份`)
  })

  it('on the samples with a revised copy of one report', async () => {
    const { overview } = await import('../src/core/store/queries/overview')
    const { listAgencies } = await import('../src/core/store/queries/agencies')
    const sb = await sandbox()
    boxes.push(sb)
    const first = readdirSync(sb.folder).sort()[0]!
    writeFileSync(
      path.join(sb.folder, `更正-${first}`),
      readFileSync(path.join(sb.folder, first), 'utf8') + '\n（更正版）\n'
    )
    await auditFolder(sb.folder, sb.store)
    const o = await overview(sb.store.db)
    const list = (await listAgencies(sb.store.db, { filter: {}, page: { offset: 0, limit: 100 } }))
      .items
    expect(o.counts.duplicates).toBe(1)
    expect(list.reduce((n, a) => n + a.reports, 0)).toBe(o.counts.reports)
    expect(list.filter(a => a.duplicates > 0).map(a => [a.reports, a.duplicates])).toEqual([[2, 1]])
  })
})

describe('sharing agency merges', () => {
  it('takes a colleague’s merge of two spellings of one agency in, once', async () => {
    const { mergeAgencies } = await import('../src/core/pipeline/admin')
    const text = readFileSync(path.join(REAL, F042), 'utf8')
    const make = async () => {
      const sb = await withReal(F042)
      const agency = (await reportDetail(sb.store, await idOf(sb.store, F042)))!.summary.agency!
      writeFileSync(path.join(sb.folder, 'variant.txt'), text.split(agency).join(`${agency}机关`))
      await auditFolder(sb.folder, sb.store)
      return { sb, agency }
    }
    const { sb: a, agency } = await make()
    const { sb: b } = await make()
    const variantKey = async (s: Store) =>
      (await reportDetail(s, await idOf(s, 'variant.txt')))!.summary.agencyKey
    const original = (await reportDetail(b.store, await idOf(b.store, F042)))!.summary.agencyKey
    expect(await variantKey(b.store)).not.toBe(original)
    await mergeAgencies(
      a.store,
      (await variantKey(a.store))!,
      (await reportDetail(a.store, await idOf(a.store, F042)))!.summary.agencyKey!
    )

    const file = value(await handlers(a.store).exportReviewWork())
    expect(file.merges).toBe(1)
    expect(value(await handlers(b.store).importReviewWork({ content: file.content })).merges).toBe(
      1
    )
    expect(await variantKey(b.store)).toBe(original)
    expect((await reportDetail(b.store, await idOf(b.store, 'variant.txt')))!.summary.agency).toBe(
      agency
    )
    // Again: already merged, nothing to do.
    expect(value(await handlers(b.store).importReviewWork({ content: file.content })).merges).toBe(
      0
    )
  })
})

describe('a deleted report', () => {
  it('keeps its agency in the matrix (已删除) and its confirmed decision in 已确认', async () => {
    const { overview, matrix } = await import('../src/core/store/queries/overview')
    const sb = await withReal(F041, F042)
    const id41 = await idOf(sb.store, F041)
    const d = (await reportDetail(sb.store, id41))!
    const f = d.findings.find(x => x.severity === 'warning')!
    await sb.store.setDecision({
      reportId: id41,
      rule: f.rule,
      locKey: f.locKey,
      decision: 'confirmed',
      message: f.message
    })
    expect((await overview(sb.store.db)).reviews.confirmed).toBe(1)
    rmSync(path.join(sb.folder, F041))
    await auditFolder(sb.folder, sb.store)
    const m = await matrix(sb.store.db, {}, { offset: 0, limit: 50 })
    const row = m.rows.find(r => r.agencyKey === d.summary.agencyKey)
    expect(row?.cells.find(c => c.year === d.summary.year)).toMatchObject({
      removed: true,
      reportId: id41,
      status: 'none'
    })
    expect(m.rows).toHaveLength(2)
    const ov = await overview(sb.store.db)
    expect(ov.reviews.confirmed).toBe(1)
    // Nothing of the deleted report is waiting: 待审 is over the current reports.
    const d42 = (await reportDetail(sb.store, await idOf(sb.store, F042)))!
    expect(ov.reviews.pending).toBe(d42.findings.filter(x => !x.review).length)
  })
})

describe('the history of a file re-read under another agency', () => {
  it('follows old report ids, and shows the old versions’ decisions for the current one (042 renamed 市科委 → 市科学技术委员会)', async () => {
    // 041 read after it: the re-read report cannot take back its old id (the highest).
    const sb = await withReal(F042)
    copyFileSync(path.join(REAL, F041), path.join(sb.folder, F041))
    await auditFolder(sb.folder, sb.store)
    const id = await idOf(sb.store, F042)
    const h = handlers(sb.store)
    const d = (await reportDetail(sb.store, id))!
    const f = d.findings.find(x => x.rule === 'S02')!
    value(
      await h.setReview({ reportId: id, key: f.key, decision: 'confirmed', note: '标题层级不对' })
    )
    const before = value(await h.getReviewHistory({ reportId: id }))
    expect(before.map(e => [e.newDecision, e.newNote])).toEqual([['confirmed', '标题层级不对']])

    // The agency corrected its name in the file: the report is read again, under another agency.
    const file = path.join(sb.folder, F042)
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('上海市科委', '上海市科学技术委员会'))
    await auditFolder(sb.folder, sb.store)
    const newId = await idOf(sb.store, F042)
    expect(newId).not.toBe(id)
    expect((await reportDetail(sb.store, newId))!.summary.agency).not.toBe(d.summary.agency)
    // The old id resolves, and both ids show the decision made on the old version.
    expect(value(await h.getReviewHistory({ reportId: id }))).toEqual(before)
    expect(value(await h.getReviewHistory({ reportId: newId }))).toEqual(before)
    // An id that never was is still refused.
    const none = await h.getReviewHistory({ reportId: 999_999 })
    expect(none.ok).toBe(false)
  })
})
