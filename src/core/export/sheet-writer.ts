/**
 * One streamed worksheet with the house style: bold shaded header, frozen header (and key columns
 * on wide sheets), autofilter, borders, number formats per column, severity fills, and a print
 * set-up for a meeting handout (A4 landscape, fit to width, header row repeated on every page).
 *
 * Column widths must be known before the first row is written (the streaming writer emits <cols>
 * up front), so they come from the header and from maxima the caller measured in SQL.
 *
 * Every cell gets one of a few shared style objects: ExcelJS caches a style by object identity,
 * so 1.7 million cells (10,000 reports × 175 applications cells) cost one lookup each instead of
 * one style serialisation each.
 */
import type ExcelJS from 'exceljs'
import { xmlText } from './xml-text'

export type ColumnKind = 'text' | 'wrap' | 'int' | 'fee' | 'percent' | 'center'

export interface ColumnSpec {
  header: string
  /** Excel width units (one '0' of the default font; a CJK character is about two). */
  width: number
  kind?: ColumnKind
}

/** Fills: severity (error/warning/info) and report status colours, light enough to print. */
export const FILLS = {
  error: 'FFF8CBAD',
  warning: 'FFFFE699',
  info: 'FFDDEBF7',
  clean: 'FFE2EFDA',
  header: 'FFD9D9D9',
  muted: 'FFEDEDED'
} as const
export type FillName = keyof typeof FILLS

const FONT = { name: '等线', size: 10 } as const
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  left: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } },
  right: { style: 'thin', color: { argb: 'FFBFBFBF' } }
}

const NUM_FMT: Record<ColumnKind, string | undefined> = {
  text: '@',
  wrap: '@',
  center: '@',
  int: '0',
  // Fees are 万元 and often carry up to six decimals (template.md): show at least two, keep all.
  fee: '#,##0.00####',
  percent: '0.0%'
}

function baseStyle(kind: ColumnKind): Partial<ExcelJS.Style> {
  const alignment: Partial<ExcelJS.Alignment> =
    kind === 'wrap'
      ? { vertical: 'top', wrapText: true }
      : kind === 'center'
        ? { vertical: 'top', horizontal: 'center' }
        : { vertical: 'top' }
  const fmt = NUM_FMT[kind]
  return { font: FONT, border: BORDER, alignment, ...(fmt ? { numFmt: fmt } : {}) }
}

/** Display width of text in Excel units: CJK and full-width forms count double. */
export function textWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    w += c >= 0x2e80 && c <= 0xffef ? 2 : 1
  }
  return w
}

/** A width between lo and hi fitting `chars` characters of mostly CJK text. */
export function cjkWidth(chars: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, chars * 2 + 2))
}

/** Points per text line at the 10 pt body font. */
const LINE_HEIGHT = 13.5

/** Excel's limit on a cell's text: longer text makes Excel report the workbook damaged. */
export const CELL_TEXT_MAX = 32_767

/** `s` as XML holds it (xml-text.ts), cut to fit a cell, an ellipsis marking the cut. */
export function fitCell(text: string): string {
  const s = xmlText(text)
  if (s.length <= CELL_TEXT_MAX) return s
  // Not between the halves of a surrogate pair: a lone half is not valid XML either.
  const cut = /[\ud800-\udbff]/.test(s[CELL_TEXT_MAX - 2]!) ? CELL_TEXT_MAX - 2 : CELL_TEXT_MAX - 1
  return `${s.slice(0, cut)}…`
}

/** Lines `s` takes when wrapped in a column `width` units wide. */
export function wrappedLines(s: string, width: number): number {
  const room = Math.max(1, width - 1.5)
  let n = 0
  // At the 10 pt body font a CJK character is nearer 1.8 units than the 2 textWidth assumes.
  for (const part of s.split('\n')) n += Math.max(1, Math.ceil((textWidth(part) * 0.9) / room))
  return n
}

export type CellValue = string | number | null | undefined

export interface SheetOptions {
  /** Columns kept visible when scrolling right (agency, year on the wide table sheets). */
  freezeColumns?: number
  /** Pages across when printed; 1 for ordinary sheets, more for the 175-column table. */
  pagesWide?: number
  /** No autofilter (the 说明 sheet is not a list). */
  noFilter?: boolean
  /** Data rows per worksheet before the rows continue on a new one (default EXCEL_MAX_DATA_ROWS). */
  rowLimit?: number
}

