/**
 * Word .docx → DocumentModel: JSZip opens the package and word/document.xml is read by the same
 * WordprocessingML reader as Word's flat XML (wordml.ts). The publication date comes from the text
 * (the parser's closing date line, or a 发布日期 line); docProps/core.xml dates are only a last
 * resort, since they record when the file was saved, not when the report was published.
 */
import JSZip from 'jszip'
import { InflateLimitError, zipBudget, zipPartText, type InflateBudget } from './inflate-limits'
import type { DocumentModel } from '../../shared/document'
import { printedDate, toIsoDate } from './pub-date'
import { countPictures, readDocumentXml } from './wordml'

export type DocxResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

async function coreDates(
  zip: JSZip,
  budget: InflateBudget
): Promise<{ date: string; source: string } | undefined> {
  const xml = await optionalPart(zip, 'docProps/core.xml', budget)
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

/** A part that may be missing or unreadable: its text, or undefined. */
async function optionalPart(
  zip: JSZip,
  name: string,
  budget: InflateBudget
): Promise<string | undefined> {
  const f = zip.file(name)
  return f ? zipPartText(f, budget).catch(() => undefined) : undefined
}

/**
 * The main document part: named by the package's relationships (_rels/.rels), as Word reads it.
 * Word itself writes word/document.xml; some online editors and converters write another name.
 */
async function mainPartName(zip: JSZip, budget: InflateBudget): Promise<string> {
  const rels = await optionalPart(zip, '_rels/.rels', budget)
  const main = rels
    ?.match(/<Relationship\b[^<>]*>/g)
    ?.find(tag => /\bType="[^"]*\/officeDocument"/.test(tag))
  const target = main?.match(/Target="([^"]+)"/)?.[1]
  return target ? target.replace(/^\//, '') : 'word/document.xml'
}

export async function extractDocx(bytes: Buffer): Promise<DocxResult> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    return { ok: false, reason: '文件已损坏：不是有效的 Word（.docx）文件，无法解压' }
  }
  // Parts are inflated within limits: a .docx of 1.25 MB held 0.4 GB of paragraphs (issue #19).
  const budget = zipBudget()
  const main = zip.file(await mainPartName(zip, budget))
  if (zip.file('EncryptedPackage') || !main) {
    return { ok: false, reason: '文件已损坏或不是 Word 文档：缺少正文（word/document.xml）' }
  }
  let xml: string
  try {
    xml = await zipPartText(main, budget)
  } catch (err) {
    if (err instanceof InflateLimitError) return { ok: false, reason: err.reason }
    return { ok: false, reason: '文件已损坏：Word 文档的正文（word/document.xml）无法解压' }
  }
  // Automatic numbering (一、 before each section heading) is in these parts, not in the text.
  // styles.xml only matters for a list a heading style carries: read it only when there are lists.
  const numbering = await optionalPart(zip, 'word/numbering.xml', budget)
  const styles = numbering ? await optionalPart(zip, 'word/styles.xml', budget) : undefined
  const b = readDocumentXml(xml, { numbering, styles })
  if (!b) return { ok: false, reason: '文件已损坏：Word 文档中没有正文（w:body）' }
  if (b.lines.length === 0) return { ok: false, reason: 'Word 文档中没有文字内容' }
  const found = printedDate(b.lines, 'Word 文档') ?? (await coreDates(zip, budget))
  const images = countPictures(xml)
  return {
    ok: true,
    doc: b.build({
      ...(found ? { publicationDate: found.date, publicationDateSource: found.source } : {}),
      ...(images > 0 ? { images } : {})
    })
  }
}
