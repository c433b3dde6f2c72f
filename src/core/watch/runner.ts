/**
 * What the queue does with each job: the pipeline's per-file ingest/remove, or its full folder
 * audit for a rescan, then the AppEvents the screens and the `watch` CLI show.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { AppEvent } from '../../shared/api'
import { auditFolder, ingestFile, removeFile } from '../pipeline/index'
import { createSpareWorker } from '../pipeline/spare'
import { photoFolderAt } from '../ingest/scan'
import {
  fileReport,
  hasFilesUnder,
  parsedSince,
  removedSince,
  type FileReportRow
} from '../store/queries/file-events'
import { dbErrorText } from '../store/errors'
import type { Store } from '../store/index'
import type { Job } from './queue'
import type { FolderWatcher } from './watcher'
import { type Logger } from '../logger'

export interface RunnerDeps {
  store: Store
  watcher: FolderWatcher
  emit(e: AppEvent): void
  now: () => Date
  logger: Logger
}

function ingestedEvent(root: string, file: string, r: FileReportRow | undefined): AppEvent {
  return {
    type: 'ingested',
    root,
    file,
    reportId: r?.reportId ?? null,
    agency: r?.agency ?? null,
    year: r?.year ?? null,
    findings: r ? r.nError + r.nWarning + r.nInfo : 0,
    errors: r?.nError ?? 0,
    warnings: r?.nWarning ?? 0
  }
}

const READ_BACK_PAGE = 5_000

function describe(err: unknown): string {
  return dbErrorText(err) ?? (err instanceof Error ? err.message : String(err))
}

export interface Runner {
  run(job: Job): Promise<void>
  /** Files handed to the kept parse worker so far (pipeline-spare.ts). */
  readonly offThread: number
  /** Stops the kept parse worker. */
  close(): Promise<void>
}

