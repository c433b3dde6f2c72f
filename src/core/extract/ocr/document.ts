/**
 * A scanned PDF or picture files → DocumentModel, read by OCR page by page (run in the OCR
 * process: run.ts). The pages' blocks go through the same stitching as a text-layer PDF
 * (extract/pdf.ts render): page numbers and running lines dropped, a table continued on the next
 * page joined, with each cell's read kept alongside.
 */
import type { DocumentMeta, DocumentModel } from '../../../shared/document'
import { render } from '../pdf'
import { PdfiumDoc } from '../pdfium'
import { printedDate } from '../pub-date'
import { unifyLookalikes } from '../lookalikes'
import type { OcrEngine } from './engine'
import { decodePictures } from '../../ingest/photo-folder'
import { decodePicture, pictureKind, type GrayImage } from './image'
import { ocrPage, type OcrPageBlock } from './page'

/** The resolution pages are read at: 150 and 300 dpi read worse with these weights (issue #24). */
export const OCR_DPI = 200
export const ENGINE_NAME = 'PP-OCRv4 mobile (onnxruntime)'

export interface PageProgress {
  page: number
  pages: number
}

/** A source of page images: a PDF's pages rendered, or a picture file's pages. */
export interface PageSource {
  pages: number
  /** Page `i` (0-based) as gray pixels at OCR_DPI (pictures: as scaled by scalePicture). */
  image(i: number): GrayImage
  close(): void
}

export async function pdfPages(bytes: Uint8Array): Promise<PageSource> {
  const doc = await PdfiumDoc.open(bytes)
  if ('error' in doc) throw new Error('不是有效的 PDF 文件')
  return {
    pages: doc.pageCount,
    image: i => doc.render(i, OCR_DPI),
    close: () => doc.close()
  }
}

export function picturePages(bytes: Buffer): PageSource {
  const pages = decodePicture(bytes)
  return { pages: pages.length, image: i => scalePicture(pages[i]!), close: () => undefined }
}

/**
 * A photo folder's pictures (ingest/photo-folder.ts) as the pages of one report, in order; a
 * multi-page TIFF gives all its pages. A JPEG or PNG is decoded when its page is read (a phone
 * photo is ~50 MB decoded), a TIFF at once (its page count needs it). A picture that cannot be
 * read or decoded is one page whose image() throws why: the report is read without it and says so.
 */
export function picturesPages(bytes: Buffer): PageSource & { names: string[] } {
  const pics = decodePictures(bytes)
  const pages: { name: string; get: () => GrayImage }[] = []
  for (const p of pics) {
    const fail = (reason: string) => () => {
      throw new Error(reason)
    }
    if (p.error) pages.push({ name: p.name, get: fail(p.error) })
    else if (pictureKind(p.bytes) === 'tiff') {
      let decoded: GrayImage[]
      try {
        decoded = decodePicture(p.bytes)
      } catch (err) {
        pages.push({ name: p.name, get: fail(pictureError(err)) })
        continue
      }
      for (const img of decoded) pages.push({ name: p.name, get: () => img })
    } else
      pages.push({
        name: p.name,
        get: () => {
          try {
            return decodePicture(p.bytes)[0]!
          } catch (err) {
            throw new Error(pictureError(err))
          }
        }
      })
  }
  return {
    pages: pages.length,
    names: pages.map(p => p.name),
    image: i => scalePicture(pages[i]!.get()),
    close: () => undefined
  }
}

/** A decoder's failure in words (the JPEG and PNG readers speak English). */
function pictureError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  if (/[\u4e00-\u9fff]/.test(msg)) return msg
  return `图片已损坏或格式无法识别（${msg.slice(0, 80)}）`
}

/** The size given to a page whose picture could not be read: A4 at 200 dpi. */
const BLANK_PAGE = { width: 1654, height: 2339 }

/**
 * A scan or photo of a page brought to about 200 dpi of an A4 page (1654 pixels across): the
 * layout's tolerances are in points and the models read best at 200 dpi. A page-shaped picture
 * (A4's proportions, give or take) is scaled by its shorter side; any other (a strip, a crop) is
 * left as it is unless it is wider than a page at 400 dpi.
 */
export function scalePicture(img: GrayImage): GrayImage {
  const aspect = Math.max(img.width, img.height) / Math.min(img.width, img.height)
  const pageLike = aspect > 1.2 && aspect < 1.65
  const f = pageLike
    ? 1654 / Math.min(img.width, img.height)
    : img.width > 3308
      ? 1654 / img.width
      : 1
  if (f > 0.8 && f < 1.25) return img
  const width = Math.max(1, Math.round(img.width * f))
  const height = Math.max(1, Math.round(img.height * f))
  const data = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const sy0 = Math.floor(y / f)
    const sy1 = Math.max(sy0 + 1, Math.floor((y + 1) / f))
    for (let x = 0; x < width; x++) {
      const sx0 = Math.floor(x / f)
      const sx1 = Math.max(sx0 + 1, Math.floor((x + 1) / f))
      let s = 0
      let n = 0
      for (let yy = sy0; yy < sy1 && yy < img.height; yy++)
        for (let xx = sx0; xx < sx1 && xx < img.width; xx++) {
          s += img.data[yy * img.width + xx]!
          n++
        }
      data[y * width + x] = n ? Math.round(s / n) : 255
    }
  }
  return { width, height, data }
}

