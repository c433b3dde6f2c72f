/**
 * 整改意见 for many reports at once: a Word document (.docx) with one rectification notice per
 * report that has open findings, each on its own page, laid out as a 公文 is (A4, 仿宋 三号 body,
 * 小标宋 二号 title, the standard margins), for the supervisor to split, sign and send. The text of
 * each notice is the review screen's copy (shared/notice.ts). The reports are the screens' filter,
 * as for the workbook; a superseded duplicate or a deleted file gets no notice (the current report
 * of that agency-year does); dismissed findings are left out whatever the filter says. A file in
 * which no agency was found has no one to send a notice to (the corpus's INDEX.tsv, a scan): such
 * files are listed on a last page instead, so none is left out unsaid.
 */
import path from 'node:path'
import { Document, Packer, type Paragraph, type ISectionOptions } from 'docx'
import type { ReportFilter } from '../../shared/api'
import { noticeParts, type NoticeInput } from '../../shared/notice'
import type { Store } from '../store/index'
import { writeWhole } from '../fs/write-whole'
import {
  createSelection,
  dropSelection,
  findingPage,
  noticeCount,
  reportPage,
  type FindingLine
} from '../store/queries/export'
import { openReader } from '../store/reader'
import { officeDates } from '../../shared/ranking'
import { BODY, HEADING, bodyParagraph, section, signature, titleParagraph } from './gongwen'

export interface NoticesOptions {
  /** Target .docx path (its folder must exist). */
  file: string
  filters?: ReportFilter
  /** Only reports under these folders (as the workbook's `roots`). */
  roots?: string[]
  onProgress?: (done: number, total: number) => void
  pageSize?: number
  /** MAX_NOTICES unless a test sets another. */
  maxNotices?: number
  /** Only findings a reviewer confirmed (the undecided are left out as the dismissed are). */
  confirmedOnly?: boolean
  /** The day the document is made: the default 成文日期 (设置 › 单位信息). */
  now?: Date
}

/**
 * Notices in one document at most. docx builds the whole document in memory: 10,000 notices of
 * ten paragraphs peaked at 960 MB and took 4.5 s; 2,000, each its own section with its footer,
 * 350 MB and 1.4 s (bench/RESULTS.md; the app's main process holds this). A supervisor sends
 * notices for one year or one district at a time.
 */
export const MAX_NOTICES = 2000

export class TooManyNotices extends Error {
  override readonly name = 'TooManyNotices'
  constructor(
    readonly count: number,
    limit: number
  ) {
    super(
      `共有 ${count} 份报告需要整改，一次最多生成 ${limit} 份整改意见，请先按年度、单位或规则筛选后再导出`
    )
  }
}

export interface NoticesSummary {
  file: string
  /** Notices written (reports with at least one open finding). */
  reports: number
  /** Findings listed over all notices. */
  findings: number
}

function noticeParagraphs(input: NoticeInput): { paragraphs: Paragraph[]; count: number } {
  const p = noticeParts(input)
  const paragraphs = [
    titleParagraph(p.title),
    // 主送机关: flush left, as a 公文 addresses its recipient.
    ...(p.addressee ? [bodyParagraph(p.addressee, BODY, true)] : []),
    bodyParagraph(p.intro)
  ]
  for (const g of p.groups) {
    paragraphs.push(bodyParagraph(g.heading, HEADING))
    for (const item of g.items) paragraphs.push(bodyParagraph(item))
  }
  if (p.closing) paragraphs.push(bodyParagraph(p.closing))
  if (p.signature) paragraphs.push(...signature(p.signature.issuer, p.signature.date))
  return { paragraphs, count: p.count }
}

function linesOf(json: string | null): number[] | undefined {
  if (!json) return undefined
  const v: unknown = JSON.parse(json)
  return Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : undefined
}

function findingOf(f: FindingLine): NoticeInput['findings'][number] {
  const lines = linesOf(f.linesJson)
  return {
    rule: f.rule,
    message: f.message,
    severity: f.severity,
    source: f.source,
    ...(f.tbl ? { table: f.tbl } : {}),
    ...(f.row ? { row: f.row } : {}),
    ...(f.column ? { column: f.column } : {}),
    ...(f.grp ? { group: f.grp } : {}),
    ...(f.section !== null ? { section: f.section } : {}),
    ...(lines ? { lines } : {}),
    review: f.decision ? { decision: f.decision, note: f.note ?? '' } : null
  }
}

