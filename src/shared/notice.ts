/**
 * A report's open findings as the text of a rectification notice (整改意见): what a supervisor
 * pastes into the 整改通知 sent back to the agency, or exports for many reports at once as a Word
 * document (export/notices.ts). rules.md words every message for that use; this puts them in order
 * under one heading, numbered, with where each is in the report. Dismissed findings are left out;
 * a reviewer's note goes with its finding.
 */
import type { FindingView, ReportDetail, ReviewDecisionKind } from './api'
import { chineseDate } from './ranking'
import { SEVERITIES, SEVERITY_NAMES, type Severity } from './rules'
import {
  APPLICANT_COLUMN_LABELS,
  APPLICATION_ROWS_2019,
  APPLICATION_ROWS_2021,
  PROACTIVE_COLUMN_LABELS,
  PROACTIVE_ITEMS_2019,
  PROACTIVE_ITEMS_2021,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  SECTION_HEADINGS,
  type SectionId,
  type TableKey
} from './template'

/** What a notice needs of a report: the review screen's detail and the export's rows both give it. */
export interface NoticeInput {
  agency: string | null
  year: number | null
  file: string
  findings: ReadonlyArray<
    Pick<
      FindingView,
      | 'message'
      | 'lines'
      | 'severity'
      | 'source'
      | 'rule'
      | 'table'
      | 'row'
      | 'column'
      | 'group'
      | 'section'
    > & {
      review: { decision: ReviewDecisionKind; note: string } | null
    }
  >
  /**
   * Who sends the notice, when, and by when the unit must correct (设置 › 单位信息; dates as
   * YYYY-MM-DD, already resolved from their defaults). Absent: no signature, no deadline.
   */
  office?: { issuer: string; issuedOn: string; rectifyBy: string }
}

export interface NoticeParts {
  title: string
  /** The agency addressed (主送), `中卫市民政局：`; null when none was found. */
  addressee: string | null
  intro: string
  groups: Array<{ severity: Severity; heading: string; items: string[] }>
  /** Absent when nothing is listed. */
  closing: string | null
  /** 发文机关 and 成文日期 at the end, when the office is known. */
  signature: { issuer: string; date: string } | null
  /** Findings listed (dismissed ones are not). */
  count: number
}

const CN_ORDINALS = ['一', '二', '三']

export const NOTICE_CLOSING =
  '请对照《中华人民共和国政府信息公开工作年度报告格式》逐项核实整改，并重新报送。'

const TABLE_NAMES: Record<string, string> = {
  proactive: '表二',
  applications: '表三',
  reviewLitigation: '表四'
}
const SECTION_ORDINALS = ['', '一', '二', '三', '四', '五', '六']

/** Nested quotes as a 公文 writes them: “…‘…’…”. */
const inner = (s: string): string => s.replace(/“/g, '‘').replace(/”/g, '’')

/** Application rows as the printed table shows them: its group first (（三）不予公开 3.危及…). */
const APPLICATION_ROW_LABELS: Record<string, string> = (() => {
  const out: Record<string, string> = {}
  for (const rows of [APPLICATION_ROWS_2021, APPLICATION_ROWS_2019]) {
    let group = ''
    for (const r of rows as ReadonlyArray<{ key: string; label: string; group?: string }>) {
      if (r.group) group = r.group
      const sub = /^\d+\./.test(r.label)
      if (!sub && !r.group) group = ''
      out[r.key] ??= sub && group ? `${group} ${r.label}` : r.label
    }
  }
  return out
})()
const PROACTIVE_ROW_LABELS: Record<string, string> = Object.fromEntries(
  [...PROACTIVE_ITEMS_2021, ...PROACTIVE_ITEMS_2019].map(i => [i.key, i.label])
)

function labelsOf(keys: string | undefined, labels: Record<string, string>): string[] {
  return (keys ?? '')
    .split(',')
    .map(k => k.trim())
    .filter(k => k !== '')
    .map(k => labels[k] ?? k)
}

/**
 * Where a finding is, in the words of the agency's own printed report: 表三“（三）不予公开
 * 3.危及‘三安全一稳定’”行“自然人”列, or 第五部分“存在的主要问题及改进情况”. The app's line numbers
 * are of its extracted text, which the agency cannot find. Null when the finding has no place in
 * the template (a file, a date) or its message already says it.
 */