export function createRunner(deps: RunnerDeps): Runner {
  const { store, watcher, emit, logger } = deps
  // PDF and Word files saved into a watched folder are read off this (the app's main) thread.
  const spare = createSpareWorker(logger)
  const opts = { now: deps.now, logger, spare }
  // The 设置 switch 文字识别（OCR）, read at each run: a change applies from the next file read.
  const withOcr = async (): Promise<typeof opts & { ocr: boolean }> => ({
    ...opts,
    ocr: (await store.getSettings()).ocr
  })

  /**
   * A file event inside a folder that is, or was, a photo folder read as one report
   * (ingest/photo-folder.ts) concerns that report: a picture added, changed or removed re-reads
   * it. When the folder becomes one (a second picture) or stops being one (a picture left alone,
   * a document put beside them), the pictures' entries and the folder's swap: a rescan settles
   * both. Returns whether the event was handled so.
   */
  async function photoFolderEvent(root: string, rel: string): Promise<boolean> {
    const dir = path.posix.dirname(rel)
    if (dir === '.' || dir === '') return false
    const [now, before] = await Promise.all([
      photoFolderAt(root, dir),
      fileReport(store.db, root, dir)
    ])
    if (!now && !before) return false
    if (now && before?.status === 'current') await ingest(root, dir, true)
    else await rescan(root)
    return true
  }

  async function remove(root: string, rel: string): Promise<void> {
    if (rel.includes('\uFFFD')) return rescan(root)
    if (await photoFolderEvent(root, rel)) return
    const before = await fileReport(store.db, root, rel)
    if (!before) {
      // A whole folder moved or deleted can arrive as one event for the folder: rescan for its files.
      if (await hasFilesUnder(store.db, root, rel)) await rescan(root)
      return
    }
    if (before.status !== 'current') return
    // A network share that drops out looks like every file vanishing: while the folder itself is
    // unreachable nothing is marked removed; the rescan after it returns settles the truth.
    const rootOk = await fs
      .stat(root)
      .then(s => s.isDirectory())
      .catch(() => false)
    if (!rootOk) {
      watcher.setState(root, 'unavailable', '文件夹无法访问（网络共享断开或已被移走）')
      return
    }
    await removeFile(root, rel, store, opts)
    emit({ type: 'removed', root, file: rel, reportId: before.reportId })
  }

  async function ingest(root: string, rel: string, photoFolder = false): Promise<void> {
    // A name that is not UTF-8 (GBK, from a Windows zip) comes as U+FFFD and opens by its bytes
    // only; the scan reads it so and keys it by its GB18030 name (ingest/scan.ts): rescan.
    if (rel.includes('\uFFFD')) return rescan(root)
    if (!photoFolder && (await photoFolderEvent(root, rel))) return
    const at = path.join(root, rel)
    const st = await fs.stat(at).catch(() => null)
    // A broken link is still listed: ingestFile gives it its M03, as the scan does. Anything else
    // gone again before we got to it (a temp file, a quick delete) is a removal.
    const exists = st
      ? st.isFile() || (photoFolder && st.isDirectory())
      : (await fs.lstat(at).catch(() => null))?.isSymbolicLink() === true
    if (!exists) return remove(root, rel)
    const parsed = await ingestFile(root, rel, store, {
      ...(await withOcr()),
      // A scan read by OCR takes seconds a page: each page is shown (the queue counts the file).
      onProgress: p => {
        if (p.ocr) emit({ type: 'progress', done: 0, total: 1, file: rel, ocr: p.ocr })
      }
    })
    if (parsed) emit(ingestedEvent(root, rel, await fileReport(store.db, root, rel)))
  }

  async function rescan(root: string): Promise<void> {
    if (!watcher.has(root)) return
    watcher.setState(root, 'scanning')
    const stamp = deps.now().toISOString()
    try {
      await auditFolder(root, store, {
        ...(await withOcr()),
        onProgress: p => {
          if (p.phase === 'read' || p.phase === 'done') {
            emit({
              type: 'progress',
              done: p.done,
              total: p.total,
              file: p.file ?? null,
              ...(p.ocr ? { ocr: p.ocr } : {})
            })
          }
        }
      })
    } catch (err) {
      // The database failing (a full disk) is not the folder failing: it stays watched.
      const db = dbErrorText(err)
      if (db) {
        watcher.setState(root, 'watching', db)
        emit({ type: 'error', root, file: null, code: 'DB_ERROR', message: `扫描未完成：${db}` })
        return
      }
      watcher.setState(root, 'unavailable', describe(err))
      emit({
        type: 'error',
        root,
        file: null,
        code: 'FOLDER_UNAVAILABLE',
        message: `无法扫描文件夹：${describe(err)}`
      })
      return
    }
    // The audit is batched and silent per file; what it changed is read back by timestamp, a page
    // at a time along the (root, path) index: the first scan of 100,000 files reads back 100,000.
    for (let after = ''; ;) {
      const page = await parsedSince(store.db, root, after, stamp, READ_BACK_PAGE)
      for (const r of page) emit(ingestedEvent(root, r.path, r))
      if (page.length < READ_BACK_PAGE) break
      after = page[page.length - 1]!.path
    }
    const removed = await removedSince(store.db, root, stamp)
    for (const r of removed) emit({ type: 'removed', root, file: r.path, reportId: r.reportId })
    watcher.setState(root, 'watching')
  }

  const run = async (job: Job): Promise<void> => {
    try {
      if (job.type === 'rescan') await rescan(job.root)
      else if (job.kind === 'remove') await remove(job.root, job.rel)
      else await ingest(job.root, job.rel)
    } catch (err) {
      logger.error(`处理失败：${job.type === 'file' ? job.rel : job.root}：${describe(err)}`)
      emit({
        type: 'error',
        root: job.root,
        file: job.type === 'file' ? job.rel : null,
        code: dbErrorText(err) ? 'DB_ERROR' : 'INTERNAL',
        message: `处理失败：${describe(err)}`
      })
    }
  }
  return {
    run,
    get offThread() {
      return spare.offThread
    },
    close: () => spare.close()
  }
}
