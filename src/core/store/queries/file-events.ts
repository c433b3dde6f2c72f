/** What the watcher tells of files it handled (watch/runner.ts): their report, read back. */
import type { Db } from '../db'

export interface FileReportRow {
  reportId: number | null
  agency: string | null
  year: number | null
  nError: number
  nWarning: number
  nInfo: number
  status: 'current' | 'removed'
}

export async function fileReport(
  db: Db,
  root: string,
  rel: string
): Promise<FileReportRow | undefined> {
  return db.get<FileReportRow>(
    `SELECT r.id AS reportId, COALESCE(a.name, r.agency_name) AS agency, r.year,
       COALESCE(r.n_error, 0) AS nError, COALESCE(r.n_warning, 0) AS nWarning,
       COALESCE(r.n_info, 0) AS nInfo, f.status
     FROM files f LEFT JOIN reports r ON r.file_id = f.id LEFT JOIN agencies a ON a.key = r.agency_key
     WHERE f.root = ? AND f.path = ?`,
    [root, rel]
  )
}

/**
 * Whether any current file lies under the folder `rel`. Paths under `rel/` sort between `rel/` and
 * `rel0` ('0' follows '/'): a range of the (root, path) index.
 */
export async function hasFilesUnder(db: Db, root: string, rel: string): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 FROM files WHERE root = ? AND path > ? AND path < ? AND status = 'current' LIMIT 1`,
    [root, `${rel}/`, `${rel}0`]
  )
  return row !== undefined
}

/** Files parsed since `stamp`, a page at a time along the (root, path) index after `after`. */
export async function parsedSince(
  db: Db,
  root: string,
  after: string,
  stamp: string,
  limit: number
): Promise<(FileReportRow & { path: string })[]> {
  return db.all<FileReportRow & { path: string }>(
    `SELECT f.path, r.id AS reportId, COALESCE(a.name, r.agency_name) AS agency, r.year,
       r.n_error AS nError, r.n_warning AS nWarning, r.n_info AS nInfo, f.status
     FROM files f JOIN reports r ON r.file_id = f.id LEFT JOIN agencies a ON a.key = r.agency_key
     WHERE f.root = ? AND f.path > ? AND f.status = 'current' AND r.parsed_at >= ?
     ORDER BY f.path LIMIT ${limit}`,
    [root, after, stamp]
  )
}

/** Files marked removed since `stamp`. */
export async function removedSince(
  db: Db,
  root: string,
  stamp: string
): Promise<{ path: string; reportId: number | null }[]> {
  return db.all<{ path: string; reportId: number | null }>(
    `SELECT f.path, r.id AS reportId FROM files f LEFT JOIN reports r ON r.file_id = f.id
     WHERE f.root = ? AND f.status = 'removed' AND f.removed_at >= ? ORDER BY f.path`,
    [root, stamp]
  )
}
