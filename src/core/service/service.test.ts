import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent, ReportFilter } from '../../shared/api'
import { DEFAULT_OFFICE, DEFAULT_SCORE_WEIGHTS } from '../../shared/ranking'
import { Db } from '../store/db'
import { shouldPoll } from '../watch/watcher'
import { createService, type Exporter, type Service } from './index'

const SAMPLES = path.resolve(__dirname, '../../../../shared/corpus/samples')

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function tmp(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-svc-'))
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }))
  return dir
}

function open(dbPath: string, extra: Partial<Parameters<typeof createService>[0]> = {}): Service {
  const s = createService({ dbPath, watch: { stabilityMs: 150 }, ...extra })
  cleanup.push(() => s.close())
  return s
}

function waitEvent(s: Service, pred: (e: AppEvent) => boolean, ms = 10_000): Promise<AppEvent> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms)
    const off = s.onEvent(e => {
      if (pred(e)) {
        clearTimeout(t)
        off()
        resolve(e)
      }
    })
  })
}

/** A service watching a folder with the five samples, once they are all read. */
async function withSamples(): Promise<{ s: Service; dbPath: string }> {
  const dir = await tmp()
  const folder = path.join(dir, 'reports')
  await fs.mkdir(folder)
  for (const f of await fs.readdir(SAMPLES))
    await fs.copyFile(path.join(SAMPLES, f), path.join(folder, f))
  const dbPath = path.join(dir, 'db', 'n.sqlite')
  const s = open(dbPath)
  const idle = waitEvent(s, e => e.type === 'idle')
  await s.addWatchedFolder({ path: folder })
  await idle
  return { s, dbPath }
}

describe('settings', () => {
  it('persists watched folders, polling, deadlines and reviewer name in the database', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    const dbPath = path.join(dir, 'db', 'nianbao.sqlite')
    const a = open(dbPath)
    expect((await a.addWatchedFolder({ path: folder, polling: 'on' })).ok).toBe(true)
    const deadlines = {
      department: { month: 2, day: 15 },
      government: { month: 3, day: 31 },
      township: { month: 2, day: 28 }
    }
    const upd = await a.updateSettings({
      reviewerName: ' 张三 ',
      deadlines,
      checks: { S06: true, Y05: false }
    })
    expect(upd).toMatchObject({ ok: true, value: { reviewerName: '张三', deadlines } })
    await a.close()

    const b = open(dbPath)
    expect(await b.getSettings()).toEqual({
      ok: true,
      value: {
        watchedFolders: [{ path: folder, polling: 'on' }],
        deadlines,
        reviewerName: '张三',
        office: DEFAULT_OFFICE,
        scoreWeights: DEFAULT_SCORE_WEIGHTS,
        checks: { S06: true, Y05: false },
        ocr: true
      }
    })
    const w = await b.getWatchStatus()
    expect(w.ok && w.value.folders.map(f => [f.path, f.usingPolling])).toEqual([[folder, true]])
  })

  it('polls network shares automatically', () => {
    expect(shouldPoll('\\\\server\\share\\年报', 'auto')).toBe(true)
    expect(shouldPoll('//server/share', 'auto')).toBe(true)
    expect(shouldPoll('C:\\年报', 'auto')).toBe(false)
    expect(shouldPoll('C:\\年报', 'on')).toBe(true)
    expect(shouldPoll('\\\\server\\share', 'off')).toBe(false)
  })
})

