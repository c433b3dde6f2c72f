/**
 * The six section headings. A heading is identified by its topic words, not only its numeral:
 * table row labels also start with 一、二、三、四、 (`一、本年新收…`, `四、结转下年度继续办理`), and
 * some agencies renumber (corpus/real 042 uses 一、 for the proactive table). Crawler text puts the
 * section body on the heading's line (`五、存在的主要问题及改进情况2019年，我区…`, corpus/real 010),
 * so only the start of the line is examined.
 */
import type { SectionHeadingHit, SectionInfo } from '../../shared/model'
import { SECTION_HEADINGS, type SectionId } from '../../shared/template'
import { normLabel } from './normalize'
import type { LogicalRow } from './rows'

const NUMERALS: Record<string, SectionId> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 }

/** Accepted wordings (normalised) besides the 2021 heading: the 2019 trial format's. */
const VARIANTS: Record<SectionId, string[]> = {
  1: ['总体情况'],
  2: ['主动公开政府信息情况'],
  3: ['收到和处理政府信息公开申请情况'],
  4: [
    '政府信息公开行政复议、行政诉讼情况',
    '因政府信息公开申请行政复议、提起行政诉讼的情况',
    '政府信息公开行政复议、行政诉讼情况'
  ],
  5: ['存在的主要问题及改进情况', '政府信息公开工作存在的主要问题及改进情况'],
  6: ['其他需要报告的事项']
}

const TOPICS: [SectionId, RegExp][] = [
  [1, /^总体情况/],
  [2, /^(主动公开政府信息|主动公开工作|政府信息主动公开)/],
  [3, /^(收到和处理政府信息公开申请|政府信息公开申请情况|依申请公开)/],
  // `四、政府信息公开行政法复议、行政诉讼情况` (corpus/real 013: a typo in the heading itself).
  [4, /^(政府信息公开)?(因政府信息公开申请)?(行政法?复议|提起行政诉讼|行政诉讼)/],
  [5, /^(政府信息公开工作)?存在的(主要)?问题/],
  [6, /^其他需要报告的事项/]
]

