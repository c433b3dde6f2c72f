/**
 * 名单 (应报送单位名单) methods of the Api: import, replace and edit the roster, attach an unlisted
 * agency to a unit, and the coverage list. Each change is the supervisor's own work: it emits
 * `changed` ('roster'), which refreshes the screens and writes the user-data backup.
 */
import {
  fail,
  ok,
  type ApiMethods,
  type AppEvent,
  type Result,
  type RosterUnit
} from '../../../shared/api'
import { RosterError, rosterFromText } from '../../../shared/roster'
import { readRosterFile } from '../../ingest/roster-file'
import { copyUnitsBefore, followCopyUnits, setAgencyLevel } from '../../pipeline/admin'
import type { Logger } from '../../logger'
import type { Store } from '../../store/index'
import { coveragePage } from '../../store/queries/coverage-views'
import {
  addRosterUnit,
  attachToRosterUnit,
  listRoster,
  removeRosterUnit,
  replaceRoster,
  rosterLevelChanges,
  updateRosterUnit
} from '../../store/roster'

/**
 * The roster's 层级 for agencies whose level was only inferred from their name, with M05 re-run:
 * the late-publication finding and the coverage then judge by the same deadline. (Agencies first
 * seen later take it when they are created: store/agencies.ts resolveAgency.)
 */
export async function applyRosterLevels(store: Store, logger?: Logger): Promise<number> {
  const changes = await rosterLevelChanges(store.db)
  for (const c of changes) await setAgencyLevel(store, c.key, c.level, logger)
  return changes.length
}

export interface RosterDeps {
  withStore<T>(fn: (s: Store) => Promise<Result<T>>): Promise<Result<T>>
  emit(e: AppEvent): void
  logger?: Logger
}

type RosterMethods = Pick<
  ApiMethods,
  | 'getRoster'
  | 'importRoster'
  | 'clearRoster'
  | 'addRosterUnit'
  | 'updateRosterUnit'
  | 'removeRosterUnit'
  | 'attachToRosterUnit'
  | 'getCoverage'
>

export function rosterHandlers({ withStore, emit, logger }: RosterDeps): RosterMethods {
  /** Runs a change; a RosterError (a bad row, a name two units claim) is the user's to fix. */
  const change = (
    fn: (s: Store) => Promise<Result<unknown> | void>
  ): Promise<Result<RosterUnit[]>> =>
    withStore(async s => {
      const units = await copyUnitsBefore(s)
      try {
        const r = await fn(s)
        if (r && !r.ok) return r as Result<never>
      } catch (err) {
        if (err instanceof RosterError) return fail('INVALID_ARGUMENT', err.message)
        throw err
      }
      // Y05 counts a roster unit's names and attached agencies as one unit.
      await followCopyUnits(s, units, logger)
      if (await applyRosterLevels(s, logger)) emit({ type: 'changed', reason: 'agencies' })
      emit({ type: 'changed', reason: 'roster' })
      return ok(await listRoster(s.db))
    })
  const notFound = (what: string): Result<never> => fail('NOT_FOUND', what)

  return {
    getRoster: () => withStore(async s => ok(await listRoster(s.db))),
    importRoster: a =>
      change(async s => {
        const units =
          'text' in a
            ? rosterFromText(a.text)
            : await readRosterFile(a.fileName, Buffer.from(a.dataBase64, 'base64'))
        await replaceRoster(s.db, units)
      }),
    clearRoster: () => change(s => replaceRoster(s.db, [])),
    addRosterUnit: a =>
      change(async s => {
        await addRosterUnit(s.db, {
          name: a.name,
          level: a.level ?? null,
          region: a.region?.trim() || null,
          aliases: a.aliases ?? [],
          startYear: a.startYear ?? null,
          endYear: a.endYear ?? null
        })
      }),
    updateRosterUnit: ({ id, ...patch }) =>
      change(async s => {
        return (await updateRosterUnit(s.db, id, patch))
          ? undefined
          : notFound(`名单中没有这个单位（编号 ${id}）`)
      }),
    removeRosterUnit: a =>
      change(async s => {
        return (await removeRosterUnit(s.db, a.id))
          ? undefined
          : notFound(`名单中没有这个单位（编号 ${a.id}）`)
      }),
    attachToRosterUnit: a =>
      change(async s => {
        const ag = await s.getAgency(a.agencyKey)
        if (!ag) return notFound(`找不到单位：${a.agencyKey}`)
        const done = await attachToRosterUnit(s.db, a.unitId, ag.key, ag.name)
        return done ? undefined : notFound(`名单中没有这个单位（编号 ${a.unitId}）`)
      }),
    getCoverage: a => withStore(async s => ok(await coveragePage(s.db, a.filter ?? {}, a.page)))
  }
}
