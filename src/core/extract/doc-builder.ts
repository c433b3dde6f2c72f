/**
 * Builds a DocumentModel the way every non-text format is rendered for display: one paragraph per
 * line, one table row per line with its cells joined by TAB. That is how
 * corpus/real/001_shanghai_szfbgt_2019.txt was produced from its HTML, so a parsed web page, Word
 * file or PDF and its text conversion give the same tables, and a table row ↔ line mapping stays
 * exact for the evidence shown on the review screen.
 */
import type {
  Block,
  DocumentMeta,
  DocumentModel,
  OcrRead,
  TableBlock,
  TableRow
} from '../../shared/document'
import { splitPipeRow } from './text'

/** Pipe-table rows as printed on some pages (`| 0 | 0 |`): read as the text extractor reads them. */
const PIPE_ROW = /^\s*\|.*\|\s*$/
const PIPE_SEPARATOR = /^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$/

/** Whitespace inside one cell or paragraph: collapsed, and never a TAB (the cell separator). */
export function cleanText(s: string): string {
  // JS \s covers TAB, NBSP (&nbsp;), the ideographic space and the BOM.
  return s.replace(/\s+/g, ' ').trim()
}

export class DocBuilder {
  readonly lines: string[] = []
  readonly blocks: Block[] = []

  private pipe: TableBlock | undefined

  paragraph(text: string): void {
    const t = cleanText(text)
    if (t === '') return
    if (PIPE_SEPARATOR.test(t)) return
    this.lines.push(t)
    const line = this.lines.length
    if (PIPE_ROW.test(t)) {
      if (!this.pipe) {
        this.pipe = { kind: 'table', rows: [], line, endLine: line }
        this.blocks.push(this.pipe)
      }
      this.pipe.rows.push({ cells: splitPipeRow(t), line })
      this.pipe.endLine = line
      return
    }
    this.pipe = undefined
    this.blocks.push({ kind: 'paragraph', text: t, line })
  }

  /**
   * Rows of an expanded grid ('' for empty and span-covered cells). Empty tables are dropped.
   * `ocr`: each cell's OCR read, parallel to `rows` (a report read by OCR).
   */
  table(rows: string[][], ocr?: (OcrRead | null)[][]): void {
    const kept = rows.map(r => r.map(c => cleanText(c)))
    if (kept.length === 0 || kept.every(r => r.every(c => c === ''))) return
    this.pipe = undefined
    const first = this.lines.length + 1
    const out = kept.map((cells, i): TableRow => {
      this.lines.push(cells.join('\t'))
      const row: TableRow = { cells, line: this.lines.length }
      const reads = ocr?.[i]
      if (reads) row.ocr = cells.map((_, k) => reads[k] ?? null)
      return row
    })
    this.blocks.push({ kind: 'table', rows: out, line: first, endLine: this.lines.length })
  }

  build(meta: DocumentMeta): DocumentModel {
    return { lines: this.lines, blocks: this.blocks, meta }
  }
}
