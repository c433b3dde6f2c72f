/** The files table: one row per file ever seen under a root, kept (status 'removed') when deleted. */
import type { FileStatus } from '../../shared/api'
import type { FileFormat } from '../../shared/document'
import type { Db } from './db'

export interface FileRow {
  id: number
  root: string
  path: string
  sha256: string
  size: number
  mtimeMs: number
  format: FileFormat
  status: FileStatus
}

const SELECT = `SELECT id, root, path, sha256, size, mtime_ms AS mtimeMs, format, status FROM files`

/**
 * Rows per query of filesUnder. node-sqlite3 builds a whole result set in C++ before handing it to
 * JS: all 100,000 rows of a large folder at once took ~100 MB outside the JS heap, which the
 * allocator kept, and set the process's peak memory on an unchanged rescan (bench/, issue #8).
 */
const FILES_PAGE = 5_000

/** Every file known under `root`, by relative path. */
export async function filesUnder(db: Db, root: string): Promise<Map<string, FileRow>> {
  const out = new Map<string, FileRow>()
  // Pages follow the (root, path) index: each starts where the last ended, nothing is sorted.
  for (let after = ''; ;) {
    const rows = await db.all<Omit<FileRow, 'root'>>(
      `SELECT id, path, sha256, size, mtime_ms AS mtimeMs, format, status FROM files
       WHERE root = ? AND path > ? ORDER BY path LIMIT ${FILES_PAGE}`,
      [root, after]
    )
    for (const r of rows) out.set(r.path, Object.assign(r, { root }))
    if (rows.length < FILES_PAGE) return out
    after = rows[rows.length - 1]!.path
  }
}

export async function getFile(db: Db, root: string, path: string): Promise<FileRow | undefined> {
  return db.get<FileRow>(`${SELECT} WHERE root = ? AND path = ?`, [root, path])
}

/** Inserts or updates the file's row (content changed or first seen) and returns its id. */
export async function upsertFile(
  db: Db,
  f: {
    root: string
    path: string
    sha256: string
    size: number
    mtimeMs: number
    format: FileFormat
  },
  now: string
): Promise<number> {
  await db.run(
    `INSERT INTO files (root, path, sha256, size, mtime_ms, format, status, first_seen, last_seen)
     VALUES (?, ?, ?, ?, ?, ?, 'current', ?, ?)
     ON CONFLICT (root, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
       mtime_ms = excluded.mtime_ms, format = excluded.format, status = 'current',
       last_seen = excluded.last_seen, removed_at = NULL`,
    [f.root, f.path, f.sha256, f.size, f.mtimeMs, f.format, now, now]
  )
  const row = await db.get<{ id: number }>('SELECT id FROM files WHERE root = ? AND path = ?', [
    f.root,
    f.path
  ])
  return row!.id
}

/** Same content, new size/mtime (touched, copied back): only the metadata moves. */
export async function touchFiles(
  db: Db,
  rows: { id: number; size: number; mtimeMs: number }[],
  now: string
): Promise<void> {
  for (const r of rows) {
    await db.run('UPDATE files SET size = ?, mtime_ms = ?, last_seen = ? WHERE id = ?', [
      r.size,
      r.mtimeMs,
      now,
      r.id
    ])
  }
}

/** Marks files removed (their reports too); history is kept. */
export async function markRemoved(db: Db, ids: number[], now: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const q = chunk.map(() => '?').join(',')
    await db.run(`UPDATE files SET status = 'removed', removed_at = ? WHERE id IN (${q})`, [
      now,
      ...chunk
    ])
    await db.run(`UPDATE reports SET status = 'removed' WHERE file_id IN (${q})`, chunk)
  }
}

/** Current files per watched folder (the folders panel's counts). */
export async function currentFileCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ root: string; n: number }>(
    `SELECT root, count(*) AS n FROM files WHERE status = 'current' GROUP BY root`
  )
  return new Map(rows.map(r => [r.root, r.n]))
}

/** The folder and relative path of a report's file, or undefined. */
export async function fileOfReport(
  db: Db,
  reportId: number
): Promise<{ root: string; path: string } | undefined> {
  return db.get<{ root: string; path: string }>(
    'SELECT f.root, f.path FROM reports r JOIN files f ON f.id = r.file_id WHERE r.id = ?',
    [reportId]
  )
}
