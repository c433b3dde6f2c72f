/**
 * Text whose ordinary characters came out as CJK radicals: 中华⼈⺠共和国, ⼀、总体情况. The two look
 * the same on screen, but a radical is another code point, so headings, labels and agency names
 * no longer match. PDFs printed from Chrome (the sample web pages printed to PDF) and from other
 * writers whose fonts map glyphs back to the radical blocks do this; text copied out of such a PDF
 * keeps it. NFKC covers only the Kangxi block (⼀ → 一), not the Supplement (⺠ → 民, ⻬ → 齐):
 * the Unicode Character Database's Equivalent_Unified_Ideograph covers both (radicals-table.ts).
 * A report never means a radical as such.
 */
import type { Block, DocumentModel } from '../../../shared/document'
import { EQUIVALENT_IDEOGRAPHS } from './radicals-table'

const IDEOGRAPH = new Map(EQUIVALENT_IDEOGRAPHS.map(([r, u]) => [String.fromCodePoint(r), String.fromCodePoint(u)]))
const HAS_RADICAL = /[\u2e80-\u2fdf]/
const RADICALS = /[\u2e80-\u2fdf]/g

export function unifyRadicals(s: string): string {
  return HAS_RADICAL.test(s) ? s.replace(RADICALS, c => IDEOGRAPH.get(c) ?? c) : s
}

/** The document with radicals replaced in its lines, blocks and title; the same object if none. */
export function unifyDocumentRadicals(doc: DocumentModel): DocumentModel {
  if (!doc.lines.some(l => HAS_RADICAL.test(l)) && !HAS_RADICAL.test(doc.meta.title ?? '')) return doc
  const blocks = doc.blocks.map((b): Block =>
    b.kind === 'paragraph'
      ? { ...b, text: unifyRadicals(b.text) }
      : { ...b, rows: b.rows.map(r => ({ ...r, cells: r.cells.map(unifyRadicals) })) }
  )
  const meta = doc.meta.title === undefined ? doc.meta : { ...doc.meta, title: unifyRadicals(doc.meta.title) }
  return { lines: doc.lines.map(unifyRadicals), blocks, meta }
}
