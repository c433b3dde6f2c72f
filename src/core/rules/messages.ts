/**
 * The Chinese words findings use: every row, column, group and section named as the template
 * prints it (src/shared/template.ts), so a supervisor can paste a message into a 整改通知 as it is.
 * Also the one place that builds a Finding (severity always from RULES).
 */
import {
  APPLICANT_COLUMN_LABELS,
  PROACTIVE_COLUMN_LABELS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  SECTION_HEADINGS,
  applicationRows,
  proactiveItems,
  type ApplicantColumn,
  type ReviewColumn,
  type ReviewGroup,
  type SectionId,
  type TableKey,
  type TemplateVersion
} from '../../shared/template'
import { RULES, type Finding, type RuleId } from '../../shared/rules'

export const TABLE_LABELS: Record<TableKey, string> = {
  proactive: '二、主动公开政府信息情况',
  applications: '三、收到和处理政府信息公开申请情况',
  reviewLitigation: '四、政府信息公开行政复议、行政诉讼情况'
}

/** Longest text quoted in a message, in characters (an ellipsis marks the cut). */
export const QUOTE_MAX = 120

/**
 * Quote a label the Chinese way. Text from the report is cut: a sentence without a 。 or a table
 * cell holding a pasted paragraph runs to thousands of characters, which filled the findings list
 * and made exported cells longer than Excel accepts.
 */
export function q(s: string): string {
  if (s.length <= QUOTE_MAX) return `“${s}”`
  return `“${Array.from(s)
    .slice(0, QUOTE_MAX - 1)
    .join('')}…”`
}

/** Numbers as a person writes them: no float noise (24252.311082 stays, 0.1+0.2 prints 0.3). */
export function fmtNum(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '（空）'
  if (Number.isInteger(n)) return String(n)
  return String(Number(n.toFixed(6)))
}

export function sectionLabel(id: SectionId): string {
  return SECTION_HEADINGS[id]
}

/** Drop the template's explanatory parenthesis: （二）部分公开（区分处理的，…） → （二）部分公开. */
function shortRowLabel(label: string): string {
  return label.replace(/（区分处理的[^（）]*）$/, '')
}

/**
 * Full label of an applications row: 三、本年度办理结果（三）不予公开 1.属于国家秘密 — the group
 * words are needed because 1. 2. 3. repeat in every block.
 */
export function appRowLabel(key: string, template: TemplateVersion = '2021'): string {
  const rows = applicationRows(template)
  const i = rows.findIndex(r => r.key === key)
  const row = rows[i]
  if (!row) return key
  const grantedAt = rows.findIndex(r => r.key === 'granted')
  const totalAt = rows.findIndex(r => r.key === 'outcomeTotal')
  const inOutcome = i >= grantedAt && i <= totalAt
  let sub = ''
  if (/^\d+\./.test(row.label)) {
    for (let j = i; j >= 0; j--) {
      const g = rows[j]?.group
      if (g && g.startsWith('（')) {
        sub = g
        break
      }
    }
  }
  const own = shortRowLabel(row.label)
  return (inOutcome ? '三、本年度办理结果' : '') + sub + (sub ? ' ' : '') + own
}

export function appColLabel(col: ApplicantColumn | string): string {
  const label = (APPLICANT_COLUMN_LABELS as Record<string, string | undefined>)[col] ?? col
  if (col === 'natural' || col === 'total') return label
  return `法人或其他组织—${label}`
}

export function reviewGroupLabel(g: ReviewGroup | string): string {
  return (REVIEW_GROUP_LABELS as Record<string, string | undefined>)[g] ?? g
}

export function reviewColLabel(c: ReviewColumn | string): string {
  return (REVIEW_COLUMN_LABELS as Record<string, string | undefined>)[c] ?? c
}

const PROACTIVE_BLOCKS: Record<string, string> = {
  regulations: '第二十条第（一）项',
  normativeDocs: '第二十条第（一）项',
  licensing: '第二十条第（五）项',
  otherServices: '第二十条第（五）项',
  penalty: '第二十条第（六）项',
  enforcement: '第二十条第（六）项',
  fees: '第二十条第（八）项',
  procurement: '第二十条第（九）项'
}

/** 第二十条第（一）项“规章”. */
export function proactiveItemLabel(item: string, template: TemplateVersion = '2021'): string {
  const def = proactiveItems(template).find(d => d.key === item)
  return `${PROACTIVE_BLOCKS[item] ?? ''}${q(def?.label ?? item)}`
}

/** 第二十条第（一）项“规章”“本年制发件数”; a single-number item names its one column. */
export function proactiveLabel(
  item: string,
  column: string,
  template: TemplateVersion = '2021'
): string {
  let col = PROACTIVE_COLUMN_LABELS[column] ?? column
  if (column === '' && item === 'fees' && template === '2021') col = '本年收费金额（单位：万元）'
  return `${proactiveItemLabel(item, template)}${q(col)}`
}

type FindingExtra = Omit<Finding, 'rule' | 'severity' | 'message'>

/** Build a finding; drops empty evidence so the JSON shows only what applies. */
export function finding(rule: RuleId, message: string, extra: FindingExtra = {}): Finding {
  const f: Finding = { rule, severity: RULES[rule].severity, message }
  const lines = [...new Set((extra.lines ?? []).filter(n => Number.isInteger(n) && n > 0))].sort(
    (a, b) => a - b
  )
  if (lines.length > 0) f.lines = lines
  if (extra.table !== undefined) f.table = extra.table
  if (extra.row !== undefined) f.row = extra.row
  if (extra.column !== undefined) f.column = extra.column
  if (extra.group !== undefined) f.group = extra.group
  if (extra.section !== undefined) f.section = extra.section
  if (extra.expected !== undefined) f.expected = extra.expected
  if (extra.actual !== undefined) f.actual = extra.actual
  return f
}
