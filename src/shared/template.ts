/**
 * The national template (shared/spec/template.md): canonical keys and the verbatim labels the
 * parser matches against. Both the 2021 format (国办公开办函〔2021〕30号) and the 2019 trial format
 * (国办公开办函〔2019〕60号) are described here, so the parser, rules, views and export share one
 * vocabulary.
 */

export type TemplateVersion = '2021' | '2019'

/** The template's three statistical tables, by their keys in cli.md's `tables`. */
export const TABLE_KEYS = ['proactive', 'applications', 'reviewLitigation'] as const
export type TableKey = (typeof TABLE_KEYS)[number]

export const SECTION_IDS = [1, 2, 3, 4, 5, 6] as const
export type SectionId = (typeof SECTION_IDS)[number]

/** Verbatim 2021 headings; the 2019 wording variants are accepted by the parser too. */
export const SECTION_HEADINGS: Record<SectionId, string> = {
  1: '一、总体情况',
  2: '二、主动公开政府信息情况',
  3: '三、收到和处理政府信息公开申请情况',
  4: '四、政府信息公开行政复议、行政诉讼情况',
  5: '五、存在的主要问题及改进情况',
  6: '六、其他需要报告的事项'
}

// ---------------------------------------------------------------- applications (section 3)

export const APPLICANT_COLUMNS = [
  'natural',
  'commercial',
  'research',
  'nonprofit',
  'legal',
  'otherOrg',
  'total'
] as const
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number]

export const APPLICANT_COLUMN_LABELS: Record<ApplicantColumn, string> = {
  natural: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  nonprofit: '社会公益组织',
  legal: '法律服务机构',
  otherOrg: '其他',
  total: '总计'
}

export interface RowDef<K extends string = string> {
  key: K
  /** Verbatim label of the row itself (the last label cell), as in template.md. */
  label: string
  /** The group label printed before it on the group's first row, if any. */
  group?: string
}

export const APPLICATION_ROWS_2021 = [
  { key: 'received', label: '一、本年新收政府信息公开申请数量' },
  { key: 'carriedOver', label: '二、上年结转政府信息公开申请数量' },
  { key: 'granted', label: '（一）予以公开', group: '三、本年度办理结果' },
  { key: 'partiallyGranted', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
  { key: 'denied.stateSecret', label: '1.属于国家秘密', group: '（三）不予公开' },
  { key: 'denied.lawProhibited', label: '2.其他法律行政法规禁止公开' },
  { key: 'denied.securityStability', label: '3.危及“三安全一稳定”' },
  { key: 'denied.thirdParty', label: '4.保护第三方合法权益' },
  { key: 'denied.internalAffairs', label: '5.属于三类内部事务信息' },
  { key: 'denied.processInfo', label: '6.属于四类过程性信息' },
  { key: 'denied.enforcementFile', label: '7.属于行政执法案卷' },
  { key: 'denied.queryMatter', label: '8.属于行政查询事项' },
  { key: 'unable.notHeld', label: '1.本机关不掌握相关政府信息', group: '（四）无法提供' },
  { key: 'unable.needsCreation', label: '2.没有现成信息需要另行制作' },
  { key: 'unable.unclear', label: '3.补正后申请内容仍不明确' },
  { key: 'notProcessed.complaint', label: '1.信访举报投诉类申请', group: '（五）不予处理' },
  { key: 'notProcessed.repeated', label: '2.重复申请' },
  { key: 'notProcessed.publication', label: '3.要求提供公开出版物' },
  { key: 'notProcessed.excessive', label: '4.无正当理由大量反复申请' },
  { key: 'notProcessed.confirmation', label: '5.要求行政机关确认或重新出具已获取信息' },
  {
    key: 'other.overdueCorrection',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    group: '（六）其他处理'
  },
  {
    key: 'other.overdueFee',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'
  },
  { key: 'other.other', label: '3.其他' },
  { key: 'outcomeTotal', label: '（七）总计' },
  { key: 'carriedForward', label: '四、结转下年度继续办理' }
] as const satisfies readonly RowDef[]

/** 2019 trial format: （六）其他处理 is a single row `other`; everything else as 2021. */
export const APPLICATION_ROWS_2019 = [
  ...APPLICATION_ROWS_2021.slice(0, 20),
  { key: 'other', label: '（六）其他处理' },
  ...APPLICATION_ROWS_2021.slice(23)
] as const satisfies readonly RowDef[]

/** Rows summed into outcomeTotal (rules A02): everything from granted to the last 其他处理 row. */
export function outcomeRowKeys(template: TemplateVersion): string[] {
  const rows = template === '2019' ? APPLICATION_ROWS_2019 : APPLICATION_ROWS_2021
  const keys = rows.map(r => r.key as string)
  return keys.slice(keys.indexOf('granted'), keys.indexOf('outcomeTotal'))
}

export function applicationRows(template: TemplateVersion): readonly RowDef[] {
  return template === '2019' ? APPLICATION_ROWS_2019 : APPLICATION_ROWS_2021
}

// ---------------------------------------------------------------- reviewLitigation (section 4)

export const REVIEW_GROUPS = ['review', 'litigationDirect', 'litigationAfterReview'] as const
export type ReviewGroup = (typeof REVIEW_GROUPS)[number]
export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
  review: '行政复议',
  litigationDirect: '行政诉讼（未经复议直接起诉）',
  litigationAfterReview: '行政诉讼（复议后起诉）'
}

