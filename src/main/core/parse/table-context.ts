/**
 * Shared state while one table is read: the evidence every table parser records.
 */
import type { LabelIssue, ParseNote, RawCell } from '../../../shared/model'
import { parseCell } from './cells'

export type TableKey = 'proactive' | 'applications' | 'reviewLitigation'

export class TableReader {
  readonly labelIssues: LabelIssue[] = []
  readonly rawCells: RawCell[] = []
  readonly cellLines: Record<string, number> = {}
  readonly notes: ParseNote[] = []
  constructor(readonly table: TableKey) {}

  /** Parse one cell and record its line and any raw (non-clean) text. */
  cell(row: string, column: string, text: string | undefined, line: number): number | null {
    const key = column ? `${this.table}.${row}.${column}` : `${this.table}.${row}`
    this.cellLines[key] = line
    const v = parseCell(text ?? '')
    if (v.raw !== undefined) {
      this.rawCells.push({ table: this.table, row, column, text: v.raw, line, value: v.value })
    }
    return v.value
  }

  note(code: string, message: string, line?: number): void {
    this.notes.push({ code, message, line, table: this.table })
  }
}
