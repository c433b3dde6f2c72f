/**
 * PDF → DocumentModel. PDFium (pdfium.ts) gives each page's text runs and ruling segments, which
 * go to pdf-layout.ts; here pages are stitched: page numbers (`— 3 —`, `- 3 -`, `第 3 页`) and
 * running headers and footers dropped, wrapped lines joined into paragraphs, and a table broken by
 * a page break joined into one.
 * A PDF without a text layer is a scan: M03 says so (OCR is not done here).
 */
import type { DocumentMeta, DocumentModel, OcrRead } from '../../shared/document'
import { DocBuilder } from './doc-builder'
import { layoutPage, uprightPage, type PageBlock } from './pdf-layout'
import { ERR_PASSWORD, PdfiumDoc } from './pdfium'
import { garbledReason } from './garbled'
import { printedDate, toIsoDate } from './pub-date'
import { unifyLookalikes } from './lookalikes'
import { OCR_BEATS } from './ocr/heartbeat'

export type PdfResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

/**
 * `- 3 -`, `第 3 页 共 10 页`, `3 / 10`, matched with the line's spaces folded to one: with `\s*` on
 * both sides of each optional part the pattern was cubic on a line of spaces (test/regex-safety).
 */
const PAGE_NUMBER =
  /^([-—–－_~·•] ?)?(第 ?)?\d{1,4}( ?页)?( ?[/／] ?\d{1,4})?( ?共 ?\d+ ?页)? ?([-—–－_~·•])?$/

function isPageNumber(text: string): boolean {
  return text.length <= 60 && PAGE_NUMBER.test(text.replace(/\s+/g, ' ').trim())
}

/** A page's block; a table read by OCR carries each cell's read (src/core/extract/ocr/page.ts). */
export type InputBlock = PageBlock & { ocr?: (OcrRead | null)[][] }
type Block = InputBlock & { page: number }
type TableBlk = Extract<Block, { kind: 'table' }>

/** Rows of a table re-gridded onto a finer set of column rules (a missing rule = a spanned cell). */
function regrid<T>(rows: T[][], cols: number[], union: number[], empty: T): T[][] {
  const at = (x: number): number => {
    let best = 0
    union.forEach((u, i) => {
      if (Math.abs(u - x) < Math.abs(union[best]! - x)) best = i
    })
    return best
  }
  const starts = cols.map(at)
  return rows.map(r => {
    const out = Array.from({ length: union.length - 1 }, () => empty)
    r.forEach((text, k) => {
      if (starts[k]! < out.length) out[starts[k]!] = text
    })
    return out
  })
}

/**
 * How a row's own label starts, which a label's wrapped tail does not: 1. （一） 一、, and the
 * proactive table's 第二十条第（六）项 (a web page printed to PDF by Chrome starts page 2 with it,
 * under 行政许可 | 0 at the foot of page 1: sample 002).
 */
