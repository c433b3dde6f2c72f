/**
 * A page of a report read by OCR as a PNG, for the review screen to draw a cell's box on (the
 * boxes of TableRow.ocr are fractions of this image). A PDF's page rendered by PDFium; a picture
 * file's page as it is (a multi-page TIFF: its page). Gray, as the OCR read it.
 */
import { promises as fs } from 'node:fs'
import { PdfiumDoc } from '../pdfium'
import { OCR_DPI } from './document'
import { decodePicture, encodePng, pictureKind } from './image'

/** Page `page` (1-based) of the file at `path` as PNG bytes, at `dpi` for a PDF (default 200). */
export async function renderPdfPagePng(path: string, page: number, dpi = OCR_DPI): Promise<Buffer> {
  const bytes = await fs.readFile(path)
  if (pictureKind(bytes)) {
    const pages = decodePicture(bytes)
    const img = pages[page - 1]
    if (!img) throw new Error(`图片文件没有第 ${page} 页`)
    return encodePng(img)
  }
  const doc = await PdfiumDoc.open(bytes)
  if ('error' in doc) throw new Error('不是有效的 PDF 文件')
  try {
    if (!(page >= 1 && page <= doc.pageCount)) throw new Error(`PDF 没有第 ${page} 页`)
    return encodePng(doc.render(page - 1, Math.min(600, Math.max(36, dpi))))
  } finally {
    doc.close()
  }
}
