/**
 * Plain text → DocumentModel. Text comes from PDF/Word copy-outs (cells separated by TABs, sample
 * files), from HTML conversions (TAB rows), from PDF-to-markdown tools (pipe tables, corpus/real
 * 041–043) and from crawlers (everything on one line, corpus/real 010–016).
 *
 * Only what is certain is decided here: a line with a TAB or a pipe-table line is a table row;
 * consecutive rows form a table, blank lines inside a table do not end it (samples 001, 002 and 004
 * have blank lines inside the applications table). Space-separated rows, one-cell-per-line tables
 * and labels broken over lines stay paragraphs: the template parser, which knows the labels,
 * reads them.
 */
import type { Block, DocumentModel, TableBlock, TableRow } from '../../shared/document'

const PIPE_ROW = /^\s*\|.*\|\s*$/
const PIPE_SEPARATOR = /^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$/
/**
 * Other bars a table is typed or drawn with: box drawing (│ ┃ ║, as text-mode tools and some
 * converters draw cells) and the full-width ｜ a Chinese input method types. Read as pipes.
 */
const BARS = /[\u2502\u2503\u2551\uff5c]/g
const HAS_BAR = /[\u2502\u2503\u2551\uff5c]/
/** A drawn rule between rows: ├──┼──┤, ┌──┬──┐, +----+----+, ═══: no text, only rule characters. */
const RULE_LINE = /^\s*[-+|:\u2500-\u257f\uff5c]{3,}\s*$/

export function splitPipeRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '')
  return inner.split('|').map(c => c.trim())
}

function rowOf(raw: string, lineNo: number): TableRow | null {
  const line = HAS_BAR.test(raw) ? raw.replace(BARS, '|') : raw
  if (PIPE_SEPARATOR.test(line)) return null
  if (PIPE_ROW.test(line)) return { cells: splitPipeRow(line), line: lineNo }
  if (line.includes('\t')) return { cells: line.split('\t').map(c => c.trim()), line: lineNo }
  return null
}

export function extractText(text: string): DocumentModel {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  const blocks: Block[] = []
  let table: TableBlock | null = null
  let blankRun = 0

  const closeTable = (): void => {
    if (table) blocks.push(table)
    table = null
  }

  lines.forEach((raw, i) => {
    const lineNo = i + 1
    const line = raw.replace(/\u00a0/g, ' ')
    if (line.trim() === '' && !line.includes('\t')) {
      blankRun++
      // Two blank lines end a table; one blank line inside a table is a page/paragraph artefact.
      if (blankRun >= 2) closeTable()
      return
    }
    if (PIPE_SEPARATOR.test(line) || (RULE_LINE.test(line) && /[-\u2500-\u257f]{3}/.test(line))) {
      blankRun = 0
      return
    }
    const row = rowOf(line, lineNo)
    if (row) {
      if (!table) table = { kind: 'table', rows: [], line: lineNo, endLine: lineNo }
      table.rows.push(row)
      table.endLine = lineNo
      blankRun = 0
      return
    }
    closeTable()
    blankRun = 0
    blocks.push({ kind: 'paragraph', text: line.trim(), line: lineNo })
  })
  closeTable()
  return { lines, blocks, meta: {} }
}
