/** What every sheet writer gets: the reader connection, the selection, the filter, progress. */
import type ExcelJS from 'exceljs'
import type { AgencyLevel, ReportFilter } from '../../shared/api'
import { AGENCY_LEVEL_NAMES } from '../../shared/api'
import type { Db } from '../store/db'
import type { Selection } from '../store/queries/export'
import {
  addSheet,
  cjkWidth,
  type ColumnSpec,
  type SheetOptions,
  type SheetOut
} from './sheet-writer'

export interface SheetContext {
  db: Db
  sel: Selection
  filter: ReportFilter
  wb: ExcelJS.stream.xlsx.WorkbookWriter
  /** Reports per page read from the database. */
  pageSize: number
  /** Adds `n` units of work done. */
  advance(n: number): void
  /** Data rows per worksheet (sheet-writer.ts EXCEL_MAX_DATA_ROWS; tests pass a few). */
  rowLimit?: number
  /** The sheets opened so far, in workbook order. */
  sheets: SheetOut[]
}

/** A list sheet of the workbook, continued past the row limit (SheetOut). */
export function openSheet(
  ctx: SheetContext,
  name: string,
  columns: ColumnSpec[],
  opts: SheetOptions = {}
): SheetOut {
  const sheet = addSheet(ctx.wb, name, columns, {
    ...opts,
    ...(ctx.rowLimit === undefined ? {} : { rowLimit: ctx.rowLimit })
  })
  ctx.sheets.push(sheet)
  return sheet
}

/**
 * Calls fn for each page of ord ranges (lo, hi]; after each page, waits for the zip to take most
 * of what `sheet` wrote (SheetOut.flush), so memory stays flat however many reports.
 */
export async function forPages(
  ctx: SheetContext,
  sheet: SheetOut,
  fn: (lo: number, hi: number) => Promise<void>
): Promise<void> {
  for (let lo = 0; lo < ctx.sel.reports; lo += ctx.pageSize) {
    await fn(lo, Math.min(ctx.sel.reports, lo + ctx.pageSize))
    await sheet.flush()
  }
}

export function agencyColumn(sel: Selection): ColumnSpec {
  // Long names wrap onto a second line: a wider column would shrink the printed sheet below 80 %.
  return { header: '单位', width: cjkWidth(sel.maxAgency, 14, 24), kind: 'wrap' }
}

export function fileColumn(sel: Selection): ColumnSpec {
  // Paths are mostly ASCII with some CJK; long ones wrap rather than widen the printout.
  return {
    header: '文件',
    width: Math.max(12, Math.min(22, Math.round(sel.maxPath * 1.3) + 2)),
    kind: 'wrap'
  }
}

export const YEAR_COLUMN: ColumnSpec = { header: '年度', width: 7, kind: 'center' }

export function levelName(level: AgencyLevel | null): string {
  return level ? AGENCY_LEVEL_NAMES[level] : ''
}
