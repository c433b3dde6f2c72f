/**
 * Table rules T01–T05: a table missing, numeric cells empty or not numbers, labels that differ
 * from the template, impossible counts, implausible values.
 */
import type { ParsedReport, RawCell } from '../../shared/model'
import { assertNever } from '../../shared/assert'
import type { Finding } from '../../shared/rules'
import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMNS,
  PROACTIVE_COLUMN_LABELS,
  REVIEW_GROUPS,
  TABLE_KEYS,
  applicationRows,
  type TableKey
} from '../../shared/template'
import { isCountyLevel } from '../../shared/agency'
import { cellLine, lines, proactiveCells, templateOf } from './access'
import type { ReportInput } from './context'
import {
  TABLE_LABELS,
  appColLabel,
  appRowLabel,
  finding,
  fmtNum,
  proactiveItemLabel,
  proactiveLabel,
  q,
  reviewColLabel,
  reviewGroupLabel
} from './messages'

/** T01: each of the three tables not found (with the parser's reason when it gave one). */
export function missingTables(input: ReportInput): Finding[] {
  const { report, doc } = input
  // A table pasted as a screenshot leaves a picture and no table: say so, as a possibility (a
  // Word report's pictures may also be its seal or letterhead).
  const pictures = doc.meta.images
    ? `（文件中有 ${doc.meta.images} 张图片：如统计表是以图片或截图插入的，其中的数字无法读取，请核对原文件）`
    : ''
  return TABLE_KEYS.filter(t => report.tables[t] === null).map(t => {
    const note = report.notes.find(n => n.table === t)
    const why = note ? `（${note.message.replace(/[。.]$/, '')}）` : pictures
    return finding('T01', `未找到或无法识别${q(TABLE_LABELS[t])}统计表${why}。`, {
      table: t,
      lines: lines(note?.line ?? report.tableLines[t]?.[0])
    })
  })
}

function rawFor(
  report: ParsedReport,
  table: TableKey,
  row: string,
  column: string
): RawCell | undefined {
  return report.rawCells.find(r => r.table === table && r.row === row && r.column === column)
}

/**
 * T02: per row (per group in reviewLitigation), the numeric cells left empty. A cell holding a
 * non-number such as '/' is T05's, not counted here twice.
 */
export function emptyCells(input: ReportInput): Finding[] {
  const { report } = input
  const out: Finding[] = []
  const template = templateOf(report)
  const apps = report.tables.applications
  const missingRows = new Set(
    report.labelIssues
      .filter(i => i.table === 'applications' && i.kind === 'missing')
      .map(i => i.row)
  )
  if (apps) {
    for (const def of applicationRows(template)) {
      const row = apps[def.key]
      // An absent row is T03's (labelIssues 'missing'), not one empty cell per column.
      if (!row || missingRows.has(def.key)) continue
      const empty = APPLICANT_COLUMNS.filter(
        c => row[c] === null && !rawFor(report, 'applications', def.key, c)
      )
      if (empty.length === 0) continue
      out.push(
        finding(
          'T02',
          `${q(TABLE_LABELS.applications)}表中${q(appRowLabel(def.key, template))}行的${empty
            .map(c => q(appColLabel(c)))
            .join('、')}列未填写数字。`,
          {
            table: 'applications',
            row: def.key,
            column: empty.join(','),
            lines: lines(cellLine(report, 'applications', def.key))
          }
        )
      )
    }
  }
  const rl = report.tables.reviewLitigation
  if (rl) {
    for (const g of REVIEW_GROUPS) {
      const group = rl[g]
      if (!group) continue
      const empty = REVIEW_COLUMNS.filter(
        c => group[c] === null && !rawFor(report, 'reviewLitigation', g, c)
      )
      if (empty.length === 0) continue
      out.push(
        finding(
          'T02',
          `${q(TABLE_LABELS.reviewLitigation)}表中${q(reviewGroupLabel(g))}的${empty
            .map(c => q(reviewColLabel(c)))
            .join('、')}未填写数字。`,
          {
            table: 'reviewLitigation',
            group: g,
            column: empty.join(','),
            lines: lines(cellLine(report, 'reviewLitigation', g))
          }
        )
      )
    }
  }
  const p = report.tables.proactive
  if (p) {
    const byItem = new Map<string, string[]>()
    for (const c of proactiveCells(p, template)) {
      if (c.value !== null || rawFor(report, 'proactive', c.item, c.column)) continue
      byItem.set(c.item, [...(byItem.get(c.item) ?? []), c.column])
    }
    for (const [item, cols] of byItem) {
      out.push(
        finding(
          'T02',
          `${q(TABLE_LABELS.proactive)}表中${proactiveCellsLabel(item, cols, template)}未填写数字。`,
          {
            table: 'proactive',
            row: item,
            ...(cols.some(c => c !== '') ? { column: cols.join(',') } : {}),
            lines: lines(cellLine(report, 'proactive', item, ...(cols[0] ? [cols[0]] : [])))
          }
        )
      )
    }
  }
  return out
}

