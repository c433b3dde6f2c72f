/**
 * The real Api over the store, the pipeline and the folder watcher. The Electron main process, the
 * HTTP server and the `watch` CLI all run this one object; they differ only in transport and in
 * the native dialogs Electron adds (pickFolder, pickExportPath, revealFile, openFile).
 *
 * Every method returns a Result and never throws: errors travel as data with a Chinese message.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  fail,
  ok,
  type Api,
  type AppEvent,
  type ExportArgs,
  type ExportKind,
  type ExportResult,
  type ReportFilter,
  type Result,
  type Settings,
  type WatchStatus
} from '../../shared/api'
import { RULE_IDS, type RuleId } from '../../shared/rules'
import { writeErrorText } from '../ingest/fs-errors'
import { mergeAgencies, setAgencyLevel, setDeadlines, unmergeAgency } from '../pipeline/admin'
import { silentLogger, type Logger } from '../pipeline/file'
import { dbErrorCause, dbErrorText } from '../store/errors'
import { openStore, type Store } from '../store/index'
import { loadUserData, readUserData, restoreUserData, saveUserData, userDataPath, type UserData } from '../store/user-data'
import { broadFolderReason, folderOf, isPathInside, normalizeFolder } from '../fs/path-guard'
import { IngestQueue } from '../watch/queue'
import { createRunner, type Runner } from '../watch/runner'
import { FolderWatcher, type WatchOptions } from '../watch/watcher'
import { getAgency, listAgencies } from '../store/queries/agencies'
import { matrix, overview } from '../store/queries/overview'
import { adjacentReports, listReports, reportDetail } from '../store/queries/reports'
import { folderSettings, getFolderPolling, setFolderPolling } from '../store/queries/settings'
import { trends } from '../store/queries/trends'

/** Writes an export file (the workbook, the notices); the export module's, or a test's. */
export type Exporter = (
  store: Store,
  args: { filter: ReportFilter; path: string; onProgress: (done: number, total: number) => void }
) => Promise<{ reports: number; findings: number }>

export interface ServiceOptions {
  dbPath: string
  now?: () => Date
  logger?: Logger
  /** Folder for exports written without a chosen path (HTTP downloads). */
  exportDir?: string
  /** The workbook's writer (tests replace it); the notices' is always export/notices.ts. */
  exporter?: Exporter
  transport?: 'ipc' | 'http'
  version?: string
  watch?: WatchOptions
  /** Start watching the saved folders on open (default true). */
  autoWatch?: boolean
  /** The user's home folder, which is not watched whole (default os.homedir()). */
  homeDir?: string
}

export interface Service extends Api {
  /** Resolves once the database is open and saved folders are being watched. */
  ready(): Promise<Result<null>>
  /**
   * After ready(): what the user must be told about opening the database (a damaged file set
   * aside and a new one started), or null.
   */
  startupNotice(): string | null
  /** Absolute path of a report's file, refused unless it lies in a watched folder. */
  reportFile(reportId: number): Promise<Result<string>>
  /** Resolves when the ingest queue is empty. */
  whenIdle(): Promise<void>
  close(): Promise<void>
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** What the start-up notice says of a backup put back into a new database (store/user-data.ts). */
function restoredText(saved: UserData): string {
  const at = saved.savedAt.slice(0, 16).replace('T', ' ')
  return `监视的文件夹、设置、单位合并与层级，以及 ${saved.reviews.length} 条审阅记录已从备份（${at}）恢复，报告正在重新读取。`
}

/**
 * A database file SQLite cannot read as one (damaged on disk, overwritten, encrypted by a tool).
 * Not a locked, unreachable or newer-version file: those are refused, and the file left alone.
 */
function isDamaged(err: unknown): boolean {
  return /SQLITE_(NOTADB|CORRUPT)/.test(message(err))
}

/** A time for a file name: 20261124-063005 (UTC). */
function fileStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d*Z$/, '').replace('T', '-')
}

/** Renames the database and its WAL and shared-memory files aside; returns the new name. */
async function setAside(dbPath: string, at: Date): Promise<string> {
  const aside = `${dbPath}.damaged-${fileStamp(at)}`
  await fs.rename(dbPath, aside)
  for (const suffix of ['-wal', '-shm']) await fs.rename(dbPath + suffix, aside + suffix).catch(() => undefined)
  return aside
}