/**
 * Data rows one worksheet can hold: Excel's 1,048,576 rows less the header. About nine findings per
 * real report (corpus/real) put 问题清单 past it at ~120,000 reports; Excel refuses to open a sheet
 * with more rows, so the rows continue on 问题清单（2） and so on.
 */
export const EXCEL_MAX_DATA_ROWS = 1_048_575

/**
 * A list sheet written row by row. Past `rowLimit` data rows it continues on a new worksheet with
 * the same columns, header and set-up, named 名称（2）, 名称（3）…; `names` lists them in order.
 */
export class SheetOut {
  private readonly styles: Array<Partial<ExcelJS.Style>>
  private readonly filled = new Map<string, Partial<ExcelJS.Style>>()
  private readonly rowLimit: number
  /** The worksheet rows are going to (the last part). */
  ws: ExcelJS.Worksheet
  readonly names: string[]
  /** Data rows written, over all parts. */
  rows = 0
  private partRows = 0

  constructor(
    private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    readonly columns: ColumnSpec[],
    private readonly opts: SheetOptions
  ) {
    this.styles = columns.map(c => baseStyle(c.kind ?? 'text'))
    this.rowLimit = Math.max(1, opts.rowLimit ?? EXCEL_MAX_DATA_ROWS)
    this.names = [name]
    this.ws = openWorksheet(wb, name, columns, opts)
  }

  private styleFor(i: number, fill: FillName | undefined, bold: boolean): Partial<ExcelJS.Style> {
    const base = this.styles[i] ?? this.styles[0]!
    if (!fill && !bold) return base
    const key = `${i}|${fill ?? ''}|${bold ? 1 : 0}`
    let s = this.filled.get(key)
    if (!s) {
      s = { ...base }
      if (fill) s.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[fill] } }
      if (bold) s.font = { ...FONT, bold: true }
      this.filled.set(key, s)
    }
    return s
  }

  /** Writes and commits one data row (text cut to what a cell holds); `fills[i]` shades cell i. */
  add(values: CellValue[], fills?: Array<FillName | undefined>, bold = false): void {
    if (this.partRows >= this.rowLimit) this.continueOnNewSheet()
    const row = this.ws.addRow(
      values.map(v => (v === undefined ? null : typeof v === 'string' ? fitCell(v) : v))
    )
    let lines = 1
    for (let i = 0; i < this.columns.length; i++) {
      row.getCell(i + 1).style = this.styleFor(i, fills?.[i], bold)
      const col = this.columns[i]!
      const v = values[i]
      if (col.kind === 'wrap' && typeof v === 'string')
        lines = Math.max(lines, wrappedLines(v, col.width))
    }
    // Neither Excel nor a streamed file fits row heights to wrapped text, so set them here.
    if (lines > 1) row.height = Math.min(lines, 12) * LINE_HEIGHT + 3
    row.commit()
    this.rows++
    this.partRows++
  }

  private continueOnNewSheet(): void {
    this.finishPart()
    const name = `${this.names[0]}（${this.names.length + 1}）`
    this.names.push(name)
    this.ws = openWorksheet(this.wb, name, this.columns, this.opts)
    this.partRows = 0
  }

  /**
   * Waits while more than FLUSH_LIMIT bytes of this sheet wait for the zip's deflate. ExcelJS's
   * sheet stream (StreamBuf) writes into archiver's PassThrough without heeding backpressure, and
   * deflate is slower than we produce XML: at 100,000 reports the 175-column 依申请公开 sheet piled
   * up ~500 MB of pending Buffers. Called once per page, so the pending bytes stay bounded.
   */
  async flush(): Promise<void> {
    while (pendingBytes(this.ws) > FLUSH_LIMIT) await new Promise(resolve => setTimeout(resolve, 2))
  }

  private finishPart(): void {
    // The filter range covers the data too, so Excel and LibreOffice sort and filter every row.
    if (!this.opts.noFilter)
      this.ws.autoFilter = `A1:${columnLetter(this.columns.length)}${this.partRows + 1}`
    this.ws.commit()
  }

  done(): void {
    this.finishPart()
  }
}

/** Pending XML per sheet before a page waits: a few pages' worth, so deflate never starves. */
export const FLUSH_LIMIT = 4 * 1024 * 1024