describe('path guard at the service', () => {
  it('refuses folders and files outside the watched folders', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    const other = path.join(dir, 'elsewhere')
    await fs.mkdir(folder)
    await fs.mkdir(other)
    const exported: string[] = []
    const exporter: Exporter = async (_store, a) => {
      exported.push(a.path)
      return { reports: 0, findings: 0 }
    }
    const s = open(path.join(dir, 'db', 'n.sqlite'), { exporter })
    await s.addWatchedFolder({ path: folder })

    expect(await s.rescan({ path: other })).toMatchObject({
      ok: false,
      error: { code: 'PATH_NOT_ALLOWED' }
    })
    expect(await s.rescan({ path: path.join(folder, '..', 'elsewhere') })).toMatchObject({
      ok: false,
      error: { code: 'PATH_NOT_ALLOWED' }
    })
    expect(await s.removeWatchedFolder({ path: other })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
    expect(await s.addWatchedFolder({ path: 'relative/dir' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' }
    })
    expect(await s.addWatchedFolder({ path: path.join(dir, 'missing') })).toMatchObject({
      ok: false,
      error: { code: 'FOLDER_UNAVAILABLE' }
    })
    // A whole drive or the home folder, picked by mistake, would make every document an M03.
    expect(await s.addWatchedFolder({ path: path.parse(dir).root })).toMatchObject({
      ok: false,
      error: { code: 'PATH_NOT_ALLOWED', message: expect.stringMatching(/^不能监视整个磁盘/) }
    })
    const home = open(path.join(dir, 'db2', 'n.sqlite'), { homeDir: other })
    expect(await home.addWatchedFolder({ path: other + path.sep })).toEqual({
      ok: false,
      error: {
        code: 'PATH_NOT_ALLOWED',
        message: `不能监视整个用户文件夹（${other}）：请选择存放年度报告的文件夹`
      }
    })
    expect(await home.addWatchedFolder({ path: folder })).toMatchObject({ ok: true })
    // Watching the folder that holds our own database would ingest the database itself.
    expect(await s.addWatchedFolder({ path: dir })).toMatchObject({
      ok: false,
      error: { code: 'PATH_NOT_ALLOWED' }
    })

    // Exports never go into the supervisor's report folders.
    const inside = await s.exportXlsx({ path: path.join(folder, 'out.xlsx') })
    expect(inside).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } })
    const outside = await s.exportXlsx({ path: path.join(other, 'out.xlsx') })
    expect(outside).toMatchObject({ ok: true, value: { path: path.join(other, 'out.xlsx') } })
    expect(exported).toEqual([path.join(other, 'out.xlsx')])
  })

  it('resolves a report file only while its folder is watched', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    const sample = (await fs.readdir(SAMPLES)).sort()[0]!
    await fs.copyFile(path.join(SAMPLES, sample), path.join(folder, sample))
    const s = open(path.join(dir, 'db', 'n.sqlite'))
    const ingested = waitEvent(s, e => e.type === 'ingested')
    await s.addWatchedFolder({ path: folder })
    const ev = await ingested
    if (ev.type !== 'ingested' || ev.reportId === null) throw new Error('no report')
    expect(await s.reportFile(ev.reportId)).toEqual({ ok: true, value: path.join(folder, sample) })
    await s.removeWatchedFolder({ path: folder })
    expect(await s.reportFile(ev.reportId)).toMatchObject({
      ok: false,
      error: { code: 'PATH_NOT_ALLOWED' }
    })
  })

  it('writes the Excel workbook by default, following the filter, with progress events', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    for (const f of await fs.readdir(SAMPLES))
      await fs.copyFile(path.join(SAMPLES, f), path.join(folder, f))
    const s = open(path.join(dir, 'n.sqlite'))
    await s.addWatchedFolder({ path: folder })
    await s.whenIdle()
    const progress: AppEvent[] = []
    s.onEvent(e => void (e.type === 'export-progress' && progress.push(e)))
    const target = path.join(dir, 'x.xlsx')
    const r = await s.exportXlsx({ path: target, filter: { years: [2023] } })
    const listed = await s.listReports({
      filter: { years: [2023] },
      page: { offset: 0, limit: 100 }
    })
    expect(listed.ok && r.ok).toBe(true)
    if (!r.ok || !listed.ok) return
    expect(r.value.reports).toBe(listed.value.total)
    expect((await fs.stat(target)).size).toBeGreaterThan(0)
    const last = progress.at(-1)
    expect(last?.type === 'export-progress' && last.total > 0 && last.done === last.total).toBe(
      true
    )
  })

  it('says in words why its database cannot be opened', async () => {
    const dir = await tmp()
    await fs.writeFile(path.join(dir, 'a-file'), 'not a folder')
    const s = open(path.join(dir, 'a-file', 'n.sqlite'))
    expect(await s.ready()).toEqual({
      ok: false,
      error: {
        code: 'DB_ERROR',
        message: `无法打开数据库 ${path.join(dir, 'a-file', 'n.sqlite')}：路径中的一个文件夹名已被文件占用，请换一个保存位置`
      }
    })
  })

  it('says in words why an export could not be written, and leaves nothing behind', async () => {
    const dir = await tmp()
    const s = open(path.join(dir, 'n.sqlite'))
    await s.whenIdle()
    await fs.mkdir(path.join(dir, '已存在.docx'))
    for (const [call, ext] of [
      [s.exportXlsx, 'xlsx'],
      [s.exportNotices, 'docx']
    ] as const) {
      expect(await call({ path: path.join(dir, 'no', 'such', `x.${ext}`) })).toEqual({
        ok: false,
        error: { code: 'IO_ERROR', message: '导出失败：保存位置的文件夹不存在' }
      })
    }
    await fs.mkdir(path.join(dir, '已存在.xlsx'))
    for (const [call, ext] of [
      [s.exportXlsx, 'xlsx'],
      [s.exportNotices, 'docx']
    ] as const) {
      expect(await call({ path: path.join(dir, `已存在.${ext}`) })).toEqual({
        ok: false,
        error: { code: 'IO_ERROR', message: '导出失败：已有同名的文件夹，请换一个文件名' }
      })
    }
    expect((await fs.readdir(dir)).filter(n => n.endsWith('.tmp'))).toEqual([])
  })
})

