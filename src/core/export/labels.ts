/**
 * Chinese wording for the workbook: short column headers for every template cell and a readable
 * location for a finding. Headers are short on purpose — the template's own labels
 * ('（二）部分公开（区分处理的，只计这一情形，不计其他情形）') would make a printed header row
 * taller than the data; the 说明 sheet points back to the template.
 */
import type { ReportStatus } from '../../shared/api'
import { assertNever } from '../../shared/assert'
import { SEVERITY_NAMES, type Severity } from '../../shared/rules'
import {
  APPLICANT_COLUMN_LABELS,
  APPLICANT_COLUMNS,
  PROACTIVE_COLUMN_LABELS,
  PROACTIVE_ITEMS_2019,
  PROACTIVE_ITEMS_2021,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  SECTION_HEADINGS,
  type SectionId,
  type TableKey,
  type TemplateVersion
} from '../../shared/template'

/** Short label of every applications row key (2021 rows, then the 2019 single `other` row). */
export const APPLICATION_ROW_SHORT: Record<string, string> = {
  received: '本年新收',
  carriedOver: '上年结转',
  granted: '予以公开',
  partiallyGranted: '部分公开',
  'denied.stateSecret': '不予公开·国家秘密',
  'denied.lawProhibited': '不予公开·法律法规禁止',
  'denied.securityStability': '不予公开·三安全一稳定',
  'denied.thirdParty': '不予公开·第三方权益',
  'denied.internalAffairs': '不予公开·内部事务',
  'denied.processInfo': '不予公开·过程性信息',
  'denied.enforcementFile': '不予公开·执法案卷',
  'denied.queryMatter': '不予公开·行政查询',
  'unable.notHeld': '无法提供·不掌握',
  'unable.needsCreation': '无法提供·需另行制作',
  'unable.unclear': '无法提供·补正后不明确',
  'notProcessed.complaint': '不予处理·信访举报投诉',
  'notProcessed.repeated': '不予处理·重复申请',
  'notProcessed.publication': '不予处理·公开出版物',
  'notProcessed.excessive': '不予处理·大量反复申请',
  'notProcessed.confirmation': '不予处理·确认或重新出具',
  'other.overdueCorrection': '其他处理·逾期不补正',
  'other.overdueFee': '其他处理·逾期未缴费',
  'other.other': '其他处理·其他',
  other: '其他处理（2019格式）',
  outcomeTotal: '办理结果总计',
  carriedForward: '结转下年度'
}

const TABLE_LABELS: Record<TableKey, string> = {
  proactive: '主动公开表',
  applications: '依申请公开表',
  reviewLitigation: '复议诉讼表'
}

const PROACTIVE_ROW_LABELS: Record<string, string> = Object.fromEntries(
  [...PROACTIVE_ITEMS_2021, ...PROACTIVE_ITEMS_2019].map(i => [i.key, i.label])
)

export const SEVERITY_LABELS: Record<Severity, string> = SEVERITY_NAMES

export const STATUS_LABELS: Record<ReportStatus, string> = {
  errors: '有错误',
  warnings: '有警告',
  clean: '无问题'
}

export const TEMPLATE_LABELS: Record<TemplateVersion, string> = {
  '2021': '2021年格式',
  '2019': '2019年试行格式'
}

/** The label of one key in a table's row or column vocabulary; unknown keys are shown as they are. */
function keyLabel(table: TableKey | null, key: string): string {
  switch (table) {
    case 'applications':
      return (
        APPLICATION_ROW_SHORT[key] ??
        APPLICANT_COLUMN_LABELS[key as keyof typeof APPLICANT_COLUMN_LABELS] ??
        key
      )
    case 'proactive':
      return PROACTIVE_ROW_LABELS[key] ?? PROACTIVE_COLUMN_LABELS[key] ?? key
    case 'reviewLitigation':
      return (
        REVIEW_GROUP_LABELS[key as keyof typeof REVIEW_GROUP_LABELS] ??
        REVIEW_COLUMN_LABELS[key as keyof typeof REVIEW_COLUMN_LABELS] ??
        key
      )
    case null:
      return APPLICATION_ROW_SHORT[key] ?? PROACTIVE_ROW_LABELS[key] ?? key
    default:
      return assertNever(table, 'unknown table key')
  }
}

/** Rules join several columns with ','; show them as a Chinese list. */
function keysLabel(table: TableKey | null, keys: string): string {
  return keys
    .split(',')
    .map(k => k.trim())
    .filter(k => k !== '')
    .map(k => keyLabel(table, k))
    .join('、')
}

export interface LocationParts {
  tbl: TableKey | null
  row: string | null
  column: string | null
  group: string | null
  section: number | null
  lines: number[] | null
}

/** '依申请公开表 · 予以公开 · 总计 · 第57行' — what a supervisor can find in the printed report. */
export function locationText(p: LocationParts): string {
  const parts: string[] = []
  if (p.section !== null) {
    parts.push(SECTION_HEADINGS[p.section as SectionId] ?? `第${p.section}部分`)
  }
  // A table finding without an explicit table key still names its row (T03 on a label).
  const table = p.tbl ?? (p.group !== null ? 'reviewLitigation' : null)
  if (p.tbl !== null) parts.push(TABLE_LABELS[p.tbl])
  if (p.group !== null && p.group !== p.row) parts.push(keysLabel('reviewLitigation', p.group))
  if (p.row !== null) parts.push(keysLabel(table, p.row))
  if (p.column !== null && p.column !== '') parts.push(keysLabel(table, p.column))
  if (p.lines && p.lines.length > 0) {
    const shown = p.lines.slice(0, 5).join('、')
    parts.push(`第${shown}${p.lines.length > 5 ? '等' : ''}行`)
  }
  return parts.join(' · ')
}

/** Header of one applications cell: row label over column label ('本年新收' / '自然人'). */
export function applicationHeader(row: string, column: string): string {
  const r = APPLICATION_ROW_SHORT[row] ?? row
  const c = APPLICANT_COLUMN_LABELS[column as keyof typeof APPLICANT_COLUMN_LABELS] ?? column
  return `${r}\n${c}`
}

export { APPLICANT_COLUMNS }
