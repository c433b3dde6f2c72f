/**
 * The one representation between file formats and the template parser. Every extractor (text,
 * HTML, docx, PDF, doc) produces a DocumentModel; the parser never sees the original format.
 *
 * `lines` is the displayable source text (what the review screen shows with line numbers). Every
 * block points into it with 1-based line numbers, so evidence is the same for every format.
 */

export interface ParagraphBlock {
  kind: 'paragraph'
  text: string
  /** 1-based line in `lines`. */
  line: number
}

/** Where an OCR read sits on its page: page is 1-based; x, y, w, h are fractions (0–1) of the page image's width and height (top-left origin), so any render size can draw it. */
export interface OcrBox {
  page: number
  x: number
  y: number
  w: number
  h: number
}
/** A cell as OCR read it. confidence 0–1 (the recogniser's; 0 when nothing was read). text '' when nothing was read; box is then the cell's box from the ruling lines/columns if known. */
export interface OcrRead {
  text: string
  confidence: number
  box: OcrBox
}

export interface TableRow {
  /** Cell texts as found: '' for an empty cell (never dropped, never shifted). */
  cells: string[]
  line: number
  /** A report read by OCR: each cell's read, parallel to `cells`; null only when no box is known either. */
  ocr?: (OcrRead | null)[]
}

export interface TableBlock {
  kind: 'table'
  rows: TableRow[]
  /** First and last line of the table in `lines`. */
  line: number
  endLine: number
}

export type Block = ParagraphBlock | TableBlock

export type FileFormat =
  'txt' | 'html' | 'mht' | 'docx' | 'pdf' | 'ofd' | 'doc' | 'wps' | 'xml' | 'unknown'

export interface DocumentMeta {
  /** ISO date (YYYY-MM-DD) from the file itself: a web page's 发布日期, a PDF's metadata… */
  publicationDate?: string
  /** Where publicationDate came from, for the evidence shown to the supervisor. */
  publicationDateSource?: string
  /** A title from metadata (HTML <title>, crawler header), used when the body has none. */
  title?: string
  /**
   * Pictures in the body (Word, web pages, OFD), when there are any: a statistics table pasted as
   * a screenshot leaves a picture and no table, and T01 says so.
   */
  images?: number
  /** A report read by OCR (scanned PDF, picture files): pages read, the engine, and the pixel size of each page image as read (200 dpi). */
  ocr?: {
    pages: number
    engine: string
    pageSizes: { width: number; height: number }[]
    /** A folder of page pictures read as one report: the picture each page came from. */
    pageNames?: string[]
    /** Its pages whose picture could not be read or decoded, and why (an M03 each). */
    unreadPages?: { page: number; name: string; reason: string }[]
  }
}

export interface DocumentModel {
  lines: string[]
  blocks: Block[]
  meta: DocumentMeta
}
