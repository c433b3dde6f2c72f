/**
 * The real Api over the store, the pipeline and the folder watcher. The Electron main process, the
 * HTTP server and the `watch` CLI all run this one object; they differ only in transport and in
 * the native dialogs Electron adds (pickFolder, pickExportPath, revealFile, openFile).
 *
 * Every method returns a Result and never throws: errors travel as data with a Chinese message.
 * This file wires the rooms together: the database's opening (lifecycle.ts), the backup of the
 * supervisor's work (backup.ts), the ingest queue, watcher and runner (watch/), and the Api's
 * methods, one file per domain in handlers/.
 */
import { fail, ok, type AppEvent, type Result, type WatchStatus } from '../../shared/api'
import { writeErrorText } from '../ingest/fs-errors'
import { silentLogger } from '../logger'
import { dbErrorCause, dbErrorText } from '../store/errors'
import { currentFileCounts } from '../store/files'
import type { Store } from '../store/index'
import { folderSettings, getFolderPolling } from '../store/queries/settings'
import { IngestQueue } from '../watch/queue'
import { createRunner, type Runner } from '../watch/runner'
import { FolderWatcher } from '../watch/watcher'
import { createBackup } from './backup'
import type { Service, ServiceContext, ServiceOptions } from './context'
import { errorMessage } from './errors'
import { agencyHandlers } from './handlers/agencies'
import { appHandlers } from './handlers/app'
import { exportHandlers } from './handlers/exports'
import { folderHandlers } from './handlers/folders'
import { rankingHandlers } from './handlers/ranking'
import { reportHandlers } from './handlers/reports'
import { reviewHandlers } from './handlers/reviews'
import { sharingHandlers } from './handlers/sharing'
import { settingsHandlers } from './handlers/settings'
import { rosterHandlers } from './handlers/roster'
import { ocrHandlers } from './handlers/ocr'
import { isDamaged, openDatabase, rebuildDamaged } from './lifecycle'

export type { Exporter, Service, ServiceOptions } from './context'

