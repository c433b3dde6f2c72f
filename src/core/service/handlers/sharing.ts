/**
 * Sharing the review between colleagues (issue #22): the file they exchange (their decisions and
 * agency merges), its import by content hash + key, and the conflicts kept to settle. The
 * reviewer's name comes from 设置.
 */
import { fail, ok } from '../../../shared/api'
import type { SharedReview } from '../../../shared/review-work'
import type { RosterUnitInput } from '../../../shared/roster'
import { mergeAgencies } from '../../pipeline/admin'
import { hasAlias } from '../../store/agencies'
import {
  importDecisions,
  listConflicts,
  settleConflict,
  sharedDecisions,
  sharedMerges
} from '../../store/review-share'
import { listRoster } from '../../store/roster'
import { importRoster, listRosterConflicts, settleRosterConflict } from '../../store/roster-share'
import type { Service, ServiceContext } from '../context'

/** 20261206-2110 (UTC) for a file name. */
function stamp(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
}

function parseShared(content: string): SharedReview | null {
  try {
    const d = JSON.parse(content) as Partial<SharedReview>
    if (d.format !== 'nianbao-review' || d.version !== 1 || !Array.isArray(d.decisions)) return null
    const decisions = d.decisions.filter(
      x =>
        typeof x?.sha256 === 'string' &&
        typeof x.key === 'string' &&
        (x.decision === 'confirmed' || x.decision === 'dismissed')
    )
    if (decisions.length !== d.decisions.length) return null
    return {
      format: 'nianbao-review',
      version: 1,
      exportedAt: String(d.exportedAt ?? ''),
      reviewer: String(d.reviewer ?? ''),
      decisions: decisions.map(x => ({
        sha256: x.sha256,
        ...(typeof x.madeOn === 'string' ? { madeOn: x.madeOn } : {}),
        file: String(x.file ?? ''),
        agency: x.agency ?? null,
        year: typeof x.year === 'number' ? x.year : null,
        key: x.key,
        decision: x.decision,
        note: String(x.note ?? ''),
        reviewer: String(x.reviewer ?? d.reviewer ?? ''),
        decidedAt: String(x.decidedAt ?? d.exportedAt ?? ''),
        message: String(x.message ?? '')
      })),
      merges: Array.isArray(d.merges)
        ? d.merges.filter(m => typeof m?.alias === 'string' && typeof m.into === 'string')
        : [],
      roster: Array.isArray(d.roster) ? d.roster.flatMap(u => sharedUnit(u)) : []
    }
  } catch {
    return null
  }
}

/** A unit of the file's roster, or nothing when it is not one (a file edited by hand). */
function sharedUnit(u: unknown): RosterUnitInput[] {
  if (typeof u !== 'object' || u === null) return []
  const x = u as Record<string, unknown>
  if (typeof x.name !== 'string' || !x.name.trim()) return []
  const year = (v: unknown): number | null => (typeof v === 'number' ? v : null)
  const levels = ['department', 'government', 'township']
  return [
    {
      name: x.name,
      level: typeof x.level === 'string' && levels.includes(x.level) ? (x.level as never) : null,
      region: typeof x.region === 'string' && x.region.trim() ? x.region : null,
      aliases: Array.isArray(x.aliases)
        ? x.aliases.filter((a): a is string => typeof a === 'string')
        : [],
      startYear: year(x.startYear),
      endYear: year(x.endYear)
    }
  ]
}

export function sharingHandlers(ctx: ServiceContext) {
  const { withStore, now } = ctx
  /** After a change: the backup, and the screens refetch. */
  const changed = (reason: 'reviews' | 'agencies' | 'roster'): void =>
    ctx.emit({ type: 'changed', reason })
  return {
    exportReviewWork: () =>
      withStore(async s => {
        const at = now()
        const reviewer = (await s.getSettings()).reviewerName
        const file: SharedReview = {
          format: 'nianbao-review',
          version: 1,
          exportedAt: at.toISOString(),
          reviewer,
          decisions: await sharedDecisions(s.db),
          merges: await sharedMerges(s.db),
          roster: (await listRoster(s.db)).map(({ id: _id, ...u }) => u)
        }
        return ok({
          fileName: `审阅决定-${reviewer || '未署名'}-${stamp(at)}.json`,
          content: JSON.stringify(file, null, 1),
          decisions: file.decisions.length,
          merges: file.merges.length,
          units: file.roster?.length ?? 0
        })
      }),

    importReviewWork: a =>
      withStore(async s => {
        const shared = parseShared(a.content)
        if (!shared)
          return fail('INVALID_ARGUMENT', '这不是本程序导出的审阅决定文件（或文件已损坏）')
        // Merges first: a decision judged under a merged agency's subject needs the merge to meet it.
        let merges = 0
        for (const m of shared.merges) {
          if (await hasAlias(s.db, m.alias)) continue
          if (!(await s.getAgency(m.into)) || !(await s.getAgency(m.alias)) || m.alias === m.into)
            continue
          await mergeAgencies(s, m.alias, m.into, { now, logger: ctx.logger })
          merges++
        }
        const counts = await importDecisions(s.db, shared.decisions, now().toISOString())
        // Their roster: compared unit by unit, every difference listed (store/roster-share.ts).
        const r = await importRoster(
          s.db,
          shared.roster ?? [],
          shared.reviewer,
          now().toISOString()
        )
        if (merges) changed('agencies')
        if (r.added || r.aliases) changed('roster')
        changed('reviews')
        return ok({
          ...counts,
          merges,
          roster: { added: r.added, aliases: r.aliases, conflicts: r.conflicts }
        })
      }),

    listReviewConflicts: () => withStore(async s => ok(await listConflicts(s.db))),

    listRosterConflicts: () => withStore(async s => ok(await listRosterConflicts(s.db))),

    settleRosterConflict: a =>
      withStore(async s => {
        try {
          if (!(await settleRosterConflict(s.db, a.id, a.take)))
            return fail('NOT_FOUND', '该冲突已处理或不存在')
        } catch (err) {
          // A name another unit holds (RosterError): said, nothing changed (one transaction).
          return fail('INVALID_ARGUMENT', err instanceof Error ? err.message : String(err))
        }
        changed('roster')
        return ok(null)
      }),

    settleReviewConflict: a =>
      withStore(async s => {
        if (!(await settleConflict(s.db, a.id, a.take, now().toISOString())))
          return fail('NOT_FOUND', '该冲突已处理或不存在')
        changed('reviews')
        return ok(null)
      })
  } satisfies Partial<Service>
}
