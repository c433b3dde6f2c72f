/**
 * Which template cells and source lines a finding points at. Findings carry their location as
 * template keys (cli.md): table, row (applications / proactive), group (reviewLitigation) and
 * column — row, group and column may list several keys separated by commas (T02 lists every empty
 * column of a row); an absent key means "the whole row / column".
 */
import type { FindingView, ReportDetail } from '../../../shared/api'
import type { TableKey } from '../../../shared/template'

function keys(s: string | undefined): string[] | null {
  if (s === undefined) return null
  return s.split(',').map(k => k.trim())
}

/** A03 names only a column: the balance involves these four rows of it (rules.md). */
const A03_ROWS = ['received', 'carriedOver', 'outcomeTotal', 'carriedForward']

/** Does finding f point at cell (row, column) of table? `row` is the group key for reviewLitigation. */
export function findingHitsCell(
  f: FindingView,
  table: TableKey,
  row: string,
  column: string
): boolean {
  if (f.table !== table) return false
  const rows =
    table === 'reviewLitigation'
      ? keys(f.group)
      : f.rule === 'A03' && !f.row
        ? A03_ROWS
        : keys(f.row)
  const cols = keys(f.column)
  if (rows === null && cols === null) return false // a whole-table finding (T01): no single cell
  if (rows !== null && !rows.includes(row)) return false
  if (cols !== null && !cols.includes(column)) return false
  return true
}

/** Source lines to highlight for a finding: its own lines, else its section or table span. */
export function evidenceLines(f: FindingView, detail: ReportDetail): number[] {
  if (f.lines && f.lines.length > 0) return f.lines
  if (f.section !== undefined) {
    const s = detail.sections.find(x => x.id === f.section)
    if (s) return [s.line]
  }
  if (f.table !== undefined) {
    const span = detail.tableLines[f.table]
    if (span) {
      const out: number[] = []
      for (let l = span[0]; l <= span[1] && out.length < 400; l++) out.push(l)
      return out
    }
  }
  return []
}

/** A finding no longer colours the report once dismissed. */
export function isOpen(f: FindingView): boolean {
  return f.review?.decision !== 'dismissed'
}
