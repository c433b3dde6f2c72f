/**
 * User edits that change what the rules see, each followed by the re-evaluation it calls for:
 * an agency's level and the deadlines (M05) re-run the affected reports' single-report rules from
 * the stored document; an alias merge moves reports between agencies and re-runs duplicates and
 * cross-year rules for both (and the moved reports' single-report rules, since the level may differ);
 * switching S06 or Y05 re-runs that rule everywhere.
 */
import type { DocumentModel } from '../../shared/document'
import { normalizeAgencyName } from '../../shared/agency'
import { reparse } from './file'
import { settleDirty } from './settle'
import type { AgencyLevel, RuleSettings } from '../../shared/model'
import {
  addAlias,
  agencyLevel,
  canonicalKey,
  removeAlias,
  setAgencyLevel as storeLevel
} from '../store/agencies'
import type { Db } from '../store/db'
import type { Store } from '../store/index'
import {
  currentReportIds,
  datedReportIds,
  reportFileInfo,
  reportIdsOfAgency,
  reportIdsOfName
} from '../store/queries/admin'
import { documentBlob, markAllDirty, markDirty, replaceReportFindings } from '../store/reports'
import { allCopyUnits, copyIndexMissing, dropCopiesDue, unindexedReports } from '../store/copies'
import { ocrCorrections } from '../store/ocr'
import { decodeStored } from '../extract/stored-document'
import { parseReport } from '../parse/index'
import { copyText } from '../rules/copies'
import { copySharers, stageCopies } from './copies'
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
        // An OCR'd report keeps the supervisor's checks of its cells (issue #24).
        const corrections = doc.meta.ocr ? await ocrCorrections(db, row.sha256) : undefined
        await replaceReportFindings(
          db,
          id,
          reparse(
            { path: row.path, format: row.format, mtimeMs: row.mtimeMs },
            doc,
            level,
            settings,
            logger,
            corrections
          ).findings
        )
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
  await resettleSharers(store.db, [key])
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
  const canonical = await canonicalKey(store.db, normalizeAgencyName(alias))
  await store.db.transaction(() => removeAlias(store.db, alias, now))
  await resettleSharers(store.db, [normalizeAgencyName(alias), canonical])
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

/**
 * Switches S06 / Y05 on or off (设置) and re-runs what changed: S06 is a single-report rule (every
 * current report's rules again), Y05 is settled with the cross-report findings (every agency-year).
 */
export async function setChecks(
  store: Store,
  checks: RuleSettings['checks'],
  logger: Logger = silentLogger
): Promise<void> {
  const before = (await getRuleSettings(store.db)).checks
  await store.db.transaction(() => setSetting(store.db, 'checks', checks))
  if (before.S06 !== checks.S06) {
    await reevaluate(store.db, await currentReportIds(store.db), logger)
  }
  if (before.Y05 !== checks.Y05) {
    if (checks.Y05) await reindexCopies(store.db)
    await store.db.transaction(async () => {
      await markAllDirty(store.db)
      // Switched off: what a settle cut short left due is not settled.
      if (!checks.Y05) await dropCopiesDue(store.db)
    })
    await settleDirty(store.db, logger)
  }
}

/**
 * Before a roster change: every agency's Y05 unit (a roster unit makes its names and the agencies
 * attached to it one unit); null when Y05 is off.
 */
export async function copyUnitsBefore(store: Store): Promise<Map<string, string> | null> {
  if (!(await getRuleSettings(store.db)).checks.Y05) return null
  return allCopyUnits(store.db)
}

/**
 * After a roster change: the agencies whose unit changed, and every report sharing a sentence with
 * theirs, are settled again — how many units write a sentence decides whether it is the
 * template's (rules/copies.ts). Returns the number of agencies moved.
 */
export async function followCopyUnits(
  store: Store,
  before: Map<string, string> | null,
  logger: Logger = silentLogger
): Promise<number> {
  if (!before) return 0
  const after = await allCopyUnits(store.db)
  // An agency moved when the agencies counted with it changed (a unit's own name becoming a roster
  // unit's changes its key, not whom it is counted with).
  const fellows = (units: Map<string, string>): Map<string, string> => {
    const groups = new Map<string, string[]>()
    for (const [k, u] of units) groups.set(u, [...(groups.get(u) ?? []), k])
    return new Map([...units].map(([k, u]) => [k, groups.get(u)!.sort().join('\u0000')]))
  }
  const [was, now] = [fellows(before), fellows(after)]
  const moved = [...now].filter(([k, f]) => (was.get(k) ?? k) !== f).map(([k]) => k)
  if (moved.length === 0) return 0
  await resettleSharers(store.db, moved)
  await settleDirty(store.db, logger)
  return moved.length
}

/**
 * After agencies changed unit (a merge, a roster change): the reports sharing a sentence with
 * theirs are marked for settling — a sentence the template's before may be two units' own text
 * now, and must bring them together. Their buckets follow in the index itself: it counts the
 * sentences' units anew and makes again the buckets of every report whose sentences changed
 * (pipeline/copy-index.ts CopyIndex.stale).
 */
async function resettleSharers(db: Db, agencyKeys: string[]): Promise<void> {
  if (!(await getRuleSettings(db)).checks.Y05) return
  await db.transaction(async () => markDirty(db, await copySharers(db, agencyKeys)))
}

/**
 * Y05's index built again where a migration emptied it (schema 9 changed its signatures): the
 * reports' documents parsed again, and every agency-year settled again (by the caller's settle).
 * Nothing to do, at the cost of two queries, on every other audit.
 */
export async function catchUpCopies(store: Store): Promise<void> {
  if (!(await getRuleSettings(store.db)).checks.Y05) return
  if (!(await copyIndexMissing(store.db))) return
  if ((await reindexCopies(store.db)) > 0) await store.db.transaction(() => markAllDirty(store.db))
}

/**
 * Y05's index for the current reports stored while it was switched off (ingest skips it then):
 * their documents parsed again and their sentences staged, 100 reports a transaction; the settle
 * that follows takes them into the index (pipeline/copy-index.ts).
 */
async function reindexCopies(db: Db): Promise<number> {
  const rows = await unindexedReports(db)
  for (let i = 0; i < rows.length; i += 100) {
    await db.transaction(async () => {
      const batch = []
      for (const r of rows.slice(i, i + 100)) {
        const doc = await decodeStored(await documentBlob(db, r.id))
        if (doc)
          batch.push({
            id: r.id,
            agencyKey: r.agencyKey,
            copyJson: JSON.stringify(copyText(parseReport(doc), doc))
          })
      }
      await stageCopies(db, batch)
    })
  }
  return rows.length
}
