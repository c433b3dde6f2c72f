/**
 * How many reports, said the same way on every screen and in the workbook (issue #22): 总览's 报告
 * card and 单位's 报告数 count every report file with an agency and a year, an agency-year's extra
 * copies (M02: a .html and a .pdf of one report, a revised file) included and named as such.
 */
import type { ReportCount } from './api'

/** '报告 23 份（其中同一单位同一年度的重复文件 9 份），无法识别的文件 1 个'. */
export function countText(c: ReportCount): string {
  const dup = c.duplicates > 0 ? `（其中同一单位同一年度的重复文件 ${c.duplicates} 份）` : ''
  const other = c.unrecognised > 0 ? `，无法识别的文件 ${c.unrecognised} 个` : ''
  return `报告 ${c.reports} 份${dup}${other}`
}
