/**
 * Title, agency, reporting year, statistics period and publication date.
 */
import type { DocumentModel } from '../../shared/document'
import type { ParsedReport, SectionHeadingHit } from '../../shared/model'
import type { LogicalRow } from './rows'

// Each optional word takes its own trailing space, and the agency group keeps its trailing space
// for cleanAgency to drop: written `\s*度?\s*(?:的)?\s*` or `(.*?)\s*`, a line or page title of
// spaces made these patterns cubic and worse (a 1,000-character title took 19 s; regex-safety.test).
const TITLE = /^(.*?)(\d{4})\s*年\s*(?:度\s*)?(?:的\s*)?政府信息公开(?:工作)?(?:年度)?报告/
const TITLE_YEAR_ONLY = /^(\d{4})\s*年\s*(?:度\s*)?政府信息公开(?:工作)?(?:年度)?报告/
/** Year first: `2019年上海市人民政府办公厅政府信息公开工作年度报告` (corpus/real 001, 042, 043). */
const TITLE_YEAR_FIRST = /^(\d{4})\s*年\s*(?:度\s*)?(\S.*?)政府信息公开(?:工作)?(?:年度)?报告/
const TITLE_PREFIX = /^(?:#+\s*|标题\s*[:：]\s*|\*\*)/

function cleanAgency(s: string): string {
  return (
    s
      .normalize('NFKC')
      .replace(/\*\*/g, '')
      .replace(/[\s\u3000]+/g, '')
      // A report issued as a 文件 is titled by its cover notice, `关于印发《中卫市民政局2023年政府信息
      // 公开工作年度报告》的通知`; a supervisor's or agency's letter about one, `关于中卫市民政局2023年…`.
      // No agency's name starts with 关于: the wrapper is not part of it.
      .replace(/^关于(?:印发|公布|发布|转发|报送|上报)?/, '')
      .replace(/^[《“"]+/, '')
      .replace(/(?<![》”"])[》”"]+$/, '')
      .replace(/(关于)?$/, '')
  )
}

/**
 * Title forms seen: `中卫市机关事务服务中心 2023年政府信息公开工作年度报告` (sample 000); agency on its
 * own line with `2023 年政府信息公开工作年度报告` on the next (samples 001, 002);
 * `沙坡头区兴仁镇 2023 年 政府信息公开工作年度报告` (004); `平潭综合实验区2021年度政府信息公开工作年度报告`
 * behind a crawler's `标题:` (corpus/real 012).
 */
export function findTitle(
  rows: LogicalRow[],
  doc: DocumentModel
):
  | (ParsedReport['title'] & {
      agency: string | null
    })
  | null {
  const head = rows.filter(r => r.paragraph).slice(0, 25)
  for (let i = 0; i < head.length; i++) {
    const row = head[i]!
    let text = row.cells.join(' ').replace(TITLE_PREFIX, '').replace(/\*\*/g, '').trim()
    if (text.length > 80) continue
    // A title broken over two lines (`2024 年上海市科委政府信息公开工作` / `年度报告`, corpus/real 042).
    // Its year is on the first line: `主题分类 政府信息公开年报`, a web page's box printed to PDF
    // above the title, is not the title's first half (hand/gov-page.html printed by Chrome).
    const next = head[i + 1]
    if (/政府信息公开/.test(text) && !/报告/.test(text) && /\d{4}\s*年/.test(text) && next) {
      const joined = text + next.cells.join('').trim()
      if (/报告/.test(joined) && joined.length <= 80) text = joined
    }
    const yf = TITLE_YEAR_FIRST.exec(text)
    if (yf && yf[1] && yf[2]) {
      return { text, line: row.line, year: Number(yf[1]), agency: cleanAgency(yf[2]) || null }
    }
    const m = TITLE.exec(text)
    if (!m || !m[2]) continue
    const year = Number(m[2])
    let agency = cleanAgency(m[1] ?? '')
    let line = row.line
    let title = text
    if (!agency && TITLE_YEAR_ONLY.test(text) && i > 0) {
      const prev = head[i - 1]!
      const prevText = prev.cells.join('').trim()
      if (prevText.length <= 40 && !/[。，；]/.test(prevText)) {
        agency = cleanAgency(prevText.replace(TITLE_PREFIX, ''))
        line = prev.line
        title = `${prevText} ${text}`
      }
    }
    return { text: title, line, year, agency: agency || null }
  }
  if (doc.meta.title) {
    const m = TITLE.exec(doc.meta.title.trim())
    if (m && m[2]) {
      return {
        text: doc.meta.title,
        line: 1,
        year: Number(m[2]),
        agency: cleanAgency(m[1] ?? '') || null
      }
    }
  }
  return null
}

/**
 * The reports a compilation (汇编: a county's departments, or one agency's years, in one file) holds
 * after its first: each "一、总体情况" after the first whose lines above hold a title. Read as one
 * report, such a file gave the first report's findings, its other reports' headings as S02
 * (repeated), and the other reports were never checked. A table of contents repeats the headings
 * without titles, and is not one.
 */
export function compiledTitles(
  rows: LogicalRow[],
  headings: SectionHeadingHit[],
  doc: DocumentModel
): { agency: string | null; year: number; line: number }[] {
  const starts = headings.filter(h => h.id === 1).map(h => h.line)
  const out: { agency: string | null; year: number; line: number }[] = []
  const bare = { ...doc, meta: {} }
  for (let k = 1; k < starts.length; k++) {
    const above = rows
      .filter(r => r.paragraph && r.line > starts[k - 1]! && r.line < starts[k]!)
      .slice(-8)
    const t = findTitle(above, bare)
    if (t?.year) out.push({ agency: t.agency, year: t.year, line: t.line })
  }
  return out
}

const PERIOD =
  /(?:统计|数据)[^。]{0,30}?(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日[^。]{0,8}?(?:至|到|—|－|-|~)[^。]{0,12}?12\s*月\s*31\s*日/

/**
 * `本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日` and its variants (统计期限自…起至…止, 统计周期为…).
 * PDF-to-text breaks the sentence over lines (corpus/real 042: `…统计周期` / `为 2024 年 1 月 1 日至
 * 12 月 31 日`), so each line is tried together with the next one.
 */
export function findPeriod(rows: LogicalRow[]): ParsedReport['period'] {
  const paras = rows.filter(r => r.paragraph)
  for (let i = 0; i < paras.length; i++) {
    const a = paras[i]!.cells.join('')
    const b = paras[i + 1]?.cells.join('') ?? ''
    for (const text of [a, a + b]) {
      const m = PERIOD.exec(text)
      // A match that starts inside the next line is that line's own (tried on the next turn):
      // sample 001 must report line 7, not the title line before it.
      if (m && m[1] && m.index < a.length) {
        return {
          text: text.slice(m.index, m.index + m[0].length),
          line: paras[i]!.line,
          year: Number(m[1])
        }
      }
    }
  }
  return null
}

const CLOSING_DATE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/
const HEADER_DATE =
  /^(?:发布(?:日期|时间)|公开日期|成文日期)\s*[:：]\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/

function iso(y: string, m: string, d: string): string | null {
  const Y = Number(y)
  const M = Number(m)
  const D = Number(d)
  if (M < 1 || M > 12 || D < 1 || D > 31) return null
  return `${Y}-${String(M).padStart(2, '0')}-${String(D).padStart(2, '0')}`
}

/**
 * The date the report was published: the closing date line after the signature
 * (`2023 年 1 月 16 日`), else a crawler/page header (`发布时间: 2022-02-08 16:34`, corpus/real 012),
 * else the file's own metadata (web page 发布日期, filled in by the HTML extractor).
 */
export function findPublicationDate(
  rows: LogicalRow[],
  doc: DocumentModel
): ParsedReport['publicationDate'] {
  const paras = rows.filter(r => r.paragraph)
  for (let i = paras.length - 1; i >= Math.max(0, paras.length - 8); i--) {
    const t = paras[i]!.cells.join('').replace(/\s+/g, '')
    const m = CLOSING_DATE.exec(t)
    if (m && m[1] && m[2] && m[3]) {
      const date = iso(m[1], m[2], m[3])
      if (date) return { date, source: '报告落款日期', line: paras[i]!.line }
    }
  }
  for (const p of paras.slice(0, 15)) {
    const m = HEADER_DATE.exec(p.cells.join('').trim())
    if (m && m[1] && m[2] && m[3]) {
      const date = iso(m[1], m[2], m[3])
      if (date) return { date, source: '页面发布日期', line: p.line }
    }
  }
  if (doc.meta.publicationDate) {
    return {
      date: doc.meta.publicationDate,
      source: doc.meta.publicationDateSource ?? '文件元数据'
    }
  }
  return null
}
