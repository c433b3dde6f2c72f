/**
 * The pipeline shared by the desktop app, the folder watcher and the CLI:
 *   scan → hash → (new or changed only) sniff → extract → parse → rules → store,
 * then duplicate (M02) and cross-year (Y) findings for the agency-years that moved.
 *
 * An unchanged file (same SHA-256) is hashed and nothing more. Every file found gets a report entry;
 * one that cannot be read or is not an annual report gets an M03 finding saying why. Writes are
 * committed one batch per transaction, and the agency-years a batch touched are marked dirty in the
 * same transaction, so a crash loses nothing committed and the next run finishes the job.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import {
  notAFile,
  photoFolderAt,
  scanFolder,
  unopenableReason,
  type ScannedFile
} from '../ingest/scan'
import { writeReadyBatch, type ReadyFile } from './batch'
import {
  createPreparer,
  defaultWorkers,
  examineHere,
  type Examined,
  type PoolOptions,
  type Preparer
} from './pool'
import type { SpareWorker } from './spare'
import { settleDirty } from './settle'
import { catchUpCopies } from './admin'
import type { Db } from '../store/db'
import { filesUnder, getFile, markRemoved, touchFiles, type FileRow } from '../store/files'
import type { Store } from '../store/index'
import { markDirty, reportKeyOfFile } from '../store/reports'
import { getRuleSettings } from '../store/settings'

export type { Logger } from '../logger'
import { silentLogger, type Logger } from '../logger'
import type { OcrPage } from '../extract/ocr/heartbeat'

export interface Progress {
  phase: 'scan' | 'read' | 'rules' | 'done'
  done: number
  total: number
  file?: string
  /** Reading `file` by OCR (a scan): the page just read (done is then the files before it). */
  ocr?: OcrPage
}

export interface PipelineOptions {
  onProgress?: (p: Progress) => void
  now?: () => Date
  logger?: Logger
  /** Files per write transaction (default 50). */
  batchSize?: number
  /** Parse worker threads (default: one per core for 200+ files, else none; 0: this thread only). */
  workers?: number
  /** Worker timeouts and script (pipeline-pool.ts PoolOptions). */
  pool?: PoolOptions
  /**
   * The app's kept worker (pipeline-spare.ts): PDF and Word files of a single-file ingest, or of an
   * audit too small for a pool, are read there instead of in this thread.
   */
  spare?: SpareWorker
  /**
   * Read scanned PDFs and picture files by OCR (default true); false: they get the M03 of a scan,
   * as before OCR (issue #24: the supervisor's switch).
   */
  ocr?: boolean
}

export interface AuditResult {
  /** Absolute folder, as stored in files.root. */
  root: string
  /** Files found by the scan. */
  files: number
  /** Files read, parsed and stored this run (new or changed content). */
  parsed: number
  unchanged: number
  /** Files gone since the last run, now marked removed. */
  removed: number
  /** Files that got an M03 (unreadable / not an annual report) this run. */
  unreadable: number
}

function clock(opts: PipelineOptions): () => string {
  return () => (opts.now ? opts.now() : new Date()).toISOString()
}

/** Writes parsed files in one transaction: file rows, reports, findings, agencies, dirty marks. */
async function writeBatch(
  db: Db,
  root: string,
  batch: ReadyFile[],
  now: string,
  logger: Logger
): Promise<void> {
  if (batch.length === 0) return
  await db.transaction(async () => {
    // Read inside the transaction: findings computed under other settings are recomputed.
    const settings = await getRuleSettings(db)
    await writeReadyBatch(db, root, batch, now, settings, logger)
  })
}

/** Audits every file under `folder` into `store`; see the file comment. */
export async function auditFolder(
  folder: string,
  store: Store,
  opts: PipelineOptions = {}
): Promise<AuditResult> {
  const logger = opts.logger ?? silentLogger
  const root = path.resolve(folder)
  // A function of its own so that the scan, the stored file list and the read queue (~80 MB at
  // 100,000 files) are garbage before the settle: V8 sizes the heap it lets garbage fill in
  // proportion to what is live, and the settle allocates hundreds of MB of parsed JSON.
  // A database whose Y05 index was emptied by a migration has it built again first.
  await catchUpCopies(store)
  const result = await readFolder(root, store, opts, logger)
  const n = result.files
  opts.onProgress?.({ phase: 'rules', done: n, total: n })
  await settleDirty(store.db, logger)
  opts.onProgress?.({ phase: 'done', done: n, total: n })
  return result
}

