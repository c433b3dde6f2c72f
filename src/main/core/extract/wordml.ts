/**
 * Word XML saved as .xml by Word and WPS → DocumentModel: Word 2003 XML (WordML,
 * `<w:wordDocument>`) and Word 2007+ flat XML (`<pkg:package>` holding word/document.xml), which
 * share the body's element names.
 * Read with htmlparser2 in XML mode; merged cells are honoured the same way as in HTML: a
 * w:gridSpan is a colspan, a continued w:vMerge / w:hmerge cell is an empty covered cell.
 */
import type { ChildNode, Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'
import type { DocumentModel } from '../../../shared/document'
import { DocBuilder } from './doc-builder'
import { expandGrid, type SpanCell } from './html-table'

export type WordmlResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

const kids = (el: Element, name: string): Element[] =>
  el.children.filter((n): n is Element => DomUtils.isTag(n) && n.name === name)

/** Visible text of a paragraph: runs' w:t, tabs as spaces; deleted text and field codes skipped. */
function paraText(p: Element): string {
  let out = ''
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n)) continue
      if (n.name === 'w:t') out += DomUtils.textContent(n)
      else if (n.name === 'w:tab') out += ' '
      else if (n.name === 'w:delText' || n.name === 'w:instrText' || n.name === 'w:pPr' || n.name === 'w:rPr') continue
      else walk(n.children)
    }
  }
  walk(p.children)
  return out
}

function cellText(tc: Element): string {
  return DomUtils.findAll(n => n.name === 'w:p', tc.children)
    .map(paraText)
    .join('')
}

function tableRows(tbl: Element): SpanCell[][] {
  return kids(tbl, 'w:tr').map(tr =>
    kids(tr, 'w:tc').map(tc => {
      const pr = kids(tc, 'w:tcPr')[0]
      const prop = (name: string): Element | undefined => (pr ? kids(pr, name)[0] : undefined)
      const span = parseInt(prop('w:gridSpan')?.attribs['w:val'] ?? '1', 10)
      const vMerge = prop('w:vMerge')
      const hMerge = prop('w:hmerge')
      // A merge element without w:val="restart" continues the cell above / to the left.
      const covered = (vMerge && vMerge.attribs['w:val'] !== 'restart') || (hMerge && hMerge.attribs['w:val'] !== 'restart')
      return { text: covered ? '' : cellText(tc), rowspan: 1, colspan: Number.isFinite(span) && span > 0 ? span : 1 }
    })
  )
}

export function extractWordml(bytes: Buffer): WordmlResult {
  const xml = bytes.toString('utf8')
  if (!/<(w:wordDocument|pkg:package)[\s>]/.test(xml.slice(0, 4096))) {
    return { ok: false, reason: '不是 Word 2003 XML（WordML）文档，无法读取该 XML 文件' }
  }
  const dom = parseDocument(xml, { xmlMode: true })
  const body = DomUtils.findOne(n => n.name === 'w:body', dom.children, true)
  if (!body) return { ok: false, reason: '文件已损坏：WordML 文档中没有正文（w:body）' }
  const b = new DocBuilder()
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (!DomUtils.isTag(n)) continue
      if (n.name === 'w:p') b.paragraph(paraText(n))
      else if (n.name === 'w:tbl') b.table(expandGrid(tableRows(n)))
      else if (n.name !== 'w:sectPr') walk(n.children)
    }
  }
  walk(body.children)
  if (b.lines.length === 0) return { ok: false, reason: 'WordML 文档中没有文字内容' }
  const title = DomUtils.findOne(n => n.name === 'o:Title', dom.children, true)
  const titleText = title ? DomUtils.textContent(title).trim() : ''
  return { ok: true, doc: b.build(titleText ? { title: titleText } : {}) }
}
