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
 *   mc:Fallback holds the same text); a text box's paragraphs follow the paragraph anchoring it;
 * - automatic numbering is written out as Word shows it (word-numbering.ts): 一、总体情况, not
 *   总体情况 (mammoth left it out: auto-numbered headings read as six missing sections).
 *
 * Until 2026-11 a .docx went through mammoth (to HTML, then the HTML extractor): 40 ms a file,
 * spent in its DOM and style handling, against ~3 ms here. Both gave the same lines and blocks on
 * every .docx fixture (bench/, issue #8).
 */
import type { ChildNode, Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'
import type { DocumentModel } from '../../shared/document'
import { DocBuilder, cleanText } from './doc-builder'
import { expandGrid, type SpanCell } from './html-table'
import { findElement, kid, wordLists, type WordLists } from './word-numbering'

export type WordmlResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

const intAttr = (el: Element | undefined, fallback: number): number => {
  const n = parseInt(el?.attribs['w:val'] ?? '', 10)
  return Number.isFinite(n) && n >= 0 ? Math.min(n, 1000) : fallback
}

/** Elements whose text is not shown: properties, deleted or moved-away text, field codes. */
const HIDDEN = new Set([
  'w:pPr',
  'w:rPr',
  'w:tblPr',
  'w:trPr',
  'w:tcPr',
  'w:sdtPr',
  'w:del',
  'w:delText',
  'w:moveFrom',
  'w:instrText',
  'w:sectPr'
])

/** A paragraph's text split at line breaks, and the text boxes (w:txbxContent) it anchors. */
interface ParagraphText {
  segments: string[]
  boxes: Element[]
  /** The segment being read. */
  seg: string
}

/** `lists`: the document's automatic numbering, whose number starts the paragraph's text. */
function readParagraph(p: Element, lists: WordLists | null): ParagraphText {
  const out: ParagraphText = {
    segments: [],
    boxes: [],
    seg: lists ? lists.label(kid(p, 'w:pPr')) : ''
  }
  readRuns(p.children, out)
  out.segments.push(out.seg)
  return out
}

// The readers below are plain recursive functions, not closures: they run for every element of
// the document, and a closure per call cost a tenth of a .docx's reading (bench/, issue #8).
function readRuns(nodes: ChildNode[], out: ParagraphText): void {
  for (const n of nodes) {
    if (!DomUtils.isTag(n) || HIDDEN.has(n.name)) continue
    switch (n.name) {
      case 'w:t':
        out.seg += DomUtils.textContent(n)
        break
      case 'w:tab':
      case 'w:ptab':
        out.seg += ' '
        break
      case 'w:noBreakHyphen':
        out.seg += '\u2011'
        break
      case 'w:br':
      case 'w:cr': {
        const type = n.attribs['w:type']
        if (type === undefined || type === 'textWrapping') {
          out.segments.push(out.seg)
          out.seg = ''
        }
        break
      }
      case 'w:txbxContent':
        out.boxes.push(n)
        break
      case 'mc:AlternateContent':
        readRuns(kid(n, 'mc:Fallback')?.children ?? [], out)
        break
      default:
        readRuns(n.children, out)
    }
  }
}

/** What a table cell holds: its text, and what makes its table a layout table (gridOf). */
interface CellRead {
  /** Its paragraphs and their line breaks, each cleaned, joined with nothing. */
  text: string
  /** It holds a table. */
  nested: boolean
  /** Its paragraphs longer than 120 characters. */
  long: number
}

/** One walk per cell: this runs for every cell of every table (bench/, issue #8). */
function readCell(tc: Element, lists: WordLists | null): CellRead {
  const out: CellRead = { text: '', nested: false, long: 0 }
  readCellNodes(tc.children, out, lists)
  return out
}

function readCellNodes(nodes: ChildNode[], out: CellRead, lists: WordLists | null): void {
  for (const n of nodes) {
    if (!DomUtils.isTag(n) || HIDDEN.has(n.name)) continue
    if (n.name === 'w:p') {
      const p = readParagraph(n, lists)
      let para = ''
      for (const s of p.segments) para += cleanText(s)
      out.text += para
      if (para.length > 120) out.long++
      for (const box of p.boxes) readCellNodes(box.children, out, lists)
    } else if (n.name === 'mc:AlternateContent')
      readCellNodes(kid(n, 'mc:Fallback')?.children ?? [], out, lists)
    else {
      if (n.name === 'w:tbl') out.nested = true
      readCellNodes(n.children, out, lists)
    }
  }
}

type Row = { tr: Element; cells: Element[] }

/** The table's rows (deleted rows left out) and each row's cells, in document order. */
function rowsOf(nodes: ChildNode[], rows: Row[] = []): Row[] {
  for (const n of nodes) {
    if (!DomUtils.isTag(n)) continue
    if (n.name === 'w:tr') {
      if (!kid(kid(n, 'w:trPr'), 'w:del')) rows.push({ tr: n, cells: cellsOf(n.children) })
    } else if (WRAPPERS.has(n.name)) rowsOf(n.children, rows)
  }
  return rows
}

function cellsOf(nodes: ChildNode[], cells: Element[] = []): Element[] {
  for (const n of nodes) {
    if (!DomUtils.isTag(n)) continue
    if (n.name === 'w:tc') cells.push(n)
    else if (WRAPPERS.has(n.name)) cellsOf(n.children, cells)
  }
  return cells
}

/** Elements that may wrap rows or cells (content controls, custom XML). */
const WRAPPERS = new Set(['w:sdt', 'w:sdtContent', 'w:customXml'])

/** Span cells of a grid table; null for a layout table (the rules of html-table.ts gridCells). */
function gridOf(rows: Row[], lists: WordLists | null): SpanCell[][] | null {
  if (rows.length === 0) return null
  let cells = 0
  let long = 0
  let nested = false
  const pad = (n: number): SpanCell[] =>
    Array.from({ length: n }, () => ({ text: '', rowspan: 1, colspan: 1 }))
  const grid = rows.map(({ tr, cells: tcs }) => {
    const trPr = kid(tr, 'w:trPr')
    const own = tcs.map(tc => {
      const read = readCell(tc, lists)
      cells++
      long += read.long
      nested ||= read.nested
      const pr = kid(tc, 'w:tcPr')
      const vMerge = kid(pr, 'w:vMerge')
      const hMerge = kid(pr, 'w:hmerge')
      // A merge element without w:val="restart" continues the cell above / to the left.
      const covered =
        (vMerge && vMerge.attribs['w:val'] !== 'restart') ||
        (hMerge && hMerge.attribs['w:val'] !== 'restart')
      return {
        text: covered ? '' : read.text,
        rowspan: 1,
        colspan: Math.max(1, intAttr(kid(pr, 'w:gridSpan'), 1))
      }
    })
    return [
      ...pad(intAttr(kid(trPr, 'w:gridBefore'), 0)),
      ...own,
      ...pad(intAttr(kid(trPr, 'w:gridAfter'), 0))
    ]
  })
  return cells === 1 || nested || long >= 3 ? null : grid
}

/** Paragraphs and tables of a body, a text box or a layout table's cells, in order. */
function readBlocks(nodes: ChildNode[], b: DocBuilder, lists: WordLists | null): void {
  for (const n of nodes) {
    if (!DomUtils.isTag(n) || HIDDEN.has(n.name)) continue
    if (n.name === 'w:p') {
      const p = readParagraph(n, lists)
      for (const s of p.segments) b.paragraph(s)
      for (const box of p.boxes) readBlocks(box.children, b, lists)
    } else if (n.name === 'w:tbl') {
      const rows = rowsOf(n.children)
      const saved = lists?.save()
      const grid = gridOf(rows, lists)
      if (grid) b.table(expandGrid(grid))
      else {
        // Read again as flowing text: its list numbers count once.
        if (lists && saved) lists.restore(saved)
        for (const { cells } of rows) for (const tc of cells) readBlocks(tc.children, b, lists)
      }
    } else if (n.name === 'mc:AlternateContent')
      readBlocks(kid(n, 'mc:Fallback')?.children ?? [], b, lists)
    else readBlocks(n.children, b, lists)
  }
}

/**
 * The paragraphs and tables of the w:body among `nodes`; null when there is no body. `lists` holds
 * the document's list definitions (word-numbering.ts), when it has any.
 */
function readBody(nodes: ChildNode[], lists: WordLists | null): DocBuilder | null {
  const body = findElement(nodes, 'w:body')
  if (!body) return null
  const b = new DocBuilder()
  readBlocks(body.children, b, lists)
  return b
}

/**
 * Properties are cut down before parsing: they are nearly half of what Word writes (fonts, sizes,
 * spacing on every run and paragraph) and hold no text, so the parse takes ~40 % less (bench/,
 * issue #8). Run properties go; of a paragraph's, only its style and list (w:pStyle, w:numPr) stay,
 * for its automatic number. The first end tag ends a match, so a tracked change's nested properties
 * (w:pPrChange, w:rPrChange) leave a stray end tag, which the XML parser ignores. Text cannot hold
 * `<w:rPr>`: XML escapes `<` in text.
 */
const PROPERTIES = [
  ['<w:pPr>', '</w:pPr>'],
  ['<w:rPr>', '</w:rPr>']
] as const
const LIST_PROPERTIES = [
  ['<w:pStyle ', '/>'],
  ['<w:numPr>', '</w:numPr>']
] as const

/**
 * Each span from an `open` tag to the first `close` after it, earliest first, replaced by
 * `fn(span)`. Written as a lazy pattern (`<w:pPr>[\s\S]*?<\/w:pPr>`), a damaged file's tags left
 * open were each searched to the end of the document again: quadratic (regex-safety.test.ts).
 * Here each end tag is looked for once, and an open tag that finds none ends its kind.
 */
function replaceSpans(
  xml: string,
  pairs: ReadonlyArray<readonly [string, string]>,
  fn: (span: string) => string
): string {
  const next = pairs.map(([open]) => xml.indexOf(open))
  let out = ''
  let from = 0
  for (;;) {
    let k = -1
    for (let i = 0; i < pairs.length; i++)
      if (next[i]! >= 0 && (k < 0 || next[i]! < next[k]!)) k = i
    if (k < 0) break
    const [open, close] = pairs[k]!
    const start = next[k]!
    const end = xml.indexOf(close, start + open.length)
    if (end < 0) {
      next[k] = -1
      continue
    }
    const stop = end + close.length
    out += xml.slice(from, start) + fn(xml.slice(start, stop))
    from = stop
    for (let i = 0; i < pairs.length; i++)
      if (next[i]! >= 0 && next[i]! < from) next[i] = xml.indexOf(pairs[i]![0], from)
  }
  return out + xml.slice(from)
}

function keepListProperties(m: string): string {
  if (m.startsWith('<w:rPr>')) return ''
  const kept: string[] = []
  replaceSpans(m, LIST_PROPERTIES, span => {
    kept.push(span)
    return ''
  })
  return kept.length > 0 ? `<w:pPr>${kept.join('')}</w:pPr>` : ''
}

function parseWordXml(xml: string): ReturnType<typeof parseDocument> {
  return parseDocument(replaceSpans(xml, PROPERTIES, keepListProperties), { xmlMode: true })
}

/** Pictures in Word's XML: DrawingML (w:drawing) and VML (w:pict) ones. */
export function countPictures(xml: string): number {
  return xml.match(/<w:(?:drawing|pict)[\s>]/g)?.length ?? 0
}

/**
 * A .docx's word/document.xml, with its numbering.xml and styles.xml when it has them (for its
 * automatic numbering); null when it has no body.
 */
export function readDocumentXml(
  xml: string,
  parts: { numbering?: string | undefined; styles?: string | undefined } = {}
): DocBuilder | null {
  const part = (x: string | undefined, name: string): Element | undefined =>
    x ? findElement(parseWordXml(x).children, name) : undefined
  const numbering = part(parts.numbering, 'w:numbering')
  return readBody(
    parseWordXml(xml).children,
    numbering ? wordLists(numbering, part(parts.styles, 'w:styles')) : null
  )
}

export function extractWordml(bytes: Buffer): WordmlResult {
  const xml = bytes.toString('utf8')
  if (!/<(w:wordDocument|pkg:package)[\s>]/.test(xml.slice(0, 4096))) {
    return { ok: false, reason: '不是 Word 2003 XML（WordML）文档，无法读取该 XML 文件' }
  }
  const dom = parseWordXml(xml)
  // Flat XML holds every part: the list definitions are in the same document (Word 2003 XML's
  // w:lists are not read).
  const numbering = findElement(dom.children, 'w:numbering')
  const b = readBody(
    dom.children,
    numbering ? wordLists(numbering, findElement(dom.children, 'w:styles')) : null
  )
  if (!b) return { ok: false, reason: '文件已损坏：WordML 文档中没有正文（w:body）' }
  if (b.lines.length === 0) return { ok: false, reason: 'WordML 文档中没有文字内容' }
  const title = DomUtils.findOne(n => n.name === 'o:Title', dom.children, true)
  const titleText = title ? DomUtils.textContent(title).trim() : ''
  const images = countPictures(xml)
  return {
    ok: true,
    doc: b.build({ ...(titleText ? { title: titleText } : {}), ...(images > 0 ? { images } : {}) })
  }
}
