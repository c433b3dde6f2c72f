/**
 * What a file that is no report is, when its first bytes say so: a supervisor's folder also holds
 * the archives reports came in, spreadsheets and scans saved as pictures. Each gets an
 * M03 that says what it is and what to do, instead of "encoding not recognised" for a JPEG or
 * "not a Word document" for a .zip (what the generic reasons said).
 */
import { isOle2, isRtf, isZip } from '../ingest/sniff-bytes'

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le')

const ARCHIVE = '压缩包（zip、rar、7z）：请先解压到文件夹中，其中的报告会逐一审查'
const PICTURE = '图片文件，不是可读取的年度报告；如为报告的扫描件，需先做文字识别（OCR）'
const SHEET = '电子表格（Excel、WPS 表格），不是年度报告正文'
const SLIDES = '演示文稿（PowerPoint、WPS 演示），不是年度报告正文'
const SAVE_AS = '暂不能读取：请用 Word 或 WPS 另存为 .docx 或 PDF 后再审查'
const ODT = `OpenDocument 文本（.odt，LibreOffice、永中 Office 的格式），${SAVE_AS}`
const RTF = `RTF 格式文件，${SAVE_AS}`

export function otherKind(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 8)
  const starts = (...magic: number[]): boolean => magic.every((b, i) => head[i] === b)
  if (isZip(bytes)) {
    // The central directory names the members in plain bytes; an OpenDocument file's first member
    // is its uncompressed mimetype.
    const mimetype = bytes.subarray(0, 200)
    if (mimetype.includes('application/vnd.oasis.opendocument.text')) return ODT
    if (mimetype.includes('application/vnd.oasis.opendocument.spreadsheet')) return SHEET
    if (mimetype.includes('application/vnd.oasis.opendocument.presentation')) return SLIDES
    if (bytes.includes('xl/workbook')) return SHEET
    if (bytes.includes('ppt/presentation')) return SLIDES
    if (bytes.includes('word/')) return null
    return ARCHIVE
  }
  if (
    starts(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07) ||
    starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) ||
    starts(0x1f, 0x8b)
  ) {
    return ARCHIVE
  }
  if (
    starts(0x89, 0x50, 0x4e, 0x47) ||
    starts(0xff, 0xd8, 0xff) ||
    starts(0x47, 0x49, 0x46, 0x38) ||
    starts(0x49, 0x49, 0x2a, 0x00) ||
    starts(0x4d, 0x4d, 0x00, 0x2a)
  ) {
    return PICTURE
  }
  if (isRtf(bytes)) return RTF
  if (isOle2(bytes)) {
    if (bytes.includes(utf16('Workbook'))) return SHEET
    if (bytes.includes(utf16('PowerPoint Document'))) return SLIDES
  }
  return null
}