export function createService(opts: ServiceOptions): Service {
  const logger = opts.logger ?? silentLogger
  const now = opts.now ?? (() => new Date())
  const listeners = new Set<(e: AppEvent) => void>()
  const emit = (e: AppEvent): void => {
    // A settings, merge, level or review change: the supervisor's own work, kept beside the database.
    if (e.type === 'changed') backupNow()
    for (const l of listeners) {
      try {
        l(e)
      } catch (err) {
        logger.error(`事件处理出错：${message(err)}`)
      }
    }
  }

  let store: Store | null = null

  // The backup of what only the supervisor made (store/user-data.ts), written 0.5 s after a change
  // (a note typed key by key is one write) and at close.
  const backupFile = userDataPath(opts.dbPath)
  let backupTimer: ReturnType<typeof setTimeout> | null = null
  let backingUp: Promise<void> = Promise.resolve()
  const writeBackup = async (): Promise<void> => {
    if (!store) return
    try {
      await saveUserData(backupFile, await readUserData(store.db, now()))
    } catch (err) {
      logger.warn(`无法保存设置与审阅记录的备份 ${backupFile}：${message(err)}`)
    }
  }
  /** Writes the backup now if one is due; resolves when every write asked for is done. */
  function flushBackup(): Promise<void> {
    if (backupTimer) {
      clearTimeout(backupTimer)
      backupTimer = null
      backingUp = backingUp.then(writeBackup)
    }
    return backingUp
  }
  function backupSoon(): void {
    backupTimer ??= setTimeout(() => void flushBackup(), 500)
  }
  /**
   * After a decision, a setting, a merge: written at once (after any write in flight), not 0.5 s
   * later: a kill right after a decision lost it from the backup (issue #19). Writes asked for
   * while one runs are one write after it.
   */
  let backupQueued = false
  function backupNow(): void {
    if (backupTimer) clearTimeout(backupTimer)
    backupTimer = null
    if (backupQueued) return
    backupQueued = true
    backingUp = backingUp.then(() => {
      // Read when the write starts: every change made until then is in it.
      backupQueued = false
      return writeBackup()
    })
  }
  /** Puts the backup into a new database, when it holds anything; what was put back, or null. */
  async function restoreBackup(db: Store['db']): Promise<UserData | null> {
    const saved = await loadUserData(backupFile)
    if (!saved || (saved.reviews.length === 0 && saved.settings.length === 0)) return null
    await restoreUserData(db, saved)
    return saved
  }
  let scanning = false
  let lastProgressAt = 0
  /** At most ten progress events a second (a 10,000-file scan would flood the window), and the last. */
  const progress = (done: number, total: number, file: string | null): void => {
    const t = Date.now()
    if (done !== total && t - lastProgressAt < 100) return
    lastProgressAt = t
    emit({ type: 'progress', done, total, file })
  }
  const queue: IngestQueue = new IngestQueue({
    run: async (job) => {
      scanning = job.type === 'rescan'
      try {
        await runner.run(job)
      } finally {
        scanning = false
      }
    },
    onProgress: (p) => {
      // The audit inside a rescan reports per file; the queue's own count would say "1 of 1".
      if (!scanning) progress(p.done, p.total, p.current)
    },
    onIdle: (done) => emit({ type: 'idle', done })
  })
  const watcher = new FolderWatcher(
    queue,
    () => void watchStatus().then((s) => emit({ type: 'folders', folders: s.folders })),
    opts.watch
  )
  let runner: Runner = { run: async () => undefined, offThread: 0, close: async () => undefined }

  let notice: string | null = null
  const opened: Promise<Result<null>> = (async () => {
    try {
      await fs.mkdir(path.dirname(opts.dbPath), { recursive: true })
      const existed = await fs.stat(opts.dbPath).then(
        () => true,
        () => false
      )
      try {
        store = await openStore(opts.dbPath)
        // The database gone but its backup there (moved, deleted by a cleaner or an antivirus):
        // starting empty would have written an empty backup over the supervisor's work.
        const saved = existed ? null : await restoreBackup(store.db)
        if (saved) {
          notice =
            `数据库文件 ${opts.dbPath} 不存在，已新建：` +
            restoredText(saved)
          logger.warn(notice)
        }
      } catch (err) {
        if (!isDamaged(err)) throw err
        // Without this the app failed at every start until someone found and deleted the file.
        // The reports come back from the folders; the supervisor's own work from the backup.
        const aside = await setAside(opts.dbPath, now())
        store = await openStore(opts.dbPath)
        const saved = await restoreBackup(store.db)
        notice =
          `数据库文件已损坏，无法打开（${message(err)}）。原文件已改名保留为 ${aside}，并已新建数据库：` +
          (saved
            ? restoredText(saved)
            : '请重新添加要监视的文件夹，报告会重新读取；此前的审阅记录仍在原文件中。')
        logger.warn(notice)
      }
    } catch (err) {
      logger.error(`无法打开数据库：${message(err)}`)
      // The database folder itself can be the problem (a read-only profile, a full disk).
      const why = (await dbErrorCause(err, opts.dbPath)) ?? writeErrorText(err)
      return fail('DB_ERROR', `无法打开数据库 ${opts.dbPath}：${why}`)
    }
    startRunner(store)
    if (opts.autoWatch !== false) {
      const s = await store.getSettings()
      const polling = await getFolderPolling(store.db)
      for (const f of folderSettings(s.watchedFolders, polling)) await watcher.add(f.path, f.polling)
    }
    // A database from before the backup existed gets one at once.
    backupSoon()
    return ok(null)
  })()

  function startRunner(st: Store): void {
    runner = createRunner({
      store: st,
      watcher,
      emit: (e) => (e.type === 'progress' ? progress(e.done, e.total, e.file) : emit(e)),
      now,
      logger
    })
  }

  let recovering: Promise<Result<null>> | null = null
  /**
   * The database found damaged after it opened (SQLITE_CORRUPT or NOTADB on a later call: a bad
   * sector, a sync tool writing over it). Every call said "请重启程序" and restarting changed
   * nothing (issue #19): it is set aside and rebuilt as at open, the supervisor's work put back
   * from the backup and the folders read again, once, while other calls wait.
   */
  function recoverDamaged(err: unknown): Promise<Result<null>> {
    recovering ??= (async (): Promise<Result<null>> => {
      const old = store
      // No backup is written from the damaged file nor from the empty new one before the restore.
      store = null
      if (backupTimer) clearTimeout(backupTimer)
      backupTimer = null
      await backingUp
      await runner.close().catch(() => undefined)
      await old?.close().catch(() => undefined)
      try {
        const aside = await setAside(opts.dbPath, now())
        const fresh = await openStore(opts.dbPath)
        const saved = await restoreBackup(fresh.db)
        store = fresh
        notice =
          `使用中发现数据库文件已损坏（${message(err)}）。原文件已改名保留为 ${aside}，并已新建数据库：` +
          (saved ? restoredText(saved) : '请重新添加要监视的文件夹，报告会重新读取；此前的审阅记录仍在原文件中。')
        logger.warn(notice)
        startRunner(fresh)
        void watcher.rescan().catch((e: unknown) => logger.error(`重新读取报告失败：${message(e)}`))
        emit({ type: 'changed', reason: 'settings' })
        return ok(null)
      } catch (e) {
        logger.error(`无法重建数据库：${message(e)}`)
        return fail('DB_ERROR', `数据库文件已损坏，且无法自动重建（${message(e)}）：请关闭程序，将 ${opts.dbPath} 移到别处后重新启动；设置与审阅记录会从 ${backupFile} 恢复`)
      }
    })().finally(() => {
      recovering = null
    })
    return recovering
  }

  /** Runs `fn` with the open store; any throw becomes INTERNAL / DB_ERROR data. */
  async function withStore<T>(fn: (s: Store) => Promise<Result<T>>, retried = false): Promise<Result<T>> {
    const r = await opened
    if (!r.ok) return r
    if (recovering) {
      const back = await recovering
      if (!back.ok) return back
    }
    const st = store
    if (!st) return fail('DB_ERROR', '数据库不可用：请关闭程序后重新启动')
    try {
      const out = await fn(st)
      // A decision or setting is answered once its backup is on disk (backupNow).
      await backingUp
      return out
    } catch (err) {
      if (isDamaged(err) && !retried) {
        // A call that failed on a database already replaced (by another call's recovery) only retries.
        const back = st === store || recovering ? await recoverDamaged(err) : ok(null)
        if (!back.ok) return back
        // The call again, on the rebuilt database (its reports are being read again).
        return withStore(fn, true)
      }
      logger.error(message(err))
      const db = dbErrorText(err)
      return db ? fail('DB_ERROR', `操作失败：${db}`) : fail(/SQLITE/.test(message(err)) ? 'DB_ERROR' : 'INTERNAL', `操作失败：${message(err)}`)
    }
  }

  /**
   * One run of a read that is already running with the same arguments: the filter bar and the
   * overview screen both ask for the unfiltered overview when no filter is set, and the two queued
   * on the one connection cost 40 ms each at 100,000 reports (bench/, issue #8).
   */
  const running = new Map<string, Promise<unknown>>()
  function shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const same = running.get(key) as Promise<T> | undefined
    if (same) return same
    const p = read().finally(() => running.delete(key))
    running.set(key, p)
    return p
  }

  async function watchStatus(): Promise<WatchStatus> {
    const counts = store
      ? await store.db.all<{ root: string; n: number }>(
          `SELECT root, count(*) AS n FROM files WHERE status = 'current' GROUP BY root`
        )
      : []
    return {
      folders: watcher.list().map((f) => ({
        path: f.root,
        polling: f.polling,
        state: f.state,
        usingPolling: f.usingPolling,
        files: counts.find((c) => c.root === f.root)?.n ?? 0,
        error: f.error,
        lastScanAt: f.lastScanAt
      })),
      progress: queue.progress
    }
  }

  async function settings(s: Store): Promise<Settings> {
    const st = await s.getSettings()
    return {
      watchedFolders: folderSettings(st.watchedFolders, await getFolderPolling(s.db)),
      deadlines: st.deadlines,
      reviewerName: st.reviewerName
    }
  }

  /** The saved folder matching `p` (same folder, case-insensitive on Windows), or null. */
  async function watchedMatch(s: Store, p: string): Promise<string | null> {
    const folders = (await s.getSettings()).watchedFolders
    return folders.find((f) => isPathInside(p, f) && isPathInside(f, p)) ?? null
  }

  const notAvailable = <T>(what: string): Promise<Result<T>> =>
    Promise.resolve(fail<T>('NOT_AVAILABLE', `${what}仅在桌面应用中可用`))

  const service: Service = {
    ready: () => opened,
    startupNotice: () => notice,
    whenIdle: () => queue.whenIdle(),
    close() {
      // Idempotent: Electron's before-quit and a test's cleanup may both close.
      closing ??= (async () => {
        await watcher.close()
        await queue.close()
        await runner.close()
        listeners.clear()
        await flushBackup()
        if ((await opened).ok) await store?.close()
      })()
      return closing
    },

    onEvent(cb) {
      listeners.add(cb)
      return () => void listeners.delete(cb)
    },

    getAppInfo: () =>
      withStore(async (s) =>
        ok({
          version: opts.version ?? '0.0.0',
          transport: opts.transport ?? 'ipc',
          dbPath: s.path,
          platform: process.platform,
          userDataPath: backupFile,
          userDataSavedAt: await fs.stat(backupFile).then(
            (st) => st.mtime.toISOString(),
            () => null
          )
        })
      ),

    getOverview: (a) =>
      shared(`getOverview ${JSON.stringify(a.filter ?? {})}`, () => withStore(async (s) => ok(await overview(s.db, a.filter)))),
    getMatrix: (a) => withStore(async (s) => ok(await matrix(s.db, a.filter ?? {}, a.page))),
    listAgencies: (a) => withStore(async (s) => ok(await listAgencies(s.db, a))),
    getAgency: (a) =>
      withStore(async (s) => {
        const ag = await getAgency(s.db, a.key)
        return ag ? ok(ag) : fail('NOT_FOUND', `找不到单位：${a.key}`)
      }),
    listReports: (a) => withStore(async (s) => ok(await listReports(s.db, a))),
    getReport: (a) =>
      withStore(async (s) => {
        const d = await reportDetail(s, a.id)
        return d ? ok(d) : fail('NOT_FOUND', `找不到报告（编号 ${a.id}）`)
      }),
    getAdjacentReports: (a) => withStore(async (s) => ok(await adjacentReports(s.db, a))),

    setReview: (a) =>
      withStore(async (s) => {
        const bar = a.key.indexOf('|')
        const rule = a.key.slice(0, bar) as RuleId
        const locKey = a.key.slice(bar + 1)
        if (bar < 0 || !RULE_IDS.includes(rule)) return fail('INVALID_ARGUMENT', `问题标识无效：${a.key}`)
        const detail = await s.getReport(a.reportId)
        if (!detail) return fail('NOT_FOUND', `找不到报告（编号 ${a.reportId}）`)
        const finding = detail.findings.find((f) => f.rule === rule && f.locKey === locKey)
        const orphan = detail.orphanedReviews.find((r) => r.rule === rule && r.locKey === locKey)
        if (!finding && !(orphan && a.decision === null)) {
          return fail('NOT_FOUND', '该报告中没有这条问题（可能已重新解析），请刷新后再试')
        }
        if (a.decision === null) {
          await s.clearDecision(a.reportId, rule, locKey)
          emit({ type: 'changed', reason: 'reviews' })
          return ok(null)
        }
        const reviewer = (await s.getSettings()).reviewerName
        const at = now()
        await s.setDecision(
          { reportId: a.reportId, rule, locKey, decision: a.decision, note: a.note ?? '', reviewer, message: finding!.message },
          at
        )
        emit({ type: 'changed', reason: 'reviews' })
        return ok({
          decision: a.decision,
          note: a.note ?? '',
          reviewer,
          decidedAt: at.toISOString(),
          stale: false,
          message: finding!.message
        })
      }),

    getTrends: (a) => withStore(async (s) => ok(await trends(s.db, a.filter ?? {}, a.agencyKey))),

    getWatchStatus: () => withStore(async () => ok(await watchStatus())),
    pickFolder: () => notAvailable('选择文件夹对话框'),

    addWatchedFolder: (a) =>
      withStore(async (s) => {
        if (!path.isAbsolute(a.path)) return fail('INVALID_ARGUMENT', `须为完整路径：${a.path}`)
        const root = normalizeFolder(a.path)
        const st = await fs.stat(root).catch(() => null)
        if (!st?.isDirectory()) return fail('FOLDER_UNAVAILABLE', `文件夹不存在或无法访问：${a.path}`)
        const broad = broadFolderReason(root, opts.homeDir ?? os.homedir())
        if (broad) return fail('PATH_NOT_ALLOWED', broad)
        const dbDir = path.dirname(path.resolve(s.path))
        if (isPathInside(dbDir, root)) {
          return fail('PATH_NOT_ALLOWED', '不能监视包含本程序数据库的文件夹')
        }
        const current = (await s.getSettings()).watchedFolders
        const existing = await watchedMatch(s, root)
        const polling = await getFolderPolling(s.db)
        const mode = a.polling ?? polling[existing ?? root] ?? 'auto'
        const key = existing ?? root
        if (!existing) await s.setSetting('watchedFolders', [...current, root])
        await setFolderPolling(s.db, { ...polling, [key]: mode })
        await watcher.add(key, mode)
        emit({ type: 'changed', reason: 'settings' })
        return ok(await watchStatus())
      }),

    removeWatchedFolder: (a) =>
      withStore(async (s) => {
        const existing = await watchedMatch(s, a.path)
        if (!existing) return fail('NOT_FOUND', `该文件夹未被监视：${a.path}`)
        const current = (await s.getSettings()).watchedFolders
        await s.setSetting('watchedFolders', current.filter((f) => f !== existing))
        const polling = await getFolderPolling(s.db)
        delete polling[existing]
        await setFolderPolling(s.db, polling)
        await watcher.remove(existing)
        emit({ type: 'changed', reason: 'settings' })
        return ok(await watchStatus())
      }),

    rescan: (a) =>
      withStore(async (s) => {
        if (a.path !== undefined) {
          const existing = await watchedMatch(s, a.path)
          if (!existing) return fail('PATH_NOT_ALLOWED', `只能重新扫描被监视的文件夹：${a.path}`)
          await watcher.rescan(existing)
        } else {
          await watcher.rescan()
        }
        return ok(await watchStatus())
      }),

    revealFile: () => notAvailable('在文件夹中显示'),
    openFile: () => notAvailable('打开原文件'),
    async reportFile(reportId) {
      return withStore(async (s) => {
        const row = await s.db.get<{ root: string; path: string }>(
          'SELECT f.root, f.path FROM reports r JOIN files f ON f.id = r.file_id WHERE r.id = ?',
          [reportId]
        )
        if (!row) return fail('NOT_FOUND', `找不到报告（编号 ${reportId}）`)
        const abs = path.resolve(row.root, row.path)
        const folders = (await s.getSettings()).watchedFolders
        if (!folderOf(abs, folders)) return fail('PATH_NOT_ALLOWED', '该文件不在被监视的文件夹中')
        return ok(abs)
      })
    },

    pickExportPath: () => notAvailable('保存对话框'),
    exportXlsx: (a) => withStore((s) => exportFile(s, a, 'xlsx')),
    exportNotices: (a) => withStore((s) => exportFile(s, a, 'docx')),

    getSettings: () => withStore(async (s) => ok(await settings(s))),
    updateSettings: (a) =>
      withStore(async (s) => {
        if (a.reviewerName !== undefined) await s.setSetting('reviewerName', a.reviewerName.trim())
        if (a.deadlines) await setDeadlines(s, a.deadlines, logger)
        emit({ type: 'changed', reason: 'settings' })
        return ok(await settings(s))
      }),
    setAgencyLevel: (a) =>
      withStore(async (s) => {
        if (!(await s.getAgency(a.key))) return fail('NOT_FOUND', `找不到单位：${a.key}`)
        await setAgencyLevel(s, a.key, a.level, logger)
        emit({ type: 'changed', reason: 'agencies' })
        const ag = await getAgency(s.db, a.key)
        return ag ? ok(ag) : fail('NOT_FOUND', `找不到单位：${a.key}`)
      }),
    mergeAgencies: (a) =>
      withStore(async (s) => {
        if (!(await s.getAgency(a.into))) return fail('NOT_FOUND', `找不到单位：${a.into}`)
        for (const from of a.from) {
          if (from === a.into) return fail('INVALID_ARGUMENT', '不能把单位合并到它自己')
          if (!(await s.getAgency(from))) return fail('NOT_FOUND', `找不到单位：${from}`)
        }
        let key = a.into
        for (const from of a.from) key = await mergeAgencies(s, from, a.into, { now, logger })
        emit({ type: 'changed', reason: 'agencies' })
        const ag = await getAgency(s.db, key)
        return ag ? ok(ag) : fail('NOT_FOUND', `找不到单位：${key}`)
      }),
    unmergeAgency: (a) =>
      withStore(async (s) => {
        const row = await s.db.get('SELECT 1 FROM agency_aliases WHERE alias_key = ?', [a.alias])
        if (!row) return fail('NOT_FOUND', `没有这个别名：${a.alias}`)
        await unmergeAgency(s, a.alias, { now, logger })
        emit({ type: 'changed', reason: 'agencies' })
        return ok(null)
      })
  }

  let closing: Promise<void> | null = null
  let exporting = false
  async function exportFile(s: Store, a: ExportArgs, kind: ExportKind): Promise<Result<ExportResult>> {
    if (exporting) return fail('BUSY', '正在导出，请等待当前导出完成')
    // Loaded on first use: ExcelJS and docx cost the app's start ~150 ms otherwise.
    const exporter =
      kind === 'docx'
        ? (await import('../export/notices')).noticesExporter
        : (opts.exporter ?? (await import('../export/index')).xlsxExporter)
    let target: string
    if (a.path !== undefined) {
      if (!path.isAbsolute(a.path)) return fail('INVALID_ARGUMENT', `须为完整路径：${a.path}`)
      target = path.resolve(a.path)
    } else {
      if (!opts.exportDir) return fail('INVALID_ARGUMENT', '请指定导出文件的保存位置')
      await fs.mkdir(opts.exportDir, { recursive: true })
      target = path.join(opts.exportDir, `${kind === 'docx' ? '整改意见' : '年报审查'}-${fileStamp(now())}.${kind}`)
    }
    // The supervisor's report folders are read-only to us.
    if (folderOf(target, (await s.getSettings()).watchedFolders)) {
      return fail('PATH_NOT_ALLOWED', '不能把导出文件保存到被监视的报告文件夹中')
    }
    exporting = true
    try {
      const r = await exporter(s, {
        filter: a.filter ?? {},
        path: target,
        onProgress: (done, total) => emit({ type: 'export-progress', done, total })
      })
      return ok({ path: target, reports: r.reports, findings: r.findings, downloadUrl: null })
    } catch (err) {
      // The notices' cap (export/notices.ts), told by name: that module loads on first use.
      if (err instanceof Error && err.name === 'TooManyNotices') return fail('TOO_LARGE', err.message)
      return fail('IO_ERROR', `导出失败：${writeErrorText(err)}`)
    } finally {
      exporting = false
    }
  }

  return service
}
