/**
 * Review decisions: confirm or dismiss a finding, with a note and the reviewer's name; a report's
 * decision history (issue #22).
 */
import { fail, ok } from '../../../shared/api'
import { RULE_IDS, type RuleId } from '../../../shared/rules'
import { currentReportId } from '../../store/queries/reports'
import { historyOfReport } from '../../store/reviews'
import type { Service, ServiceContext } from '../context'

export function reviewHandlers(ctx: ServiceContext) {
  return {
    setReview: a =>
      ctx.withStore(async s => {
        const bar = a.key.indexOf('|')
        const rule = a.key.slice(0, bar) as RuleId
        const locKey = a.key.slice(bar + 1)
        if (bar < 0 || !RULE_IDS.includes(rule))
          return fail('INVALID_ARGUMENT', `问题标识无效：${a.key}`)
        const detail = await s.getReport(a.reportId)
        if (!detail) return fail('NOT_FOUND', `找不到报告（编号 ${a.reportId}）`)
        const finding = detail.findings.find(f => f.rule === rule && f.locKey === locKey)
        const orphan = detail.orphanedReviews.find(r => r.rule === rule && r.locKey === locKey)
        if (!finding && !(orphan && a.decision === null)) {
          return fail('NOT_FOUND', '该报告中没有这条问题（可能已重新解析），请刷新后再试')
        }
        if (a.decision === null) {
          const by = {
            reviewer: (await s.getSettings()).reviewerName,
            at: ctx.now().toISOString(),
            message: finding?.message ?? orphan?.message ?? ''
          }
          await s.clearDecision(a.reportId, rule, locKey, by)
          ctx.emit({ type: 'changed', reason: 'reviews' })
          return ok(null)
        }
        const reviewer = (await s.getSettings()).reviewerName
        const at = ctx.now()
        await s.setDecision(
          {
            reportId: a.reportId,
            rule,
            locKey,
            decision: a.decision,
            note: a.note ?? '',
            reviewer,
            message: finding!.message
          },
          at
        )
        ctx.emit({ type: 'changed', reason: 'reviews' })
        return ok({
          decision: a.decision,
          note: a.note ?? '',
          reviewer,
          decidedAt: at.toISOString(),
          stale: false,
          message: finding!.message
        })
      }),

    getReviewHistory: a =>
      ctx.withStore(async s => {
        // An old id (the file was re-read since: a new report) finds the file's current report.
        const id = await currentReportId(s.db, a.reportId)
        if (id === null) return fail('NOT_FOUND', `找不到报告（编号 ${a.reportId}）`)
        const rows = await historyOfReport(s.db, id)
        return ok(
          rows.map(r => ({
            rule: r.rule as RuleId,
            key: `${r.rule}|${r.locKey}`,
            oldDecision: r.oldDecision,
            newDecision: r.newDecision,
            oldNote: r.oldNote,
            newNote: r.newNote,
            reviewer: r.reviewer,
            at: r.at,
            file: r.file,
            message: r.message,
            origin: r.origin
          }))
        )
      })
  } satisfies Partial<Service>
}
