/**
 * S06, the mechanical slips a reader of the published report sees: a word written twice in a row
 * (corpus/real 012 "规范审核审核发布机制", 042 "上海市科技计划资金资金") and sub-headings numbered out of
 * sequence within a section (（一）（二）（四）).
 *
 * Precision first (a false S06 costs the supervisor's trust more than a missed one): only the prose
 * of the sections is read — never the title and web-page chrome before section 1 (012's breadcrumb
 * 首页政务公开政府信息公开政府信息公开年报 doubles 公开政府信息), never a table, and never a line
 * without sentence punctuation, which is where PDF conversions print table labels outside their
 * tables (042 and 043: 结果结果其他尚未, 总计总计).
 */
import type { Finding } from '../../shared/rules'
import type { SectionId } from '../../shared/template'
import type { ReportInput } from './context'
import { finding, q, sectionLabel } from './messages'

/** One line of a section's prose: its text (the heading cut off) and its 1-based line. */
export interface ProseLine {
  section: SectionId
  line: number
  text: string
}

/**
 * The prose lines of every section: from after its heading to the next heading, crawler text (a
 * whole report on one line, corpus/real 010–016) cut at the headings' offsets, table lines left out.
 */
export function proseLines(input: ReportInput): ProseLine[] {
  const { report, doc } = input
  const inTable = new Set<number>()
  for (const b of doc.blocks) {
    if (b.kind === 'table') for (let l = b.line; l <= b.endLine; l++) inTable.add(l)
  }
  const pos = (h: { line: number; offset?: number }): number => h.line * 1e7 + (h.offset ?? 0)
  const out: ProseLine[] = []
  for (const s of report.sections) {
    const next = report.headings.filter(h => pos(h) > pos(s)).sort((a, b) => pos(a) - pos(b))[0]
    const last = next ? next.line : s.endLine
    for (let l = s.line; l <= last; l++) {
      if (inTable.has(l)) continue
      let text = doc.lines[l - 1] ?? ''
      let from = 0
      if (l === s.line) {
        const at = s.offset ?? Math.max(0, text.indexOf(s.heading))
        from = at + s.heading.length
      }
      if (next && l === next.line) {
        if (next.offset === undefined) break
        text = text.slice(0, next.offset)
      }
      text = text.slice(from)
      if (text.trim()) out.push({ section: s.id, line: l, text })
    }
  }
  return out
}

/** Sentence punctuation: a line without any is a heading, a label or a table row printed as text. */
const SENTENCE = /[，。；、：！？]/
/** A doubled run of 2–4 Han characters. Bounded repetition: linear on any input. */
const DOUBLED = /(\p{Script=Han}{2,4})\1/gu
/** Numerals: 二〇二一二〇二一 is not a slip, and a count is not a word. */
const NUMERAL_ONLY = /^[一二三四五六七八九十百千万亿零〇两]+$/u
/**
 * Normal repetitions in Chinese: 一项一项 / 一步一步 (一 + a measure word), ABAB verb reduplication
 * (研究研究), and a doubled word whose second half starts a term of its own: XX县人民政府政府信息公开
 * (a name ending in 政府, then 政府信息 — the bench's synthetic 人民政府 reports showed it),
 * 学习学习强国 (to study on 学习强国), 政务公开工作工作人员.
 */
const REDUPLICATED = new Set([
  '研究',
  '讨论',
  '商量',
  '了解',
  '考虑',
  '学习',
  '检查',
  '介绍',
  '看看',
  '想想',
  '比较'
])
const TERMS_AFTER: ReadonlySet<string> = new Set([
  '政府信息',
  '政务公开',
  '政务服务',
  '工作人员',
  '学习强国'
])
/** Words the template's tables repeat in their headers (结果维持 结果纠正…) when run together. */
const TABLE_WORDS = new Set(['结果', '总计', '合计', '小计', '其他', '维持', '纠正', '审结'])

/** Where the quoted context around a doubled word stops. */
const CLAUSE_END = /[，。；：！？\s]/u