const CJK = '[\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f]'
// One optional space between the bracket and the character: `\s*` in a lookbehind is quadratic
// on a run of spaces (test/regex-safety).
const OPEN_BEFORE_CJK = new RegExp(`\\((\\s?)(?=${CJK})`, 'g')
const CLOSE_AFTER_CJK = new RegExp(`(${CJK})(\\s?)\\)`, 'g')

/**
 * What the recogniser reads as text a Chinese report prints: radicals as characters
 * (lookalikes.ts), and brackets around Chinese full-width, as typeset (`（二）部分公开`; the
 * model reads `(二)`).
 */
export function ocrText(s: string): string {
  return unifyLookalikes(s)
    .replace(OPEN_BEFORE_CJK, '（$1')
    .replace(CLOSE_AFTER_CJK, '$1$2）')
    .replace(ONE_IN_BRACKETS, '（一）')
    .replace(ONE_ENUMERATED, '一、')
    .replace(SECTION_HEAD, (m: string, title: string) =>
      // A number read whole stays as printed: a misnumbered heading is the agency's (S02).
      /^[一二三四五六]、/.test(m) ? m : `${SECTION_NUMBER[title]}、${title}`
    )
}

/**
 * A section heading whose 、 the recogniser lost or misread: `一总体情况` (the degraded scan of
 * real 040), and S01 then said the report had no such section. Only after a Chinese numeral: a
 * dash before a title is as often a lost （一） of a sub-heading (`- 主动公开政府信息情况` in the
 * same scan is （一） under 一、总体情况), and a bare title is left as it is.
 */
const SECTION_NUMBER: Record<string, string> = {
  总体情况: '一',
  主动公开政府信息情况: '二',
  收到和处理政府信息公开申请情况: '三',
  政府信息公开行政复议: '四',
  存在的主要问题: '五',
  其他需要报告的事项: '六'
}
const SECTION_HEAD = new RegExp(
  `^[一二三四五六]\\s?[、.,，．]?\\s?(${Object.keys(SECTION_NUMBER).join('|')})`
)

/**
 * The template's 一 read as a Latin letter or a dash: `(I)予以公开`, `（-)予以公开`, `I.本年新收…`
 * (bench/RESULTS.md, issue #24). Only before Chinese, where no Latin letter stands in a report.
 */
const ONE_IN_BRACKETS = new RegExp(`[（(][Il|\\-—一][)）](?=${CJK})`, 'g')
const ONE_ENUMERATED = new RegExp(`^[Il|\\-—][.、,，](?=${CJK})`)

/** Every page read, then laid out as one document. */
export async function ocrDocument(
  engine: OcrEngine,
  source: PageSource,
  onPage?: (p: PageProgress) => void,
  onBeat?: () => void
): Promise<DocumentModel> {
  const pages: OcrPageBlock[][] = []
  const pageSizes: { width: number; height: number }[] = []
  const names = 'names' in source ? (source.names as string[]) : undefined
  const unreadPages: { page: number; name: string; reason: string }[] = []
  for (let i = 0; i < source.pages; i++) {
    let img: GrayImage
    try {
      img = source.image(i)
    } catch (err) {
      // A photo folder's page that cannot be decoded: the others are read, and this one's M03
      // says which page and why (pipeline/file.ts). Anything else fails the whole document.
      if (!names) throw err
      unreadPages.push({
        page: i + 1,
        name: names[i]!,
        reason: err instanceof Error ? err.message : String(err)
      })
      pages.push([])
      pageSizes.push(BLANK_PAGE)
      onPage?.({ page: i + 1, pages: source.pages })
      continue
    }
    const page = await ocrPage(engine, img, i + 1, { dpi: OCR_DPI, onBeat })
    for (const b of page.blocks) {
      if (b.kind === 'line') b.text = ocrText(b.text)
      else {
        b.rows = b.rows.map(r => r.map(ocrText))
        for (const r of b.ocr) for (const read of r) if (read) read.text = ocrText(read.text)
      }
    }
    pages.push(page.blocks)
    pageSizes.push({ width: page.width, height: page.height })
    onPage?.({ page: i + 1, pages: source.pages })
  }
  const b = render(pages)
  if (names && unreadPages.length === source.pages)
    throw new Error(
      `所有图片都无法读取：${unreadPages.map(u => `第 ${u.page} 页（${u.name}）${u.reason}`).join('；')}`
    )
  const meta: DocumentMeta = {
    ocr: {
      pages: source.pages,
      engine: ENGINE_NAME,
      pageSizes,
      ...(names ? { pageNames: names } : {}),
      ...(unreadPages.length > 0 ? { unreadPages } : {})
    }
  }
  const printed = printedDate(b.lines, 'PDF 正文')
  if (printed) {
    meta.publicationDate = printed.date
    meta.publicationDateSource = printed.source
  }
  return b.build(meta)
}