/** T03: labels that differ from the template, rows missing or extra (found by the parser). */
export function labelProblems(input: ReportInput): Finding[] {
  const { report } = input
  const template = templateOf(report)
  const out: Finding[] = report.labelIssues.map(issue => {
    const table = q(TABLE_LABELS[issue.table])
    const rowName =
      issue.row && issue.table === 'applications'
        ? appRowLabel(issue.row, template)
        : (issue.expected ?? issue.row ?? '')
    const ev = {
      table: issue.table,
      ...(issue.row !== undefined ? { row: issue.row } : {}),
      lines: lines(issue.line),
      ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
      ...(issue.found !== undefined ? { actual: issue.found } : {})
    }
    switch (issue.kind) {
      case 'altered':
        return finding(
          'T03',
          `${table}表中${q(rowName)}行的标签写为${q(issue.found ?? '')}，与模板${q(issue.expected ?? '')}不符。`,
          ev
        )
      case 'missing':
        return finding('T03', `${table}表中缺少模板规定的${q(rowName)}行。`, ev)
      case 'extra':
        return finding('T03', `${table}表中有模板没有的行${q(issue.found ?? '')}。`, ev)
      default:
        return assertNever(issue.kind, 'label issue of an unknown kind')
    }
  })
  // A mix of 2019 and 2021 proactive blocks is M04 from 2021 on; before that it is a label problem.
  if (report.mixedTemplate && (report.year === null || report.year < 2021)) {
    out.push(
      finding('T03', `${q(TABLE_LABELS.proactive)}表混用了2019年试行格式与2021年格式的栏目。`, {
        table: 'proactive',
        lines: lines(report.tableLines.proactive?.[0])
      })
    )
  }
  return out
}

/** T04: a count that is negative or fractional (fees may be decimal, 2019 本年增/减 may be negative). */
export function impossibleCounts(input: ReportInput): Finding[] {
  const { report } = input
  const template = templateOf(report)
  const out: Finding[] = []
  const bad = (v: number, decimal: boolean, signed: boolean): string | null =>
    v < 0 && !signed ? '负数' : !Number.isInteger(v) && !decimal ? '小数' : null
  const apps = report.tables.applications
  if (apps) {
    for (const def of applicationRows(template)) {
      for (const c of APPLICANT_COLUMNS) {
        const v = apps[def.key]?.[c]
        const why = v === null || v === undefined ? null : bad(v, false, false)
        if (why === null || v === null || v === undefined) continue
        out.push(
          finding(
            'T04',
            `${q(TABLE_LABELS.applications)}表中${q(appRowLabel(def.key, template))}行${q(appColLabel(c))}列填写为 ${fmtNum(v)}，件数不能为${why}。`,
            {
              table: 'applications',
              row: def.key,
              column: c,
              actual: v,
              lines: lines(cellLine(report, 'applications', def.key, c))
            }
          )
        )
      }
    }
  }
  const rl = report.tables.reviewLitigation
  if (rl) {
    for (const g of REVIEW_GROUPS) {
      for (const c of REVIEW_COLUMNS) {
        const v = rl[g]?.[c]
        const why = v === null || v === undefined ? null : bad(v, false, false)
        if (why === null || v === null || v === undefined) continue
        out.push(
          finding(
            'T04',
            `${q(TABLE_LABELS.reviewLitigation)}表中${q(reviewGroupLabel(g))}${q(reviewColLabel(c))}填写为 ${fmtNum(v)}，件数不能为${why}。`,
            {
              table: 'reviewLitigation',
              group: g,
              column: c,
              actual: v,
              lines: lines(cellLine(report, 'reviewLitigation', g, c))
            }
          )
        )
      }
    }
  }
  const p = report.tables.proactive
  if (p) {
    for (const c of proactiveCells(p, template)) {
      const why = c.value === null ? null : bad(c.value, c.decimal, c.signed)
      if (why === null || c.value === null) continue
      out.push(
        finding(
          'T04',
          `${q(TABLE_LABELS.proactive)}表中${proactiveLabel(c.item, c.column, template)}填写为 ${fmtNum(c.value)}，不能为${why}。`,
          {
            table: 'proactive',
            row: c.item,
            ...(c.column ? { column: c.column } : {}),
            actual: c.value,
            lines: lines(cellLine(report, 'proactive', c.item, ...(c.column ? [c.column] : [])))
          }
        )
      )
    }
  }
  return out
}

