/**
 * Format → DocumentModel. Every format ends here, so the template parser is written once.
 * Extraction never throws: an unreadable file comes back as { ok: false, reason } (Chinese), which
 * the pipeline turns into an M03 finding.
 */
import { assertNever } from '../../shared/assert'
import type { DocumentModel, FileFormat } from '../../shared/document'
import { decodeText, type DecodeResult } from '../ingest/decode'
import { extractHtml } from './html'
import { InflateLimitError, pdfInflateProblem } from './inflate-limits'
import { unifyDocumentText } from './lookalikes'
import { isTruncated, sniffFormat } from '../ingest/sniff-bytes'
import { extractText } from './text'
import { extractWordml } from './wordml'
import { OCR_BEATS } from './ocr/heartbeat'
import { decodePictures, isPicturesContainer } from '../ingest/photo-folder'

export type ExtractResult =
  { ok: true; doc: DocumentModel; encoding?: string } | { ok: false; reason: string }

export interface ExtractOptions {
  /**
   * Read a scanned PDF (pages of images, no text) and picture files by OCR, in a process of its
   * own (ocr/run.ts); off by default here (re-reading a stored file for display never OCRs), on in
   * the pipeline unless the supervisor turned it off (PipelineOptions.ocr). Off: the M03 of a scan.
   */
  ocr?: boolean
}

/**
 * `decoded`: the bytes already decoded (ingest/sniff.ts sniffDecoded), used for text files.
 *
 * Word and PDF readers (JSZip, word-extractor, PDFium) load on first use: most collections
 * are text and web pages, and each parse worker would otherwise compile them at start.
 */
export async function extractDocument(
  bytes: Buffer,
  format: FileFormat,
  decoded?: DecodeResult,
  opts: ExtractOptions = {}
): Promise<ExtractResult> {
  const out = await extractFormat(bytes, format, decoded, opts)
  if (out.ok) return { ...out, doc: unifyDocumentText(out.doc) }
  // The reader's own words (不是有效的 PDF 文件, 无法解压, a library's error) do not say what to do.
  if (out.reason.startsWith('文件已损坏') && isTruncated(bytes))
    return { ok: false, reason: TRUNCATED }
  return out
}

export const TRUNCATED = '文件不完整：结尾缺失，可能是下载或复制时中断；请重新获取该文件'

async function extractFormat(
  bytes: Buffer,
  format: FileFormat,
  decoded?: DecodeResult,
  opts: ExtractOptions = {}
): Promise<ExtractResult> {
  try {
    // Supervisors rename files (a .doc saved as .docx, a PDF without extension): the bytes decide
    // between the binary containers; text formats keep the format the file name gave.
    const sniffed = sniffFormat(bytes)
    if (sniffed && sniffed !== format && (sniffed !== 'doc' || format !== 'wps')) format = sniffed
    switch (format) {
      case 'txt': {
        const text = decoded ?? decodeText(bytes)
        if (!text.ok) return { ok: false, reason: text.reason }
        return { ok: true, doc: extractText(text.text), encoding: text.encoding }
      }
      case 'html': {
        const { doc, encoding } = extractHtml(bytes)
        return { ok: true, doc, encoding }
      }
      case 'mht':
        return await (await import('./mht')).extractMht(bytes)
      case 'docx':
        return await (await import('./docx')).extractDocx(bytes)
      case 'pdf': {
        // Before any PDF reader: flate bombs are refused whichever library reads the text.
        const bomb = pdfInflateProblem(bytes)
        if (bomb) return { ok: false, reason: bomb }
        return await (await import('./pdf')).extractPdf(bytes, opts)
      }
      case 'ofd':
        return await (await import('./ofd')).extractOfd(bytes)
      case 'doc':
      case 'wps':
        return await (await import('./doc')).extractDoc(bytes)
      case 'xml':
        return extractWordml(bytes)
      case 'unknown':
        // A folder of page pictures, one report (ingest/photo-folder.ts).
        if (isPicturesContainer(bytes)) {
          if (!opts.ocr)
            return {
              ok: false,
              reason: `由 ${decodePictures(bytes).length} 张图片组成的扫描件或照片，需先做文字识别（OCR）才能审查`
            }
          const res = await (await import('./ocr/run')).runOcr(bytes, 'pictures', OCR_BEATS)
          if (!res.ok) return { ok: false, reason: `图片组成的报告：${res.reason}` }
          if (!res.doc.lines.some(l => l.trim() !== ''))
            return {
              ok: false,
              reason: '图片组成的报告：文字识别（OCR）未识别出文字，不是可读取的年度报告'
            }
          return res
        }
        // A page of a report photographed or scanned to a picture file (PNG, JPEG, TIFF).
        if (opts.ocr && (await import('./ocr/image')).pictureKind(bytes)) {
          const res = await (await import('./ocr/run')).runOcr(bytes, 'picture', OCR_BEATS)
          if (!res.ok) return { ok: false, reason: `图片文件：${res.reason}` }
          if (!res.doc.lines.some(l => l.trim() !== ''))
            return {
              ok: false,
              reason: '图片文件：文字识别（OCR）未识别出文字，不是可读取的年度报告'
            }
          return res
        }
        return { ok: false, reason: '无法识别的文件格式，不是可读取的年度报告' }
      default:
        return assertNever(format, 'file format without a reader')
    }
  } catch (err) {
    if (err instanceof InflateLimitError) return { ok: false, reason: err.reason }
    return { ok: false, reason: `读取文件时出错：${errorText(err)}` }
  }
}

/** The error in words a supervisor can act on; a stack overflow's own message is English jargon. */
function errorText(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message))
    return '文件的结构嵌套过深，可能已损坏'
  return err instanceof Error ? err.message : String(err)
}
