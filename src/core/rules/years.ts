/**
 * Cross-year rules Y01–Y04: the same agency's report against its previous year's. Findings attach
 * to the later year; lines point into the later year's source.
 */
import type { Applications, Cell, ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { APPLICANT_COLUMNS } from '../../shared/template'
import { cellLine, lines, proactiveValue, templateOf } from './access'
import { dice } from '../../shared/strings'
import type { YearInput } from './context'
import {
  TABLE_LABELS,
  appColLabel,
  appRowLabel,
  finding,
  fmtNum,
  proactiveLabel,
  q
} from './messages'

/** Y01: this year's 上年结转 (per column) must equal last year's 结转下年度继续办理. */
export function carryOver(prev: YearInput, cur: YearInput): Finding[] {
  const p = prev.report.tables.applications?.['carriedForward']
  const c = cur.report.tables.applications?.['carriedOver']
  if (!p || !c) return []
  const out: Finding[] = []
  for (const col of APPLICANT_COLUMNS) {
    const expected = p[col]
    const actual = c[col]
    if (expected === null || actual === null || expected === actual) continue
    out.push(
      finding(
        'Y01',
        `${q(TABLE_LABELS.applications)}表${q(appRowLabel('carriedOver'))}${q(appColLabel(col))}列填写为 ${fmtNum(actual)}，但上年（${prev.report.year ?? '上一'}年度）报告${q(appRowLabel('carriedForward'))}该列为 ${fmtNum(expected)}，应当一致。`,
        {
          table: 'applications',
          row: 'carriedOver',
          column: col,
          expected,
          actual,
          lines: lines(cellLine(cur.report, 'applications', 'carriedOver', col))
        }
      )
    )
  }
  return out
}

/** Y02: last year's 现行有效 + this year's 制发 − 废止 = this year's 现行有效 (2021 format, both years). */
export function inForce(prev: YearInput, cur: YearInput): Finding[] {
  if (templateOf(prev.report) !== '2021' || templateOf(cur.report) !== '2021') return []
  const out: Finding[] = []
  for (const item of ['regulations', 'normativeDocs']) {
    const before = proactiveValue(prev.report, item, 'inForce')
    const issued = proactiveValue(cur.report, item, 'issued')
    const repealed = proactiveValue(cur.report, item, 'repealed')
    const actual = proactiveValue(cur.report, item, 'inForce')
    if ([before, issued, repealed, actual].some(v => v === null || v === undefined)) continue
    const expected = (before as number) + (issued as number) - (repealed as number)
    if (expected === actual) continue
    out.push(
      finding(
        'Y02',
        `${q(TABLE_LABELS.proactive)}表${proactiveLabel(item, 'inForce')}填写为 ${fmtNum(actual)}，按上年现行有效 ${fmtNum(before)} 件加本年制发 ${fmtNum(issued)} 件、减本年废止 ${fmtNum(repealed)} 件应为 ${fmtNum(expected)} 件，请核实。`,
        {
          table: 'proactive',
          row: item,
          column: 'inForce',
          expected,
          actual: actual as number,
          lines: lines(cellLine(cur.report, 'proactive', item, 'inForce'))
        }
      )
    )
  }
  return out
}

/**
 * The cells whose source lines the rules below cite: cellLine() reads these keys, and for an empty
 * cell the other cells of its row.
 */
const CITED_CELLS = /^(?:applications\.(?:carriedOver|received|granted)|proactive\.)/

/** The applications rows the rules below read (`other` and `other.other` tell the template apart). */
const READ_ROWS = ['carriedForward', 'carriedOver', 'received', 'granted', 'other', 'other.other']

/**
 * A year as the rules below read it: the proactive table and the applications rows they read, year
 * and template, section 5's heading line and the lines of the cells they cite — not the ~200 other
 * cell lines, rows, headings, notes and raw cells. Keep this in step with what the rules read
 * (years.test.ts compares sliced and whole reports).
 */
export function yearInput(report: ParsedReport, problemsText: string): YearInput {
  const cellLines: Record<string, number> = {}
  for (const k in report.cellLines) {
    if (CITED_CELLS.test(k)) cellLines[k] = report.cellLines[k]!
  }
  const apps = report.tables.applications
  let applications: Applications | null = null
  if (apps) {
    applications = {}
    for (const row of READ_ROWS) if (row in apps) applications[row] = apps[row]!
  }
  return {
    report: {
      agency: report.agency,
      year: report.year,
      template: report.template,
      tables: { proactive: report.tables.proactive, applications, reviewLitigation: null },
      title: null,
      period: null,
      headings: [],
      sections: report.sections.filter(s => s.id === 5),
      tableLines: report.tableLines,
      cellLines,
      labelIssues: [],
      rawCells: [],
      mixedTemplate: report.mixedTemplate,
      publicationDate: null,
      notes: []
    },
    problems: comparable(problemsText)
  }
}

/** Text compared without years, numbers, white space and punctuation. */
function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\d+/g, '')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
}

