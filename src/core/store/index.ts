/**
 * `openStore(path)`: opens (creating if needed) and migrates the database, and returns the typed
 * Store the pipeline, the desktop shell and the HTTP server use. Writes that change what rules see
 * (levels, aliases, deadlines) live in the pipeline (pipeline-admin.ts), which re-evaluates.
 */
import type { RuleId } from '../../shared/rules'
import { aliasesOf, getAgency, type AgencyRow } from './agencies'
import { Db } from './db'
import * as q from './queries/report-detail'
import { CARRY_OVER_SQL, clearDecision, setDecision, type DecisionInput } from './reviews'
import { migrate } from './schema'
import { getSettings, setSetting, type SettingsRow } from './settings'

export interface Store {
  readonly db: Db
  readonly path: string
  close(): Promise<void>

  getReport(reportId: number): Promise<q.ReportDetailRow | null>
  getAgency(key: string): Promise<(AgencyRow & { aliases: string[] }) | null>
  /** cli.md's `reports` array for one scanned folder. */
  reportsJson(root: string): Promise<import('../../shared/model').ReportJson[]>

  /** Records a decision; `now` defaults to the current time. */
  setDecision(d: DecisionInput, now?: Date): Promise<void>
  clearDecision(
    reportId: number,
    rule: RuleId,
    locKey: string,
    by?: { reviewer: string; at: string; message: string }
  ): Promise<void>

  getSettings(): Promise<SettingsRow>
  /** Watched folders and reviewer name; deadlines go through the pipeline (they re-run M05). */
  setSetting<K extends 'watchedFolders' | 'reviewerName' | 'office' | 'scoreWeights'>(
    key: K,
    value: SettingsRow[K]
  ): Promise<void>
}

export async function openStore(path: string): Promise<Store> {
  const db = await Db.open(path)
  try {
    await migrate(db)
    // Decisions restored from a backup made before findings had keys of their own (issue #22).
    await db.transaction(() => db.exec(CARRY_OVER_SQL))
  } catch (err) {
    await db.close().catch(() => undefined)
    throw err
  }
  return {
    db,
    path,
    close: () => db.close(),
    getReport: id => q.getReport(db, id),
    getAgency: async key => {
      const a = await getAgency(db, key)
      return a ? { ...a, aliases: await aliasesOf(db, key) } : null
    },
    reportsJson: root => q.reportsJson(db, root),
    setDecision: (d, now = new Date()) =>
      db.transaction(() => setDecision(db, d, now.toISOString())),
    clearDecision: (id, rule, loc, by) =>
      db.transaction(() => clearDecision(db, id, rule, loc, by)),
    getSettings: () => getSettings(db),
    setSetting: (key, value) => setSetting(db, key, value)
  }
}