const ENUMERATED =
  /^\s*(\d+\s*[.．、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+条)/
const NUMERIC = /^\s*-?[\d.,]+\s*$/

/**
 * Word and LibreOffice let a row break across a page: its label goes on over the page break
 * (`4.无正当理由大量反复申` | `请`). Such a fragment row holds only text continuing cells that are
 * filled above it, none numbered or numeric. A cell empty in the row above the break may be one a
 * cell merged down covers (三、本年度办理结果 beside the rows of its group: `三、本年度办` | `理结果`):
 * the text then continues that merged cell, the nearest filled one above, when it is a label.
 * Returns, per column, the row whose cell the fragment's text continues, or null when `row` is
 * no fragment.
 */
function fragmentOwners(rows: string[][], row: string[]): (number | undefined)[] | null {
  const filled = row.map((t, i) => [t, i] as const).filter(([t]) => t !== '')
  if (filled.length === 0) return null
  const owners: (number | undefined)[] = row.map(() => undefined)
  for (const [t, i] of filled) {
    if (ENUMERATED.test(t) || NUMERIC.test(t)) return null
    let r = rows.length - 1
    while (r >= 0 && (rows[r]![i] ?? '') === '') r--
    if (r < 0 || NUMERIC.test(rows[r]![i]!)) return null
    owners[i] = r
  }
  return owners
}

/** How many of the continuation's first rows (`b`) repeat the table's first rows (`a`) cell by cell. */
function repeatedRows(a: string[][], b: string[][]): number {
  const bare = (t: string | undefined): string => (t ?? '').replace(/\s+/g, '')
  let k = 0
  while (
    k < b.length &&
    k < a.length - 1 &&
    b[k]!.some(t => bare(t) !== '') &&
    b[k]!.every((t, i) => bare(t) === bare(a[k]![i]))
  )
    k++
  return k
}

/** A table continued on the next page: same outer edges, nothing but page numbers between. */
function joinTables(prev: TableBlk, next: TableBlk): void {
  // Writers size the columns of each page's part afresh, a few points apart: snap the
  // continuation's rules to the nearest rule above the break before merging the two sets.
  const snapped = next.cols.map(x => {
    const near = prev.cols.reduce(
      (best, p) => (Math.abs(p - x) < Math.abs(best - x) ? p : best),
      prev.cols[0]!
    )
    const claimed = next.cols.some(y => y !== x && Math.abs(y - near) <= Math.abs(x - near))
    return Math.abs(near - x) <= 15 && !claimed ? near : x
  })
  const union = [...prev.cols, ...snapped]
    .sort((a, b) => a - b)
    .filter((x, i, all) => i === 0 || x - all[i - 1]! > 2)
  const a = regrid(prev.rows, prev.cols, union, '')
  const b = regrid(next.rows, snapped, union, '')
  // A report read by OCR carries each cell's read parallel to its cells (issue #24): regridded,
  // dropped and joined with them.
  const oa = prev.ocr && next.ocr ? regrid(prev.ocr, prev.cols, union, null) : undefined
  const ob = prev.ocr && next.ocr ? regrid(next.ocr, snapped, union, null) : undefined
  // Header rows repeated at the top of the page (Word's and LibreOffice's 标题行重复) are read
  // once: kept, the row broken over the break was joined to the repeated header instead of to
  // its own tail (`一、本年新收政府信息公开申（本列数据的勾稽关系…）` | `5申请人情况`, and `请数量`
  // left alone below it), and the row came out empty.
  const repeated = repeatedRows(a, b)
  b.splice(0, repeated)
  ob?.splice(0, repeated)
  const first = b[0]
  const owners = first ? fragmentOwners(a, first) : null
  if (first && owners) {
    first.forEach((t, i) => {
      const r = owners[i]
      if (r === undefined) return
      a[r]![i] += t
      // The read keeps its box on the page the cell starts on, with the whole text.
      const read = oa?.[r]?.[i]
      if (read && t !== '') oa[r]![i] = { ...read, text: a[r]![i]! }
    })
    b.shift()
    ob?.shift()
  }
  prev.rows = [...a, ...b]
  if (oa && ob) prev.ocr = [...oa, ...ob]
  prev.cols = union
  prev.page = next.page
}

/** How many lines at each end of a page may be a running header or footer. */
const BAND = 2
const runningKey = (text: string): string => text.replace(/\d+/g, '#').replace(/\s+/g, '')

/**
 * Running headers and footers: lines among the first or last two of at least half the pages (two
 * or more) that read the same but for their numbers. A page printed from a browser carries the
 * print time and title at the top and the address with `2/4` at the foot; once stitched, the foot
 * of one page and the head of the next ran into a paragraph of the report (the sample web pages
 * printed by Chrome with its default header and footer).
 */
function runningLines(pages: InputBlock[][]): Set<PageBlock> {
  type Line = Extract<PageBlock, { kind: 'line' }>
  const ends = pages.map(blocks => {
    const lines = blocks.filter((b): b is Line => b.kind === 'line')
    const band = lines.length <= 2 * BAND ? lines : [...lines.slice(0, BAND), ...lines.slice(-BAND)]
    return band.map(line => ({ line, key: runningKey(line.text) }))
  })
  const seen = new Map<string, number>()
  for (const page of ends)
    for (const key of new Set(page.map(e => e.key))) seen.set(key, (seen.get(key) ?? 0) + 1)
  const enough = Math.max(2, Math.ceil(pages.length / 2))
  return new Set(
    ends
      .flat()
      .filter(e => (seen.get(e.key) ?? 0) >= enough)
      .map(e => e.line)
  )
}

/** Stitch pages: drop page numbers and running lines, join a table continued on the next page. */
function stitch(pages: InputBlock[][]): Block[] {
  const out: Block[] = []
  const running = runningLines(pages)
  pages.forEach((blocks, page) => {
    const kept = blocks.filter(
      b => !(b.kind === 'line' && (isPageNumber(b.text) || running.has(b)))
    )
    kept.forEach((b, i) => {
      const prev = out[out.length - 1]
      const edge = (t: { cols: number[] }, k: number): number =>
        t.cols[k < 0 ? t.cols.length - 1 : 0]!
      if (
        i === 0 &&
        b.kind === 'table' &&
        prev?.kind === 'table' &&
        prev.page === page - 1 &&
        Math.abs(edge(prev, 0) - edge(b, 0)) <= 3 &&
        Math.abs(edge(prev, -1) - edge(b, -1)) <= 3
      ) {
        joinTables(prev, { ...b, page })
      } else out.push({ ...b, page })
    })
  })
  return out
}

export function render(pages: InputBlock[][]): DocBuilder {
  const blocks = stitch(pages)
  const lines = blocks.filter((b): b is Extract<Block, { kind: 'line' }> => b.kind === 'line')
  const left = Math.min(...lines.map(l => l.x))
  // The text's right margin: most full lines end here (a few run past it: URLs, tables' captions).
  const rights = lines.map(l => l.right).sort((p, q) => p - q)
  const right = rights[Math.floor(rights.length * 0.95)] ?? 0
  const b = new DocBuilder()
  let para = ''
  let prevLine: Extract<Block, { kind: 'line' }> | undefined
  const flush = (): void => {
    b.paragraph(para)
    para = ''
    prevLine = undefined
  }
  for (const blk of blocks) {
    if (blk.kind === 'table') {
      flush()
      b.table(blk.rows, blk.ocr)
      continue
    }
    // A line that ran to the right margin wrapped: the next one, starting at the left margin
    // without a paragraph gap, continues the same paragraph.
    const wrapped =
      prevLine !== undefined &&
      prevLine.right >= right - 4 * prevLine.size &&
      blk.x <= left + 0.5 * blk.size &&
      (blk.page !== prevLine.page || prevLine.y - blk.y < 2.2 * blk.size)
    if (!wrapped) flush()
    para += blk.text
    prevLine = blk
  }
  flush()
  return b
}

/**
 * A page a browser printed to PDF (Chrome, Edge, 360 and other Chromium browsers write Skia/PDF;
 * Firefox names itself): its file dates are when it was printed, not when the report was
 * published, and as a last resort they made every such PDF late (M05).
 */
const PRINTED_BY_BROWSER = /Skia\/PDF|Chrome|Chromium|Firefox|Mozilla/i

/** PDF dates look like D:20240117093000+08'00'. */
function pdfDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined
  const m = /(\d{4})(\d{2})(\d{2})/.exec(raw)
  return m ? toIsoDate(`${m[1]}-${m[2]}-${m[3]}`) : undefined
}

