/**
 * Shared state while one table is read: the evidence every table parser records.
 */
import type { LabelIssue, ParseNote, RawCell } from '../../shared/model'
import type { TableKey } from '../../shared/template'
import type { OcrRead } from '../../shared/document'
import { parseCell } from './cells'
import type { CellSource } from './values'

/**
 * 'applications.granted.total': the template's few hundred keys built once and reused, so the
 * ~200 cells of each report store an existing string instead of building and hashing a new one
 * (a tenth of a parse; bench/, issue #8).
 */
const KEYS = new Map<string, Map<string, Map<string, string>>>()

function cellKey(table: TableKey, row: string, column: string): string {
  let rows = KEYS.get(table)
  if (!rows) KEYS.set(table, (rows = new Map()))
  let columns = rows.get(row)
  if (!columns) {
    // Rows are the template's keys, a few hundred at most; bounded like the parser's other caches.
    if (rows.size > 5_000) rows.clear()
    rows.set(row, (columns = new Map()))
  }
  let key = columns.get(column)
  if (key === undefined)
    columns.set(column, (key = column ? `${table}.${row}.${column}` : `${table}.${row}`))
  return key
}

export class TableReader {
  readonly labelIssues: LabelIssue[] = []
  readonly rawCells: RawCell[] = []
  readonly cellLines: Record<string, number> = {}
  readonly notes: ParseNote[] = []
  /** Cell key → the OCR read its text came from (only cells of rows read from a scan). */
  readonly ocrReads: Record<string, OcrRead | null> = {}
  constructor(readonly table: TableKey) {}

  /** Parse one cell and record its line, any raw (non-clean) text and the OCR read it came from. */
  cell(
    row: string,
    column: string,
    text: string | undefined,
    line: number,
    src?: CellSource
  ): number | null {
    const key = cellKey(this.table, row, column)
    this.cellLines[key] = line
    if (src?.row.ocr) this.ocrReads[key] = src.row.ocr[src.index] ?? null
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