export async function exportNotices(store: Store, opts: NoticesOptions): Promise<NoticesSummary> {
  const target = path.resolve(opts.file)
  // Dismissed findings never go into a notice, whether or not the screens count them.
  const filter: ReportFilter = { ...(opts.filters ?? {}), includeDismissed: false }
  const pageSize = Math.max(1, opts.pageSize ?? 500)
  const settings = await store.getSettings()
  const office = {
    issuer: settings.office.issuer,
    ...officeDates(settings.office, opts.now ?? new Date())
  }
  const reader = await openReader(store)
  try {
    const sel = await createSelection(reader.db, filter, opts.roots)
    try {
      const count = await noticeCount(reader.db, sel, filter)
      const limit = opts.maxNotices ?? MAX_NOTICES
      if (count > limit) throw new TooManyNotices(count, limit)
      const sections: ISectionOptions[] = []
      const unaddressed: string[] = []
      let reports = 0
      let findings = 0
      opts.onProgress?.(0, sel.reports)
      for (let lo = 0; lo < sel.reports; lo += pageSize) {
        const hi = lo + pageSize
        const rows = await reportPage(reader.db, sel, lo, hi)
        const byOrd = new Map<number, FindingLine[]>()
        for (const f of await findingPage(reader.db, sel, filter, lo, hi)) {
          const list = byOrd.get(f.ord)
          if (list) list.push(f)
          else byOrd.set(f.ord, [f])
        }
        for (const r of rows) {
          const found = byOrd.get(r.ord)
          if (!found || r.superseded || r.fileStatus === 'removed') continue
          if (r.agency === null) {
            unaddressed.push(r.path)
            continue
          }
          const listed = opts.confirmedOnly ? found.filter(f => f.decision === 'confirmed') : found
          if (listed.length === 0) continue
          const n = noticeParagraphs({
            agency: r.agency,
            year: r.year,
            file: r.path,
            findings: listed.map(findingOf),
            office
          })
          if (n.count === 0) continue
          sections.push(section(n.paragraphs))
          reports++
          findings += n.count
        }
        opts.onProgress?.(Math.min(hi, sel.reports), sel.reports)
      }
      if (reports === 0 && unaddressed.length === 0)
        sections.push(
          section([
            bodyParagraph(
              opts.confirmedOnly
                ? '所选报告中没有已确认的问题（只列入已确认的问题；已忽略和未审阅的问题不列入整改意见）。'
                : '所选报告中没有需要整改的问题（已忽略的问题不列入整改意见）。'
            )
          ])
        )
      if (unaddressed.length > 0) {
        sections.push(
          section([
            bodyParagraph(
              `以下 ${unaddressed.length} 个文件未能识别出报送单位，未生成整改意见，请在“报告审阅”中查看：`,
              HEADING,
              true
            ),
            ...unaddressed.map(p => bodyParagraph(p))
          ])
        )
      }
      const doc = new Document({
        creator: '年报审查台',
        title: '政府信息公开工作年度报告审查意见',
        sections
      })
      await writeWhole(target, await Packer.toBuffer(doc))
      return { file: target, reports, findings }
    } finally {
      await dropSelection(reader.db, sel).catch(() => undefined)
    }
  } finally {
    await reader.close()
  }
}

/** The service's Exporter for the 导出整改意见 button. */
export async function noticesExporter(
  store: Store,
  args: {
    filter: ReportFilter
    path: string
    onProgress: (done: number, total: number) => void
    confirmedOnly?: boolean
    now?: Date
  }
): Promise<{ reports: number; findings: number }> {
  const out = await exportNotices(store, {
    file: args.path,
    filters: args.filter,
    onProgress: args.onProgress,
    ...(args.confirmedOnly ? { confirmedOnly: true } : {}),
    ...(args.now ? { now: args.now } : {})
  })
  return { reports: out.reports, findings: out.findings }
}
