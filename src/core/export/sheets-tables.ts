/**
 * 依申请公开, 主动公开, 复议诉讼: one row per report, one column per template cell. An empty or
 * unreadable cell stays blank (never 0), and a table the parser did not find says so in 说明.
 * 2019-format columns are added only when the export holds a 2019-format report.
 */
import { proactiveItem, tablesFromJson, type Tables, type TablesJson } from '../../shared/model'
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS_2021,
  PROACTIVE_COLUMN_LABELS,
  PROACTIVE_ITEMS_2019,
  PROACTIVE_ITEMS_2021,
  REVIEW_COLUMN_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type ProactiveItemDef,
  type TableKey
} from '../../shared/template'
import {
  agencyColumn,
  fileColumn,
  forPages,
  openSheet,
  YEAR_COLUMN,
  type SheetContext
} from './context'
import { applicationHeader, TEMPLATE_LABELS } from './labels'
import { reportPage, tablesPage, type SelRow } from '../store/queries/export'
import type { CellValue, ColumnKind, ColumnSpec } from './sheet-writer'

interface CellDef {
  spec: ColumnSpec
  get(t: Tables): CellValue
}

const NUMBER_WIDTH = 10
/** '24,252.311082' (万元 with six decimals, Pingtan 2021) must not show as ###. */
const FEE_WIDTH = 14
/** Excel width units that print legibly on one A4 landscape page at the scale we accept. */
const PAGE_WIDTH_UNITS = 180

function num(v: unknown): CellValue {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

function applicationCells(has2019: boolean): CellDef[] {
  const rows: string[] = APPLICATION_ROWS_2021.map(r => r.key)
  // The 2019 format's single （六）其他处理 row sits after the 2021 rows it replaces.
  if (has2019) rows.splice(rows.indexOf('other.other') + 1, 0, 'other')
  return rows.flatMap(row =>
    APPLICANT_COLUMNS.map(col => ({
      spec: { header: applicationHeader(row, col), width: NUMBER_WIDTH, kind: 'int' as ColumnKind },
      get: (t: Tables) => num(t.applications?.[row]?.[col])
    }))
  )
}

function proactiveCells(
  items: readonly ProactiveItemDef[],
  prefix: string,
  is2019: boolean
): CellDef[] {
  const out: CellDef[] = []
  for (const item of items) {
    const cols = item.columns.length > 0 ? item.columns : ['']
    for (const col of cols) {
      const decimal = item.decimal?.includes(col) ?? false
      // 2021 fees are one amount, not a count of decisions like the other single-number items.
      const colLabel =
        item.key === 'fees' && !is2019
          ? '本年收费金额（万元）'
          : (PROACTIVE_COLUMN_LABELS[col] ?? col)
      out.push({
        spec: {
          header: `${prefix}${item.label}\n${colLabel}`,
          width: decimal ? FEE_WIDTH : NUMBER_WIDTH,
          kind: decimal ? 'fee' : 'int'
        },
        get: (t: Tables) => {
          const p = t.proactive
          // The table's form, not the declared template, says which format it was written in.
          if (!p || (p.form === '2019') !== is2019) return null
          const v = proactiveItem(p, item.key)
          return num(col === '' ? v : typeof v === 'object' && v !== null ? v[col] : undefined)
        }
      })
    }
  }
  return out
}

/** Narrow headers; 说明 and the template name the groups in full (REVIEW_GROUP_LABELS). */
const REVIEW_GROUP_SHORT: Record<(typeof REVIEW_GROUPS)[number], string> = {
  review: '行政复议',
  litigationDirect: '诉讼·直接起诉',
  litigationAfterReview: '诉讼·复议后起诉'
}

function reviewCells(): CellDef[] {
  return REVIEW_GROUPS.flatMap(g =>
    REVIEW_COLUMNS.map(c => ({
      spec: {
        header: `${REVIEW_GROUP_SHORT[g]}\n${REVIEW_COLUMN_LABELS[c]}`,
        width: NUMBER_WIDTH,
        kind: 'int' as ColumnKind
      },
      get: (t: Tables) => num(t.reviewLitigation?.[g]?.[c])
    }))
  )
}

async function writeTableSheet(
  ctx: SheetContext,
  name: string,
  table: TableKey,
  cells: CellDef[]
): Promise<number> {
  const lead: ColumnSpec[] = [
    agencyColumn(ctx.sel),
    YEAR_COLUMN,
    { header: '模板', width: 15, kind: 'center' },
    { header: '说明', width: 11, kind: 'wrap' }
  ]
  const columns = [...lead, ...cells.map(c => c.spec), fileColumn(ctx.sel)]
  const total = columns.reduce((s, c) => s + c.width, 0)
  const sheet = openSheet(ctx, name, columns, {
    freezeColumns: 2,
    pagesWide: Math.max(1, Math.ceil(total / PAGE_WIDTH_UNITS))
  })
  await forPages(ctx, sheet, async (lo, hi) => {
    const reports = new Map<number, SelRow>(
      (await reportPage(ctx.db, ctx.sel, lo, hi)).map(r => [r.ord, r])
    )
    const pages = await tablesPage(ctx.db, ctx.sel, lo, hi)
    for (const p of pages) {
      const r = reports.get(p.ord)
      let tables: Tables | null = null
      try {
        tables = tablesFromJson(JSON.parse(p.tablesJson) as TablesJson)
      } catch {
        tables = null
      }
      const found = tables?.[table] ?? null
      const note = r?.template === null ? '非模板报告' : found === null ? '未找到该表' : ''
      sheet.add([
        r?.agency ?? '（未识别）',
        r?.year ?? null,
        r?.template ? TEMPLATE_LABELS[r.template] : '',
        note,
        ...cells.map(c => (tables ? c.get(tables) : null)),
        r?.path ?? ''
      ])
    }
    ctx.advance(pages.length)
  })
  sheet.done()
  return sheet.rows
}

export function writeApplications(ctx: SheetContext): Promise<number> {
  return writeTableSheet(ctx, '依申请公开', 'applications', applicationCells(ctx.sel.has2019))
}

export function writeProactive(ctx: SheetContext): Promise<number> {
  const cells = proactiveCells(PROACTIVE_ITEMS_2021, '', false)
  if (ctx.sel.has2019) cells.push(...proactiveCells(PROACTIVE_ITEMS_2019, '2019格式·', true))
  return writeTableSheet(ctx, '主动公开', 'proactive', cells)
}

export function writeReviewLitigation(ctx: SheetContext): Promise<number> {
  return writeTableSheet(ctx, '复议诉讼', 'reviewLitigation', reviewCells())
}
