/**
 * Word .docx → DocumentModel. mammoth (maintained, reads merged cells: gridSpan → colspan,
 * vMerge → rowspan) turns the document into HTML, which goes through the same table code as a web
 * page, so a Word table and the page it was pasted from give the same grid. The publication date
 * comes from the text (the parser's closing date line); docProps/core.xml dates are only a last
 * resort, since they record when the file was saved, not when the report was published.
 */
import JSZip from 'jszip'
import mammoth from 'mammoth'
import type { DocumentModel } from '../../../shared/document'
import { extractHtmlBody } from './html'
import { toIsoDate } from './pub-date'

export type DocxResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

async function coreDates(zip: JSZip): Promise<{ date: string; source: string } | undefined> {
  const xml = await zip.file('docProps/core.xml')?.async('string')
  if (!xml) return undefined
  for (const tag of ['dcterms:created', 'dcterms:modified']) {
    const m = new RegExp(`<${tag}[^>]*>([^<]+)</${tag}>`).exec(xml)
    // Core dates are UTC; a report saved on the evening of 16 January in Beijing is still the 16th.
    const t = m ? Date.parse(m[1]!) : NaN
    if (!Number.isNaN(t)) {
      const date = toIsoDate(new Date(t + 8 * 3600_000).toISOString())
      const label = tag === 'dcterms:created' ? '创建时间' : '修改时间'
      if (date) return { date, source: `Word 文件属性“${label}”（仅供参考，非发布日期）` }
    }
  }
  return undefined
}

export async function extractDocx(bytes: Buffer): Promise<DocxResult> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    return { ok: false, reason: '文件已损坏：不是有效的 Word（.docx）文件，无法解压' }
  }
  if (zip.file('EncryptedPackage') || !zip.file('word/document.xml')) {
    return { ok: false, reason: '文件已损坏或不是 Word 文档：缺少正文（word/document.xml）' }
  }
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes })
  const doc = extractHtmlBody(html)
  if (doc.lines.length === 0) return { ok: false, reason: 'Word 文档中没有文字内容' }
  const core = await coreDates(zip)
  if (core) {
    doc.meta.publicationDate = core.date
    doc.meta.publicationDateSource = core.source
  }
  return { ok: true, doc }
}
