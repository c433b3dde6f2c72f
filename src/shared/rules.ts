/**
 * Rule ids of shared/spec/rules.md as a closed union: every view, export and test must handle each
 * one (switches over RuleId end in assertNever, shared/assert.ts).
 */
import type { TableKey } from './template'

export const RULE_IDS = [
  'S01',
  'S02',
  'S03',
  'S04',
  'S05',
  'S06',
  'T01',
  'T02',
  'T03',
  'T04',
  'T05',
  'A01',
  'A02',
  'A03',
  'A04',
  'N01',
  'N02',
  'Y01',
  'Y02',
  'Y03',
  'Y04',
  'Y05',
  'M01',
  'M02',
  'M03',
  'M04',
  'M05'
] as const
export type RuleId = (typeof RULE_IDS)[number]

export type Severity = 'error' | 'warning' | 'info'
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info']
export const SEVERITY_NAMES: Record<Severity, string> = {
  error: '错误',
  warning: '警告',
  info: '提示'
}

export type RuleGroup = 'S' | 'T' | 'A' | 'N' | 'Y' | 'M'
export const RULE_GROUPS: readonly RuleGroup[] = ['S', 'T', 'A', 'N', 'Y', 'M']
export const RULE_GROUP_NAMES: Record<RuleGroup, string> = {
  S: '结构',
  T: '表格',
  A: '勾稽关系',
  N: '文表一致',
  Y: '跨年度',
  M: '收集'
}

export function ruleGroup(id: RuleId): RuleGroup {
  return id[0] as RuleGroup
}

export interface RuleInfo {
  id: RuleId
  severity: Severity
  /** Short Chinese name for lists, exports and the rule catalogue. */
  name: string
}

export const RULES: Record<RuleId, RuleInfo> = {
  S01: { id: 'S01', severity: 'error', name: '缺少必备章节' },
  S02: { id: 'S02', severity: 'warning', name: '章节标题重复、改写或顺序错误' },
  S03: { id: 'S03', severity: 'warning', name: '统计期限缺失或年份不符' },
  S04: { id: 'S04', severity: 'warning', name: '未说明信息处理费收取情况' },
  S05: { id: 'S05', severity: 'info', name: '未报告年度政务公开工作要点落实情况' },
  S06: { id: 'S06', severity: 'warning', name: '字词重复或小标题序号不连续' },
  T01: { id: 'T01', severity: 'error', name: '缺少统计表' },
  T02: { id: 'T02', severity: 'error', name: '数字单元格为空或无法识别' },
  T03: { id: 'T03', severity: 'warning', name: '行列标签与模板不符' },
  T04: { id: 'T04', severity: 'error', name: '数量为负数或小数' },
  T05: { id: 'T05', severity: 'warning', name: '数值不合常理' },
  A01: { id: 'A01', severity: 'error', name: '申请人合计不符' },
  A02: { id: 'A02', severity: 'error', name: '办理结果总计不符' },
  A03: { id: 'A03', severity: 'error', name: '收结平衡不符' },
  A04: { id: 'A04', severity: 'error', name: '复议诉讼总计不符' },
  N01: { id: 'N01', severity: 'error', name: '正文申请数与表格不符' },
  N02: { id: 'N02', severity: 'error', name: '正文复议诉讼情况与表格不符' },
  Y01: { id: 'Y01', severity: 'error', name: '上年结转数与上年报告不符' },
  Y02: { id: 'Y02', severity: 'warning', name: '现行有效件数不衔接' },
  Y03: { id: 'Y03', severity: 'warning', name: '问题及改进情况与上年雷同' },
  Y04: { id: 'Y04', severity: 'info', name: '关键数据大幅变动' },
  Y05: { id: 'Y05', severity: 'warning', name: '与其他单位报告雷同' },
  M01: { id: 'M01', severity: 'warning', name: '标题、统计期限与文件年份不一致' },
  M02: { id: 'M02', severity: 'warning', name: '同一单位同一年度有多份报告' },
  M03: { id: 'M03', severity: 'error', name: '文件无法识别为年度报告' },
  M04: { id: 'M04', severity: 'error', name: '2021年及以后仍使用2019年试行格式' },
  M05: { id: 'M05', severity: 'warning', name: '逾期发布' }
}

/** A finding exactly as shared/spec/cli.md prints it (optional fields present where they apply). */
export interface Finding {
  rule: RuleId
  severity: Severity
  /** Chinese, pasteable into a 整改通知 as it is. */
  message: string
  lines?: number[]
  table?: TableKey
  row?: string
  column?: string
  group?: string
  /** Section id 1..6 for structure findings. */
  section?: number
  expected?: number | string | null
  actual?: number | string | null
}
