/** 说明: when and from what the workbook was made, which filters applied, and the rule catalogue. */
import { AGENCY_LEVEL_NAMES, type ReportCount, type ReportFilter } from '../../shared/api'
import { countText } from '../../shared/counts'
import { RULE_GROUP_NAMES, RULE_IDS, RULES, ruleGroup } from '../../shared/rules'
import { openSheet, type SheetContext } from './context'
import { SEVERITY_LABELS, STATUS_LABELS } from './labels'

/** Local wall-clock time 'YYYY-MM-DD HH:mm' (what the supervisor's clock showed). */
export function localStamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/** The active filters in words; '全部报告' when nothing filters. */
export function describeFilter(f: ReportFilter): string {
  const out: string[] = []
  if (f.years?.length) out.push(`年度：${[...f.years].sort((a, b) => a - b).join('、')}`)
  if (f.search?.trim()) out.push(`搜索：“${f.search.trim()}”`)
  if (f.severity) out.push(`含${SEVERITY_LABELS[f.severity]}的报告`)
  if (f.rules?.length) out.push(`规则：${f.rules.map(r => `${r} ${RULES[r].name}`).join('、')}`)
  if (f.groups?.length) out.push(`类别：${f.groups.map(g => RULE_GROUP_NAMES[g]).join('、')}`)
  if (f.levels?.length) out.push(`层级：${f.levels.map(l => AGENCY_LEVEL_NAMES[l]).join('、')}`)
  if (f.agencies?.length) out.push(`单位：${f.agencies.join('、')}`)
  if (f.statuses?.length) out.push(`状态：${f.statuses.map(s => STATUS_LABELS[s]).join('、')}`)
  if (f.regions?.length) out.push(`所属地区：${f.regions.join('、')}`)
  if (f.problems) out.push('只看有问题的（未报送、逾期、有错误）')
  if (f.includeDismissed) out.push('含已排除的问题')
  if (f.includeRemoved) out.push('含已删除的文件')
  return out.length ? out.join('；') : '无（全部报告）'
}

export interface NotesInput {
  now: Date
  dataFolders: string[]
  counted: ReportCount
  findings: number
}

export async function writeNotes(ctx: SheetContext, input: NotesInput): Promise<number> {
  const sheet = openSheet(
    ctx,
    '说明',
    [
      { header: '项目', width: 14, kind: 'text' },
      { header: '内容', width: 80, kind: 'wrap' },
      { header: '严重程度', width: 10, kind: 'center' }
    ],
    { noFilter: true }
  )
  const f = ctx.filter
  const listNote =
    f.rules?.length || f.groups?.length || f.severity
      ? '问题清单只列出符合筛选条件（规则、类别、严重程度）的问题'
      : '问题清单列出所导出报告的全部问题'
  const meta: Array<[string, string]> = [
    ['导出时间', localStamp(input.now)],
    ['数据文件夹', input.dataFolders.join('\n') || '（无）'],
    ['筛选条件', describeFilter(f)],
    ['导出范围', `${countText(input.counted)}；问题 ${input.findings} 条`],
    [
      '计数口径',
      `${listNote}；${f.includeDismissed ? '已排除的问题也计入' : '审阅时已排除的问题不计入、不列出'}。` +
        '“汇总”中的错误、警告、提示为未排除的问题数。'
    ],
    ['空白单元格', '表格中的空白表示报告中该单元格为空或无法识别，不是 0。'],
    [
      '同比',
      '每个单位每年取一份报告（同年度有多份时取最新的一份）；“较上年增减”比较本年新收申请总数。'
    ],
    [
      '审阅记录',
      '每一次审阅决定及其修改、撤销（谁、何时、原结论→新结论、备注），按时间先后列出，从不改写；未设筛选时包含已删除文件的记录。'
    ],
    [
      '表头',
      '依申请公开、主动公开、复议诉讼各表的列名上行为表格的行、下行为列，对应《政府信息公开工作年度报告格式》的表格。'
    ]
  ]
  for (const s of ctx.sheets) {
    if (s.names.length < 2) continue
    const rest = s.names
      .slice(1)
      .map(n => `“${n}”`)
      .join('、')
    meta.push([
      '续表',
      `“${s.names[0]}”共 ${s.rows} 行，超过 Excel 单个工作表的行数上限，其余各行接续在 ${rest} 中。`
    ])
  }
  for (const [k, v] of meta) sheet.add([k, v, ''], undefined)
  sheet.add(['', '', ''])
  sheet.add(['规则编号', '规则名称（类别）', '严重程度'], undefined, true)
  for (const id of RULE_IDS) {
    const r = RULES[id]
    sheet.add(
      [id, `${r.name}（${RULE_GROUP_NAMES[ruleGroup(id)]}）`, SEVERITY_LABELS[r.severity]],
      [undefined, undefined, r.severity]
    )
  }
  sheet.done()
  return sheet.rows
}
