/** Key/value settings stored as JSON: watched folders, M05 deadlines by level, reviewer name. */
import type { Settings } from '../../shared/api'
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../shared/model'
import type { Db } from './db'

/**
 * The settings table read back. Folders are bare paths here; the Api's Settings pairs each with
 * its polling mode, kept in its own table (queries/settings.ts).
 */
export type SettingsRow = Omit<Settings, 'watchedFolders'> & { watchedFolders: string[] }

export const DEFAULT_SETTINGS: SettingsRow = {
  watchedFolders: [],
  deadlines: DEFAULT_RULE_SETTINGS.deadlines,
  reviewerName: ''
}

export async function getSettings(db: Db): Promise<SettingsRow> {
  const rows = await db.all<{ key: string; value: string }>('SELECT key, value FROM settings')
  const out: SettingsRow = structuredClone(DEFAULT_SETTINGS)
  for (const r of rows) {
    try {
      const v: unknown = JSON.parse(r.value)
      if (r.key === 'watchedFolders' && Array.isArray(v)) out.watchedFolders = v.map(String)
      else if (r.key === 'reviewerName' && typeof v === 'string') out.reviewerName = v
      else if (r.key === 'deadlines' && v && typeof v === 'object') {
        // Merge over the defaults so a level added later still has a deadline.
        out.deadlines = { ...out.deadlines, ...(v as Partial<SettingsRow['deadlines']>) }
      }
    } catch {
      // A hand-edited, unparsable value falls back to the default.
    }
  }
  return out
}

export async function setSetting<K extends keyof SettingsRow>(db: Db, key: K, value: SettingsRow[K]): Promise<void> {
  await db.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, JSON.stringify(value)]
  )
}

export async function getRuleSettings(db: Db): Promise<RuleSettings> {
  const s = await getSettings(db)
  return { deadlines: s.deadlines }
}
