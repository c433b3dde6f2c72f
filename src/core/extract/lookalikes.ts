/**
 * Characters that look like others and break every pattern written with the ordinary ones:
 *
 * - CJK radicals for ordinary characters: 中华⼈⺠共和国, ⼀、总体情况. The two look the same on
 *   screen, but a radical is another code point, so headings, labels and agency names no longer
 *   match. PDFs printed from Chrome (the sample web pages printed to PDF) and from other writers
 *   whose fonts map glyphs back to the radical blocks do this; text copied out of such a PDF keeps
 *   it. NFKC covers only the Kangxi block (⼀ → 一), not the Supplement (⺠ → 民, ⻬ → 齐): the
 *   Unicode Character Database's Equivalent_Unified_Ideograph covers both (radicals-table.ts).
 *   A report never means a radical as such.
 * - Full-width digits, typed with a full-width input method: ２０２３年 matched no year pattern
 *   (`\d` is ASCII), so the title, the period and stated counts were missed; the cells were read
 *   (they are NFKC-normalised). Other full-width forms stay: the template's labels use （一）.
 */
import type { Block, DocumentModel } from '../../shared/document'
import { EQUIVALENT_IDEOGRAPHS } from './radicals-table'

const ORDINARY = new Map([
  ...EQUIVALENT_IDEOGRAPHS.map(
    ([r, u]) => [String.fromCodePoint(r), String.fromCodePoint(u)] as const
  ),
  ...Array.from({ length: 10 }, (_, d) => [String.fromCharCode(0xff10 + d), String(d)] as const)
])
const HAS_LOOKALIKE = /[\u2e80-\u2fdf\uff10-\uff19]/
const LOOKALIKES = /[\u2e80-\u2fdf\uff10-\uff19]/g

export function unifyLookalikes(s: string): string {
  return HAS_LOOKALIKE.test(s) ? s.replace(LOOKALIKES, c => ORDINARY.get(c) ?? c) : s
}

/**
 * Letter-spaced runs: 政 府 信 息 公 开 工 作 年 度 报 告, a title set with a space between its
 * characters, or text copied out of such a PDF (the PDF reader joins them itself, pdf-layout.ts
 * CJK_GAP). Four or more ideographs each one space apart are joined. Two words a space apart
 * (行政许可 行政处罚, the cells of a space-separated table) are not such a run. Five samples spaced
 * so lost their agency, year, period and section headings.
 */
const SPACED_RUN = /[\u3007\u4e00-\u9fff](?:[ \u3000][\u3007\u4e00-\u9fff]){3,}/g
const HAS_SPACED_RUN = /[\u3007\u4e00-\u9fff](?:[ \u3000][\u3007\u4e00-\u9fff]){3,}/

export function joinLetterSpaced(s: string): string {
  return HAS_SPACED_RUN.test(s) ? s.replace(SPACED_RUN, run => run.replace(/[ \u3000]/g, '')) : s
}

const ordinary = (s: string): string => joinLetterSpaced(unifyLookalikes(s))
const unusual = (s: string): boolean => HAS_LOOKALIKE.test(s) || HAS_SPACED_RUN.test(s)

/**
 * The document with lookalikes replaced and letter-spaced runs joined in its lines, blocks and
 * title; the same object if there are none.
 */
export function unifyDocumentText(doc: DocumentModel): DocumentModel {
  if (!doc.lines.some(unusual) && !unusual(doc.meta.title ?? '')) return doc
  const blocks = doc.blocks.map((b): Block =>
    b.kind === 'paragraph'
      ? { ...b, text: ordinary(b.text) }
      : { ...b, rows: b.rows.map(r => ({ ...r, cells: r.cells.map(ordinary) })) }
  )
  const meta =
    doc.meta.title === undefined ? doc.meta : { ...doc.meta, title: ordinary(doc.meta.title) }
  return { lines: doc.lines.map(ordinary), blocks, meta }
}
