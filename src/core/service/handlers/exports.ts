/** Exports: the workbook, the 整改意见 and the 通报, one at a time, never into a watched report folder. */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import {
  fail,
  ok,
  type BulletinArgs,
  type ExportArgs,
  type ExportKind,
  type ExportResult,
  type Result
} from '../../../shared/api'
import { folderOf } from '../../fs/path-guard'
import { writeErrorText } from '../../ingest/fs-errors'
import type { Store } from '../../store/index'
import { notAvailable, type Exporter, type Service, type ServiceContext } from '../context'
import { fileStamp } from '../errors'

export function exportHandlers(ctx: ServiceContext) {
  const { opts } = ctx
  let exporting = false
  /** The file to write: the chosen path, else a new one in the exports folder; null when not allowed. */
  async function targetOf(
    s: Store,
    chosen: string | undefined,
    base: string,
    ext: ExportKind
  ): Promise<Result<string>> {
    let target: string
    if (chosen !== undefined) {
      if (!path.isAbsolute(chosen)) return fail('INVALID_ARGUMENT', `须为完整路径：${chosen}`)
      target = path.resolve(chosen)
    } else {
      if (!opts.exportDir) return fail('INVALID_ARGUMENT', '请指定导出文件的保存位置')
      await fs.mkdir(opts.exportDir, { recursive: true })
      target = path.join(opts.exportDir, `${base}-${fileStamp(ctx.now())}.${ext}`)
    }
    // The supervisor's report folders are read-only to us.
    if (folderOf(target, (await s.getSettings()).watchedFolders)) {
      return fail('PATH_NOT_ALLOWED', '不能把导出文件保存到被监视的报告文件夹中')
    }
    return ok(target)
  }

  async function exportFile(
    s: Store,
    a: ExportArgs,
    kind: ExportKind
  ): Promise<Result<ExportResult>> {
    if (exporting) return fail('BUSY', '正在导出，请等待当前导出完成')
    // Loaded on first use: ExcelJS and docx cost the app's start ~150 ms otherwise.
    const exporter: Exporter =
      kind === 'docx'
        ? (await import('../../export/notices')).noticesExporter
        : (opts.exporter ?? (await import('../../export/index')).xlsxExporter)
    const t = await targetOf(s, a.path, kind === 'docx' ? '整改意见' : '年报审查', kind)
    if (!t.ok) return t
    const target = t.value
    exporting = true
    try {
      const r = await exporter(s, {
        filter: a.filter ?? {},
        ...(a.confirmedOnly ? { confirmedOnly: true } : {}),
        now: ctx.now(),
        path: target,
        onProgress: (done, total) => ctx.emit({ type: 'export-progress', done, total })
      })
      return ok({
        path: target,
        reports: r.reports,
        findings: r.findings,
        ...(r.counted ? { counted: r.counted } : {}),
        downloadUrl: null
      })
    } catch (err) {
      // The notices' cap (export/notices.ts), told by name: that module loads on first use.
      if (err instanceof Error && err.name === 'TooManyNotices')
        return fail('TOO_LARGE', err.message)
      return fail('IO_ERROR', `导出失败：${writeErrorText(err)}`)
    } finally {
      exporting = false
    }
  }
  async function exportBulletinFile(s: Store, a: BulletinArgs): Promise<Result<ExportResult>> {
    if (exporting) return fail('BUSY', '正在导出，请等待当前导出完成')
    const t = await targetOf(s, a.path, '审查情况通报', 'docx')
    if (!t.ok) return t
    exporting = true
    try {
      const { exportBulletin } = await import('../../export/bulletin')
      const r = await exportBulletin(s, {
        file: t.value,
        ...(a.year !== undefined ? { year: a.year } : {}),
        now: ctx.now()
      })
      return ok({ path: t.value, reports: r.units, findings: r.findings, downloadUrl: null })
    } catch (err) {
      if (err instanceof Error && err.name === 'NoReports') return fail('NOT_FOUND', err.message)
      return fail('IO_ERROR', `导出失败：${writeErrorText(err)}`)
    } finally {
      exporting = false
    }
  }

  return {
    exportBulletin: a => ctx.withStore(s => exportBulletinFile(s, a)),
    pickExportPath: () => notAvailable('保存对话框'),
    exportXlsx: a => ctx.withStore(s => exportFile(s, a, 'xlsx')),
    exportNotices: a => ctx.withStore(s => exportFile(s, a, 'docx'))
  } satisfies Partial<Service>
}
