/**
 * Structure rules S01–S06: the six sections, their headings, the statistics period, what section 6
 * must say, and the slips a reader sees (slips.ts).
 */
import type { Finding } from '../../shared/rules'
import { SECTION_IDS, type SectionId } from '../../shared/template'
import type { ReportInput } from './context'
import { finding, q, sectionLabel } from './messages'
import { sectionText } from '../../shared/report-text'
import { slipRules } from './slips'

/** S01: each required section that was not found. */
export function missingSections(input: ReportInput): Finding[] {
  const found = new Set(input.report.sections.map(s => s.id))
  return SECTION_IDS.filter(id => !found.has(id)).map(id =>
    finding('S01', `报告缺少第${'一二三四五六'[id - 1]}部分${q(sectionLabel(id))}。`, {
      section: id
    })
  )
}

/** S02: one finding per heading that repeats an earlier one, is reworded, or comes out of order. */
export function headingProblems(input: ReportInput): Finding[] {
  const out: Finding[] = []
  const firstLine = new Map<SectionId, number>()
  let maxSeen = 0
  for (const h of input.report.headings) {
    const first = firstLine.get(h.id)
    const problems: string[] = []
    const lines = [h.line]
    if (first !== undefined) {
      problems.push(`与第 ${first} 行的标题重复`)
      lines.push(first)
    } else if (h.id < maxSeen) {
      problems.push(`排在第${'一二三四五六'[maxSeen - 1]}部分之后，顺序不符`)
    }
    if (h.reworded) problems.push(`与模板标题${q(sectionLabel(h.id))}的表述不一致`)
    if (first === undefined) firstLine.set(h.id, h.line)
    maxSeen = Math.max(maxSeen, h.id)
    if (problems.length === 0) continue
    out.push(
      finding('S02', `第 ${h.line} 行章节标题${q(h.heading)}${problems.join('，')}。`, {
        section: h.id,
        lines,
        expected: sectionLabel(h.id),
        actual: h.heading
      })
    )
  }
  return out
}

/** S03: no statistics-period statement, or one for another year. */
export function periodProblem(input: ReportInput): Finding[] {
  const { period, year } = input.report
  if (!period) {
    const y = year === null ? '' : `本报告统计数据从 ${year} 年 1 月 1 日至 12 月 31 日`
    return [
      // The statement belongs in the preamble under the title: point there.
      finding('S03', `报告未说明统计期限${y ? `（应写明“${y}”）` : ''}。`, {
        lines: input.report.title ? [input.report.title.line] : [],
        ...(year !== null ? { expected: year } : {})
      })
    ]
  }
  if (period.year !== null && year !== null && period.year !== year) {
    return [
      finding(
        'S03',
        `统计期限${q(period.text)}的年份为 ${period.year} 年，与报告年度 ${year} 年不符。`,
        {
          lines: [period.line],
          expected: year,
          actual: period.year
        }
      )
    ]
  }
  return []
}

/** The fee statement: 信息处理费 / 处理费 / 收取…费用 — any of them says whether fees were charged. */
const FEE_STATEMENT = /信息处理费|处理费|收取[^。；]{0,10}费用/

/** S04: from 2021 on, section 6 must state whether 信息处理费 were charged. */
export function feeStatement(input: ReportInput): Finding[] {
  const { report, doc } = input
  const s6 = report.sections.find(s => s.id === 6)
  if (report.year === null || report.year < 2021 || !s6) return []
  const text = sectionText(doc, report, 6)
  if (FEE_STATEMENT.test(text.replace(/\s+/g, ''))) return []
  return [
    finding(
      'S04',
      `第六部分${q(sectionLabel(6))}未说明本年度是否收取信息处理费，请按格式要求补充。`,
      { section: 6, lines: [s6.line] }
    )
  ]
}

/** S05 (info): section 6 does not report 年度政务公开工作要点落实情况. */
export function keyPointsStatement(input: ReportInput): Finding[] {
  const { report, doc } = input
  const s6 = report.sections.find(s => s.id === 6)
  if (!s6) return []
  if (/要点/.test(sectionText(doc, report, 6))) return []
  return [
    finding('S05', `第六部分${q(sectionLabel(6))}未报告年度政务公开工作要点落实情况。`, {
      section: 6,
      lines: [s6.line]
    })
  ]
}

export function structureRules(input: ReportInput): Finding[] {
  return [
    ...missingSections(input),
    ...headingProblems(input),
    ...periodProblem(input),
    ...feeStatement(input),
    ...keyPointsStatement(input),
    ...(input.settings.checks.S06 ? slipRules(input) : [])
  ]
}
