/**
 * 审阅记录: every decision and change of decision (who, when, old → new, note), oldest first — the
 * evidence of who confirmed or dismissed what (issue #22). Never rewritten: the core appends.
 */
import { RULES, type RuleId } from '../../shared/rules'
import { agencyColumn, openSheet, YEAR_COLUMN, type SheetContext } from './context'
import { historyRows } from '../store/queries/export'

const DECISION = { confirmed: '确认', dismissed: '排除' } as const
const ORIGIN: Record<string, string> = { app: '本机', import: '导入（同事）', before: '早前记录' }

/** Writes the sheet; returns its rows. An unfiltered workbook lists the whole history. */
export async function writeHistory(ctx: SheetContext): Promise<number> {
  const sheet = openSheet(ctx, '审阅记录', [
    { header: '时间（UTC）', width: 17, kind: 'center' },
    { header: '审阅人', width: 10, kind: 'text' },
    agencyColumn(ctx.sel),
    YEAR_COLUMN,
    { header: '规则编号', width: 9, kind: 'center' },
    { header: '问题描述', width: 50, kind: 'wrap' },
    { header: '原结论', width: 8, kind: 'center' },
    { header: '新结论', width: 8, kind: 'center' },
    { header: '原备注', width: 20, kind: 'wrap' },
    { header: '新备注', width: 20, kind: 'wrap' },
    { header: '来源', width: 11, kind: 'center' },
    { header: '文件', width: 30, kind: 'wrap' }
  ])
  const f = ctx.filter
  const all = Object.keys(f).every(k => k === 'includeDismissed' || k === 'includeRemoved')
  const rows = await historyRows(ctx.db, ctx.sel, all)
  for (const r of rows) {
    sheet.add([
      r.at.slice(0, 16).replace('T', ' '),
      r.reviewer || '未署名',
      r.agency ?? '（未识别）',
      r.year,
      r.rule,
      r.message || (RULES[r.rule as RuleId]?.name ?? ''),
      r.oldDecision ? DECISION[r.oldDecision] : '未审阅',
      r.newDecision ? DECISION[r.newDecision] : '撤销',
      r.oldNote ?? '',
      r.newNote,
      ORIGIN[r.origin] ?? r.origin,
      r.file
    ])
  }
  await sheet.flush()
  sheet.done()
  return rows.length
}