/** Scan, read and store the new or changed files, mark the gone ones removed: all but the settle. */
async function readFolder(
  root: string,
  store: Store,
  opts: PipelineOptions,
  logger: Logger
): Promise<AuditResult> {
  const now = clock(opts)
  const db = store.db
  opts.onProgress?.({ phase: 'scan', done: 0, total: 0 })
  const scanned = await scanFolder(root, (rel, err) =>
    // Info, not a warning: the entry gets its M03 with the reason in words (scan.ts).
    logger.info(
      `无法读取子文件夹或文件：${rel}：${err instanceof Error ? err.message : String(err)}`
    )
  )
  const known = await filesUnder(db, root)
  const result: AuditResult = {
    root,
    files: scanned.length,
    parsed: 0,
    unchanged: 0,
    removed: 0,
    unreadable: 0
  }
  const batchSize = Math.max(1, opts.batchSize ?? 50)
  let batch: ReadyFile[] = []
  const touches: { id: number; size: number; mtimeMs: number }[] = []

  // A file whose size and mtime match what was stored is not read again (as git and rsync do):
  // that is what makes an unchanged rescan of 10,000 reports take a second. The watcher's
  // per-file ingest always reads, so an edit that keeps both is still seen when it is reported.
  const toRead: ScannedFile[] = []
  for (const file of scanned) {
    const k = known.get(file.path)
    if (
      k &&
      k.status === 'current' &&
      k.sha256 !== '' &&
      k.size === file.size &&
      k.mtimeMs === file.mtimeMs
    ) {
      result.unchanged++
    } else {
      toRead.push(file)
    }
  }

  const settings = await getRuleSettings(db)
  const workers =
    opts.workers ??
    defaultWorkers(
      // A photo folder costs what its pictures do.
      toRead.flatMap(f => (f.pictures ? f.pictures.map(p => p.name) : [f.path]))
    )
  const spare = opts.spare
  // The app's kept worker, started now: the next report saved into the folder need not wait for
  // it. When it reads this folder's files too, the scan waits for its start, which it needs anyway.
  const warming = spare?.warm(settings)
  if (workers === 0) await warming
  const preparer: Preparer =
    workers === 0 && spare
      ? {
          examine: (job, onOcrPage) => spare.examine(job, settings, onOcrPage),
          window: 4,
          close: async () => undefined
        }
      : createPreparer(workers, settings, logger, opts.pool)
  // Reads and parses run ahead (`window` files in flight) while the previous batch is written.
  let writing: Promise<void> = Promise.resolve()
  let writeError: unknown = null
  const flush = async (): Promise<void> => {
    await writing
    if (writeError) throw writeError
    const full = batch
    batch = []
    writing = writeBatch(db, root, full, now(), logger).catch(err => void (writeError = err))
  }
  try {
    // Consumed in scan order, so batches (and which spelling first names an agency) are stable.
    const inFlight: {
      file: ScannedFile
      i: number
      k: FileRow | undefined
      out: Promise<Examined>
    }[] = []
    let next = 0
    while (next < toRead.length || inFlight.length > 0) {
      while (next < toRead.length && inFlight.length < preparer.window) {
        const file = toRead[next]!
        const k = known.get(file.path)
        const knownHash = k && k.status === 'current' ? k.sha256 : null
        const job = { file, knownHash, ocr: opts.ocr ?? true }
        const i = next++
        const onOcrPage = (ocr: OcrPage): void =>
          opts.onProgress?.({ phase: 'read', done: i, total: toRead.length, file: file.path, ocr })
        inFlight.push({ file, i, k, out: preparer.examine(job, onOcrPage) })
      }
      const { file, i, k, out } = inFlight.shift()!
      const outcome = await out
      opts.onProgress?.({ phase: 'read', done: i + 1, total: toRead.length, file: file.path })
      if (outcome.kind === 'ready') {
        result.parsed++
        if (outcome.file.unreadable !== null) result.unreadable++
        batch.push(outcome.file)
        if (batch.length >= batchSize) await flush()
        continue
      }
      result.unchanged++
      if (outcome.kind === 'unchanged' && k)
        touches.push({ id: k.id, size: file.size, mtimeMs: file.mtimeMs })
    }
    await flush()
    await writing
    if (writeError) throw writeError
  } finally {
    await preparer.close()
  }

  const seen = new Set(scanned.map(f => f.path))
  const gone = [...known.values()].filter(f => f.status === 'current' && !seen.has(f.path))
  result.removed = gone.length
  if (gone.length > 0 || touches.length > 0) {
    await db.transaction(async () => {
      const stamp = now()
      await touchFiles(db, touches, stamp)
      await markDirtyForFiles(
        db,
        gone.map(f => f.id)
      )
      await markRemoved(
        db,
        gone.map(f => f.id),
        stamp
      )
    })
  }
  return result
}

