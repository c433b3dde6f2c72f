/**
 * HTML <table> → expanded grid, shared by the HTML extractor and the Word reader (wordml.ts, whose
 * merged cells become spans). A cell covered by a rowspan/colspan becomes an EMPTY cell and the
 * spanning cell's text stays only in its top-left position — exactly how
 * corpus/real/001_shanghai_szfbgt_2019.txt renders its page, so the parser reads the same columns.
 */
import type { ChildNode, Element } from 'domhandler'
import { DomUtils } from 'htmlparser2'
import { cleanText } from './doc-builder'

export interface SpanCell {
  text: string
  rowspan: number
  colspan: number
}

/** Rowspans that run past the last row are clipped; rows are padded to the table's width. */
export function expandGrid(rows: SpanCell[][]): string[][] {
  const grid: (string | undefined)[][] = rows.map(() => [])
  rows.forEach((row, r) => {
    const out = grid[r]!
    let c = 0
    for (const cell of row) {
      while (out[c] !== undefined) c++
      for (let dr = 0; dr < cell.rowspan && r + dr < grid.length; dr++) {
        const target = grid[r + dr]!
        for (let dc = 0; dc < cell.colspan; dc++) {
          target[c + dc] = dr === 0 && dc === 0 ? cell.text : ''
        }
      }
      c += cell.colspan
    }
  })
  const width = Math.max(0, ...grid.map(r => r.length))
  return grid.map(r => Array.from({ length: width }, (_, i) => r[i] ?? ''))
}

function span(el: Element, name: string): number {
  const n = parseInt(el.attribs[name] ?? '', 10)
  // Browsers clamp spans the same way; 1000 guards against a typo like rowspan="99999".
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1
}

/** Text of a cell: line breaks and inner paragraphs joined with nothing (Chinese wraps, no spaces). */
export function cellText(el: Element): string {
  const acc = { out: '', seg: '' }
  collectText(el.children, acc)
  return acc.out + cleanText(acc.seg)
}

/**
 * Text runs between block boundaries (br, p, div, li) are each cleaned (white space collapsed,
 * trimmed) and joined with nothing. Built in one walk: this runs for every cell of every table.
 */
function collectText(nodes: ChildNode[], acc: { out: string; seg: string }): void {
  for (const n of nodes) {
    if (DomUtils.isText(n)) acc.seg += n.data
    else if (DomUtils.isTag(n)) {
      if (n.name === 'script' || n.name === 'style') continue
      const block = n.name === 'br' || n.name === 'p' || n.name === 'div' || n.name === 'li'
      if (block) {
        acc.out += cleanText(acc.seg)
        acc.seg = ''
      }
      collectText(n.children, acc)
      if (block) {
        acc.out += cleanText(acc.seg)
        acc.seg = ''
      }
    }
  }
}

/** Rows (tr) of this table, not of tables nested inside it. */
function tableRows(table: Element): Element[] {
  const rows: Element[] = []
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n)) continue
      if (n.name === 'tr') rows.push(n)
      else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') walk(n.children)
    }
  }
  walk(table.children)
  return rows
}

/** The table's rows as span cells (td/th), in document order. */
export function tableCells(table: Element): SpanCell[][] {
  return tableRows(table).map(tr =>
    tr.children
      .filter((n): n is Element => DomUtils.isTag(n) && (n.name === 'td' || n.name === 'th'))
      .map(td => ({
        text: cellText(td),
        rowspan: span(td, 'rowspan'),
        colspan: span(td, 'colspan')
      }))
  )
}

const LONG_TEXT_BLOCK = /^(p|div|h[1-6]|li)$/

/**
 * The table's span cells, or null for a layout table: the whole page in one cell, a table around
 * the article, holding other tables or long runs of paragraphs — read as flowing content, not as a
 * grid. One function so that the cells are read once (bench/, issue #8).
 */
export function gridCells(table: Element): SpanCell[][] | null {
  if (DomUtils.findOne(n => n.name === 'table', table.children, true)) return null
  const rows = tableCells(table)
  if (rows.length === 0) return null
  const cells = rows.reduce((s, r) => s + r.length, 0)
  if (cells === 1) return null
  const blocks = DomUtils.findAll(n => LONG_TEXT_BLOCK.test(n.name), table.children)
  let long = 0
  for (const b of blocks)
    if (cleanText(DomUtils.textContent(b)).length > 120 && ++long >= 3) return null
  return rows
}