/** S06: a word written twice in a row. */
export function doubledWords(input: ReportInput): Finding[] {
  const out: Finding[] = []
  for (const p of proseLines(input)) {
    if (!SENTENCE.test(p.text)) continue
    for (const m of p.text.matchAll(DOUBLED)) {
      const word = m[1]!
      const at = m.index ?? 0
      if (NUMERAL_ONLY.test(word) || new Set(word).size === 1) continue
      if (/^一/.test(word) && word.length === 2) continue
      if (REDUPLICATED.has(word) || TABLE_WORDS.has(word)) continue
      const next = p.text.slice(at + m[0].length, at + m[0].length + 4)
      if ([...TERMS_AFTER].some(t => t.startsWith(word) && next.startsWith(t.slice(word.length))))
        continue
      const before =
        p.text
          .slice(Math.max(0, at - 8), at)
          .split(CLAUSE_END)
          .pop() ?? ''
      const after = p.text.slice(at + m[0].length, at + m[0].length + 8).split(CLAUSE_END)[0] ?? ''
      const shown = `${before}${m[0]}${after}`
      out.push(
        finding(
          'S06',
          `第${'一二三四五六'[p.section - 1]}部分${q(sectionLabel(p.section))}第 ${p.line} 行${q(shown)}中${q(word)}重复书写了两次，请删去多余的${q(word)}。`,
          {
            section: p.section,
            lines: [p.line],
            expected: `${before}${word}${after}`,
            actual: shown
          }
        )
      )
    }
  }
  return out
}

const CN_NUMBERS = '一二三四五六七八九十'

/** （一）…（九十九）→ 1…99; null for anything else. */
function subNumber(s: string): number | null {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s)
  if (!m || s === '') return null
  const [, a, ten, b] = m
  if (!ten) return a && !b ? CN_NUMBERS.indexOf(a) + 1 : null
  return (a ? CN_NUMBERS.indexOf(a) + 1 : 1) * 10 + (b ? CN_NUMBERS.indexOf(b) + 1 : 0)
}

/**
 * A sub-heading （一） starts a line or a sentence: a reference to the law (第二十条第（一）项,
 * 条例第十条（三）) never does. Bounded: linear.
 */
const SUB_HEADING =
  /(^|[。；：！？:])[\s#*]{0,8}[（(]([一二三四五六七八九十]{1,3})[）)](?=\s{0,2}[\p{Script=Han}\d])/gu

/**
 * S06: sub-headings numbered out of sequence within a section. Only in the prose sections (1, 5
 * and 6): sections 2–4 hold the tables, whose own row labels （一）予以公开… a PDF conversion may
 * print as text lines with some of them lost. A list may start again at （一） (section 5's
 * 存在的问题 and 改进措施 each numbered from one).
 */
export function subHeadingSequence(input: ReportInput): Finding[] {
  const out: Finding[] = []
  const bySection = new Map<SectionId, { n: number; mark: string; line: number }[]>()
  for (const p of proseLines(input)) {
    if (p.section !== 1 && p.section !== 5 && p.section !== 6) continue
    for (const m of p.text.matchAll(SUB_HEADING)) {
      const n = subNumber(m[2]!)
      if (n === null) continue
      const list = bySection.get(p.section) ?? []
      list.push({ n, mark: `（${m[2]}）`, line: p.line })
      bySection.set(p.section, list)
    }
  }
  // One finding per section, at its first break: a renumbered heading breaks the sequence twice
  // (（一）（三）（三）（四）), and the list as written says the rest.
  for (const [section, marks] of bySection) {
    const at = marks.findIndex((m, i) => i > 0 && m.n !== marks[i - 1]!.n + 1 && m.n !== 1)
    if (at < 0) continue
    const [prev, cur] = [marks[at - 1]!, marks[at]!]
    const expected = `（${numeral(prev.n + 1)}）`
    out.push(
      finding(
        'S06',
        `第${'一二三四五六'[section - 1]}部分${q(sectionLabel(section))}的小标题序号不连续：第 ${prev.line} 行${q(prev.mark)}之后，第 ${cur.line} 行是${q(cur.mark)}，应为${q(expected)}（本部分小标题依次为${marks.map(m => m.mark).join('')}）。`,
        { section, lines: [prev.line, cur.line], expected, actual: cur.mark }
      )
    )
  }
  return out
}

function numeral(n: number): string {
  if (n <= 10) return CN_NUMBERS[n - 1]!
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens > 1 ? CN_NUMBERS[tens - 1]! : ''}十${ones ? CN_NUMBERS[ones - 1]! : ''}`
}

export function slipRules(input: ReportInput): Finding[] {
  return [...doubledWords(input), ...subHeadingSequence(input)]
}