/** T05: 规章 reported by an agency that cannot make them; text standing in a numeric cell. */
export function implausibleValues(input: ReportInput): Finding[] {
  const { report } = input
  const template = templateOf(report)
  const out: Finding[] = []
  const p = report.tables.proactive
  const name = report.agency ?? ''
  if (p && template === '2021' && (input.level === 'township' || (name && isCountyLevel(name)))) {
    for (const c of proactiveCells(p, template)) {
      if (c.item !== 'regulations' || (c.column !== 'issued' && c.column !== 'inForce')) continue
      if (c.value === null || c.value <= 0) continue
      out.push(
        finding(
          'T05',
          `${q(TABLE_LABELS.proactive)}表中${proactiveLabel(c.item, c.column, template)}填写为 ${fmtNum(c.value)}，但只有省级和设区的市级人民政府制定规章，${name ? q(name) : '本单位'}不应有规章，请核实（是否应填入“行政规范性文件”）。`,
          {
            table: 'proactive',
            row: 'regulations',
            column: c.column,
            actual: c.value,
            lines: lines(cellLine(report, 'proactive', 'regulations', c.column))
          }
        )
      )
    }
  }
  for (const raw of report.rawCells) {
    const where = cellName(raw, template)
    const read = raw.value === null ? '无法读取为数字' : `已按 ${fmtNum(raw.value)} 读取`
    out.push(
      finding(
        'T05',
        `${q(TABLE_LABELS[raw.table])}表中${where}填写为${q(raw.text)}，不是数字（${read}），请按模板填写数字。`,
        {
          table: raw.table,
          ...(raw.table === 'reviewLitigation' ? { group: raw.row } : { row: raw.row }),
          ...(raw.column ? { column: raw.column } : {}),
          actual: raw.text,
          lines: [raw.line]
        }
      )
    )
  }
  return out
}

/** 第二十条第（一）项“规章”的“本年制发件数”、“现行有效件数” — the item named once. */
function proactiveCellsLabel(
  item: string,
  cols: string[],
  template: ReturnType<typeof templateOf>
): string {
  if (cols.length === 1) return proactiveLabel(item, cols[0] ?? '', template)
  return `${proactiveItemLabel(item, template)}的${cols.map(c => q(PROACTIVE_COLUMN_LABELS[c] ?? c)).join('、')}`
}

function cellName(raw: RawCell, template: ReturnType<typeof templateOf>): string {
  switch (raw.table) {
    case 'applications':
      return `${q(appRowLabel(raw.row, template))}行${q(appColLabel(raw.column))}列`
    case 'reviewLitigation':
      return `${q(reviewGroupLabel(raw.row))}${q(reviewColLabel(raw.column))}`
    case 'proactive':
      return proactiveLabel(raw.row, raw.column, template)
    default:
      return assertNever(raw.table, 'unknown table key')
  }
}

export function tableRules(input: ReportInput): Finding[] {
  return [
    ...missingTables(input),
    ...emptyCells(input),
    ...labelProblems(input),
    ...impossibleCounts(input),
    ...implausibleValues(input)
  ]
}