describe('watching', () => {
  it('ignores Office lock and temp files, in the start-up scan and while watching', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    const samples = (await fs.readdir(SAMPLES)).sort()
    const bytes = await fs.readFile(path.join(SAMPLES, samples[0]!))
    await fs.writeFile(path.join(folder, '~$旧报告.docx'), bytes)
    const s = open(path.join(dir, 'db', 'n.sqlite'))
    const events: AppEvent[] = []
    s.onEvent(e => events.push(e))
    const idle = waitEvent(s, e => e.type === 'idle')
    await s.addWatchedFolder({ path: folder })
    await idle

    const real = waitEvent(s, e => e.type === 'ingested' && e.file === 'real.txt')
    await fs.writeFile(path.join(folder, '.~lock.报告.docx#'), 'lock')
    await fs.writeFile(path.join(folder, '~WRL0001.tmp'), bytes)
    await fs.writeFile(path.join(folder, 'real.txt'), bytes)
    await real
    await s.whenIdle()
    const files = events.flatMap(e => (e.type === 'ingested' ? [e.file] : []))
    expect(files).toEqual(['real.txt'])
    const list = await s.listReports({
      filter: { includeRemoved: true },
      page: { offset: 0, limit: 50 }
    })
    expect(list.ok && list.value.items.map(r => r.file)).toEqual(['real.txt'])
  })

  it('catches files added while it was not running, by the start-up rescan', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    const dbPath = path.join(dir, 'db', 'n.sqlite')
    const samples = (await fs.readdir(SAMPLES)).sort()
    const a = open(dbPath)
    const idle = waitEvent(a, e => e.type === 'idle')
    await a.addWatchedFolder({ path: folder })
    await idle
    await a.close()

    // While the app is closed: two files arrive.
    for (const f of samples.slice(0, 2))
      await fs.copyFile(path.join(SAMPLES, f), path.join(folder, f))
    const b = createService({ dbPath, autoWatch: false })
    cleanup.push(() => b.close())
    await b.ready()
    const events: AppEvent[] = []
    b.onEvent(e => events.push(e))
    // Re-adding the saved folder is what start-up does (autoWatch); it rescans first.
    const idleB = waitEvent(b, e => e.type === 'idle')
    await b.addWatchedFolder({ path: folder })
    await idleB
    expect(events.flatMap(e => (e.type === 'ingested' ? [e.file] : [])).sort()).toEqual(
      samples.slice(0, 2)
    )
  })
})

