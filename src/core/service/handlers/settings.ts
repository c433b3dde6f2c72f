/** Settings: reviewer name and deadlines (a deadline change re-runs M05 through the pipeline). */
import { ok } from '../../../shared/api'
import { setDeadlines } from '../../pipeline/admin'
import { settingsOf, type Service, type ServiceContext } from '../context'

export function settingsHandlers(ctx: ServiceContext) {
  return {
    getSettings: () => ctx.withStore(async s => ok(await settingsOf(s))),
    updateSettings: a =>
      ctx.withStore(async s => {
        if (a.reviewerName !== undefined) await s.setSetting('reviewerName', a.reviewerName.trim())
        if (a.deadlines) await setDeadlines(s, a.deadlines, ctx.logger)
        ctx.emit({ type: 'changed', reason: 'settings' })
        return ok(await settingsOf(s))
      })
  } satisfies Partial<Service>
}
