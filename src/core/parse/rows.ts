/**
 * Logical rows: every table row and every paragraph of the document, split into label cells and
 * value cells. Paragraph lines become rows too, because real files lose their table structure:
 * `行政许可 97` (space-separated, corpus/real 042), a label alone on its line followed by one
 * number per line, or a label broken over two lines (`（二）部分公开（区分处理的，只` / `计这一情形…`).
 */
import type { DocumentModel, OcrRead } from '../../shared/document'
import { isEmptyCell, isValueLike } from './cells'
import { normLabel, normText } from './normalize'

export interface LogicalRow {
  /** Label cells (leading empties dropped, non-empty only). */
  labels: string[]
  /** Value cells after the last label cell, empties kept in place. */
  values: string[]
  /** All cells as found (a paragraph is one cell). */
  cells: string[]
  /** Index in `cells` of the last label cell (-1 when the row has no label). */
  labelEnd: number
  line: number
  /** Normalised text of the whole row, for anchors. */
  readonly norm: string
  paragraph: boolean
  /** Character offset in the line where this row starts (a run-on line split at headings). */
  offset?: number
  /** OCR reads parallel to `cells`, when the row was read from a scan (issue #24). */
  ocr?: (OcrRead | null)[]
}

/**
 * A number ends at white space, a sign or the end: without that lookahead, `1,1,1…` could be cut
 * into numbers in exponentially many ways, and a line of thirty `1,` before a word took minutes
 * (4 s at 28) to be found not to end in numbers.
 */
const NUMBER = String.raw`[-+]?\d[\d,]*(?:\.\d+)?(?=\s|[-+]|$)\s*`
const TRAILING_NUMBERS = new RegExp(String.raw`^(.*?[^\d\s.,+-])\s+((?:${NUMBER})+)$`)
const ONLY_NUMBERS = new RegExp(`^(?:${NUMBER})+$`)

/** `norm` is computed on first use: most narrative rows are never compared with a label. */
class Row implements LogicalRow {
  offset?: number
  ocr?: (OcrRead | null)[]
  private normCache: string | undefined
  constructor(
    readonly labels: string[],
    readonly values: string[],
    readonly cells: string[],
    readonly labelEnd: number,
    readonly line: number,
    readonly paragraph: boolean
  ) {}
  get norm(): string {
    // A whole row, numbers included, rarely recurs: not worth the label memo's hashing and copying.
    return (this.normCache ??= normText(this.cells.join('')))
  }
}

export function splitCells(cells: string[], line: number, paragraph = false): LogicalRow {
  let last = -1
  cells.forEach((c, i) => {
    if (!isEmptyCell(c) && !isValueLike(c)) last = i
  })
  const labels = cells.slice(0, last + 1).filter(c => !isEmptyCell(c))
  const values = cells.slice(last + 1)
  return new Row(labels, values, cells, last, line, paragraph)
}

function paragraphRow(text: string, line: number): LogicalRow {
  const t = text.replace(/\*\*/g, '').trim()
  if (ONLY_NUMBERS.test(t)) return splitCells(t.split(/\s+/), line, true)
  const m = TRAILING_NUMBERS.exec(t)
  if (m && m[1] && m[2]) return splitCells([m[1].trim(), ...m[2].trim().split(/\s+/)], line, true)
  return new Row([t], [], [t], 0, line, true)
}

/** Section headings inside a run-on line (crawler text, corpus/real 010–016: the body on one line). */
const INLINE_HEADING =
  /[一二三四五六]、(?=总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|(?:政府信息公开)?行政法?复议|因政府信息公开申请行政复议|(?:政府信息公开工作)?存在的主要问题|其他需要报告的事项)/g

/** Split a very long paragraph at the section headings it contains (same line number for all). */
function splitRunOn(text: string): { part: string; offset: number }[] {
  if (text.length < 300) return [{ part: text, offset: 0 }]
  const cuts = [...text.matchAll(INLINE_HEADING)].map(m => m.index ?? 0).filter(i => i > 0)
  if (cuts.length === 0) return [{ part: text, offset: 0 }]
  const parts: { part: string; offset: number }[] = []
  let from = 0
  for (const c of cuts) {
    parts.push({ part: text.slice(from, c), offset: from })
    from = c
  }
  parts.push({ part: text.slice(from), offset: from })
  return parts.filter(p => p.part.trim() !== '')
}

export function logicalRows(doc: DocumentModel): LogicalRow[] {
  const out: LogicalRow[] = []
  for (const b of doc.blocks) {
    if (b.kind === 'paragraph') {
      for (const { part, offset } of splitRunOn(b.text)) {
        if (part.trim() === '') continue
        const row = paragraphRow(part, b.line)
        if (offset > 0)
          row.offset = offset + Math.max(0, (doc.lines[b.line - 1] ?? '').indexOf(b.text))
        out.push(row)
      }
    } else {
      for (const r of b.rows) {
        if (r.cells.every(isEmptyCell)) continue
        const row = splitCells(r.cells, r.line)
        if (r.ocr) row.ocr = r.ocr
        out.push(row)
      }
    }
  }
  return out
}

/** The label of a row for matching: the last label cell, normalised. */
export function lastLabel(row: LogicalRow): string {
  return normLabel(row.labels[row.labels.length - 1] ?? '')
}
