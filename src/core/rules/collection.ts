/**
 * Collection rules: M01 (title / period / file years disagree), M04 (2019 layout from 2021 on),
 * M05 (published late for the agency's level); and the M02 / M03 findings the pipeline raises
 * itself, built here so their wording lives with the other rules.
 */
import type { Finding } from '../../shared/rules'
import type { AgencyLevel, ReportInput } from './context'
import { TABLE_LABELS, finding, q } from './messages'

/**
 * A year in the file's own name (中卫市民政局2023.txt, 2023年报.pdf), else a parent folder named
 * as a year (2023/…). Hex hashes in sample names (…7805cba…) are not years: the year must stand
 * alone between non-alphanumerics or be followed by 年.
 */
export function fileYear(path: string): number | null {
  const parts = path.split(/[\\/]/).filter(Boolean)
  const base = (parts.pop() ?? '').replace(/\.[^.]+$/, '')
  const inName = /(?:^|[^0-9A-Za-z])((?:19|20)\d{2})(?=年|[^0-9A-Za-z]|$)/.exec(base)
  if (inName?.[1]) return Number(inName[1])
  const dir = parts.pop() ?? ''
  const asDir = /^((?:19|20)\d{2})年?(?:度)?$/.exec(dir)
  return asDir?.[1] ? Number(asDir[1]) : null
}

/** M01: the years in the title, the statistics period and the file name disagree. */
export function yearMismatch(input: ReportInput): Finding[] {
  const { report, file } = input
  const sources: { name: string; year: number; line?: number }[] = []
  if (report.title?.year != null)
    sources.push({ name: '标题', year: report.title.year, line: report.title.line })
  if (report.period?.year != null)
    sources.push({ name: '统计期限', year: report.period.year, line: report.period.line })
  const fy = fileYear(file.path)
  if (fy !== null) sources.push({ name: '文件名', year: fy })
  if (new Set(sources.map(s => s.year)).size < 2) return []
  const said = sources.map(s => `${s.name}为 ${s.year} 年`).join('，')
  return [
    finding('M01', `报告年度不一致：${said}，请核实报告所属年度。`, {
      lines: sources.map(s => s.line).filter((l): l is number => l !== undefined),
      ...(report.year !== null ? { expected: report.year } : {}),
      actual: sources.map(s => `${s.name}${s.year}`).join('/')
    })
  ]
}

/** M04: the 2019 trial layout (or a mix with the 2021 one) for a reporting year of 2021 or later. */
export function oldLayout(input: ReportInput): Finding[] {
  const { report } = input
  if (report.year === null || report.year < 2021) return []
  if (report.template !== '2019' && !report.mixedTemplate) return []
  const how = report.mixedTemplate
    ? '混用了2019年试行格式与2021年格式'
    : '仍使用2019年试行格式（国办公开办函〔2019〕60号）'
  return [
    finding(
      'M04',
      `${report.year}年度报告${how}，应使用《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号），请重新编制${q(TABLE_LABELS.proactive)}等统计表。`,
      {
        table: 'proactive',
        lines: report.tableLines.proactive ? [report.tableLines.proactive[0]] : [],
        expected: '2021',
        actual: report.mixedTemplate ? 'mixed' : '2019'
      }
    )
  ]
}

const LEVEL_NAMES: Record<AgencyLevel, string> = {
  department: '政府部门',
  government: '人民政府',
  township: '乡镇（街道）'
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** M05: published after the deadline of the agency's level (in the year after the reporting year). */
export function latePublication(input: ReportInput): Finding[] {
  const { report, level, settings } = input
  const pub = report.publicationDate
  if (!pub || report.year === null) return []
  const dl = settings.deadlines[level]
  const deadline = iso(report.year + 1, dl.month, dl.day)
  if (pub.date <= deadline) return []
  return [
    finding(
      'M05',
      `报告发布日期为 ${pub.date}（来源：${pub.source}），晚于${LEVEL_NAMES[level]}年度报告的发布期限 ${report.year + 1} 年 ${dl.month} 月 ${dl.day} 日。`,
      { lines: pub.line !== undefined ? [pub.line] : [], expected: deadline, actual: pub.date }
    )
  ]
}

/** Files an M02 message names; past this it says how many there are in all. */
export const M02_LISTED = 6

/**
 * M02: this file and `others` claim the same agency and year; the newest counts, all are kept.
 * `total` (default: this file and `others`) when the caller passes only the first of many others,
 * newest first: a folder copied into itself a few times gives hundreds of copies of one report,
 * and a message naming them all, on each of them, grew with the square of their number.
 */
export function duplicateFinding(
  self: { file: string; mtimeMs?: number },
  others: { file: string; mtimeMs: number }[],
  total = 1 + others.length
): Finding {
  const all = [self, ...others]
  const withTime = all.filter(
    (f): f is { file: string; mtimeMs: number } => f.mtimeMs !== undefined
  )
  const newest =
    withTime.length === all.length
      ? withTime.reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a))
      : null
  const tail = newest ? `以最新的${q(newest.file)}为准，各文件均已保留` : '各文件均已保留'
  const named = all
    .slice(0, M02_LISTED)
    .map(f => q(f.file))
    .join('、')
  const more = total > M02_LISTED ? `等共 ${total} 份` : ''
  return finding(
    'M02',
    `同一单位同一年度有多份报告：${named}${more}（${tail}），请确认是否重复报送或更正后重新发布。`,
    { actual: total }
  )
}

/** M03: the file is not a readable annual report; `reason` says why, in Chinese. */
export function unreadableFinding(reason: string): Finding {
  return finding('M03', `文件无法识别为政府信息公开工作年度报告：${reason.replace(/[。.]$/, '')}。`)
}

/**
 * M03 of a report sent as photos (ingest/photo-folder.ts) whose pictures could not all be read:
 * which pages and why. The other pages were read; what the lost ones held is unchecked. One
 * finding for all of them (a review decision is keyed by rule and place, and these have none).
 */
export function unreadPagesFinding(
  pages: { page: number; name: string; reason: string }[]
): Finding {
  const each = pages.map(p => `第 ${p.page} 页（${q(p.name)}）：${p.reason.replace(/[。.]$/, '')}`)
  return finding(
    'M03',
    `报告的部分图片无法读取，以下页面未识别、未检查：${each.join('；')}。请核对原件，或请报送单位补充清晰的图片。`
  )
}

export function collectionRules(input: ReportInput): Finding[] {
  return [...yearMismatch(input), ...oldLayout(input), ...latePublication(input)]
}
