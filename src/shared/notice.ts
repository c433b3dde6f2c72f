/**
 * A report's open findings as the text of a rectification notice (整改意见): what a supervisor
 * pastes into the 整改通知 sent back to the agency. rules.md words every message for that use; this
 * puts them in order under one heading, numbered, with where each is in the report. Dismissed
 * findings are left out; a reviewer's note goes with its finding.
 */
import type { FindingView, ReportDetail } from './api'
import { SEVERITIES, SEVERITY_NAMES } from './rules'

const CN_ORDINALS = ['一', '二', '三']

export interface Notice {
  text: string
  /** Findings listed (dismissed ones are not). */
  count: number
}

/** 第 21、60 行 / 与上年报告比对 / 重复报告: unless the message already names its lines. */
function place(f: FindingView): string {
  const parts: string[] = []
  if (f.lines && f.lines.length > 0 && !/第\s*\d+\s*行/.test(f.message)) parts.push(`第 ${f.lines.join('、')} 行`)
  if (f.source === 'years') parts.push('与上年报告比对')
  return parts.length > 0 ? `（${parts.join('，')}）` : ''
}

/** `${agency}${year}年` as the heading names the report, from what is known of it. */
function reportName(d: ReportDetail): string {
  const agency = d.summary.agency ?? d.parsedAgency
  const year = d.summary.year
  if (agency && year !== null) return `${agency}${year}年政府信息公开工作年度报告`
  if (agency) return `${agency}政府信息公开工作年度报告`
  return `政府信息公开工作年度报告“${d.summary.file}”`
}

export function rectificationNotice(d: ReportDetail): Notice {
  const open = d.findings.filter(f => f.review?.decision !== 'dismissed')
  const name = reportName(d)
  const lines = [`关于${name}的审查意见`, '']
  if (open.length === 0) {
    lines.push(`经审查，${name}（文件：${d.summary.file}）未发现问题。`)
    return { text: lines.join('\n'), count: 0 }
  }
  lines.push(`经审查，${name}（文件：${d.summary.file}）存在以下问题：`)
  let n = 0
  let group = 0
  for (const severity of SEVERITIES) {
    const of = open.filter(f => f.severity === severity)
    if (of.length === 0) continue
    lines.push('', `（${CN_ORDINALS[group++]}）${SEVERITY_NAMES[severity]}（${of.length} 项）`)
    for (const f of of) {
      const note = f.review?.note.trim()
      const message = f.message.replace(/[。．.]$/, '')
      lines.push(`${++n}. ${message}${place(f)}。${note ? `审查备注：${note}` : ''}`)
    }
  }
  lines.push('', '请对照《中华人民共和国政府信息公开工作年度报告格式》逐项核实整改，并重新报送。')
  return { text: lines.join('\n'), count: n }
}
