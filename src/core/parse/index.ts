/**
 * DocumentModel → ParsedReport: the typed national template with the evidence the rules and the
 * review screen need. Written once for every format (DEVELOPERS.md: one representation between
 * formats and the parser). Never throws on odd input: what cannot be read is null plus a note.
 */
import type { DocumentModel, OcrRead } from '../../shared/document'
import type { ParsedReport, Proactive, Tables } from '../../shared/model'
import type { TemplateVersion } from '../../shared/template'
import { parseApplications } from './applications'
import { compiledTitles, findPeriod, findPublicationDate, findTitle } from './meta'
import { parseProactive } from './proactive'
import { parseReview } from './review'
import { logicalRows, type LogicalRow } from './rows'
import { findSections } from './sections'
import type { TableReader } from './table-context'

/** Crawler text runs cells together (`规章000规范性文件898989`, corpus/real 010): unreadable. */
const RUN_TOGETHER =
  /(规章|规范性文件|行政许可|行政处罚|行政强制|收费|申请数量|予以公开|总计)\d{3,}/

function findIndex(rows: LogicalRow[], from: number, pred: (r: LogicalRow) => boolean): number {
  for (let i = Math.max(0, from); i < rows.length; i++) if (pred(rows[i]!)) return i
  return -1
}

/**
 * The readers' cell lines in one object. Their keys never overlap (each starts with its table), so
 * the largest map takes the others in place instead of ~200 keys being copied into a new object.
 */
function mergeLines(readers: TableReader[]): Record<string, number> {
  if (readers.length === 0) return {}
  const sized = readers
    .map(r => ({ r, n: Object.keys(r.cellLines).length }))
    .sort((a, b) => b.n - a.n)
  const into = sized[0]!.r.cellLines
  for (const { r } of sized.slice(1)) Object.assign(into, r.cellLines)
  return into
}

function span(region: LogicalRow[]): [number, number] | undefined {
  if (region.length === 0) return undefined
  return [region[0]!.line, region[region.length - 1]!.line]
}

