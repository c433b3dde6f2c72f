/**
 * A page of a report read by OCR as a PNG, for the review screen to draw a cell's box on (the
 * boxes of TableRow.ocr are fractions of this image). A PDF's page rendered by PDFium; a picture
 * file's page as it is (a multi-page TIFF: its page). Gray, as the OCR read it.
 */
import { promises as fs } from 'node:fs'
import nodePath from 'node:path'
import { photoFolderAt } from '../../ingest/scan'
import { PdfiumDoc } from '../pdfium'
import { OCR_DPI } from './document'
import { decodePicture, encodePng, pictureKind, type GrayImage } from './image'

/** Page `page` (1-based) of the file at `path` as PNG bytes, at `dpi` for a PDF (default 200). */
export async function renderPdfPagePng(path: string, page: number, dpi = OCR_DPI): Promise<Buffer> {
  if ((await fs.stat(path)).isDirectory()) return encodePng(await photoFolderPage(path, page))
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

/**
 * Page `page` (1-based) of a folder of page pictures read as one report (ingest/photo-folder.ts):
 * the picture's own pixels, the pages counted as the OCR counted them (a TIFF: each of its pages).
 */
async function photoFolderPage(dir: string, page: number): Promise<GrayImage> {
  const entry = await photoFolderAt(nodePath.dirname(dir), nodePath.basename(dir))
  if (!entry?.pictures) throw new Error('文件夹已不是一组报告图片')
  let first = 1
  for (const p of entry.pictures) {
    const bytes = await fs.readFile(
      p.rawPath === undefined ? p.absPath : Buffer.from(p.rawPath, 'latin1')
    )
    if (pictureKind(bytes) !== 'tiff') {
      if (first === page) return decodePicture(bytes)[0]!
      first++
      continue
    }
    // A TIFF that cannot be decoded was one page of the OCR (document.ts picturesPages).
    const pages = (() => {
      try {
        return decodePicture(bytes)
      } catch {
        return null
      }
    })()
    const n = pages?.length ?? 1
    if (page < first + n) {
      if (!pages) throw new Error(`第 ${page} 页的图片（${p.name}）无法读取`)
      return pages[page - first]!
    }
    first += n
  }
  throw new Error(`图片组没有第 ${page} 页`)
}
