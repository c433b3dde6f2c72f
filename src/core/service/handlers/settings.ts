/**
 * Settings: reviewer name, deadlines and the S06/Y05 switches (a deadline change re-runs M05, a
 * switch its rule, through the pipeline), 单位信息, the ranking's weights and 文字识别（OCR）.
 */
import { ok } from '../../../shared/api'
import { setChecks, setDeadlines } from '../../pipeline/admin'
import { markOcrFilesForReading } from '../../store/ocr'
import { setSetting } from '../../store/settings'
import { settingsOf, type Service, type ServiceContext } from '../context'

export function settingsHandlers(ctx: ServiceContext) {
  return {
    getSettings: () => ctx.withStore(async s => ok(await settingsOf(s))),
    updateSettings: a =>
      ctx.withStore(async s => {
        if (a.reviewerName !== undefined) await s.setSetting('reviewerName', a.reviewerName.trim())
        if (a.office)
          await s.setSetting('office', {
            issuer: a.office.issuer.trim(),
            addressee: a.office.addressee.trim(),
            rectifyBy: a.office.rectifyBy,
            issuedOn: a.office.issuedOn
          })
        if (a.scoreWeights) await s.setSetting('scoreWeights', a.scoreWeights)
        if (a.deadlines) await setDeadlines(s, a.deadlines, ctx.logger)
        if (a.checks) await setChecks(s, a.checks, ctx.logger)
        if (a.ocr !== undefined && a.ocr !== (await s.getSettings()).ocr) {
          const marked = await s.db.transaction(async () => {
            await setSetting(s.db, 'ocr', a.ocr!)
            return markOcrFilesForReading(s.db, a.ocr!)
          })
          // The scans (or the OCR'd reports) read again under the new setting.
          if (marked > 0)
            void ctx.watcher
              .rescan()
              .catch((err: unknown) => ctx.logger.error(`重新读取扫描件失败：${String(err)}`))
        }
        ctx.emit({ type: 'changed', reason: 'settings' })
        return ok(await settingsOf(s))
      })
  } satisfies Partial<Service>
}