export function parseReport(doc: DocumentModel): ParsedReport {
  const rows = logicalRows(doc)
  const { headings, sections } = findSections(rows, doc.lines.length)
  const title = findTitle(rows, doc)
  const period = findPeriod(rows)
  const publicationDate = findPublicationDate(rows, doc)
  const year = title?.year ?? period?.year ?? null

  // Lines of each section's heading(s): rows are looked up by line, not by scanning the headings.
  const headingLines = (...ids: number[]): Set<number> =>
    new Set(headings.filter(h => ids.includes(h.id)).map(h => h.line))
  const headingIdx = (id: number, from = 0): number => {
    const at = headingLines(id)
    return at.size === 0 ? -1 : findIndex(rows, from, r => at.has(r.line))
  }

  let appStart = findIndex(
    rows,
    0,
    r =>
      r.norm.includes('勾稽关系') ||
      r.norm.includes('本年新收政府信息公开申请数量') ||
      r.norm.startsWith('申请人情况')
  )
  let proStart = findIndex(rows, 0, r => r.norm.includes('第二十条') || r.labels[0] === '规章')
  if (proStart >= 0 && appStart >= 0 && proStart > appStart) proStart = -1
  if (appStart < 0) {
    const s3 = headingIdx(3)
    if (s3 >= 0 && rows.slice(s3, s3 + 40).some(r => r.norm.includes('予以公开'))) appStart = s3 + 1
  }
  const afterApps = appStart >= 0 ? appStart : proStart >= 0 ? proStart : 0
  let revStart = findIndex(
    rows,
    afterApps + 1,
    r =>
      r.norm.includes('行政复议') &&
      (!r.paragraph || r.norm.length < 60 || r.norm.includes('结果维持'))
  )
  if (
    revStart >= 0 &&
    !rows
      .slice(revStart, revStart + 8)
      .some(r => r.norm.includes('维持') || r.norm.includes('总计'))
  ) {
    revStart = -1
  }
  const s56 = headingLines(5, 6)
  const s5 =
    s56.size === 0 ? -1 : findIndex(rows, Math.max(revStart, afterApps), r => s56.has(r.line))
  const end = (a: number, ...bounds: number[]): number => {
    const ok = bounds.filter(b => b > a)
    return ok.length ? Math.min(...ok) : rows.length
  }
  const h3 = headingIdx(3, proStart + 1)
  const h4 = headingIdx(4, appStart + 1)
  const proRegion =
    proStart >= 0 ? rows.slice(proStart, end(proStart, appStart, h3, revStart, s5)) : []
  const appRegion = appStart >= 0 ? rows.slice(appStart, end(appStart, revStart, h4, s5)) : []
  let revRegion = revStart >= 0 ? rows.slice(revStart, end(revStart, s5, revStart + 15)) : []
  // A table exported one cell per line (LibreOffice's and WPS's text export, a copy out of a PDF
  // viewer) has 24 header lines before its 15 numbers: without a number in 15 rows, up to section 5.
  if (revStart >= 0 && s5 > revStart + 15 && !revRegion.some(r => r.values.length > 0))
    revRegion = rows.slice(revStart, s5)

  const readers: TableReader[] = []
  const notes: ParsedReport['notes'] = []
  const more = compiledTitles(rows, headings, doc)
  const first = { agency: title?.agency ?? null, year }
  const distinct = new Set([first, ...more].map(t => `${t.agency ?? ''}|${t.year ?? ''}`))
  if (more.length > 0 && distinct.size > 1) {
    const names = [first, ...more].map(t => `${t.agency ?? '（未识别单位）'}${t.year ?? ''}年`)
    notes.push({
      code: 'compilation',
      line: more[0]!.line,
      message: `文件中有 ${names.length} 份年度报告（${names.slice(0, 6).join('、')}${names.length > 6 ? '等' : ''}），只审查了第一份；请拆分为每份报告一个文件后再审查`
    })
  }
  const unreadable = (region: LogicalRow[]): boolean =>
    region.some(r => r.paragraph && RUN_TOGETHER.test(r.norm))

  // Applications first: its layout (2019 single 其他处理 row) also tells the template when the
  // proactive table is unreadable.
  let applications: Tables['applications'] = null
  let appVersion: TemplateVersion | null = null
  if (appRegion.length > 0) {
    const res = parseApplications(appRegion)
    appVersion = res.version
    readers.push(res.reader)
    applications = res.table
    const anyFound = Object.values(res.table).some(r => Object.values(r).some(v => v !== null))
    if (!anyFound && unreadable(appRegion)) {
      // Found but unreadable: null (no data) plus a note that says why; rule T01 reports the note.
      applications = null
      res.reader.labelIssues.length = 0
      notes.push({
        code: 'table-unreadable',
        table: 'applications',
        line: appRegion[0]!.line,
        message: '“收到和处理政府信息公开申请情况”表的单元格连在一起，无法区分，按无法识别处理'
      })
    }
  }

  let proactive: Proactive | null = null
  let proVersion: TemplateVersion | null = null
  let mixedTemplate = false
  if (proRegion.length > 0) {
    const fallback: TemplateVersion =
      appVersion ?? (year !== null && year <= 2020 ? '2019' : '2021')
    const res = parseProactive(proRegion, fallback)
    readers.push(res.reader)
    proactive = res.table
    proVersion = res.version
    mixedTemplate = res.mixed
    if (res.rowsFound === 0) {
      proactive = null
      res.reader.labelIssues.length = 0
      notes.push({
        code: 'table-unreadable',
        table: 'proactive',
        line: proRegion[0]!.line,
        message: unreadable(proRegion)
          ? '“主动公开政府信息情况”表的单元格连在一起，无法区分，按无法识别处理'
          : '“主动公开政府信息情况”表没有可识别的行，按无法识别处理'
      })
    }
  }

  let reviewLitigation: Tables['reviewLitigation'] = null
  if (revRegion.length > 0) {
    const res = parseReview(revRegion)
    readers.push(res.reader)
    reviewLitigation = res.table
    if (!res.found || res.ambiguous) {
      reviewLitigation = null
      const message =
        res.ambiguous ?? '“行政复议、行政诉讼情况”表没有可识别的数值行，按无法识别处理'
      notes.push({
        code: 'table-unreadable',
        table: 'reviewLitigation',
        line: revRegion[0]!.line,
        message
      })
    }
  }

  if (proVersion && appVersion && proVersion !== appVersion) mixedTemplate = true
  const anyTable = proactive || applications || reviewLitigation
  const template: TemplateVersion | null =
    proVersion ??
    appVersion ??
    (anyTable || sections.length >= 3 ? (year !== null && year <= 2020 ? '2019' : '2021') : null)

  const tableLines: ParsedReport['tableLines'] = {}
  const p = span(proRegion)
  const a = span(appRegion)
  const r = span(revRegion)
  if (p) tableLines.proactive = p
  if (a) tableLines.applications = a
  if (r) tableLines.reviewLitigation = r

  const cellLines = mergeLines(readers)
  const out: ParsedReport = {
    agency: title?.agency ?? null,
    year,
    template,
    tables: { proactive, applications, reviewLitigation },
    title: title ? { text: title.text, line: title.line, year: title.year } : null,
    period,
    headings,
    sections,
    tableLines,
    cellLines,
    labelIssues: readers.flatMap(x => x.labelIssues),
    rawCells: readers.flatMap(x => x.rawCells),
    mixedTemplate,
    publicationDate,
    notes: [...notes, ...readers.flatMap(x => x.notes)]
  }
  if (doc.meta.ocr) {
    // Read from a scan (issue #24): which read each cell came from, for the sums' verification
    // (rules/ocr-verify.ts) and the review screen's crop. A cell with no read is null.
    const reads: Record<string, OcrRead | null> = {}
    for (const r of readers) Object.assign(reads, r.ocrReads)
    const ocrCells: Record<string, OcrRead | null> = {}
    for (const key of Object.keys(cellLines)) ocrCells[key] = reads[key] ?? null
    out.ocr = doc.meta.ocr
    out.ocrCells = ocrCells
  }
  return out
}
