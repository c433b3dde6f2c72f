/**
 * File format from the bytes, not the extension: collected reports are often misnamed (a web page
 * saved as .doc, a .txt that is really GB18030 HTML). The extension only separates .wps from
 * .doc, both being OLE2 compound files.
 */
import type { FileFormat } from '../../shared/document'
import { isOfd, isOle2, isPdf, isRtf, isWebArchive, isZip } from './sniff-bytes'
import { decodeText, type DecodeResult } from './decode'
import { isPicturesContainer } from './photo-folder'

const HTML_TAG = /<(html|head|body|meta|title|div|p|table|tr|td|span|br|!--)[\s>/]/i

export function sniffFormat(bytes: Buffer, fileName = ''): FileFormat {
  return sniffDecoded(bytes, fileName).format
}

/**
 * The format, and for text formats the decoded text: the whole file is decoded here once and the
 * text extractor uses it, instead of decoding a head to sniff and the file again to extract (two
 * decodes were a tenth of a text report's ingest; bench/, issue #8).
 */
export function sniffDecoded(
  bytes: Buffer,
  fileName = ''
): { format: FileFormat; decoded?: DecodeResult } {
  if (bytes.length === 0) return { format: 'unknown' }
  // A photo folder's pictures (photo-folder.ts): read by OCR, never as text.
  if (isPicturesContainer(bytes)) return { format: 'unknown' }
  if (isPdf(bytes)) return { format: 'pdf' }
  if (isZip(bytes)) {
    // The central directory stores member names uncompressed. Word writes word/document.xml;
    // other tools may name the main part otherwise (docx.ts follows the package's relationships).
    if (bytes.includes('word/document')) return { format: 'docx' }
    return { format: isOfd(bytes) ? 'ofd' : 'unknown' }
  }
  if (isWebArchive(bytes)) return { format: 'mht' }
  if (isOle2(bytes)) {
    const ext = extensionOf(fileName)
    if (ext === 'wps') return { format: 'wps' }
    if (ext === 'xls' || ext === 'ppt' || ext === 'msg' || ext === 'et' || ext === 'dps')
      return { format: 'unknown' }
    return { format: 'doc' }
  }
  // Read as text, an RTF file said the agency and year were not found (other-kinds.ts says what it is).
  if (isRtf(bytes)) return { format: 'unknown' }
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { format: 'unknown', decoded }
  return { format: textFormat(decoded.text), decoded }
}

function textFormat(decoded: string): FileFormat {
  const text = decoded.slice(0, 8192).trimStart()
  const lower = text.slice(0, 4096).toLowerCase()
  if (lower.startsWith('<?xml')) {
    if (lower.includes('w:worddocument') || lower.includes('pkg:package')) return 'xml'
    if (lower.includes('<html')) return 'html'
  }
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html')) return 'html'
  if (HTML_TAG.test(text.slice(0, 1024))) return 'html'
  return 'txt'
}

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase()
}
