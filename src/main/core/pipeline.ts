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
import { scanFolder, type ScannedFile } from './ingest/scan'
import { sha256 } from './ingest/hash'
import {
  prepareFile,
  readBytes,
  reportFindings,
  silentLogger,
  unreadableFile,
  type Logger,
  type PreparedFile
} from './pipeline-file'
import { settleDirty } from './pipeline-settle'
import { resolveAgency } from './store/agencies'
import type { Db } from './store/db'
import { filesUnder, getFile, markRemoved, touchFiles, upsertFile, type FileRow } from './store/files'
import type { Store } from './store/index'
import { markDirty, replaceReport, reportKeyOfFile } from './store/reports'
import { getRuleSettings } from './store/settings'

export type { Logger } from './pipeline-file'

export interface Progress {
  phase: 'scan' | 'read' | 'rules' | 'done'
  done: number
  total: number
  file?: string
}

export interface PipelineOptions {
  onProgress?: (p: Progress) => void
  now?: () => Date
  logger?: Logger
  /** Files per write transaction (default 50). */
  batchSize?: number
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

type Outcome = { kind: 'unchanged'; touch: boolean; row: FileRow; file: ScannedFile } | { kind: 'parsed'; prepared: PreparedFile }

function clock(opts: PipelineOptions): () => string {
  return () => (opts.now ? opts.now() : new Date()).toISOString()
}

/** Reads one file: unchanged (same hash as stored) or prepared for storage. */
async function examine(file: ScannedFile, known: FileRow | undefined): Promise<Outcome> {
  const read = await readBytes(file.absPath)
  if ('reason' in read) {
    if (known && known.status === 'current' && known.sha256 === '') {
      return { kind: 'unchanged', touch: false, row: known, file }
    }
    return { kind: 'parsed', prepared: unreadableFile(file, read.reason) }
  }
  const hash = sha256(read.bytes)
  if (known && known.status === 'current' && known.sha256 === hash) {
    const touch = known.size !== file.size || known.mtimeMs !== file.mtimeMs
    return { kind: 'unchanged', touch, row: known, file }
  }
  return { kind: 'parsed', prepared: await prepareFile(file, read.bytes, hash) }
}

/** Writes prepared files in one transaction: file rows, reports, findings, agencies, dirty marks. */
async function writeBatch(db: Db, root: string, batch: PreparedFile[], now: string, logger: Logger): Promise<void> {
  if (batch.length === 0) return
  await db.transaction(async () => {
    const settings = await getRuleSettings(db)
    for (const p of batch) {
      const fileId = await upsertFile(
        db,
        { root, path: p.path, sha256: p.sha256, size: p.size, mtimeMs: p.mtimeMs, format: p.format },
        now
      )
      const old = await reportKeyOfFile(db, fileId)
      const agency = p.parsed.agency ? await resolveAgency(db, p.parsed.agency, now) : null
      const findings = reportFindings(p, agency?.level ?? 'department', settings, logger)
      await replaceReport(
        db,
        {
          fileId,
          sha256: p.sha256,
          format: p.format,
          encoding: p.encoding,
          parsed: p.parsed,
          doc: p.doc,
          problemsText: p.problemsText,
          nameKey: agency?.nameKey ?? null,
          agencyKey: agency?.key ?? null,
          findings
        },
        now
      )
      await markDirty(db, [old ?? { agencyKey: null, year: null }, { agencyKey: agency?.key ?? null, year: p.parsed.year }])
    }
  })
}

/** Audits every file under `folder` into `store`; see the file comment. */
export async function auditFolder(folder: string, store: Store, opts: PipelineOptions = {}): Promise<AuditResult> {
  const logger = opts.logger ?? silentLogger
  const now = clock(opts)
  const root = path.resolve(folder)
  const db = store.db
  opts.onProgress?.({ phase: 'scan', done: 0, total: 0 })
  const scanned = await scanFolder(root, (rel, err) =>
    logger.warn(`无法读取子文件夹或文件：${rel}：${err instanceof Error ? err.message : String(err)}`)
  )
  const known = await filesUnder(db, root)
  const result: AuditResult = { root, files: scanned.length, parsed: 0, unchanged: 0, removed: 0, unreadable: 0 }
  const batchSize = Math.max(1, opts.batchSize ?? 50)
  let batch: PreparedFile[] = []
  const touches: { id: number; size: number; mtimeMs: number }[] = []

  for (let i = 0; i < scanned.length; i++) {
    const file = scanned[i]!
    opts.onProgress?.({ phase: 'read', done: i, total: scanned.length, file: file.path })
    const outcome = await examine(file, known.get(file.path))
    if (outcome.kind === 'unchanged') {
      result.unchanged++
      if (outcome.touch) touches.push({ id: outcome.row.id, size: file.size, mtimeMs: file.mtimeMs })
      continue
    }
    result.parsed++
    if (outcome.prepared.unreadable !== null) result.unreadable++
    batch.push(outcome.prepared)
    if (batch.length >= batchSize) {
      await writeBatch(db, root, batch, now(), logger)
      batch = []
    }
  }
  await writeBatch(db, root, batch, now(), logger)

  const seen = new Set(scanned.map(f => f.path))
  const gone = [...known.values()].filter(f => f.status === 'current' && !seen.has(f.path))
  result.removed = gone.length
  if (gone.length > 0 || touches.length > 0) {
    await db.transaction(async () => {
      const stamp = now()
      await touchFiles(db, touches, stamp)
      await markDirtyForFiles(db, gone.map(f => f.id))
      await markRemoved(db, gone.map(f => f.id), stamp)
    })
  }

  opts.onProgress?.({ phase: 'rules', done: scanned.length, total: scanned.length })
  await settleDirty(db, logger)
  opts.onProgress?.({ phase: 'done', done: scanned.length, total: scanned.length })
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
export async function ingestFile(folder: string, file: string, store: Store, opts: PipelineOptions = {}): Promise<boolean> {
  const logger = opts.logger ?? silentLogger
  const root = path.resolve(folder)
  const rel = relativeTo(root, file)
  const absPath = path.join(root, rel)
  let st
  try {
    st = await fs.stat(absPath)
  } catch {
    await removeFile(folder, file, store, opts)
    return false
  }
  const scanned: ScannedFile = { path: rel, absPath, size: st.size, mtimeMs: Math.floor(st.mtimeMs) }
  const outcome = await examine(scanned, await getFile(store.db, root, rel))
  if (outcome.kind === 'unchanged') {
    if (outcome.touch) await store.db.transaction(() => touchFiles(store.db, [{ id: outcome.row.id, size: st.size, mtimeMs: scanned.mtimeMs }], clock(opts)()))
    return false
  }
  await writeBatch(store.db, root, [outcome.prepared], clock(opts)(), logger)
  await settleDirty(store.db, logger)
  return true
}

/** For the folder watcher: marks one file removed (its report and findings are kept as history). */
export async function removeFile(folder: string, file: string, store: Store, opts: PipelineOptions = {}): Promise<void> {
  const root = path.resolve(folder)
  const row = await getFile(store.db, root, relativeTo(root, file))
  if (!row || row.status === 'removed') return
  await store.db.transaction(async () => {
    await markDirtyForFiles(store.db, [row.id])
    await markRemoved(store.db, [row.id], clock(opts)())
  })
  await settleDirty(store.db, opts.logger ?? silentLogger)
}
