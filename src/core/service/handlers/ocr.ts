/**
 * Reports read by OCR (issue #24): their cells as the sums judged them, a page image to check a
 * cell on, and the supervisor's checks (kept by file content and cell key, in the backup).
 */
import path from 'node:path'
import { fail, ok, type ReportOcr, type Result } from '../../../shared/api'
import { renderPdfPagePng } from '../../extract/ocr/render'
import { folderOf } from '../../fs/path-guard'
import { applyOcrChecks } from '../../pipeline/ocr'
import { settleDirty } from '../../pipeline/settle'
import { fileOfReport } from '../../store/files'
import type { Store } from '../../store/index'
import { getReportOcr, reportSha256, setOcrCorrection } from '../../store/ocr'
import type { Service, ServiceContext } from '../context'

const notOcr = (id: number): Result<never> =>
  fail('NOT_FOUND', `报告（编号 ${id}）不是经文字识别（OCR）读取的扫描件`)

export function ocrHandlers(ctx: ServiceContext) {
  const { logger } = ctx
  const load = async (s: Store, reportId: number): Promise<ReportOcr | null> =>
    getReportOcr(s.db, reportId)
  return {
    getOcrCells: a => ctx.withStore(async s => ok(await load(s, a.reportId))),
    getOcrPage: a =>
      ctx.withStore(async s => {
        const o = await load(s, a.reportId)
        if (!o) return notOcr(a.reportId)
        if (a.page > o.pages) return fail('INVALID_ARGUMENT', `该报告只有 ${o.pages} 页`)
        const render = ctx.opts.renderPage ?? renderPdfPagePng
        const row = await fileOfReport(s.db, a.reportId)
        if (!row) return fail('NOT_FOUND', `找不到报告（编号 ${a.reportId}）`)
        const abs = path.resolve(row.root, row.path)
        // Only a file of a watched folder is read (the same guard as openFile's).
        if (!folderOf(abs, (await s.getSettings()).watchedFolders))
          return fail('PATH_NOT_ALLOWED', '该文件不在被监视的文件夹中')
        const png = await render(abs, a.page).catch((err: unknown) => {
          logger.error(`无法渲染页面：${abs} 第 ${a.page} 页：${String(err)}`)
          return null
        })
        if (!png) return fail('IO_ERROR', `无法显示原图第 ${a.page} 页（文件可能已被移动或修改）`)
        return ok({ dataUrl: `data:image/png;base64,${png.toString('base64')}` })
      }),
    setOcrCorrection: a =>
      ctx.withStore(async s => {
        const before = await load(s, a.reportId)
        if (!before) return notOcr(a.reportId)
        if (!before.cells[a.cellKey]) return fail('NOT_FOUND', `报告中没有单元格 ${a.cellKey}`)
        const sha = await reportSha256(s.db, a.reportId)
        if (!sha) return notOcr(a.reportId)
        await s.db.transaction(async () => {
          await setOcrCorrection(s.db, sha, a.cellKey, a.value, ctx.now().toISOString())
          await applyOcrChecks(s.db, a.reportId, logger)
        })
        await settleDirty(s.db, logger)
        ctx.emit({ type: 'changed', reason: 'reviews' })
        const after = await load(s, a.reportId)
        return after ? ok(after) : notOcr(a.reportId)
      })
  } satisfies Partial<Service>
}
