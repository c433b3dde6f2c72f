/**
 * Publication dates carried by a file (rule M05): a web page's 发布日期/公开日期 line or metadata
 * table, a <meta name="PubDate">, a PDF or docx metadata date. Dates come as 2020-01-31,
 * 2020/1/31, 2020.01.31, 2023 年 1 月 16 日 or 二〇二三年一月十六日.
 */

import { dateNumber } from '../../shared/chinese-numerals'

function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (dt.getUTCMonth() !== m - 1) return undefined
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

const NUM = '(\\d{4}|[〇零一二三四五六七八九Ｏ]{4})'
const SMALL = '(\\d{1,2}|[一二三四五六七八九十]{1,3})'
export const DATE_SOURCE = `${NUM}\\s*[-/.年]\\s*${SMALL}\\s*[-/.月]\\s*${SMALL}\\s*日?`
const DATE_RE = new RegExp(DATE_SOURCE)

/** The first date in a string, as ISO YYYY-MM-DD. */
export function toIsoDate(s: string): string | undefined {
  const m = DATE_RE.exec(s.normalize('NFKC'))
  if (!m) return undefined
  const [y, mo, d] = [dateNumber(m[1]!), dateNumber(m[2]!), dateNumber(m[3]!)]
  return y === undefined || mo === undefined || d === undefined ? undefined : iso(y, mo, d)
}

/**
 * A labelled date in the text (`发布日期：2020-01-31`, or a metadata table row
 * `发布机构 … 公开日期 TAB 2024-01-17`). Labels are tried in order of preference.
 */
export function findDateInLines(
  lines: string[],
  labels: string[],
  where = '网页'
): { date: string; source: string; line: number } | undefined {
  for (const label of labels) {
    // The colon takes its own trailing space: `\s*[:：]?\s*` was quadratic on a label followed by
    // a run of spaces (regex-safety.test.ts).
    const re = new RegExp(`${label}\\s*(?:[:：]\\s*)?(${DATE_SOURCE})`)
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(lines[i]!)
      const date = m ? toIsoDate(m[1]!) : undefined
      if (date)
        return {
          date,
          source: `${where}“${label}：${m![1]!.trim()}”（第 ${i + 1} 行）`,
          line: i + 1
        }
    }
  }
  return undefined
}

/** The labels a report's text prints its publication date under, in order of preference. */
const PRINTED_LABELS = ['发布日期', '发布时间', '公开日期', '成文日期']

/** The publication date a document prints in its text (every format reads it the same way). */
export function printedDate(
  lines: string[],
  where: string
): { date: string; source: string; line: number } | undefined {
  return findDateInLines(lines, PRINTED_LABELS, where)
}