interface StreamState {
  length?: number
  pipes?: QueuedStream[] | QueuedStream | null
}
interface QueuedStream {
  _writableState?: StreamState
  _readableState?: StreamState
}
interface SheetStream {
  /** StreamBuf's own 64 KB buffers not yet handed on. */
  buffers?: Array<{ length: number }>
  /** archiver's PassThrough wrapping the StreamBuf, then piped into the entry's deflate stream. */
  pipes?: QueuedStream[]
}

/** Bytes a stream holds (written or readable) plus those of the streams it pipes into. */
function queued(s: QueuedStream, depth: number): number {
  let n = (s._writableState?.length ?? 0) + (s._readableState?.length ?? 0)
  const next = s._readableState?.pipes
  if (depth > 0 && next)
    for (const d of Array.isArray(next) ? next : [next]) n += queued(d, depth - 1)
  return n
}

/** Bytes written to the sheet that deflate has not consumed yet (ExcelJS 4 / archiver 5 internals, read only). */
export function pendingBytes(ws: ExcelJS.Worksheet): number {
  const s = (ws as unknown as { _stream?: SheetStream })._stream
  if (!s) return 0
  let n = 0
  for (const b of s.buffers ?? []) n += b.length
  for (const p of s.pipes ?? []) n += queued(p, 1)
  return n
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { ...FONT, bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS.header } },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: BORDER
}

/** Printable width of A4 landscape at the margins below, in inches. */
const PRINT_WIDTH_IN = 11.69 - 0.8
/** No printed sheet smaller than this: 等线 10 pt shrunk further is hard to read on paper. */
export const MIN_PRINT_SCALE = 0.8

/** Inches a sheet's columns take at 100 % (a width unit is ~7 px plus 5 px padding, at 96 dpi). */
export function sheetWidthInches(columns: readonly ColumnSpec[]): number {
  return columns.reduce((n, c) => n + (c.width * 7 + 5) / 96, 0)
}

/**
 * Pages across for fit-to-width: the least that keeps the print at MIN_PRINT_SCALE or more. A
 * sheet as wide as 汇总 fits one page; the 175 columns of 依申请公开 go across several, to be
 * read side by side, rather than shrink to an unreadable 20 %.
 */
export function pagesWide(columns: readonly ColumnSpec[], atLeast: number): number {
  return Math.max(
    atLeast,
    Math.ceil((sheetWidthInches(columns) * MIN_PRINT_SCALE) / PRINT_WIDTH_IN - 1e-9)
  )
}

function columnLetter(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

export function addSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: ColumnSpec[],
  opts: SheetOptions = {}
): SheetOut {
  return new SheetOut(wb, name, columns, opts)
}

/** A worksheet with the house set-up and its header row written. */
function openWorksheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: ColumnSpec[],
  opts: SheetOptions
): ExcelJS.Worksheet {
  const freezeColumns = opts.freezeColumns ?? 0
  const ws = wb.addWorksheet(name, {
    views: [
      {
        state: 'frozen',
        xSplit: freezeColumns,
        ySplit: 1,
        topLeftCell: `${columnLetter(freezeColumns + 1)}2`,
        activeCell: 'A2'
      }
    ],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: pagesWide(columns, opts.pagesWide ?? 1),
      // 0: as many pages down as the rows need.
      fitToHeight: 0,
      printTitlesRow: '1:1',
      ...(freezeColumns > 0 ? { printTitlesColumn: `A:${columnLetter(freezeColumns)}` } : {}),
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
    },
    headerFooter: {
      oddHeader: `&L&"等线"&9年报审查台&C&"等线,Bold"&11&A`,
      oddFooter: `&C&"等线"&9第 &P 页，共 &N 页`
    }
  })
  ws.columns = columns.map(c => ({ width: c.width }))
  // Header height: enough lines for the longest wrapped header at its column's width.
  let lines = 1
  for (const c of columns) lines = Math.max(lines, wrappedLines(c.header, c.width))
  const header = ws.addRow(columns.map(c => c.header))
  header.height = Math.min(6, lines) * LINE_HEIGHT + 5
  for (let i = 1; i <= columns.length; i++) header.getCell(i).style = HEADER_STYLE
  header.commit()
  return ws
}
