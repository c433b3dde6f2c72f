/**
 * Table "proactive" (section 2). Blocks are found by their row labels; the header rows
 * (`第二十条第（一）项`, `信息内容⇥本年制发件数…`) tell the 2021 layout from the 2019 trial layout.
 * Truncated labels (`行政规范性`, `行政事业性`, sample 002) still match and are reported (T03).
 */
import type { Proactive } from '../../shared/model'
import { proactiveItems, type ProactiveItemDef, type TemplateVersion } from '../../shared/template'
import { isEmptyCell } from './cells'
import { labelSimilarity, normLabel, tidyLabel } from './normalize'
import { lastLabel, type LogicalRow } from './rows'
import { TableReader } from './table-context'
import { type CellSource, collectFollowing, learnOffsets, pickValues } from './values'

const MARKS_2019 =
  /本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/?减|政府集中采购|其他对外管理服务事项/
const MARKS_2021 = /本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额/

export function proactiveVersion(rows: LogicalRow[]): {
  version: TemplateVersion | null
  mixed: boolean
} {
  const text = rows.map(r => r.norm).join('')
  const v19 = MARKS_2019.test(text)
  const v21 = MARKS_2021.test(text)
  if (v19 && v21) {
    const n19 = (text.match(new RegExp(MARKS_2019.source, 'g')) ?? []).length
    const n21 = (text.match(new RegExp(MARKS_2021.source, 'g')) ?? []).length
    return { version: n19 > n21 ? '2019' : '2021', mixed: true }
  }
  return { version: v19 ? '2019' : v21 ? '2021' : null, mixed: false }
}

const MATCH = 0.6

export interface ProactiveResult {
  table: Proactive
  version: TemplateVersion
  mixed: boolean
  reader: TableReader
  rowsFound: number
}

export function parseProactive(region: LogicalRow[], fallback: TemplateVersion): ProactiveResult {
  const detected = proactiveVersion(region)
  const version = detected.version ?? fallback
  const items = proactiveItems(version)
  const reader = new TableReader('proactive')
  const body = region.filter(r => r.labels.length > 0 || r.values.some(v => !isEmptyCell(v)))
  const learnt3 = learnOffsets(body, 3)
  const learnt2 = learnOffsets(body, 2)
  const found = new Map<string, { cells: string[]; line: number; src?: CellSource[] }>()

  for (let i = 0; i < body.length; i++) {
    const row = body[i]!
    const label = lastLabel(row)
    if (!label || /第二十条|信息内容/.test(row.norm)) continue
    let best: ProactiveItemDef | null = null
    let bestS = 0
    for (const it of items) {
      if (found.has(it.key)) continue
      const s = labelSimilarity(label, normLabel(it.label))
      if (s > bestS) {
        bestS = s
        best = it
      }
    }
    if (!best || bestS < MATCH) continue
    if (label !== normLabel(best.label)) {
      reader.labelIssues.push({
        table: 'proactive',
        kind: 'altered',
        row: best.key,
        expected: best.label,
        found: tidyLabel(row.labels.join(' ')),
        line: row.line
      })
    }
    const n = Math.max(1, best.columns.length)
    let cells: string[] | null = null
    let src: CellSource[] | undefined
    if (n === 1) {
      const filled = row.values.filter(v => !isEmptyCell(v))
      cells = filled.length <= 1 ? [filled[0] ?? ''] : null
      if (cells && row.ocr) {
        const k = row.values.findIndex(v => !isEmptyCell(v))
        src = [k >= 0 ? { row, index: row.labelEnd + 1 + k } : null]
      }
    } else {
      const pick = pickValues(row, n, null, n === 3 ? learnt3 : learnt2)
      cells = pick?.cells ?? null
      src = pick?.src
    }
    // One cell per line: the values follow on their own lines.
    if ((!cells || cells.every(isEmptyCell)) && row.values.every(isEmptyCell)) {
      const more = collectFollowing(body, i, n)
      if (more) {
        cells = more.cells
        src = more.src
        i = more.last
      }
    }
    if (!cells)
      reader.note(
        'row-ambiguous',
        `第 ${row.line} 行数值的列位置无法确定，按无法识别处理`,
        row.line
      )
    found.set(best.key, { cells: cells ?? new Array<string>(n).fill(''), line: row.line, src })
  }

  const table: Record<string, unknown> = {}
  for (const it of items) {
    const f = found.get(it.key)
    if (!f) {
      reader.labelIssues.push({
        table: 'proactive',
        kind: 'missing',
        row: it.key,
        expected: it.label
      })
    }
    if (it.columns.length === 0) {
      table[it.key] = f ? reader.cell(it.key, '', f.cells[0], f.line, f.src?.[0]) : null
    } else {
      const obj: Record<string, number | null> = {}
      it.columns.forEach((col, c) => {
        obj[col] = f ? reader.cell(it.key, col, f.cells[c], f.line, f.src?.[c]) : null
      })
      table[it.key] = obj
    }
  }
  return {
    // Built from the template's item definitions, which the Proactive types mirror.
    table: { form: version, ...table } as Proactive,
    version,
    mixed: detected.mixed,
    reader,
    rowsFound: found.size
  }
}
