/**
 * Key/value settings stored as JSON: watched folders, M05 deadlines by level, reviewer name, S06/Y05
 * switches, the issuing office (单位信息) and the ranking's weights. The whole table goes into the
 * user-data backup.
 */
import type { Settings } from '../../shared/api'
import { DEFAULT_RULE_SETTINGS, type RuleSettings } from '../../shared/model'
import { DEFAULT_OFFICE, DEFAULT_SCORE_WEIGHTS } from '../../shared/ranking'
import type { Db } from './db'

/**
 * The settings table read back. Folders are bare paths here; the Api's Settings pairs each with
 * its polling mode, kept in its own table (queries/settings.ts).
 */
export type SettingsRow = Omit<Settings, 'watchedFolders'> & { watchedFolders: string[] }

export const DEFAULT_SETTINGS: SettingsRow = {
  watchedFolders: [],
  deadlines: DEFAULT_RULE_SETTINGS.deadlines,
  reviewerName: '',
  office: DEFAULT_OFFICE,
  scoreWeights: DEFAULT_SCORE_WEIGHTS,
  checks: DEFAULT_RULE_SETTINGS.checks,
  ocr: true
}

/** Fields of `v` that are of the default's type, over the default (a hand-edited value stays safe). */
function overDefaults<T extends object>(def: T, v: unknown): T {
  const out = { ...def }
  if (!v || typeof v !== 'object') return out
  for (const k of Object.keys(def) as Array<keyof T>) {
    const x = (v as Record<string, unknown>)[k as string]
    if (typeof x === typeof def[k] && !(typeof x === 'number' && !Number.isFinite(x)))
      out[k] = x as T[typeof k]
  }
  return out
}

export async function getSettings(db: Db): Promise<SettingsRow> {
  const rows = await db.all<{ key: string; value: string }>('SELECT key, value FROM settings')
  const out: SettingsRow = structuredClone(DEFAULT_SETTINGS)
  for (const r of rows) {
    try {
      const v: unknown = JSON.parse(r.value)
      if (r.key === 'watchedFolders' && Array.isArray(v)) out.watchedFolders = v.map(String)
      else if (r.key === 'reviewerName' && typeof v === 'string') out.reviewerName = v
      else if (r.key === 'ocr' && typeof v === 'boolean') out.ocr = v
      else if (r.key === 'office') out.office = overDefaults(DEFAULT_OFFICE, v)
      else if (r.key === 'scoreWeights') out.scoreWeights = overDefaults(DEFAULT_SCORE_WEIGHTS, v)
      else if (r.key === 'deadlines' && v && typeof v === 'object') {
        // Merge over the defaults so a level added later still has a deadline.
        out.deadlines = { ...out.deadlines, ...(v as Partial<SettingsRow['deadlines']>) }
      } else if (r.key === 'checks' && v && typeof v === 'object') {
        // Only booleans are taken: a switch added later keeps its default.
        for (const [k, on] of Object.entries(v as Record<string, unknown>)) {
          if (k in out.checks && typeof on === 'boolean')
            out.checks[k as keyof SettingsRow['checks']] = on
        }
      }
    } catch {
      // A hand-edited, unparsable value falls back to the default.
    }
  }
  return out
}

export async function setSetting<K extends keyof SettingsRow>(
  db: Db,
  key: K,
  value: SettingsRow[K]
): Promise<void> {
  await db.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, JSON.stringify(value)]
  )
}

export async function getRuleSettings(db: Db): Promise<RuleSettings> {
  const s = await getSettings(db)
  return { deadlines: s.deadlines, checks: s.checks }
}
