/** The reports a supervisor's correction touches (pipeline/admin.ts re-evaluates them). */
import type { FileFormat } from '../../../shared/document'
import type { Db } from '../db'

/** Where a report's file is and what format it is: what the single-report rules need besides it. */
export async function reportFileInfo(
  db: Db,
  reportId: number
): Promise<
  | { agency_key: string | null; path: string; format: FileFormat; mtimeMs: number; sha256: string }
  | undefined
> {
  return db.get<{
    agency_key: string | null
    path: string
    format: FileFormat
    mtimeMs: number
    sha256: string
  }>(
    `SELECT r.agency_key, f.path, r.format, f.mtime_ms AS mtimeMs, r.sha256
     FROM reports r JOIN files f ON f.id = r.file_id WHERE r.id = ?`,
    [reportId]
  )
}

export async function reportIdsOfAgency(db: Db, agencyKey: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>('SELECT id FROM reports WHERE agency_key = ?', [
    agencyKey
  ])
  return rows.map(r => r.id)
}

/** Reports whose name or agency is `nameKey` (those a merge of that spelling moves). */
export async function reportIdsOfName(db: Db, nameKey: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    'SELECT id FROM reports WHERE name_key = ? OR agency_key = ?',
    [nameKey, nameKey]
  )
  return rows.map(r => r.id)
}

/** Current reports with a publication date (M05 depends on the deadlines). */
export async function datedReportIds(db: Db): Promise<number[]> {
  const rows = await db.all<{ id: number }>(
    `SELECT id FROM reports WHERE publication_date IS NOT NULL AND status = 'current'`
  )
  return rows.map(r => r.id)
}

/** Current reports (switching S06 re-runs every one's single-report rules). */
export async function currentReportIds(db: Db): Promise<number[]> {
  const rows = await db.all<{ id: number }>(`SELECT id FROM reports WHERE status = 'current'`)
  return rows.map(r => r.id)
}
