/**
 * The meeting-ready workbook (issue #7), written for the app's export button and `audit --xlsx`:
 * 汇总, 问题清单, 依申请公开, 主动公开, 复议诉讼, 同比, 说明; with a roster, 报送情况 after 汇总.
 *
 * - Streams: ExcelJS's WorkbookWriter commits each row as it goes and reports are read from the
 *   database a page at a time, so 10,000+ reports never sit in memory.
 * - Follows the app's filters: the selection is the screens' own ReportFilter SQL.
 * - Never leaves half a workbook: it is written to a temp file beside the target and renamed at the
 *   end (rename within one folder is atomic); on any error the temp file is removed.
 * - Reads on its own connection inside one read transaction (WAL snapshot), so the sheets agree
 *   with each other while the watcher keeps writing, and the export never joins a pipeline
 *   transaction on the shared connection.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { ReportCount, ReportFilter } from '../../shared/api'
import type { Store } from '../store/index'
import type { SheetContext } from './context'
import { createSelection, dropSelection } from '../store/queries/export'
import { tempBeside } from '../fs/write-whole'
import { openReader } from '../store/reader'
import { writeCoverage } from './sheets-coverage'
import { writeNotes } from './sheets-notes'
import { writeHistory } from './sheets-history'
import { writeRanking } from './sheets-ranking'
import { writeFindings, writeSummary } from './sheets-review'
import { writeApplications, writeProactive, writeReviewLitigation } from './sheets-tables'
import { writeTrend } from './sheets-trend'

export const SHEET_NAMES = [
  '汇总',
  '单位排名',
  '问题清单',
  '依申请公开',
  '主动公开',
  '复议诉讼',
  '同比',
  '审阅记录',
  '说明'
] as const

export interface ExportOptions {
  /** Target .xlsx path (its folder must exist). */
  file: string
  /** The filters active in the app (src/shared/api.ts); absent = every current report. */
  filters?: ReportFilter
  /**
   * Only reports under these folders (the CLI exports the folder it audited, like its JSON);
   * absent = every folder, as the app shows.
   */
  roots?: string[]
  /** Folders the reports came from, for 说明; default: the folders of the exported reports. */
  dataFolders?: string[]
  /** Export time shown in 说明 (tests pass a fixed one). */
  now?: Date
  /** Work units done / total (rows over all sheets); called at most once per page. */
  onProgress?: (done: number, total: number) => void
  /** With a roster: the years 报送情况 covers (the CLI's --years); default the filter's, else the reports'. */
  coverageYears?: number[]
  /** Reports read per query (default 500). */
  pageSize?: number
  /** Data rows per worksheet before a sheet continues on the next (default: Excel's limit; tests). */
  rowLimit?: number
}

export interface ExportSummary {
  file: string
  /** Rows of 汇总 (= files matching the filter, those that are not reports too). */
  reports: number
  /** Those rows as 总览 counts them: reports (duplicates included), duplicates, not reports. */
  counted: ReportCount
  /** Rows of 问题清单. */
  findings: number
  /** Sheet names in order: SHEET_NAMES, with any continuation (问题清单（2）…) after its sheet. */
  sheets: string[]
}

export async function exportWorkbook(store: Store, opts: ExportOptions): Promise<ExportSummary> {
  const filter = opts.filters ?? {}
  const target = path.resolve(opts.file)
  const tmp = tempBeside(target)
  const reader = await openReader(store)
  let out: WriteStream | null = null
  try {
    const sel = await createSelection(reader.db, filter, opts.roots)
    try {
      const total = sel.reports * 4 + sel.findings + sel.trendRows
      let done = 0
      opts.onProgress?.(0, total)
      // Our own stream, opened before any work: ExcelJS does not pass a file error on to commit(),
      // which would then wait forever (a missing folder, a full disk).
      out = createWriteStream(tmp, { flags: 'wx' })
      const stream = out
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve())
        stream.once('error', reject)
      })
      const failed = new Promise<never>((_, reject) => stream.on('error', reject))
      failed.catch(() => undefined)
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream,
        useStyles: true,
        useSharedStrings: false
      })
      wb.creator = '年报审查台'
      wb.created = opts.now ?? new Date()
      const ctx: SheetContext = {
        db: reader.db,
        sel,
        filter,
        wb,
        pageSize: Math.max(1, opts.pageSize ?? 500),
        ...(opts.rowLimit === undefined ? {} : { rowLimit: opts.rowLimit }),
        sheets: [],
        advance: n => {
          done += n
          opts.onProgress?.(Math.min(done, total), total)
        }
      }
      const reports = await writeSummary(ctx)
      // With a roster, 报送情况 right after 汇总 (as on main), then 单位排名 (issue #21).
      await writeCoverage(ctx, opts.roots, opts.coverageYears)
      await writeRanking(ctx, (await store.getSettings()).scoreWeights, opts.roots)
      const findings = await writeFindings(ctx)
      await writeApplications(ctx)
      await writeProactive(ctx)
      await writeReviewLitigation(ctx)
      await writeTrend(ctx)
      await writeHistory(ctx)
      await writeNotes(ctx, {
        now: opts.now ?? new Date(),
        dataFolders: opts.dataFolders ?? sel.roots,
        counted: sel.counted,
        findings
      })
      await Promise.race([wb.commit(), failed])
      // Renaming a file still open fails on Windows.
      if (!stream.closed) await new Promise<void>(resolve => stream.once('close', () => resolve()))
      await fs.rename(tmp, target)
      opts.onProgress?.(total, total)
      return {
        file: target,
        reports,
        counted: sel.counted,
        findings,
        sheets: ctx.sheets.flatMap(s => s.names)
      }
    } finally {
      await dropSelection(reader.db, sel).catch(() => undefined)
    }
  } finally {
    await reader.close()
    out?.destroy()
    // Gone already after the rename; what is left after a failure is half a workbook.
    await fs.rm(tmp, { force: true }).catch(() => undefined)
  }
}

/**
 * The service's Exporter (src/core/service/index.ts): the app's export button. 说明 lists the
 * watched folders.
 */
export async function xlsxExporter(
  store: Store,
  args: { filter: ReportFilter; path: string; onProgress: (done: number, total: number) => void }
): Promise<{ reports: number; findings: number; counted: ReportCount }> {
  const settings = await store.getSettings()
  const out = await exportWorkbook(store, {
    file: args.path,
    filters: args.filter,
    dataFolders: settings.watchedFolders.length ? settings.watchedFolders : undefined,
    onProgress: throttle(args.onProgress)
  })
  return { reports: out.reports, findings: out.findings, counted: out.counted }
}

/** At most one progress event per 100 ms (each one crosses IPC), always the last. */
function throttle(
  fn: (done: number, total: number) => void
): (done: number, total: number) => void {
  let last = 0
  return (done, total) => {
    const t = Date.now()
    if (done >= total || t - last >= 100) {
      last = t
      fn(done, total)
    }
  }
}