export function agencyPlace(f: NoticeInput['findings'][number]): string | null {
  const table =
    f.table && TABLE_NAMES[f.table] ? f.table : f.group && !f.table ? 'reviewLitigation' : null
  if (table) {
    const rows =
      table === 'applications'
        ? labelsOf(f.row, APPLICATION_ROW_LABELS)
        : table === 'proactive'
          ? labelsOf(f.row, PROACTIVE_ROW_LABELS)
          : labelsOf(f.group ?? f.row, REVIEW_GROUP_LABELS)
    const cols = labelsOf(
      f.column,
      table === 'applications'
        ? APPLICANT_COLUMN_LABELS
        : table === 'proactive'
          ? PROACTIVE_COLUMN_LABELS
          : REVIEW_COLUMN_LABELS
    )
    // Compared without spaces and quote shapes: messages write “（三）不予公开 2.其他…” run together.
    const norm = (t: string): string => t.replace(/\s+/g, '').replace(/[“”‘’"]/g, '')
    const said = (l: string): boolean => norm(f.message).includes(norm(l))
    if (rows.every(said) && cols.every(said) && rows.length + cols.length > 0) return null
    // A whole table the message names by its section heading (T01: 未找到…统计表) needs no more.
    if (rows.length + cols.length === 0 && said(SECTION_HEADINGS[TABLE_SECTION[table]!].slice(2)))
      return null
    let out = TABLE_NAMES[table]!
    if (rows.length > 0) out += `${rows.map(r => `“${inner(r)}”`).join('、')}行`
    if (cols.length > 0) out += `${cols.map(c => `“${inner(c)}”`).join('、')}列`
    return out
  }
  const sec = f.section
  if (sec !== undefined && sec >= 1 && sec <= 6) {
    const heading = SECTION_HEADINGS[sec as SectionId]
    if (f.message.includes(heading) || f.message.includes(heading.slice(2))) return null
    return `第${SECTION_ORDINALS[sec]}部分“${heading.slice(2)}”`
  }
  return null
}

/** （表三“…”行“…”列，与上年报告比对）: where to look, in the agency's terms. */
function place(f: NoticeInput['findings'][number]): string {
  const parts: string[] = []
  const at = agencyPlace(f)
  if (at) parts.push(at)
  if (f.source === 'years') parts.push('与上年报告比对')
  return parts.length > 0 ? `（${parts.join('，')}）` : ''
}

/** The report as the heading names it, from what is known of it. */
function reportName(r: NoticeInput): string {
  if (r.agency && r.year !== null) return `${r.agency}${r.year}年政府信息公开工作年度报告`
  if (r.agency) return `${r.agency}政府信息公开工作年度报告`
  return `政府信息公开工作年度报告“${r.file}”`
}

/** 51–53、55: line numbers as runs. */
export function lineRuns(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b)
  const runs: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]))
    i = j + 1
  }
  return runs.join('、')
}

const TABLE_SECTION: Record<TableKey, 2 | 3 | 4> = {
  proactive: 2,
  applications: 3,
  reviewLitigation: 4
}

/** From this many T02 (cells left empty) in one table, a notice says so once. */
const CONDENSE_FROM = 4

type Item = NoticeInput['findings'][number]

/**
 * The items of one severity: each finding a line, except that a table's T02 findings (a row each)
 * become one line when there are CONDENSE_FROM or more: a report that left its zeros blank had 26
 * items of 未填写数字 (corpus/real 001), which buried the rest of the notice. The app and the
 * workbook still list them row by row. A finding with a reviewer's note keeps its own line.
 */
function itemTexts(of: readonly Item[], number: () => number): string[] {
  const blank = new Map<string, Item[]>()
  for (const f of of)
    if (f.rule === 'T02' && f.table && TABLE_SECTION[f.table] && !f.review?.note.trim()) {
      const list = blank.get(f.table) ?? []
      list.push(f)
      blank.set(f.table, list)
    }
  const out: string[] = []
  for (const f of of) {
    const group = f.table ? blank.get(f.table) : undefined
    if (group && group.length >= CONDENSE_FROM && group.includes(f)) {
      if (group[0] !== f) continue
      out.push(
        `${number()}. ${TABLE_NAMES[f.table!]}（“${SECTION_HEADINGS[TABLE_SECTION[f.table!]!]}”）中有 ${group.length} 行的单元格未填写数字，` +
          `请逐格填写，没有发生的填“0”。`
      )
      continue
    }
    const note = f.review?.note.trim()
    out.push(
      `${number()}. ${f.message.replace(/[。．.]$/, '')}${place(f)}。${note ? `审查备注：${note}` : ''}`
    )
  }
  return out
}

export function noticeParts(r: NoticeInput): NoticeParts {
  const open = r.findings.filter(f => f.review?.decision !== 'dismissed')
  const name = reportName(r)
  const title = `关于${name}的审查意见`
  const addressee = r.agency ? `${r.agency}：` : null
  const signature = r.office
    ? { issuer: r.office.issuer, date: chineseDate(r.office.issuedOn) }
    : null
  if (open.length === 0)
    return {
      title,
      addressee,
      intro: `经审查，${name}（文件：${r.file}）未发现问题。`,
      groups: [],
      closing: null,
      signature,
      count: 0
    }
  const groups: NoticeParts['groups'] = []
  let n = 0
  for (const severity of SEVERITIES) {
    const of = open.filter(f => f.severity === severity)
    if (of.length === 0) continue
    const items = itemTexts(of, () => ++n)
    groups.push({
      severity,
      heading: `（${CN_ORDINALS[groups.length]}）${SEVERITY_NAMES[severity]}（${items.length} 项）`,
      items
    })
  }
  const closing = r.office
    ? `请于${chineseDate(r.office.rectifyBy)}前${NOTICE_CLOSING.replace(/^请/, '')}`
    : NOTICE_CLOSING
  return {
    title,
    addressee,
    intro: `经审查，${name}（文件：${r.file}）存在以下问题：`,
    groups,
    closing,
    signature,
    count: open.length
  }
}

export interface Notice {
  text: string
  count: number
}

/** The notice as plain text, for the clipboard. */
export function noticeText(p: NoticeParts): string {
  const lines = [p.title, '', ...(p.addressee ? [p.addressee] : []), p.intro]
  for (const g of p.groups) lines.push('', g.heading, ...g.items)
  if (p.closing) lines.push('', p.closing)
  if (p.signature) lines.push('', p.signature.issuer, p.signature.date)
  return lines.join('\n')
}

/** The review screen's report as a notice (text and count); signed when the office is given. */
export function rectificationNotice(d: ReportDetail, office?: NoticeInput['office']): Notice {
  const parts = noticeParts({
    agency: d.summary.agency ?? d.parsedAgency,
    year: d.summary.year,
    file: d.summary.file,
    findings: d.findings,
    ...(office ? { office } : {})
  })
  return { text: noticeText(parts), count: parts.count }
}
