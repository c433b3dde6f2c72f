/**
 * WordprocessingML body → DocumentModel, for every Word format that is XML inside: .docx (its
 * word/document.xml, docx.ts), and .xml saved by Word and WPS — Word 2003 XML (`<w:wordDocument>`)
 * and Word 2007+ flat XML (`<pkg:package>` holding word/document.xml) — which share the body's
 * element names.
 *
 * Read with htmlparser2 in XML mode and rendered as the HTML extractor renders a page, so a Word
 * file and the web page it was pasted from give the same lines and grids:
 * - merged cells as in HTML: a w:gridSpan is a colspan, a continued w:vMerge / w:hmerge cell an
 *   empty covered cell, w:gridBefore / w:gridAfter empty cells before / after the row's own;
 * - a line break (w:br, w:cr) ends a paragraph; inside a cell, breaks and paragraphs are joined
 *   with nothing (Chinese wraps without spaces);
 * - a layout table (one cell, a table inside, or long paragraphs) is read as flowing text, not as
 *   a grid (html-table.ts gridCells);
 * - deleted and moved-away text, field codes and mc:AlternateContent's modern copy are skipped (its
 *   mc:Fallback holds the same text); a text box's paragraphs follow the paragraph anchoring it.
 *
 * Until 2026-11 a .docx went through mammoth (to HTML, then the HTML extractor): 40 ms a file,
 * spent in its DOM and style handling, against ~3 ms here. Both gave the same lines and blocks on
 * every .docx fixture (bench/, issue #8).
 */
import type { ChildNode, Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'
import type { DocumentModel } from '../../../shared/document'
import { DocBuilder, cleanText } from './doc-builder'
import { expandGrid, type SpanCell } from './html-table'

export type WordmlResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

const isTag = (n: ChildNode, name: string): n is Element => DomUtils.isTag(n) && n.name === name
const kid = (el: Element | undefined, name: string): Element | undefined => el?.children.find((n): n is Element => isTag(n, name))
const intAttr = (el: Element | undefined, fallback: number): number => {
  const n = parseInt(el?.attribs['w:val'] ?? '', 10)
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 1000) : fallback
}

/** Elements whose text is not shown: properties, deleted or moved-away text, field codes. */
const HIDDEN = new Set(['w:pPr', 'w:rPr', 'w:tblPr', 'w:trPr', 'w:tcPr', 'w:sdtPr', 'w:del', 'w:delText', 'w:moveFrom', 'w:instrText', 'w:sectPr'])

/** A paragraph's text split at line breaks, and the text boxes (w:txbxContent) it anchors. */
interface ParagraphText {
  segments: string[]
  boxes: Element[]
}

function readParagraph(p: Element): ParagraphText {
  const out: ParagraphText = { segments: [], boxes: [] }
  let seg = ''
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n) || HIDDEN.has(n.name)) continue
      switch (n.name) {
        case 'w:t':
          seg += DomUtils.textContent(n)
          break
        case 'w:tab':
        case 'w:ptab':
          seg += ' '
          break
        case 'w:noBreakHyphen':
          seg += '\u2011'
          break
        case 'w:br':
        case 'w:cr': {
          const type = n.attribs['w:type']
          if (type === undefined || type === 'textWrapping') {
            out.segments.push(seg)
            seg = ''
          }
          break
        }
        case 'w:txbxContent':
          out.boxes.push(n)
          break
        case 'mc:AlternateContent':
          walk(kid(n, 'mc:Fallback')?.children ?? [])
          break
        default:
          walk(n.children)
      }
    }
  }
  walk(p.children)
  out.segments.push(seg)
  return out
}

/** A cell's text: its paragraphs and their line breaks, each cleaned, joined with nothing. */
function cellText(tc: Element): string {
  let out = ''
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n) || HIDDEN.has(n.name)) continue
      if (n.name === 'w:p') {
        const p = readParagraph(n)
        for (const s of p.segments) out += cleanText(s)
        for (const box of p.boxes) walk(box.children)
      } else if (n.name === 'mc:AlternateContent') walk(kid(n, 'mc:Fallback')?.children ?? [])
      else walk(n.children)
    }
  }
  walk(tc.children)
  return out
}

/** The table's rows (deleted rows left out) and each row's cells, in document order. */
function rowsOf(tbl: Element): { tr: Element; cells: Element[] }[] {
  const rows: { tr: Element; cells: Element[] }[] = []
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n)) continue
      if (n.name === 'w:tr') {
        if (!kid(kid(n, 'w:trPr'), 'w:del')) rows.push({ tr: n, cells: cellsOf(n) })
      } else if (n.name === 'w:sdt' || n.name === 'w:sdtContent' || n.name === 'w:customXml') walk(n.children)
    }
  }
  walk(tbl.children)
  return rows
}