describe('a damaged database file', () => {
  it('is set aside, a new one is started, and the user is told', async () => {
    const dir = await tmp()
    const dbPath = path.join(dir, 'n.sqlite')
    const junk = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)])
    await fs.writeFile(dbPath, junk)
    const s = open(dbPath, { now: () => new Date('2026-11-24T06:30:05Z') })
    expect(await s.ready()).toEqual({ ok: true, value: null })
    const aside = `${dbPath}.damaged-20261124-063005`
    expect(s.startupNotice()).toContain(`原文件已改名保留为 ${aside}`)
    expect(await fs.readFile(aside)).toEqual(junk)
    // The new database works: a folder is watched and its reports read.
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    await fs.copyFile(
      path.join(SAMPLES, (await fs.readdir(SAMPLES)).sort()[0]!),
      path.join(folder, 'a.txt')
    )
    const idle = waitEvent(s, e => e.type === 'idle')
    expect((await s.addWatchedFolder({ path: folder })).ok).toBe(true)
    await idle
    const list = await s.listReports({ page: { offset: 0, limit: 50 } })
    expect(list.ok && list.value.total).toBe(1)
  })

  it('comes back with the supervisor’s work: folders, settings, merges, levels and review decisions', async () => {
    const { s, dbPath } = await withSamples()
    const deadlines = {
      department: { month: 2, day: 15 },
      government: { month: 3, day: 31 },
      township: { month: 1, day: 20 }
    }
    expect(await s.updateSettings({ reviewerName: '王五', deadlines })).toMatchObject({ ok: true })
    const agencies = await s.listAgencies({ page: { offset: 0, limit: 50 } })
    if (!agencies.ok) throw new Error(agencies.error.message)
    const key = (name: string) => agencies.value.items.find(a => a.name === name)!.key
    expect(
      (await s.setAgencyLevel({ key: key('沙坡头区政务服务中心'), level: 'township' })).ok
    ).toBe(true)
    expect(
      (
        await s.mergeAgencies({
          into: key('中卫市机关事务服务中心'),
          from: [key('川汇区机关事务中心')]
        })
      ).ok
    ).toBe(true)
    const list = await s.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    if (!list.ok) throw new Error(list.error.message)
    const decided: Array<{
      file: string
      key: string
      decision: 'confirmed' | 'dismissed'
      note: string
    }> = []
    for (const r of list.value.items) {
      const d = await s.getReport({ id: r.id })
      const f = d.ok ? d.value.findings[0] : undefined
      if (!f) continue
      const decision = decided.length % 2 ? 'confirmed' : 'dismissed'
      const note = `备注 ${r.file}`
      expect((await s.setReview({ reportId: r.id, key: f.key, decision, note })).ok).toBe(true)
      decided.push({ file: r.file, key: f.key, decision, note })
    }
    expect(decided.length).toBeGreaterThan(2)
    const before = async (svc: Service) => {
      const st = await svc.getSettings()
      const ags = await svc.listAgencies({
        sort: { key: 'name', dir: 'asc' },
        page: { offset: 0, limit: 50 }
      })
      const reps = await svc.listReports({
        sort: { key: 'file', dir: 'asc' },
        page: { offset: 0, limit: 50 }
      })
      if (!st.ok || !ags.ok || !reps.ok) throw new Error('query failed')
      const reviews = []
      for (const r of reps.value.items) {
        const d = await svc.getReport({ id: r.id })
        if (d.ok)
          for (const f of d.value.findings)
            if (f.review)
              reviews.push({
                file: r.file,
                key: f.key,
                decision: f.review.decision,
                note: f.review.note,
                reviewer: f.review.reviewer
              })
      }
      return {
        settings: st.value,
        agencies: ags.value.items.map(a => ({
          name: a.name,
          level: a.level,
          levelSource: a.levelSource,
          aliases: a.aliases,
          reports: a.reports
        })),
        reviews
      }
    }
    const was = await before(s)
    expect(was.reviews).toEqual(decided.map(d => ({ ...d, reviewer: '王五' })))
    await s.close()
    expect(JSON.parse(await fs.readFile(`${dbPath}.user-data.json`, 'utf8')).reviews).toHaveLength(
      decided.length
    )

    // Damaged: the header survives, the pages are garbage.
    const bytes = await fs.readFile(dbPath)
    await fs.writeFile(
      dbPath,
      Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(bytes.length - 100, 0x5a)])
    )
    await fs.rm(`${dbPath}-wal`, { force: true })
    const again = open(dbPath)
    const idle = waitEvent(again, e => e.type === 'idle')
    expect(await again.ready()).toEqual({ ok: true, value: null })
    expect(again.startupNotice()).toContain(`${decided.length} 条审阅记录已从备份`)
    await idle
    const now = await before(again)
    expect(now).toEqual(was)
    expect(now.settings).toMatchObject({
      reviewerName: '王五',
      deadlines,
      watchedFolders: [{ polling: 'auto' }]
    })
    expect(now.agencies.find(a => a.name === '沙坡头区政务服务中心')).toMatchObject({
      level: 'township',
      levelSource: 'user'
    })
    expect(now.agencies.find(a => a.name === '中卫市机关事务服务中心')).toMatchObject({
      aliases: ['川汇区机关事务中心']
    })
  })

  it('gone (deleted or moved away) comes back from its backup, not as an empty start', async () => {
    const { s, dbPath } = await withSamples()
    const list = await s.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    if (!list.ok) throw new Error(list.error.message)
    const d = await s.getReport({ id: list.value.items[0]!.id })
    if (!d.ok) throw new Error(d.error.message)
    const f = d.value.findings[0]!
    expect(
      (
        await s.setReview({
          reportId: d.value.summary.id,
          key: f.key,
          decision: 'confirmed',
          note: '已通知'
        })
      ).ok
    ).toBe(true)
    await s.close()
    for (const suffix of ['', '-wal', '-shm']) await fs.rm(dbPath + suffix, { force: true })
    const again = open(dbPath)
    const idle = waitEvent(again, e => e.type === 'idle')
    expect(await again.ready()).toEqual({ ok: true, value: null })
    expect(again.startupNotice()).toMatch(/不存在，已新建：.*1 条审阅记录已从备份/)
    await idle
    const back = await again.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    if (!back.ok) throw new Error(back.error.message)
    const d2 = await again.getReport({ id: back.value.items[0]!.id })
    expect(d2.ok && d2.value.findings.find(x => x.key === f.key)?.review).toMatchObject({
      decision: 'confirmed',
      note: '已通知'
    })
  })

  it('is not touched when it is only newer than this program', async () => {
    const dir = await tmp()
    const dbPath = path.join(dir, 'n.sqlite')
    const db = await Db.open(dbPath)
    await db.exec('PRAGMA user_version = 999')
    await db.close()
    const s = open(dbPath)
    const r = await s.ready()
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.message).toContain('请升级程序')
    expect(s.startupNotice()).toBeNull()
    expect((await fs.readdir(dir)).filter(f => f.includes('damaged'))).toEqual([])
  })
})

