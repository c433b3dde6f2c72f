/**
 * A report's open findings as the text of a rectification notice (整改意见): what a supervisor
 * pastes into the 整改通知 sent back to the agency, or exports for many reports at once as a Word
 * document (export/notices.ts). rules.md words every message for that use; this puts them in order
 * under one heading, numbered, with where each is in the report. Dismissed findings are left out;
 * a reviewer's note goes with its finding.
 */
import type { FindingView, ReportDetail, ReviewDecisionKind } from './api'
import { SEVERITIES, SEVERITY_NAMES, type Severity } from './rules'
import { SECTION_HEADINGS, type TableKey } from './template'

/** What a notice needs of a report: the review screen's detail and the export's rows both give it. */
export interface NoticeInput {
  agency: string | null
  year: number | null
  file: string
  findings: ReadonlyArray<
    Pick<FindingView, 'message' | 'lines' | 'severity' | 'source' | 'rule' | 'table'> & {
      review: { decision: ReviewDecisionKind; note: string } | null
    }
  >
}

export interface NoticeParts {
  title: string
  /** The agency addressed (主送), `中卫市民政局：`; null when none was found. */
  addressee: string | null
  intro: string
  groups: Array<{ severity: Severity; heading: string; items: string[] }>
  /** Absent when nothing is listed. */
  closing: string | null
  /** Findings listed (dismissed ones are not). */
  count: number
}

const CN_ORDINALS = ['一', '二', '三']

export const NOTICE_CLOSING = '请对照《中华人民共和国政府信息公开工作年度报告格式》逐项核实整改，并重新报送。'

/** 第 21、60 行 / 与上年报告比对: unless the message already names its lines. */
function place(f: NoticeInput['findings'][number]): string {
  const parts: string[] = []
  if (f.lines && f.lines.length > 0 && !/第\s*\d+\s*行/.test(f.message)) parts.push(`第 ${f.lines.join('、')} 行`)
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
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    runs.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]))
    i = j + 1
  }
  return runs.join('、')
}

const TABLE_SECTION: Record<TableKey, 2 | 3 | 4> = { proactive: 2, applications: 3, reviewLitigation: 4 }

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
      const where = lineRuns(group.flatMap(g => g.lines ?? []))
      out.push(
        `${number()}. “${SECTION_HEADINGS[TABLE_SECTION[f.table!]!]}”表中有 ${group.length} 行的单元格未填写数字` +
          `${where ? `（第 ${where} 行）` : ''}，请逐格填写，没有发生的填“0”。`
      )
      continue
    }
    const note = f.review?.note.trim()
    out.push(`${number()}. ${f.message.replace(/[。．.]$/, '')}${place(f)}。${note ? `审查备注：${note}` : ''}`)
  }
  return out
}

export function noticeParts(r: NoticeInput): NoticeParts {
  const open = r.findings.filter(f => f.review?.decision !== 'dismissed')
  const name = reportName(r)
  const title = `关于${name}的审查意见`
  const addressee = r.agency ? `${r.agency}：` : null
  if (open.length === 0)
    return { title, addressee, intro: `经审查，${name}（文件：${r.file}）未发现问题。`, groups: [], closing: null, count: 0 }
  const groups: NoticeParts['groups'] = []
  let n = 0
  for (const severity of SEVERITIES) {
    const of = open.filter(f => f.severity === severity)
    if (of.length === 0) continue
    const items = itemTexts(of, () => ++n)
    groups.push({ severity, heading: `（${CN_ORDINALS[groups.length]}）${SEVERITY_NAMES[severity]}（${items.length} 项）`, items })
  }
  return { title, addressee, intro: `经审查，${name}（文件：${r.file}）存在以下问题：`, groups, closing: NOTICE_CLOSING, count: open.length }
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
  return lines.join('\n')
}

/** The review screen's report as a notice (text and count). */
export function rectificationNotice(d: ReportDetail): Notice {
  const parts = noticeParts({
    agency: d.summary.agency ?? d.parsedAgency,
    year: d.summary.year,
    file: d.summary.file,
    findings: d.findings
  })
  return { text: noticeText(parts), count: parts.count }
}
