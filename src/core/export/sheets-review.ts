/** 汇总 (one row per report) and 问题清单 (one row per finding with its review decision). */
import { RULES, SEVERITIES, type RuleId, type Severity } from '../../shared/rules'
import {
  agencyColumn,
  fileColumn,
  forPages,
  levelName,
  openSheet,
  YEAR_COLUMN,
  type SheetContext
} from './context'
import { locationText, SEVERITY_LABELS, STATUS_LABELS, TEMPLATE_LABELS } from './labels'
import {
  reportPage,
  ruleCounts,
  findingPage,
  type RuleCount,
  type SelRow
} from '../store/queries/export'
import type { FillName } from './sheet-writer'

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const MAIN_PROBLEMS_SHOWN = 3

/** 'A01 申请人合计不符（2处）；S04 …' — the worst open problems first. */
export function mainProblems(counts: RuleCount[], includeDismissed: boolean): string {
  const open = counts
    .map(c => ({
      rule: c.rule,
      severity: c.severity,
      n: includeDismissed ? c.n : c.n - c.dismissed
    }))
    .filter(c => c.n > 0)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        b.n - a.n ||
        a.rule.localeCompare(b.rule)
    )
  const shown = open.slice(0, MAIN_PROBLEMS_SHOWN).map(c => {
    const name = RULES[c.rule as RuleId]?.name ?? ''
    return `${c.rule} ${name}${c.n > 1 ? `（${c.n}处）` : ''}`
  })
  if (open.length > MAIN_PROBLEMS_SHOWN) shown.push(`等共${open.length}类`)
  return shown.join('；')
}

function reviewState(nAll: number, counts: RuleCount[]): string {
  if (nAll === 0) return '无需审阅'
  const decided = counts.reduce((s, c) => s + c.confirmed + c.dismissed, 0)
  if (decided >= nAll) return '已审阅'
  if (decided === 0) return '未审阅'
  return `部分审阅（${decided}/${nAll}）`
}

export function remarks(r: SelRow): string {
  const out: string[] = []
  if (r.superseded) out.push('同年度有另一份报告，本份未采用')
  if (r.fileStatus === 'removed') out.push('文件已删除')
  if (r.template === null) out.push('未识别为模板报告')
  return out.join('；')
}

const STATUS_FILL: Record<SelRow['status'], FillName> = {
  errors: 'error',
  warnings: 'warning',
  clean: 'clean'
}

export async function writeSummary(ctx: SheetContext): Promise<number> {
  const sheet = openSheet(ctx, '汇总', [
    agencyColumn(ctx.sel),
    // Widths sum to one A4 landscape page at 80 % or more (sheet-writer.ts pagesWide).
    { header: '层级', width: 8, kind: 'center' },
    YEAR_COLUMN,
    { header: '模板', width: 10, kind: 'center' },
    { header: '状态', width: 8, kind: 'center' },
    { header: '错误', width: 6, kind: 'int' },
    { header: '警告', width: 6, kind: 'int' },
    { header: '提示', width: 6, kind: 'int' },
    { header: '主要问题', width: 36, kind: 'wrap' },
    { header: '审阅情况', width: 10, kind: 'center' },
    { header: '发布日期', width: 11, kind: 'center' },
    { header: '备注', width: 14, kind: 'wrap' },
    fileColumn(ctx.sel)
  ])
  await forPages(ctx, sheet, async (lo, hi) => {
    const rows = await reportPage(ctx.db, ctx.sel, lo, hi)
    const byOrd = new Map<number, RuleCount[]>()
    for (const c of await ruleCounts(ctx.db, ctx.sel, lo, hi)) {
      const list = byOrd.get(c.ord)
      if (list) list.push(c)
      else byOrd.set(c.ord, [c])
    }
    for (const r of rows) {
      const counts = byOrd.get(r.ord) ?? []
      sheet.add(
        [
          r.agency ?? '（未识别）',
          levelName(r.level),
          r.year,
          r.template ? TEMPLATE_LABELS[r.template] : '',
          STATUS_LABELS[r.status],
          r.e,
          r.w,
          r.i,
          mainProblems(counts, Boolean(ctx.filter.includeDismissed)),
          reviewState(r.nAll, counts),
          r.publicationDate ?? '',
          remarks(r),
          r.path
        ],
        [
          undefined,
          undefined,
          undefined,
          undefined,
          STATUS_FILL[r.status],
          r.e > 0 ? 'error' : undefined,
          r.w > 0 ? 'warning' : undefined,
          r.i > 0 ? 'info' : undefined
        ]
      )
    }
    ctx.advance(rows.length)
  })
  sheet.done()
  return sheet.rows
}

const DECISION_LABELS = { confirmed: '确认', dismissed: '排除' } as const

export async function writeFindings(ctx: SheetContext): Promise<number> {
  const sheet = openSheet(ctx, '问题清单', [
    agencyColumn(ctx.sel),
    YEAR_COLUMN,
    // Widths sum to one A4 landscape page at 80 % or more (sheet-writer.ts pagesWide).
    { header: '规则编号', width: 7, kind: 'center' },
    { header: '规则名称', width: 16, kind: 'wrap' },
    { header: '严重程度', width: 6, kind: 'center' },
    { header: '问题描述', width: 44, kind: 'wrap' },
    { header: '位置', width: 22, kind: 'wrap' },
    { header: '审阅结论', width: 6, kind: 'center' },
    { header: '审阅备注', width: 16, kind: 'wrap' },
    { header: '审阅人', width: 8, kind: 'wrap' },
    fileColumn(ctx.sel)
  ])
  await forPages(ctx, sheet, async (lo, hi) => {
    const reports = new Map((await reportPage(ctx.db, ctx.sel, lo, hi)).map(r => [r.ord, r]))
    const findings = await findingPage(ctx.db, ctx.sel, ctx.filter, lo, hi)
    for (const f of findings) {
      const r = reports.get(f.ord)
      const severity: Severity = SEVERITIES.includes(f.severity) ? f.severity : 'info'
      let decision = f.decision ? DECISION_LABELS[f.decision] : '未审阅'
      if (f.decision && f.stale) decision += '（文件已变更）'
      sheet.add(
        [
          r?.agency ?? '（未识别）',
          r?.year ?? null,
          f.rule,
          RULES[f.rule]?.name ?? '',
          SEVERITY_LABELS[severity],
          f.message,
          locationText({
            tbl: f.tbl,
            row: f.row,
            column: f.column,
            group: f.grp,
            section: f.section,
            lines: f.linesJson ? (JSON.parse(f.linesJson) as number[]) : null
          }),
          decision,
          f.note ?? '',
          f.reviewer ?? '',
          r?.path ?? ''
        ],
        [
          undefined,
          undefined,
          undefined,
          undefined,
          severity,
          undefined,
          undefined,
          f.decision === 'dismissed' ? 'muted' : undefined
        ]
      )
    }
    ctx.advance(findings.length)
  })
  sheet.done()
  return sheet.rows
}