export function createService(opts: ServiceOptions): Service {
  const logger = opts.logger ?? silentLogger
  const now = opts.now ?? (() => new Date())
  const listeners = new Set<(e: AppEvent) => void>()
  const emit = (e: AppEvent): void => {
    // A settings, merge, level or review change: the supervisor's own work, kept beside the database.
    // Written at once and fsynced (backup.ts), so a call is answered once its change is on disk.
    if (e.type === 'changed') backup.soon()
    for (const l of listeners) {
      try {
        l(e)
      } catch (err) {
        logger.error(`事件处理出错：${errorMessage(err)}`)
      }
    }
  }

  let store: Store | null = null
  const backup = createBackup(opts.dbPath, () => store, now, logger)

  let scanning = false
  let lastProgressAt = 0
  /** At most ten progress events a second (a 10,000-file scan would flood the window), and the last. */
  const progress = (
    done: number,
    total: number,
    file: string | null,
    ocr?: { page: number; pages: number }
  ): void => {
    const t = Date.now()
    // A page read by OCR comes seconds apart: always shown.
    if (done !== total && !ocr && t - lastProgressAt < 100) return
    lastProgressAt = t
    emit({ type: 'progress', done, total, file, ...(ocr ? { ocr } : {}) })
  }
  const queue: IngestQueue = new IngestQueue({
    run: async job => {
      scanning = job.type === 'rescan'
      try {
        await runner.run(job)
      } finally {
        scanning = false
      }
    },
    onProgress: p => {
      // The audit inside a rescan reports per file; the queue's own count would say "1 of 1".
      if (!scanning) progress(p.done, p.total, p.current)
    },
    onIdle: done => emit({ type: 'idle', done })
  })
  const watcher = new FolderWatcher(
    queue,
    () => void watchStatus().then(s => emit({ type: 'folders', folders: s.folders })),
    opts.watch
  )
  let runner: Runner = { run: async () => undefined, offThread: 0, close: async () => undefined }

  let notice: string | null = null
  const opened: Promise<Result<null>> = (async () => {
    try {
      const o = await openDatabase(opts.dbPath, backup, now, logger)
      store = o.store
      notice = o.notice
    } catch (err) {
      logger.error(`无法打开数据库：${errorMessage(err)}`)
      // The database folder itself can be the problem (a read-only profile, a full disk).
      const why = (await dbErrorCause(err, opts.dbPath)) ?? writeErrorText(err)
      return fail('DB_ERROR', `无法打开数据库 ${opts.dbPath}：${why}`)
    }
    startRunner(store)
    if (opts.autoWatch !== false) {
      const s = await store.getSettings()
      const polling = await getFolderPolling(store.db)
      for (const f of folderSettings(s.watchedFolders, polling))
        await watcher.add(f.path, f.polling)
    }
    // A database from before the backup existed gets one at once.
    backup.soon()
    return ok(null)
  })()

  function startRunner(st: Store): void {
    runner = createRunner({
      store: st,
      watcher,
      emit: e => {
        if (e.type !== 'progress') return emit(e)
        // A file job's OCR pages keep the queue's count (the runner knows only the one file).
        if (!scanning && e.ocr) {
          const q = queue.progress
          return progress(q.done, q.total, e.file, e.ocr)
        }
        progress(e.done, e.total, e.file, e.ocr)
      },
      now,
      logger
    })
  }

  let recovering: Promise<Result<null>> | null = null
  /**
   * The database found damaged after it opened (SQLITE_CORRUPT or NOTADB on a later call: a bad
   * sector, a sync tool writing over it). Every call said "请重启程序" and restarting changed
   * nothing (issue #19): it is set aside and rebuilt as at open (lifecycle.ts rebuildDamaged), the
   * supervisor's work put back from the backup and the folders read again, once, while other calls
   * wait.
   */
  function recoverDamaged(err: unknown): Promise<Result<null>> {
    recovering ??= (async (): Promise<Result<null>> => {
      const old = store
      // No backup is written from the damaged file nor from the empty new one before the restore.
      store = null
      await backup.flush()
      await runner.close().catch(() => undefined)
      await old?.close().catch(() => undefined)
      try {
        const o = await rebuildDamaged(opts.dbPath, err, backup, now, logger)
        store = o.store
        notice = o.notice
        startRunner(o.store)
        void watcher
          .rescan()
          .catch((e: unknown) => logger.error(`重新读取报告失败：${errorMessage(e)}`))
        emit({ type: 'changed', reason: 'settings' })
        return ok(null)
      } catch (e) {
        logger.error(`无法重建数据库：${errorMessage(e)}`)
        return fail(
          'DB_ERROR',
          `数据库文件已损坏，且无法自动重建（${errorMessage(e)}）：请关闭程序，将 ${opts.dbPath} 移到别处后重新启动；设置与审阅记录会从 ${backup.file} 恢复`
        )
      }
    })().finally(() => {
      recovering = null
    })
    return recovering
  }

  /** Runs `fn` with the open store; any throw becomes INTERNAL / DB_ERROR data. */
  async function withStore<T>(
    fn: (s: Store) => Promise<Result<T>>,
    retried = false
  ): Promise<Result<T>> {
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
      // A decision or setting is answered once its backup is on disk (backup.ts soon()).
      await backup.flush()
      return out
    } catch (err) {
      if (isDamaged(err) && !retried) {
        // A call that failed on a database already replaced (by another call's recovery) only retries.
        const back = st === store || recovering ? await recoverDamaged(err) : ok(null)
        if (!back.ok) return back
        // The call again, on the rebuilt database (its reports are being read again).
        return withStore(fn, true)
      }
      logger.error(errorMessage(err))
      const db = dbErrorText(err)
      return db
        ? fail('DB_ERROR', `操作失败：${db}`)
        : fail(
            /SQLITE/.test(errorMessage(err)) ? 'DB_ERROR' : 'INTERNAL',
            `操作失败：${errorMessage(err)}`
          )
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
    const counts = store ? await currentFileCounts(store.db) : new Map<string, number>()
    return {
      folders: watcher.list().map(f => ({
        path: f.root,
        polling: f.polling,
        state: f.state,
        usingPolling: f.usingPolling,
        files: counts.get(f.root) ?? 0,
        error: f.error,
        lastScanAt: f.lastScanAt
      })),
      progress: queue.progress
    }
  }

  const ctx: ServiceContext = {
    opts,
    logger,
    now,
    emit,
    withStore,
    shared,
    watcher,
    watchStatus,
    backup
  }

  let closing: Promise<void> | null = null
  return {
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
        await backup.flush()
        if ((await opened).ok) await store?.close()
      })()
      return closing
    },
    onEvent(cb) {
      listeners.add(cb)
      return () => void listeners.delete(cb)
    },
    ...appHandlers(ctx),
    ...reportHandlers(ctx),
    ...agencyHandlers(ctx),
    ...reviewHandlers(ctx),
    ...sharingHandlers(ctx),
    ...folderHandlers(ctx),
    ...exportHandlers(ctx),
    ...settingsHandlers(ctx),
    ...rosterHandlers(ctx),
    ...rankingHandlers(ctx),
    ...ocrHandlers(ctx)
  } satisfies Service
}