/** Below this many characters a section 5 is too short to call copied (“无” twice is not a copy). */
export const MIN_COPY_LENGTH = 60
export const COPY_SIMILARITY = 0.9

/** Y03: section 5 nearly the same text as last year's. */
export function copiedProblems(prev: YearInput, cur: YearInput): Finding[] {
  const [a, b] = [prev.problems, cur.problems]
  if (a.length < MIN_COPY_LENGTH || b.length < MIN_COPY_LENGTH) return []
  // Dice cannot exceed 2·min/(sum) of the bigram counts: texts of very different lengths are not
  // copies, and most pairs are settled here without building bigrams (bench/, issue #8).
  if ((2 * Math.min(a.length, b.length) - 2) / (a.length + b.length - 2) < COPY_SIMILARITY)
    return []
  const sim = dice(a, b)
  if (sim < COPY_SIMILARITY) return []
  const s5 = cur.report.sections.find(s => s.id === 5)
  return [
    finding(
      'Y03',
      `第五部分“存在的主要问题及改进情况”与上年（${prev.report.year ?? '上一'}年度）报告的内容基本相同（相似度 ${Math.round(sim * 100)}%），未反映本年度的问题和改进情况。`,
      {
        section: 5,
        lines: s5 ? [s5.line] : [],
        expected: '与上年不同的内容',
        actual: `${Math.round(sim * 100)}%`
      }
    )
  ]
}

/** A figure is "large" from here: a jump from/to zero against it is worth a look (Y04). */
export const LARGE_FIGURE = 50
export const JUMP_FACTOR = 10

interface KeyFigure {
  name: string
  table: 'applications' | 'proactive'
  row: string
  column?: string
  value: (r: ParsedReport) => Cell | undefined
}

/** The key figures of Y04, read from either format (2019: the 处理决定数量 / 本年新公开数量 columns). */
const KEY_FIGURES: KeyFigure[] = [
  {
    name: `${appRowLabel('received')}（总计）`,
    table: 'applications',
    row: 'received',
    column: 'total',
    value: r => r.tables.applications?.['received']?.total
  },
  {
    name: `${appRowLabel('granted')}（总计）`,
    table: 'applications',
    row: 'granted',
    column: 'total',
    value: r => r.tables.applications?.['granted']?.total
  },
  {
    name: '行政许可处理决定数量',
    table: 'proactive',
    row: 'licensing',
    value: r => proactiveValue(r, 'licensing', templateOf(r) === '2019' ? 'decisions' : '')
  },
  {
    name: '行政处罚处理决定数量',
    table: 'proactive',
    row: 'penalty',
    value: r => proactiveValue(r, 'penalty', templateOf(r) === '2019' ? 'decisions' : '')
  },
  {
    name: '行政规范性文件本年制发（公开）件数',
    table: 'proactive',
    row: 'normativeDocs',
    value: r =>
      proactiveValue(r, 'normativeDocs', templateOf(r) === '2019' ? 'newlyPublished' : 'issued')
  }
]

/** Y04 (info): a key figure changes 10× or more, or from/to zero against a large value. */
export function bigChanges(prev: YearInput, cur: YearInput): Finding[] {
  const out: Finding[] = []
  for (const k of KEY_FIGURES) {
    const a = k.value(prev.report)
    const b = k.value(cur.report)
    if (a === null || a === undefined || b === null || b === undefined) continue
    const lo = Math.min(a, b)
    const hi = Math.max(a, b)
    const jump = lo > 0 ? hi / lo >= JUMP_FACTOR : lo === 0 && hi >= LARGE_FIGURE
    if (!jump) continue
    const how =
      lo > 0 ? `变化达 ${Math.round((hi / lo) * 10) / 10} 倍` : b === 0 ? '降为 0' : '由 0 骤增'
    out.push(
      finding(
        'Y04',
        `${q(k.name)}由上年的 ${fmtNum(a)} 变为本年的 ${fmtNum(b)}，${how}，请核实数据是否准确。`,
        {
          table: k.table,
          row: k.row,
          ...(k.column ? { column: k.column } : {}),
          expected: a,
          actual: b,
          lines: lines(cellLine(cur.report, k.table, k.row, ...(k.column ? [k.column] : [])))
        }
      )
    )
  }
  return out
}

export function yearRules(prev: YearInput, cur: YearInput): Finding[] {
  const py = prev.report.year
  const cy = cur.report.year
  if (py !== null && cy !== null && cy - py !== 1) return []
  return [
    ...carryOver(prev, cur),
    ...inForce(prev, cur),
    ...copiedProblems(prev, cur),
    ...bigChanges(prev, cur)
  ]
}
