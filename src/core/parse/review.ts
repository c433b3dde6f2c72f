/**
 * Table "reviewLitigation" (section 4): fifteen numbers in one row, three groups of five. The row
 * is positional: sample 004 leaves the 行政复议 group's five cells empty (`\t\t\t\t\t0\t0…`), and
 * those must come out null, not shifted into the litigation groups.
 */
import type { ReviewLitigation, ReviewLitigationGroup } from '../../shared/model'
import { REVIEW_COLUMNS, REVIEW_GROUPS } from '../../shared/template'
import { isEmptyCell } from './cells'
import type { LogicalRow } from './rows'
import { TableReader } from './table-context'
import { type CellSource, collectFollowing, pickValues } from './values'

const N = 15

export interface ReviewResult {
  table: ReviewLitigation
  reader: TableReader
  found: boolean
  /** Numbers found, but not which of the fifteen cells each is: the table is not readable. */
  ambiguous: string | null
}

function isValueRow(r: LogicalRow): boolean {
  const filled = r.values.filter(v => !isEmptyCell(v))
  return r.labels.length === 0 ? filled.length > 0 : filled.length >= 5
}

export function parseReview(region: LogicalRow[]): ReviewResult {
  const reader = new TableReader('reviewLitigation')
  let cells: string[] | null = null
  let src: CellSource[] | undefined
  let line = 0
  const i = region.findIndex(isValueRow)
  if (i >= 0) {
    const row = region[i]!
    line = row.line
    const pick = pickValues(row, N, null, new Map())
    cells = pick?.cells ?? null
    src = pick?.src
    if (!cells && row.labels.length === 0) {
      // The fifteen numbers broken over several lines (PDF and markdown copy-outs).
      const more = collectFollowing(region, i, N)
      cells = more?.cells ?? null
      src = more?.src
    }
    if (!cells) {
      // Three 5-column tables, one per group, each with its own header (corpus/real 041).
      const valueRows = region.filter(
        r => r.labels.length === 0 && r.values.some(v => !isEmptyCell(v))
      )
      const all = valueRows.flatMap(r => r.values.filter(v => !isEmptyCell(v)))
      if (
        valueRows.length === 3 &&
        all.length === N &&
        valueRows.every(r => r.values.length === 5)
      ) {
        cells = valueRows.flatMap(r => r.values)
        if (valueRows.some(r => r.ocr))
          src = valueRows.flatMap(r =>
            r.values.map((_, k) => ({ row: r, index: r.labelEnd + 1 + k }))
          )
      }
    }
  }
  // Say so (T01) rather than fill the table with empty cells: T02 would say 未填写数字 for numbers
  // that are there (a table exported one cell per line, its empty cells gone with the blank lines).
  const ambiguous =
    i >= 0 && !cells ? `第 ${line} 行起复议诉讼数值的列位置无法确定，按无法识别处理` : null
  const table = {} as ReviewLitigation
  REVIEW_GROUPS.forEach((g, gi) => {
    const grp = {} as ReviewLitigationGroup
    REVIEW_COLUMNS.forEach((c, ci) => {
      grp[c] = cells
        ? reader.cell(g, c, cells[gi * 5 + ci], line, src?.[gi * 5 + ci])
        : line
          ? reader.cell(g, c, '', line)
          : null
    })
    table[g] = grp
  })
  return { table, reader, found: i >= 0, ambiguous }
}
