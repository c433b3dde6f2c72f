/**
 * User edits that change what the rules see, each followed by the re-evaluation it calls for:
 * an agency's level and the deadlines (M05) re-run the affected reports' single-report rules from
 * the stored document; an alias merge moves reports between agencies and re-runs duplicates and
 * cross-year rules for both (and the moved reports' single-report rules, since the level may differ).
 */
import type { DocumentModel } from '../../shared/document'
import { normalizeAgencyName } from '../../shared/agency'
import { refindings } from './file'
import { settleDirty } from './settle'
import type { AgencyLevel, RuleSettings } from '../../shared/model'
import { addAlias, agencyLevel, removeAlias, setAgencyLevel as storeLevel } from '../store/agencies'
import type { Db } from '../store/db'
import type { Store } from '../store/index'
import { datedReportIds, reportFileInfo, reportIdsOfAgency, reportIdsOfName } from '../store/queries/admin'
import { documentBlob, replaceReportFindings } from '../store/reports'
import { decodeStored } from '../extract/stored-document'
import { getRuleSettings, setSetting } from '../store/settings'
import { silentLogger, type Logger } from '../logger'

/** Re-runs the single-report rules (with the current level and settings) for the given reports. */
async function reevaluate(db: Db, reportIds: number[], logger: Logger): Promise<void> {
  const settings: RuleSettings = await getRuleSettings(db)
  for (let i = 0; i < reportIds.length; i += 100) {
    await db.transaction(async () => {
      for (const id of reportIds.slice(i, i + 100)) {
        const row = await reportFileInfo(db, id)
        if (!row) continue
        const doc: DocumentModel | null = await decodeStored(await documentBlob(db, id))
        // Reports without a stored document were unreadable: their M03 stands as it is.
        if (!doc) continue
        const level = row.agency_key ? await agencyLevel(db, row.agency_key) : 'department'
        await replaceReportFindings(db, id, refindings({ path: row.path, format: row.format, mtimeMs: row.mtimeMs }, doc, level, settings, logger))
      }
    })
  }
}

export async function setAgencyLevel(
  store: Store,
  agencyKey: string,
  level: AgencyLevel,
  logger: Logger = silentLogger
): Promise<void> {
  await store.db.transaction(() => storeLevel(store.db, agencyKey, level))
  await reevaluate(store.db, await reportIdsOfAgency(store.db, agencyKey), logger)
}

/** Merges two spellings: `alias` (a name) becomes part of the agency `canonical` (a name or key). */
export async function mergeAgencies(
  store: Store,
  alias: string,
  canonical: string,
  opts: { now?: () => Date; logger?: Logger } = {}
): Promise<string> {
  const logger = opts.logger ?? silentLogger
  const now = (opts.now ? opts.now() : new Date()).toISOString()
  const moved = await reportIdsOfName(store.db, normalizeAgencyName(alias))
  const key = await store.db.transaction(() => addAlias(store.db, alias, canonical, now))
  await reevaluate(store.db, moved, logger)
  await settleDirty(store.db, logger)
  return key
}

export async function unmergeAgency(
  store: Store,
  alias: string,
  opts: { now?: () => Date; logger?: Logger } = {}
): Promise<void> {
  const logger = opts.logger ?? silentLogger
  const now = (opts.now ? opts.now() : new Date()).toISOString()
  await store.db.transaction(() => removeAlias(store.db, alias, now))
  await reevaluate(store.db, await reportIdsOfAgency(store.db, normalizeAgencyName(alias)), logger)
  await settleDirty(store.db, logger)
}

/** Saves the M05 deadlines and re-runs the rules of every report with a known publication date. */
export async function setDeadlines(
  store: Store,
  deadlines: RuleSettings['deadlines'],
  logger: Logger = silentLogger
): Promise<void> {
  await store.db.transaction(() => setSetting(store.db, 'deadlines', deadlines))
  await reevaluate(store.db, await datedReportIds(store.db), logger)
}
