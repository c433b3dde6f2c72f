/**
 * The compliance rules of shared/spec/rules.md. One module per group (structure, tables,
 * arithmetic, text, years, collection); this file is the only entry point the pipeline uses.
 * (Stub: the rules work fills each group.)
 */
import type { Finding } from '../../../shared/rules'
import type { ReportInput, YearInput } from './context'

/** Every single-report rule: S01–S05, T01–T05, A01–A04, N01–N02, M01, M04, M05. */
export function evaluateReport(input: ReportInput): Finding[] {
  void input
  return []
}

/** Y01–Y04 for `cur` against the same agency's previous year; findings attach to `cur`. */
export function evaluateYears(prev: YearInput, cur: YearInput): Finding[] {
  void prev
  void cur
  return []
}

/** M02: this file and `others` claim the same agency and year. */
export function duplicateFinding(
  self: { file: string },
  others: { file: string; mtimeMs: number }[]
): Finding {
  return {
    rule: 'M02',
    severity: 'warning',
    message: `同一单位同一年度有多份报告：${[self.file, ...others.map(o => o.file)].join('、')}`
  }
}

/** M03: the file is not a readable annual report; `reason` says why, in Chinese. */
export function unreadableFinding(reason: string): Finding {
  return { rule: 'M03', severity: 'error', message: `文件无法识别为年度报告：${reason}` }
}