export const REVIEW_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number]
export const REVIEW_COLUMN_LABELS: Record<ReviewColumn, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计'
}

// ---------------------------------------------------------------- proactive (section 2)

export interface ProactiveItemDef {
  key: string
  label: string
  /** Column keys; empty for a single-number item (2021 licensing/penalty/enforcement/fees). */
  columns: readonly string[]
  /** Columns that may hold a decimal (fees) or a negative number (2019 本年增/减). */
  decimal?: readonly string[]
  signed?: readonly string[]
}

export const PROACTIVE_ITEMS_2021 = [
  { key: 'regulations', label: '规章', columns: ['issued', 'repealed', 'inForce'] },
  { key: 'normativeDocs', label: '行政规范性文件', columns: ['issued', 'repealed', 'inForce'] },
  { key: 'licensing', label: '行政许可', columns: [] },
  { key: 'penalty', label: '行政处罚', columns: [] },
  { key: 'enforcement', label: '行政强制', columns: [] },
  { key: 'fees', label: '行政事业性收费', columns: [], decimal: [''] }
] as const satisfies readonly ProactiveItemDef[]

const SERVICE_COLUMNS_2019 = ['previous', 'change', 'decisions'] as const
export const PROACTIVE_ITEMS_2019 = [
  { key: 'regulations', label: '规章', columns: ['newlyMade', 'newlyPublished', 'totalPublished'] },
  {
    key: 'normativeDocs',
    label: '规范性文件',
    columns: ['newlyMade', 'newlyPublished', 'totalPublished']
  },
  { key: 'licensing', label: '行政许可', columns: SERVICE_COLUMNS_2019, signed: ['change'] },
  {
    key: 'otherServices',
    label: '其他对外管理服务事项',
    columns: SERVICE_COLUMNS_2019,
    signed: ['change']
  },
  { key: 'penalty', label: '行政处罚', columns: SERVICE_COLUMNS_2019, signed: ['change'] },
  { key: 'enforcement', label: '行政强制', columns: SERVICE_COLUMNS_2019, signed: ['change'] },
  { key: 'fees', label: '行政事业性收费', columns: ['previous', 'change'], signed: ['change'] },
  {
    key: 'procurement',
    label: '政府集中采购',
    columns: ['projects', 'amount'],
    decimal: ['amount']
  }
] as const satisfies readonly ProactiveItemDef[]

export const PROACTIVE_COLUMN_LABELS: Record<string, string> = {
  issued: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
  newlyMade: '本年新制作数量',
  newlyPublished: '本年新公开数量',
  totalPublished: '对外公开总数量',
  previous: '上一年项目数量',
  change: '本年增/减',
  decisions: '处理决定数量',
  projects: '采购项目数量',
  amount: '采购总金额',
  '': '本年处理决定数量'
}

export function proactiveItems(template: TemplateVersion): readonly ProactiveItemDef[] {
  return template === '2019' ? PROACTIVE_ITEMS_2019 : PROACTIVE_ITEMS_2021
}