describe('rescan on demand and several folders', () => {
  it('finds a file whose event was missed when asked to rescan', async () => {
    const dir = await tmp()
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    const sample = (await fs.readdir(SAMPLES)).sort()[2]!
    // Polling once a minute stands in for a network share that dropped the event.
    const s = open(path.join(dir, 'db', 'n.sqlite'), {
      watch: { pollIntervalMs: 60_000, stabilityMs: 150 }
    })
    const idle = waitEvent(s, e => e.type === 'idle')
    await s.addWatchedFolder({ path: folder, polling: 'on' })
    await idle
    await fs.copyFile(path.join(SAMPLES, sample), path.join(folder, 'missed.txt'))
    await new Promise(r => setTimeout(r, 500))
    const before = await s.listReports({ page: { offset: 0, limit: 10 } })
    expect(before.ok && before.value.total).toBe(0)

    const ingested = waitEvent(s, e => e.type === 'ingested' && e.file === 'missed.txt')
    expect((await s.rescan({ path: folder })).ok).toBe(true)
    await ingested
    const after = await s.listReports({ page: { offset: 0, limit: 10 } })
    expect(after.ok && after.value.items.map(r => r.file)).toEqual(['missed.txt'])
  })

  it('watches several folders at once and attributes files to their folder', async () => {
    const dir = await tmp()
    const a = path.join(dir, 'a')
    const b = path.join(dir, 'b')
    await fs.mkdir(a)
    await fs.mkdir(b)
    const samples = (await fs.readdir(SAMPLES)).sort()
    const s = open(path.join(dir, 'db', 'n.sqlite'))
    await s.addWatchedFolder({ path: a })
    await s.addWatchedFolder({ path: b })
    await s.whenIdle()
    const gotA = waitEvent(s, e => e.type === 'ingested' && e.root === a)
    const gotB = waitEvent(s, e => e.type === 'ingested' && e.root === b)
    await fs.copyFile(path.join(SAMPLES, samples[0]!), path.join(a, 'x.txt'))
    await fs.copyFile(path.join(SAMPLES, samples[1]!), path.join(b, 'x.txt'))
    await Promise.all([gotA, gotB])
    await s.whenIdle()
    const list = await s.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 10 }
    })
    expect(list.ok && list.value.items.map(r => [r.root, r.file])).toEqual([
      [a, 'x.txt'],
      [b, 'x.txt']
    ])
    const w = await s.getWatchStatus()
    expect(w.ok && w.value.folders.map(f => [f.path, f.files])).toEqual([
      [a, 1],
      [b, 1]
    ])
  })
})

