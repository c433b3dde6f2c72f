/** Agencies: the list, one agency, and the supervisor's corrections (level, merges). */
import { fail, ok } from '../../../shared/api'
import { mergeAgencies, setAgencyLevel, unmergeAgency } from '../../pipeline/admin'
import { hasAlias } from '../../store/agencies'
import { getAgency, listAgencies } from '../../store/queries/agencies'
import type { Service, ServiceContext } from '../context'

export function agencyHandlers(ctx: ServiceContext) {
  const { now, logger } = ctx
  return {
    listAgencies: a => ctx.withStore(async s => ok(await listAgencies(s.db, a))),
    getAgency: a =>
      ctx.withStore(async s => {
        const ag = await getAgency(s.db, a.key)
        return ag ? ok(ag) : fail('NOT_FOUND', `找不到单位：${a.key}`)
      }),
    setAgencyLevel: a =>
      ctx.withStore(async s => {
        if (!(await s.getAgency(a.key))) return fail('NOT_FOUND', `找不到单位：${a.key}`)
        await setAgencyLevel(s, a.key, a.level, logger)
        ctx.emit({ type: 'changed', reason: 'agencies' })
        const ag = await getAgency(s.db, a.key)
        return ag ? ok(ag) : fail('NOT_FOUND', `找不到单位：${a.key}`)
      }),
    mergeAgencies: a =>
      ctx.withStore(async s => {
        if (!(await s.getAgency(a.into))) return fail('NOT_FOUND', `找不到单位：${a.into}`)
        for (const from of a.from) {
          if (from === a.into) return fail('INVALID_ARGUMENT', '不能把单位合并到它自己')
          if (!(await s.getAgency(from))) return fail('NOT_FOUND', `找不到单位：${from}`)
        }
        let key = a.into
        for (const from of a.from) key = await mergeAgencies(s, from, a.into, { now, logger })
        ctx.emit({ type: 'changed', reason: 'agencies' })
        const ag = await getAgency(s.db, key)
        return ag ? ok(ag) : fail('NOT_FOUND', `找不到单位：${key}`)
      }),
    unmergeAgency: a =>
      ctx.withStore(async s => {
        if (!(await hasAlias(s.db, a.alias))) return fail('NOT_FOUND', `没有这个别名：${a.alias}`)
        await unmergeAgency(s, a.alias, { now, logger })
        ctx.emit({ type: 'changed', reason: 'agencies' })
        return ok(null)
      })
  } satisfies Partial<Service>
}