async function markDirtyForFiles(db: Db, fileIds: number[]): Promise<void> {
  for (const id of fileIds) {
    const k = await reportKeyOfFile(db, id)
    if (k) await markDirty(db, [k])
  }
}

function relativeTo(root: string, file: string): string {
  const abs = path.resolve(root, file)
  return path.relative(root, abs).split(path.sep).join('/')
}

/**
 * For the folder watcher: (re)reads one file under `folder` (absolute or relative path). Does
 * nothing beyond hashing when the content is unchanged. Returns whether the file was parsed.
 */
export async function ingestFile(
  folder: string,
  file: string,
  store: Store,
  opts: PipelineOptions = {}
): Promise<boolean> {
  const logger = opts.logger ?? silentLogger
  const root = path.resolve(folder)
  const rel = relativeTo(root, file)
  const absPath = path.join(root, rel)
  let st: { size: number; mtimeMs: number }
  let problem: string | null = null
  let isDir = false
  try {
    const s = await fs.stat(absPath)
    st = s
    isDir = s.isDirectory()
    // A pipe or a device (or a link to one): reading it would block the worker until its timeout.
    if (!s.isFile() && !s.isDirectory())
      problem = notAFile(s, (await fs.lstat(absPath)).isSymbolicLink())
  } catch (err) {
    // Still listed but not openable (a broken link): an M03 entry, as the scan gives.
    problem = await unopenableReason(path.dirname(absPath), path.basename(absPath), err)
    if (!problem) {
      await removeFile(folder, file, store, opts)
      return false
    }
    st = { size: 0, mtimeMs: 0 }
  }
  // A folder is read only as a photo folder (ingest/photo-folder.ts): the report its pictures are.
  const photos = isDir ? await photoFolderAt(root, rel) : null
  if (isDir && !photos) return false
  const scanned: ScannedFile = photos ?? {
    path: rel,
    absPath,
    size: st.size,
    mtimeMs: Math.floor(st.mtimeMs),
    ...(problem ? { problem } : {})
  }
  const known = await getFile(store.db, root, rel)
  const current = known && known.status === 'current' ? known : undefined
  const job = { file: scanned, knownHash: current ? current.sha256 : null, ocr: opts.ocr ?? true }
  const settings = await getRuleSettings(store.db)
  const outcome = opts.spare
    ? await opts.spare.examine(job, settings, ocr =>
        opts.onProgress?.({ phase: 'read', done: 0, total: 1, file: rel, ocr })
      )
    : await examineHere(job, settings, logger)
  if (outcome.kind !== 'ready') {
    const touch =
      current !== undefined &&
      (current.size !== scanned.size || current.mtimeMs !== scanned.mtimeMs)
    if (outcome.kind === 'unchanged' && touch)
      await store.db.transaction(() =>
        touchFiles(
          store.db,
          [{ id: current.id, size: st.size, mtimeMs: scanned.mtimeMs }],
          clock(opts)()
        )
      )
    return false
  }
  await writeBatch(store.db, root, [outcome.file], clock(opts)(), logger)
  await settleDirty(store.db, logger)
  return true
}

/** For the folder watcher: marks one file removed (its report and findings are kept as history). */
export async function removeFile(
  folder: string,
  file: string,
  store: Store,
  opts: PipelineOptions = {}
): Promise<void> {
  const root = path.resolve(folder)
  const row = await getFile(store.db, root, relativeTo(root, file))
  if (!row || row.status === 'removed') return
  await store.db.transaction(async () => {
    await markDirtyForFiles(store.db, [row.id])
    await markRemoved(store.db, [row.id], clock(opts)())
  })
  await settleDirty(store.db, opts.logger ?? silentLogger)
}