describe('reviews', () => {
  it('saves a decision with the reviewer name and clears it', async () => {
    const { s } = await withSamples()
    await s.updateSettings({ reviewerName: '李四' })
    const list = await s.listReports({
      filter: { severity: 'warning' },
      page: { offset: 0, limit: 1 }
    })
    const id = list.ok ? list.value.items[0]?.id : undefined
    if (id === undefined) throw new Error('no report with a warning among the samples')
    const detail = await s.getReport({ id })
    if (!detail.ok) throw new Error(detail.error.message)
    const finding = detail.value.findings.find(f => f.severity === 'warning')!
    const saved = await s.setReview({
      reportId: id,
      key: finding.key,
      decision: 'confirmed',
      note: '已通知整改'
    })
    expect(saved).toMatchObject({
      ok: true,
      value: { decision: 'confirmed', reviewer: '李四', note: '已通知整改' }
    })
    const again = await s.getReport({ id })
    expect(
      again.ok && again.value.findings.find(f => f.key === finding.key)?.review?.decision
    ).toBe('confirmed')
    expect(await s.setReview({ reportId: id, key: finding.key, decision: null })).toEqual({
      ok: true,
      value: null
    })
    expect(
      await s.setReview({ reportId: id, key: 'A01|no/such/place', decision: 'dismissed' })
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
  })
})

describe('review order (J/K)', () => {
  it('gives the neighbours in the list order, and the new order once the data changes', async () => {
    const { s, dbPath } = await withSamples()
    const sort = { key: 'errors' as const, dir: 'desc' as const }
    const listed = async (filter: ReportFilter): Promise<number[]> => {
      const r = await s.listReports({ filter, sort, page: { offset: 0, limit: 1000 } })
      if (!r.ok) throw new Error(r.error.message)
      return r.value.items.map(x => x.id)
    }
    const expectWalk = async (filter: ReportFilter): Promise<number[]> => {
      const order = await listed(filter)
      for (const [i, id] of order.entries()) {
        expect(await s.getAdjacentReports({ id, filter, sort })).toEqual({
          ok: true,
          value: {
            prev: order[i - 1] ?? null,
            next: order[i + 1] ?? null,
            index: i,
            total: order.length
          }
        })
      }
      return order
    }
    // A filter has its own order; a report outside it has no neighbours.
    const errors = await expectWalk({ severity: 'error' })
    const all = await expectWalk({})
    expect(all.length).toBe(5)
    const outside = all.find(id => !errors.includes(id))!
    // Outside the filter, N leads to the first report that matches (issue #22: it was stuck).
    expect(
      await s.getAdjacentReports({ id: outside, filter: { severity: 'error' }, sort })
    ).toEqual({
      ok: true,
      value: { prev: null, next: errors[0], index: -1, total: errors.length }
    })
    await expectWalk({})
    // Dismissing the first report's errors moves it down the list: J/K follows at once.
    const top = all[0]!
    const detail = await s.getReport({ id: top })
    if (!detail.ok) throw new Error(detail.error.message)
    for (const f of detail.value.findings.filter(x => x.severity === 'error')) {
      expect((await s.setReview({ reportId: top, key: f.key, decision: 'dismissed' })).ok).toBe(
        true
      )
    }
    const after = await expectWalk({})
    expect(after).not.toEqual(all)
    expect(after.indexOf(top)).toBeGreaterThan(0)
    // A write through another connection (a CLI run on the same database) is seen too.
    const other = await Db.open(dbPath)
    await other.run('DELETE FROM reviews')
    await other.close()
    expect(await expectWalk({})).toEqual(all)
  })
})

describe('search', () => {
  it('finds reports by the agency shown, the name as written, or the file path', async () => {
    const { s } = await withSamples()
    const found = async (search: string): Promise<string[]> => {
      const r = await s.listReports({
        filter: { search },
        sort: { key: 'file', dir: 'asc' },
        page: { offset: 0, limit: 50 }
      })
      if (!r.ok) throw new Error(r.error.message)
      const overview = await s.getOverview({ filter: { search } })
      expect(overview.ok && overview.value.counts.reports, search).toBe(r.value.total)
      return r.value.items.map(x => x.file)
    }
    expect(await found('af8fd19025')).toEqual(['003_af8fd19025225cb0.txt'])
    expect(await found('沙坡头区')).toEqual([
      '002_4dd3a57cffab60e6.txt',
      '004_e6e4943c46b535d8.txt'
    ])
    // Spaces typed in the box or written in the name do not matter.
    expect(await found('中卫 市民政')).toEqual(['001_0a6fcc7805cba63f.txt'])
    // Merged under another agency: found by the name shown and by the name as written.
    const agencies = await s.listAgencies({ page: { offset: 0, limit: 50 } })
    if (!agencies.ok) throw new Error(agencies.error.message)
    const key = (name: string) => agencies.value.items.find(a => a.name === name)!.key
    expect(
      (
        await s.mergeAgencies({
          into: key('中卫市机关事务服务中心'),
          from: [key('川汇区机关事务中心')]
        })
      ).ok
    ).toBe(true)
    expect(await found('中卫市机关事务服务中心')).toEqual([
      '000_051f95df41851f1c.txt',
      '003_af8fd19025225cb0.txt'
    ])
    expect(await found('川汇区')).toEqual(['003_af8fd19025225cb0.txt'])
    expect(await found('没有这个单位')).toEqual([])
  })
})

describe('a database damaged while in use (issue #19)', () => {
  it('is set aside and rebuilt from the backup at the call that finds it, not at every call until a restart', async () => {
    const { s, dbPath } = await withSamples()
    const list = await s.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    if (!list.ok) throw new Error(list.error.message)
    const first = list.value.items[0]!
    const detail = await s.getReport({ id: first.id })
    const finding = detail.ok ? detail.value.findings[0] : undefined
    if (!finding) throw new Error('no finding to decide')
    expect(
      (
        await s.setReview({
          reportId: first.id,
          key: finding.key,
          decision: 'dismissed',
          note: '已核实'
        })
      ).ok
    ).toBe(true)
    // The decision is in the backup on disk as soon as the call returns.
    const backup = JSON.parse(await fs.readFile(`${dbPath}.user-data.json`, 'utf8')) as {
      reviews: unknown[]
    }
    expect(backup.reviews).toHaveLength(1)

    // A data page goes bad under the open database: everything into the main file, a change
    // committed by another connection (so the service's cached pages are dropped), then garbage
    // over every page but the first.
    const other = await Db.open(dbPath)
    await other.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    const v = await other.get<{ user_version: number }>('PRAGMA user_version')
    await other.exec(`PRAGMA user_version = ${v!.user_version}`)
    const bytes = await fs.readFile(dbPath)
    const page = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16)
    await fs.writeFile(
      dbPath,
      Buffer.concat([bytes.subarray(0, page), Buffer.alloc(bytes.length - page, 0x5a)])
    )
    await other.close()

    const idle = waitEvent(s, e => e.type === 'idle', 30_000)
    const after = await s.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    expect(after.ok).toBe(true)
    expect(
      (await fs.readdir(path.dirname(dbPath))).filter(f =>
        /^n\.sqlite\.damaged-\d{8}-\d{6}$/.test(f)
      )
    ).toHaveLength(1)
    expect(s.startupNotice()).toContain('使用中发现数据库文件已损坏')
    await idle
    // The reports are read again and the decision is back from the backup.
    const again = await s.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    if (!again.ok) throw new Error(again.error.message)
    expect(again.value.items.map(r => r.file)).toEqual(list.value.items.map(r => r.file))
    const back = again.value.items.find(r => r.file === first.file)!
    const d = await s.getReport({ id: back.id })
    expect(d.ok && d.value.findings.find(f => f.key === finding.key)?.review).toMatchObject({
      decision: 'dismissed',
      note: '已核实'
    })
  }, 60_000)
})
