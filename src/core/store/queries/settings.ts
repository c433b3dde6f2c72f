/**
 * Per-folder polling choice. The store's `watchedFolders` setting is a plain list of paths; the
 * polling mode of each lives beside it under its own key so the two never disagree on format.
 */
import type { PollingMode, WatchedFolderSetting } from '../../../shared/api'
import type { Db } from '../db'

const KEY = 'folderPolling'

export async function getFolderPolling(db: Db): Promise<Record<string, PollingMode>> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [KEY])
  if (!row) return {}
  try {
    const v = JSON.parse(row.value) as unknown
    if (!v || typeof v !== 'object') return {}
    const out: Record<string, PollingMode> = {}
    for (const [k, m] of Object.entries(v))
      if (m === 'auto' || m === 'on' || m === 'off') out[k] = m
    return out
  } catch {
    return {}
  }
}

export async function setFolderPolling(db: Db, map: Record<string, PollingMode>): Promise<void> {
  await db.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [KEY, JSON.stringify(map)]
  )
}

export function folderSettings(
  paths: string[],
  polling: Record<string, PollingMode>
): WatchedFolderSetting[] {
  return paths.map(p => ({ path: p, polling: polling[p] ?? 'auto' }))
}
