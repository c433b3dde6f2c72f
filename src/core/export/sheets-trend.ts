/**
 * 同比: the key figures of each agency by year (the shown report of each agency-year, as the
 * 同比趋势 screen uses), with the change in 本年新收申请 against the year before.
 */
import { agencyColumn, forPages, openSheet, YEAR_COLUMN, type SheetContext } from './context'
import { trendPage, type TrendRow } from '../store/queries/export'

function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0)
}

export async function writeTrend(ctx: SheetContext): Promise<number> {
  const sheet = openSheet(ctx, '同比', [
    agencyColumn(ctx.sel),
    YEAR_COLUMN,
    { header: '本年新收申请', width: 10, kind: 'int' },
    { header: '较上年增减', width: 10, kind: 'int' },
    { header: '增减幅度', width: 9, kind: 'percent' },
    { header: '上年结转', width: 9, kind: 'int' },
    { header: '予以公开', width: 9, kind: 'int' },
    { header: '办理结果总计', width: 10, kind: 'int' },
    { header: '结转下年度', width: 9, kind: 'int' },
    { header: '行政许可', width: 9, kind: 'int' },
    { header: '行政处罚', width: 9, kind: 'int' },
    { header: '行政事业性收费（万元）', width: 14, kind: 'fee' },
    { header: '行政复议', width: 9, kind: 'int' },
    { header: '行政诉讼', width: 9, kind: 'int' },
    { header: '错误', width: 6, kind: 'int' },
    { header: '警告', width: 6, kind: 'int' }
  ])
  let prev: TrendRow | null = null
  await forPages(ctx, sheet, async (lo, hi) => {
    const rows = await trendPage(ctx.db, ctx.sel, lo, hi)
    for (const r of rows) {
      const before =
        prev && prev.agencyKey === r.agencyKey && prev.year === r.year - 1 ? prev : null
      const diff =
        before && before.received !== null && r.received !== null
          ? r.received - before.received
          : null
      const share = diff !== null && before && before.received ? diff / before.received : null
      sheet.add(
        [
          r.agency ?? '',
          r.year,
          r.received,
          diff,
          share,
          r.carriedOver,
          r.granted,
          r.outcomeTotal,
          r.carriedForward,
          r.licensing,
          r.penalty,
          r.fees,
          r.review,
          sumOrNull(r.litigationDirect, r.litigationAfterReview),
          r.e,
          r.w
        ],
        [
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          r.e > 0 ? 'error' : undefined,
          r.w > 0 ? 'warning' : undefined
        ]
      )
      prev = r
    }
    ctx.advance(rows.length)
  })
  sheet.done()
  return sheet.rows
}