/**
 * Image objects in the file, counted in its bytes: an image is a stream, and a stream's dictionary
 * is never compressed into an object stream, so `/Subtype /Image` stands in the file as written.
 * Counted in the bytes, not on the pages: an image drawn on several pages is one. A table
 * pasted into Word as a picture and printed to PDF leaves one (hand/chrome-pictures-040.pdf), and
 * T01 says so; a seal or a logo counts too, which is why T01 says "如".
 */
function imageObjects(bytes: Buffer): number {
  // On the bytes: a 200 MB OCR'd scan made a 200 MB string to search.
  let n = 0
  for (let at = bytes.indexOf(IMAGE); at >= 0; at = bytes.indexOf(IMAGE, at + IMAGE.length)) {
    const after = bytes[at + IMAGE.length]
    if (after !== undefined && /[A-Za-z0-9]/.test(String.fromCharCode(after))) continue
    let k = at - 1
    while (
      k >= 0 &&
      (bytes[k] === 0x20 || bytes[k] === 0x0a || bytes[k] === 0x0d || bytes[k] === 0x09)
    )
      k--
    if (k >= SUBTYPE.length - 1 && bytes.subarray(k - SUBTYPE.length + 1, k + 1).equals(SUBTYPE))
      n++
  }
  return n
}
const IMAGE = Buffer.from('/Image')
const SUBTYPE = Buffer.from('/Subtype')

/**
 * What the reader gives: the laid-out pages, whether a PDF without text draws images, its info.
 * (pdfjs-dist gave the same until issue #18: bench/RESULTS.md compares the two.)
 */