function cellsOf(tr: Element): Element[] {
  const cells: Element[] = []
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n)) continue
      if (n.name === 'w:tc') cells.push(n)
      else if (n.name === 'w:sdt' || n.name === 'w:sdtContent' || n.name === 'w:customXml') walk(n.children)
    }
  }
  walk(tr.children)
  return cells
}

/** Span cells of a grid table; null for a layout table (the rules of html-table.ts gridCells). */
function gridOf(tbl: Element): SpanCell[][] | null {
  const rows = rowsOf(tbl)
  if (rows.length === 0) return null
  if (rows.reduce((s, r) => s + r.cells.length, 0) === 1) return null
  if (rows.some(r => r.cells.some(tc => DomUtils.findOne(n => n.name === 'w:tbl', tc.children, true)))) return null
  let long = 0
  for (const p of DomUtils.findAll(n => n.name === 'w:p', tbl.children)) {
    if (cleanText(readParagraph(p).segments.join('')).length > 120 && ++long >= 3) return null
  }
  return rows.map(({ tr, cells }) => {
    const trPr = kid(tr, 'w:trPr')
    const pad = (n: number): SpanCell[] => Array.from({ length: n }, () => ({ text: '', rowspan: 1, colspan: 1 }))
    const own = cells.map(tc => {
      const pr = kid(tc, 'w:tcPr')
      const vMerge = kid(pr, 'w:vMerge')
      const hMerge = kid(pr, 'w:hmerge')
      // A merge element without w:val="restart" continues the cell above / to the left.
      const covered = (vMerge && vMerge.attribs['w:val'] !== 'restart') || (hMerge && hMerge.attribs['w:val'] !== 'restart')
      return { text: covered ? '' : cellText(tc), rowspan: 1, colspan: Math.max(1, intAttr(kid(pr, 'w:gridSpan'), 1)) }
    })
    return [...pad(intAttr(kid(trPr, 'w:gridBefore'), 0)), ...own, ...pad(intAttr(kid(trPr, 'w:gridAfter'), 0))]
  })
}

/** Paragraphs and tables of a body, a text box or a layout table's cells, in order. */
function readBlocks(nodes: ChildNode[], b: DocBuilder): void {
  for (const n of nodes) {
    if (!DomUtils.isTag(n) || HIDDEN.has(n.name)) continue
    if (n.name === 'w:p') {
      const p = readParagraph(n)
      for (const s of p.segments) b.paragraph(s)
      for (const box of p.boxes) readBlocks(box.children, b)
    } else if (n.name === 'w:tbl') {
      const grid = gridOf(n)
      if (grid) b.table(expandGrid(grid))
      else for (const { cells } of rowsOf(n)) for (const tc of cells) readBlocks(tc.children, b)
    } else if (n.name === 'mc:AlternateContent') readBlocks(kid(n, 'mc:Fallback')?.children ?? [], b)
    else readBlocks(n.children, b)
  }
}

/** The paragraphs and tables of the w:body among `nodes`; null when there is no body. */
function readBody(nodes: ChildNode[]): DocBuilder | null {
  const body = DomUtils.findOne(n => n.name === 'w:body', nodes, true)
  if (!body) return null
  const b = new DocBuilder()
  readBlocks(body.children, b)
  return b
}

/** A .docx's word/document.xml; null when it has no body. */
export function readDocumentXml(xml: string): DocBuilder | null {
  return readBody(parseDocument(xml, { xmlMode: true }).children)
}

export function extractWordml(bytes: Buffer): WordmlResult {
  const xml = bytes.toString('utf8')
  if (!/<(w:wordDocument|pkg:package)[\s>]/.test(xml.slice(0, 4096))) {
    return { ok: false, reason: '不是 Word 2003 XML（WordML）文档，无法读取该 XML 文件' }
  }
  const dom = parseDocument(xml, { xmlMode: true })
  const b = readBody(dom.children)
  if (!b) return { ok: false, reason: '文件已损坏：WordML 文档中没有正文（w:body）' }
  if (b.lines.length === 0) return { ok: false, reason: 'WordML 文档中没有文字内容' }
  const title = DomUtils.findOne(n => n.name === 'o:Title', dom.children, true)
  const titleText = title ? DomUtils.textContent(title).trim() : ''
  return { ok: true, doc: b.build(titleText ? { title: titleText } : {}) }
}