const HEADING = /^([一二三四五六])[、.]/
const MAY_BE_HEADING = /^[\s#*]*[一二三四五六]/

function filledCells(cells: string[]): number {
  let n = 0
  for (const c of cells) if (c.trim() !== '') n++
  return n
}

/** The shortest prefix of `text` whose normalised form covers `norm` (raw heading of a run-on line). */
function rawPrefix(text: string, norm: string): string {
  for (let k = 1; k <= text.length; k++) {
    if (normLabel(text.slice(0, k)).length >= norm.length) return text.slice(0, k)
  }
  return text
}

/**
 * A heading without its numeral: a whole line that is one of the six titles (or an accepted
 * wording) and nothing else. Word and WPS number headings automatically, and a .doc's text (and a
 * copy-paste of it) comes without the numbers; reading these as missing sections gave six S01
 * errors. Found this way a heading counts as reworded (S02): the template writes the numeral. Only
 * for a section no numbered heading names: section 1's own sub-headings may repeat a title
 * (主动公开政府信息情况 under 总体情况, its （二） numbered by Word).
 */
const BARE_TITLES = new Map<string, SectionId>(
  ([1, 2, 3, 4, 5, 6] as SectionId[]).flatMap(id =>
    [SECTION_HEADINGS[id].slice(2), ...VARIANTS[id]].map(
      t => [normLabel(t), id] as [string, SectionId]
    )
  )
)
const BARE_FIRST = new Set([...BARE_TITLES.keys()].map(t => t[0]))

/** The text a heading could be: a paragraph, or a table row with at most one filled cell. */
function headingText(row: LogicalRow): string | null {
  if (!row.paragraph && filledCells(row.cells) > 1) return null
  return row.cells.length === 1 ? row.cells[0]! : row.cells.join(' ')
}

/**
 * Other numberings of the six: 第一部分 总体情况, 1. 总体情况, 1、, （一）. Read as missing sections they
 * gave six S01 errors. The number must be the section's own: （一）主动公开政府信息情况 is section
 * 1's first sub-heading (sample 001), not section 2.
 */
const OTHER_NUMBERING =
  /^(?:第([一二三四五六])(?:部分|章|节)|([1-6])\s*[.、．]|[（(]([一二三四五六])[)）])\s*/

function bareHeading(row: LogicalRow): SectionHeadingHit | null {
  const heading = headingText(row)?.trim()
  if (heading === undefined) return null
  let text = heading.replace(/^[#*\s]+/, '').replace(/\*\*/g, '')
  const numbered = OTHER_NUMBERING.exec(text)
  const want = numbered
    ? numbered[2]
      ? (Number(numbered[2]) as SectionId)
      : NUMERALS[(numbered[1] ?? numbered[3])!]
    : undefined
  if (numbered) text = text.slice(numbered[0].length)
  if (text.length > 40 || !BARE_FIRST.has(text[0] ?? '')) return null
  const id = BARE_TITLES.get(normLabel(text))
  if (id === undefined || (want !== undefined && want !== id)) return null
  const hit: SectionHeadingHit = { id, heading, line: row.line, reworded: true }
  if (row.offset !== undefined) hit.offset = row.offset
  return hit
}

/** Recognise a section heading at the start of a row; returns null for anything else. */
export function matchHeading(row: LogicalRow): SectionHeadingHit | null {
  // Only white space, `#` and `*` may come before the numeral (the cleaning below removes no
  // other character): most rows are turned away here, before any text is built.
  const head = headingText(row)
  if (head === null || !MAY_BE_HEADING.test(head)) return null
  const text = head
    .trim()
    .replace(/^#+\s*/, '')
    .replace(/\*\*/g, '')
  // A heading starts its line: normalising the first 80 characters is enough (and cheap for
  // the long narrative lines every report has).
  if (!/^\s*[一二三四五六]/.test(text)) return null
  const norm = normLabel(text.length > 80 ? text.slice(0, 80) : text)
  const m = HEADING.exec(norm)
  if (!m || !m[1]) return null
  const rest = norm.slice(m[0].length)
  for (const [id, re] of TOPICS) {
    const hit = re.exec(rest)
    if (!hit) continue
    // The heading text as found: up to the end of the topic phrase for run-on crawler lines.
    const exact = VARIANTS[id].find(v => rest.startsWith(normLabel(v)))
    const headingNorm = exact ? m[0] + normLabel(exact) : text.length <= 40 ? norm : m[0] + hit[0]
    const numeralOk = NUMERALS[m[1]] === id
    const canonical = [SECTION_HEADINGS[id], ...VARIANTS[id].map(v => m[1] + '、' + v)].map(
      normLabel
    )
    const reworded = !numeralOk || !canonical.includes(headingNorm)
    const display =
      row.offset === undefined && text.length <= 40 ? text : rawPrefix(text, headingNorm)
    const hit4: SectionHeadingHit = { id, heading: display, line: row.line, reworded }
    if (row.offset !== undefined) hit4.offset = row.offset
    return hit4
  }
  return null
}

export function findSections(
  rows: LogicalRow[],
  lastLine: number
): { headings: SectionHeadingHit[]; sections: SectionInfo[] } {
  let headings: SectionHeadingHit[] = []
  for (const r of rows) {
    const h = matchHeading(r)
    if (h) headings.push(h)
  }
  const numbered = new Set(headings.map(h => h.id))
  if (numbered.size < 6) {
    const bare: SectionHeadingHit[] = []
    for (const r of rows) {
      const h = bareHeading(r)
      if (h && !numbered.has(h.id)) bare.push(h)
    }
    if (bare.length > 0)
      headings = [...headings, ...bare].sort(
        (a, b) => a.line - b.line || (a.offset ?? 0) - (b.offset ?? 0)
      )
  }
  const sections: SectionInfo[] = []
  const seen = new Set<number>()
  headings.forEach((h, i) => {
    if (seen.has(h.id)) return
    seen.add(h.id)
    // The body runs to the next heading of another section (a repeated heading stays inside).
    const next = headings.slice(i + 1).find(x => x.id !== h.id)
    const info: SectionInfo = {
      id: h.id,
      heading: h.heading,
      line: h.line,
      endLine: next ? Math.max(h.line, next.line - 1) : lastLine,
      reworded: h.reworded
    }
    if (h.offset !== undefined) info.offset = h.offset
    sections.push(info)
  })
  return { headings, sections }
}