export interface PdfRead {
  pages(): Promise<{ pages: PageBlock[][]; chars: number }>
  /** Whether the first pages draw an image: a PDF without text is then a scan, else empty. */
  scan(): Promise<boolean>
  info(): Promise<Record<'Title' | 'Producer' | 'Creator' | 'CreationDate' | 'ModDate', string>>
  close(): Promise<void>
}

async function readPdfium(bytes: Buffer): Promise<PdfRead | { reason: string }> {
  const doc = await PdfiumDoc.open(bytes)
  if ('error' in doc) {
    if (doc.error === ERR_PASSWORD) return { reason: '文件已加密：PDF 需要密码才能打开' }
    return { reason: '文件已损坏：不是有效的 PDF 文件' }
  }
  return {
    async pages() {
      const pages: PageBlock[][] = []
      let chars = 0
      for (let n = 0; n < doc.pageCount; n++) {
        const page = doc.page(n)
        // Radicals become characters here already: the page heuristics below read the text too.
        for (const it of page.items) it.str = unifyLookalikes(it.str)
        const upright = uprightPage(page.items, page.segs)
        pages.push(layoutPage(upright.items, upright.segs))
        chars += page.chars
      }
      return { pages, chars }
    },
    async scan() {
      for (let n = 0; n < Math.min(3, doc.pageCount); n++)
        if (doc.page(n, false).images > 0) return true
      return false
    },
    async info() {
      const get = (k: string): string => doc.meta(k)
      return {
        Title: get('Title'),
        Producer: get('Producer'),
        Creator: get('Creator'),
        CreationDate: get('CreationDate'),
        ModDate: get('ModDate')
      }
    },
    async close() {
      doc.close()
    }
  }
}

/** A scan read by OCR (ocr/run.ts, its own process); an M03 that says why when it cannot be. */
async function ocrScan(bytes: Buffer): Promise<PdfResult> {
  const { runOcr } = await import('./ocr/run')
  const res = await runOcr(bytes, 'pdf', OCR_BEATS)
  if (!res.ok) return { ok: false, reason: `扫描件，无文字层：${res.reason}` }
  if (!res.doc.lines.some(l => l.trim() !== ''))
    return {
      ok: false,
      reason: '扫描件，无文字层：PDF 只有图片，文字识别（OCR）未识别出文字，需人工审查'
    }
  return res
}

export async function extractPdf(bytes: Buffer, opts: { ocr?: boolean } = {}): Promise<PdfResult> {
  const read = await readPdfium(bytes)
  if ('reason' in read) return { ok: false, reason: read.reason }
  try {
    const { pages, chars } = await read.pages()
    if (chars === 0) {
      const scan = await read.scan().catch(() => false)
      if (scan && opts.ocr) return await ocrScan(bytes)
      return {
        ok: false,
        reason: scan
          ? '扫描件，无文字层：PDF 只有图片，需先做文字识别（OCR）才能审查'
          : '无文字层：PDF 中没有可读取的文字（空白，或文字已转为曲线），需先做文字识别（OCR）才能审查'
      }
    }
    const b = render(pages)
    const garbled = garbledReason(b.lines)
    if (garbled) return { ok: false, reason: garbled }
    const meta: DocumentMeta = {}
    const images = imageObjects(bytes)
    if (images > 0) meta.images = images
    const info = await read.info()
    if (info.Title.trim() !== '') meta.title = info.Title.trim()
    // A page printed from the web carries its 发布日期; the info dictionary only records when the
    // file was made, not when it was published: last resort.
    const printed = printedDate(b.lines, 'PDF 正文')
    if (printed) {
      meta.publicationDate = printed.date
      meta.publicationDateSource = printed.source
    } else if (!PRINTED_BY_BROWSER.test(`${info.Producer} ${info.Creator}`)) {
      for (const [key, label] of [
        ['CreationDate', '创建时间'],
        ['ModDate', '修改时间']
      ] as const) {
        const date = pdfDate(info[key])
        if (date) {
          meta.publicationDate = date
          meta.publicationDateSource = `PDF 文件属性“${label}”（仅供参考，非发布日期）`
          break
        }
      }
    }
    return { ok: true, doc: b.build(meta) }
  } catch (err) {
    return {
      ok: false,
      reason: `文件已损坏：PDF 内容无法读取（${err instanceof Error ? err.message : String(err)}）`
    }
  } finally {
    await read.close()
  }
}
