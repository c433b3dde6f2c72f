/**
 * Arithmetic rules A01–A04 (勾稽关系). Each failing row, column or group is its own finding with
 * `expected` (the sum computed from the other cells) and `actual` (the stated value). A sum that
 * involves an empty cell is not checked: T02 already reports the cell.
 */
import type { Finding } from '../../shared/rules'
import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  applicationRows,
  outcomeRowKeys
} from '../../shared/template'
import { cellLine, lines, sumOf, templateOf } from './access'
import type { ReportInput } from './context'
import {
  TABLE_LABELS,
  appColLabel,
  appRowLabel,
  finding,
  fmtNum,
  q,
  reviewColLabel,
  reviewGroupLabel
} from './messages'

const PARTS = APPLICANT_COLUMNS.filter(c => c !== 'total')

/** A01: in each row, 总计 = 自然人 + the five 法人或其他组织 columns. */
export function rowTotals(input: ReportInput): Finding[] {
  const { report } = input
  const apps = report.tables.applications
  if (!apps) return []
  const template = templateOf(report)
  const out: Finding[] = []
  for (const def of applicationRows(template)) {
    const row = apps[def.key]
    if (!row) continue
    const expected = sumOf(PARTS.map(c => row[c]))
    const actual = row.total
    if (expected === null || actual === null || expected === actual) continue
    out.push(
      finding(
        'A01',
        `${q(TABLE_LABELS.applications)}表${q(appRowLabel(def.key, template))}行${q('总计')}列应为 ${fmtNum(expected)}（自然人与法人或其他组织各列之和），报告填写为 ${fmtNum(actual)}。`,
        {
          table: 'applications',
          row: def.key,
          column: 'total',
          expected,
          actual,
          lines: lines(cellLine(report, 'applications', def.key, 'total'))
        }
      )
    )
  }
  return out
}

/** A02: in each column, （七）总计 = the sum of the outcome rows （一）予以公开 … （六）其他处理. */
export function outcomeTotals(input: ReportInput): Finding[] {
  const { report } = input
  const apps = report.tables.applications
  if (!apps) return []
  const template = templateOf(report)
  const keys = outcomeRowKeys(template)
  const out: Finding[] = []
  for (const c of APPLICANT_COLUMNS) {
    const expected = sumOf(keys.map(k => apps[k]?.[c]))
    const actual = apps['outcomeTotal']?.[c] ?? null
    if (expected === null || actual === null || expected === actual) continue
    out.push(
      finding(
        'A02',
        `${q(TABLE_LABELS.applications)}表${q(appColLabel(c))}列${q(appRowLabel('outcomeTotal', template))}应为 ${fmtNum(expected)}（“（一）予以公开”至“（六）其他处理”各项之和），报告填写为 ${fmtNum(actual)}。`,
        {
          table: 'applications',
          row: 'outcomeTotal',
          column: c,
          expected,
          actual,
          lines: lines(cellLine(report, 'applications', 'outcomeTotal', c))
        }
      )
    )
  }
  return out
}

/**
 * A03: the template's own rule, per column: 第一项加第二项之和，等于第三项加第四项之和 —
 * received + carriedOver = outcomeTotal + carriedForward. `expected` is the intake
 * (received + carriedOver), `actual` what the report accounts for (outcomeTotal + carriedForward).
 */
export function balance(input: ReportInput): Finding[] {
  const { report } = input
  const apps = report.tables.applications
  if (!apps) return []
  const out: Finding[] = []
  for (const c of APPLICANT_COLUMNS) {
    const [rec, over, done, fwd] = [
      'received',
      'carriedOver',
      'outcomeTotal',
      'carriedForward'
    ].map(k => apps[k]?.[c] ?? null)
    const expected = sumOf([rec, over])
    const actual = sumOf([done, fwd])
    if (expected === null || actual === null || expected === actual) continue
    out.push(
      finding(
        'A03',
        `${q(TABLE_LABELS.applications)}表${q(appColLabel(c))}列不符合勾稽关系：第一项加第二项之和为 ${fmtNum(rec)}+${fmtNum(over)}=${fmtNum(expected)}，第三项（七）总计加第四项之和为 ${fmtNum(done)}+${fmtNum(fwd)}=${fmtNum(actual)}，两者应相等。`,
        {
          table: 'applications',
          column: c,
          expected,
          actual,
          lines: lines(
            ...['received', 'carriedOver', 'outcomeTotal', 'carriedForward'].map(k =>
              cellLine(report, 'applications', k, c)
            )
          )
        }
      )
    )
  }
  return out
}

/** A04: in each reviewLitigation group, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
export function reviewTotals(input: ReportInput): Finding[] {
  const { report } = input
  const rl = report.tables.reviewLitigation
  if (!rl) return []
  const out: Finding[] = []
  for (const g of REVIEW_GROUPS) {
    const group = rl[g]
    if (!group) continue
    const expected = sumOf(REVIEW_COLUMNS.filter(c => c !== 'total').map(c => group[c]))
    const actual = group.total
    if (expected === null || actual === null || expected === actual) continue
    out.push(
      finding(
        'A04',
        `${q(TABLE_LABELS.reviewLitigation)}表${q(reviewGroupLabel(g))}${q(reviewColLabel('total'))}应为 ${fmtNum(expected)}（结果维持、结果纠正、其他结果、尚未审结之和），报告填写为 ${fmtNum(actual)}。`,
        {
          table: 'reviewLitigation',
          group: g,
          column: 'total',
          expected,
          actual,
          lines: lines(cellLine(report, 'reviewLitigation', g, 'total'))
        }
      )
    )
  }
  return out
}

export function arithmeticRules(input: ReportInput): Finding[] {
  return [...rowTotals(input), ...outcomeTotals(input), ...balance(input), ...reviewTotals(input)]
}
