/**
 * PDFium (Google's PDF engine, BSD-3-Clause; `@embedpdf/pdfium`'s WebAssembly build, MIT) as the
 * PDF reader: per page, the positioned text runs and ruling segments pdf-layout.ts takes, plus the
 * document's metadata. Everything here is geometry and bytes; what the text means is pdf.ts's.
 *
 * The .wasm is read from its file path (require.resolve), not fetched: from source (tsx, vitest)
 * that is node_modules/@embedpdf/pdfium/dist/pdfium.wasm; in the packaged app it is unpacked beside
 * app.asar (electron-builder.yml asarUnpack), where a worker thread reads it as a plain file.
 *
 * The wrapper's own cwrap'd functions go through ccall (an argument array and a stack save per
 * call); a page of a report has ~2,000 characters read with three calls each, so the WASM exports
 * are called directly, and results are read from the heap as typed arrays.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Point, Segment, TextItem } from './pdf-layout'
import { RuleCollector } from './pdf-layout'
import { trackPdfiumMemory } from './pdfium-memory'

export { pdfiumMemory } from './pdfium-memory'

const requireHere = createRequire(
  typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js')
)

/** The .wasm file: resolved through the package, then its unpacked copy when inside app.asar. */
export function wasmPath(): string {
  return unpackedPath(requireHere.resolve('@embedpdf/pdfium/pdfium.wasm'), existsSync)
}

/**
 * A file inside the packaged app's app.asar → the same path in app.asar.unpacked, where
 * electron-builder's asarUnpack puts it, when it is there; any other path as it is.
 */
export function unpackedPath(file: string, exists: (p: string) => boolean): string {
  const unpacked = file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
  return unpacked !== file && exists(unpacked) ? unpacked : file
}

/** The raw exports used here (C signatures: pointers and handles are numbers). */
interface Exports {
  memory: { buffer: ArrayBuffer }
  malloc(n: number): number
  free(p: number): void
  PDFiumExt_Init(): void
  FPDF_LoadMemDocument(data: number, size: number, password: number): number
  FPDF_CloseDocument(doc: number): void
  FPDF_GetLastError(): number
  FPDF_GetPageCount(doc: number): number
  FPDF_GetMetaText(doc: number, tag: number, buf: number, len: number): number
  FPDF_LoadPage(doc: number, i: number): number
  FPDF_ClosePage(page: number): void
  FPDFText_LoadPage(page: number): number
  FPDFText_ClosePage(tp: number): void
  FPDFText_CountChars(tp: number): number
  FPDFText_GetText(tp: number, start: number, count: number, buf: number): number
  FPDFText_GetUnicode(tp: number, i: number): number
  FPDFText_IsGenerated(tp: number, i: number): number
  FPDFText_GetTextObject(tp: number, i: number): number
  FPDFText_GetFontSize(tp: number, i: number): number
  FPDFText_GetMatrix(tp: number, i: number, m: number): number
  FPDFText_GetCharOrigin(tp: number, i: number, x: number, y: number): number
  FPDFText_GetLooseCharBox(tp: number, i: number, rect: number): number
  FPDFText_GetCharBox(tp: number, i: number, l: number, r: number, b: number, t: number): number
  FPDFTextObj_GetFont(obj: number): number
  FPDFFont_GetBaseFontName(font: number, buf: number, len: number): number
  FPDFPage_CountObjects(page: number): number
  FPDFPage_GetObject(page: number, i: number): number
  FPDFFormObj_CountObjects(obj: number): number
  FPDFFormObj_GetObject(obj: number, i: number): number
  FPDFPageObj_GetType(obj: number): number
  FPDFPageObj_GetMatrix(obj: number, m: number): number
  FPDFPath_CountSegments(path: number): number
  FPDFPath_GetPathSegment(path: number, i: number): number
  FPDFPath_GetDrawMode(path: number, fill: number, stroke: number): number
  FPDFPathSegment_GetPoint(seg: number, x: number, y: number): number
  FPDFPathSegment_GetType(seg: number): number
  FPDFPathSegment_GetClose(seg: number): number
  FPDF_GetPageWidthF(page: number): number
  FPDF_GetPageHeightF(page: number): number
  FPDFBitmap_Create(w: number, h: number, alpha: number): number
  FPDFBitmap_FillRect(bmp: number, l: number, t: number, w: number, h: number, color: number): void
  FPDFBitmap_GetBuffer(bmp: number): number
  FPDFBitmap_GetStride(bmp: number): number
  FPDFBitmap_Destroy(bmp: number): void
  FPDF_RenderPageBitmap(
    bmp: number,
    page: number,
    x: number,
    y: number,
    w: number,
    h: number,
    rotate: number,
    flags: number
  ): void
}

/** A page rendered to 8-bit gray (0 black … 255 white), row by row. */
export interface GrayImage {
  width: number
  height: number
  data: Uint8Array
}

let modulePromise: Promise<Exports> | undefined

/** PDFium, instantiated once per thread (its memory, once grown, stays: pool.ts restarts a worker). */
export function loadPdfium(): Promise<Exports> {
  return (modulePromise ??= (async () => {
    const { init } = requireHere('@embedpdf/pdfium') as typeof import('@embedpdf/pdfium')
    const wrapped = await init({
      wasmBinary: readFileSync(wasmPath()).buffer as ArrayBuffer,
      print: () => undefined,
      printErr: () => undefined
    })
    const ex = (wrapped.pdfium as unknown as { wasmExports: Exports }).wasmExports
    ex.PDFiumExt_Init()
    trackPdfiumMemory(ex.memory)
    return ex
  })())
}

/** FPDF_GetLastError's codes. */
export const ERR_PASSWORD = 4

/** Scratch memory for out-parameters: 8 doubles. */
class Scratch {
  readonly ptr: number
  private f64: Float64Array
  private f32: Float32Array
  constructor(private readonly ex: Exports) {
    this.ptr = ex.malloc(64)
    this.f64 = new Float64Array(ex.memory.buffer)
    this.f32 = new Float32Array(ex.memory.buffer)
  }
  private fresh(): void {
    if (this.f64.buffer !== this.ex.memory.buffer) {
      this.f64 = new Float64Array(this.ex.memory.buffer)
      this.f32 = new Float32Array(this.ex.memory.buffer)
    }
  }
  d(k: number): number {
    this.fresh()
    return this.f64[(this.ptr >> 3) + k]!
  }
  f(k: number): number {
    this.fresh()
    return this.f32[(this.ptr >> 2) + k]!
  }
  free(): void {
    this.ex.free(this.ptr)
  }
}

/** A text run on one baseline, with its quarter turns (pdf-layout's uprightPage). */
export type TurnedItem = TextItem & { turn: number }

export interface PdfiumPage {
  items: TurnedItem[]
  segs: Segment[]
  /** Image objects drawn on the page (forms included). */
  images: number
  /** Non-blank characters. */
  chars: number
}

export class PdfiumDoc {
  private constructor(
    private readonly ex: Exports,
    private readonly doc: number,
    private readonly data: number,
    private readonly s: Scratch
  ) {}

  /** Opens the bytes; `{ error }` is FPDF_GetLastError's code when PDFium cannot. */
  static async open(bytes: Uint8Array): Promise<PdfiumDoc | { error: number }> {
    const ex = await loadPdfium()
    const data = ex.malloc(Math.max(1, bytes.length))
    // PDFium's heap is 32-bit: a file it cannot hold is no damaged PDF.
    if (!data) throw new Error(`PDF 过大，无法在内存中打开（${Math.round(bytes.length / 1e6)} MB）`)
    new Uint8Array(ex.memory.buffer, data, bytes.length).set(bytes)
    const doc = ex.FPDF_LoadMemDocument(data, bytes.length, 0)
    if (!doc) {
      const error = ex.FPDF_GetLastError()
      ex.free(data)
      return { error }
    }
    return new PdfiumDoc(ex, doc, data, new Scratch(ex))
  }

  get pageCount(): number {
    return this.ex.FPDF_GetPageCount(this.doc)
  }

  /** An info-dictionary entry (Title, Producer, CreationDate…), '' when absent. */
  meta(tag: string): string {
    const ex = this.ex
    const key = Buffer.from(`${tag}\0`, 'latin1')
    const kp = ex.malloc(key.length)
    new Uint8Array(ex.memory.buffer, kp, key.length).set(key)
    try {
      const len = ex.FPDF_GetMetaText(this.doc, kp, 0, 0)
      if (len <= 2) return ''
      const buf = ex.malloc(len)
      try {
        ex.FPDF_GetMetaText(this.doc, kp, buf, len)
        return Buffer.from(new Uint8Array(ex.memory.buffer, buf, len - 2)).toString('utf16le')
      } finally {
        ex.free(buf)
      }
    } finally {
      ex.free(kp)
    }
  }

  /** One page's text runs, ruling segments and image count; `text: false` skips the text. */
  page(index: number, text = true): PdfiumPage {
    const ex = this.ex
    const page = ex.FPDF_LoadPage(this.doc, index)
    if (!page) throw new Error(`第 ${index + 1} 页无法读取`)
    try {
      const rules = new RuleCollector()
      const images = this.objects(page, rules)
      if (!text) return { items: [], segs: [], images, chars: 0 }
      const tp = ex.FPDFText_LoadPage(page)
      if (!tp) throw new Error(`第 ${index + 1} 页的文字无法读取`)
      try {
        const { items, chars } = this.textRuns(tp)
        return { items, segs: rules.segments(), images, chars }
      } finally {
        ex.FPDFText_ClosePage(tp)
      }
    } finally {
      ex.FPDF_ClosePage(page)
    }
  }

  /**
   * One page rendered at `dpi` to 8-bit gray (OCR, src/core/ocr). PDFium draws BGRx; printing
   * mode (FPDF_PRINTING) and annotations (FPDF_ANNOT) as a printed page shows them.
   */
  render(index: number, dpi: number): GrayImage {
    const ex = this.ex
    const page = ex.FPDF_LoadPage(this.doc, index)
    if (!page) throw new Error(`第 ${index + 1} 页无法读取`)
    try {
      const width = Math.max(1, Math.round((ex.FPDF_GetPageWidthF(page) * dpi) / 72))
      const height = Math.max(1, Math.round((ex.FPDF_GetPageHeightF(page) * dpi) / 72))
      if (width * height > 12000 * 12000) throw new Error(`第 ${index + 1} 页尺寸过大，无法识别`)
      const bmp = ex.FPDFBitmap_Create(width, height, 0)
      if (!bmp) throw new Error(`第 ${index + 1} 页过大，无法在内存中绘制`)
      try {
        ex.FPDFBitmap_FillRect(bmp, 0, 0, width, height, 0xffffffff)
        ex.FPDF_RenderPageBitmap(bmp, page, 0, 0, width, height, 0, 0x01 | 0x800)
        const stride = ex.FPDFBitmap_GetStride(bmp)
        const src = new Uint8Array(ex.memory.buffer, ex.FPDFBitmap_GetBuffer(bmp), stride * height)
        const data = new Uint8Array(width * height)
        for (let y = 0; y < height; y++) {
          let s = y * stride
          let d = y * width
          for (let x = 0; x < width; x++, s += 4, d++)
            // BGR → luma (ITU-R BT.601), in integers.
            data[d] = (src[s]! * 29 + src[s + 1]! * 150 + src[s + 2]! * 77) >> 8
        }
        return { width, height, data }
      } finally {
        ex.FPDFBitmap_Destroy(bmp)
      }
    } finally {
      ex.FPDF_ClosePage(page)
    }
  }

  close(): void {
    this.ex.FPDF_CloseDocument(this.doc)
    this.ex.free(this.data)
    this.s.free()
  }

  /**
   * The page's characters as one UTF-16 string (one call), or null when it does not line up
   * with the character indices (a character outside the BMP takes two code units).
   */
  private pageText(tp: number, n: number): string | null {
    const ex = this.ex
    const buf = ex.malloc(2 * (n + 1))
    try {
      const got = ex.FPDFText_GetText(tp, 0, n, buf)
      if (got !== n + 1) return null
      const text = Buffer.from(new Uint8Array(ex.memory.buffer, buf, 2 * n)).toString('utf16le')
      return /[\ud800-\udfff]/.test(text) ? null : text
    } finally {
      ex.free(buf)
    }
  }

  /**
   * Characters → runs as pdfjs's getTextContent made them, which pdf-layout.ts was written for:
   * glyphs of one font (by name) and size on one baseline join while the gap before the next is
   * within 0.6 of the size, with a space where the gap is over 0.102 of it or a space glyph stood;
   * a wider gap, a step off the baseline or another font starts a new run. A space glyph right
   * before another font is dropped (Chrome writes `2022 年` with the space in the Latin font: pdfjs
   * read 2022年), while a bare gap there is a space (`251000 元`). A run's x, y are its first
   * glyph's origin; its width runs to the last glyph's advance.
   *
   * Per character: its origin and its loose box (origin to advance, descent to ascent); the
   * matrix, size and font once per text object. A glyph with an empty loose box takes its tight
   * (inked) box instead.
   */
  private textRuns(tp: number): { items: TurnedItem[]; chars: number } {
    const ex = this.ex
    const s = this.s
    const p = s.ptr
    const n = ex.FPDFText_CountChars(tp)
    const text = n > 0 ? this.pageText(tp, n) : ''
    // First the page's glyphs into arrays (codes, along, across, advance; size, turn and font by
    // text object), then the runs, which look one glyph ahead.
    const code = new Uint16Array(n)
    const x = new Float64Array(n)
    const y = new Float64Array(n)
    const along = new Float64Array(n)
    const across = new Float64Array(n)
    const adv = new Float64Array(n)
    const anchored = new Uint8Array(n)
    const spaced = new Uint8Array(n)
    const objOf = new Int32Array(n)
    const objs: { size: number; turn: number; font: string }[] = []
    let obj = -1
    let m = 0
    let pendingSpace = 0
    // Out-parameters read through views of PDFium's heap, made again only when it grows (a call
    // that allocates may replace the buffer): one check per character instead of one per read.
    let heap = ex.memory.buffer
    let f32 = new Float32Array(heap)
    let f64 = new Float64Array(heap)
    const p4 = p >> 2
    const p8 = p >> 3
    for (let i = 0; i < n; i++) {
      const c = text === null ? ex.FPDFText_GetUnicode(tp, i) : text.charCodeAt(i)
      // PDFium adds a space or a line break where it sees a gap: the runs below decide that.
      if (c === 0x0d || c === 0x0a || c === 0xfffe || c === 0) continue
      if (c === 0x20 || c === 0x3000 || c === 0xa0 || c === 0x09) {
        if (!ex.FPDFText_IsGenerated(tp, i)) pendingSpace = 1
        continue
      }
      const o = ex.FPDFText_GetTextObject(tp, i)
      if (o !== obj || objs.length === 0) {
        obj = o
        ex.FPDFText_GetMatrix(tp, i, p)
        const [a, b, cc, d] = [s.f(0), s.f(1), s.f(2), s.f(3)]
        const fs = ex.FPDFText_GetFontSize(tp, i)
        objs.push({
          // The glyphs' height: the vertical scale (an OCR layer stretches words horizontally).
          size: fs * (Math.hypot(cc, d) || Math.hypot(a, b) || 1) || 10,
          turn: Math.round(Math.atan2(b, a) / (Math.PI / 2)) & 3,
          font: o ? this.fontName(ex.FPDFTextObj_GetFont(o)) : ''
        })
      }
      const turn = objs[objs.length - 1]!.turn
      ex.FPDFText_GetCharOrigin(tp, i, p, p + 8)
      ex.FPDFText_GetLooseCharBox(tp, i, p + 16)
      if (ex.memory.buffer !== heap) {
        heap = ex.memory.buffer
        f32 = new Float32Array(heap)
        f64 = new Float64Array(heap)
      }
      const ox = f64[p8]!
      const oy = f64[p8 + 1]!
      // FS_RECTF: left, top, right, bottom.
      let l = f32[p4 + 4]!
      let t = f32[p4 + 5]!
      let r = f32[p4 + 6]!
      let b = f32[p4 + 7]!
      if (r - l <= 0 && t - b <= 0) {
        ex.FPDFText_GetCharBox(tp, i, p, p + 8, p + 16, p + 24)
        ;[l, r, b, t] = [s.d(0), s.d(1), s.d(2), s.d(3)]
      }
      // Along the text's direction and across it, turned back by the quarter turns.
      let pos = ox
      let acr = oy
      let near = l
      let far = r
      if (turn === 1) {
        pos = oy
        acr = -ox
        near = b
        far = t
      } else if (turn === 2) {
        pos = -ox
        acr = -oy
        near = -r
        far = -l
      } else if (turn === 3) {
        pos = -oy
        acr = ox
        near = -t
        far = -b
      }
      // PDFium's soft hyphen (2) is a hyphen drawn.
      code[m] = c === 0x02 ? 0x2d : c
      x[m] = ox
      y[m] = oy
      along[m] = pos
      across[m] = acr
      adv[m] = Math.max(0, far - pos)
      // A loose box from the font's metrics starts at the origin; without metrics (a Type3 font,
      // Chrome's CJK glyphs) PDFium gives the inked box, which falls short of the advance.
      anchored[m] = Math.abs(near - pos) < 0.01 ? 1 : 0
      spaced[m] = pendingSpace
      objOf[m] = objs.length - 1
      pendingSpace = 0
      m++
    }
    const items: TurnedItem[] = []
    let cur:
      { it: TurnedItem; font: string; across: number; start: number; end: number } | undefined
    for (let k = 0; k < m; k++) {
      const { size, turn, font } = objs[objOf[k]!]!
      const pos = along[k]!
      let a = adv[k]!
      if (!anchored[k] && k + 1 < m) {
        // The advance of a glyph without metrics: up to where the next one on its line starts.
        const next = along[k + 1]! - pos
        if (
          objs[objOf[k + 1]!]!.turn === turn &&
          Math.abs(across[k + 1]! - across[k]!) <= 0.2 * size &&
          next > a &&
          next <= a + 0.3 * size
        )
          a = next
      }
      const ch = String.fromCharCode(code[k]!)
      if (cur && cur.it.turn === turn && Math.abs(across[k]! - cur.across) <= 0.2 * size) {
        const gap = pos - cur.end
        const inFlow = gap >= -0.2 * size && gap <= 0.6 * size
        const space = spaced[k] === 1 || gap > 0.102 * size
        if (inFlow && cur.font === font && Math.abs(cur.it.size - size) < 0.1 * size) {
          cur.it.str += space ? ` ${ch}` : ch
          cur.end = Math.max(cur.end, pos + a)
          cur.it.w = cur.end - cur.start
          continue
        }
        const end = cur.end
        const prev = cur.it
        flush()
        // pdfjs put a blank run where a space glyph or a gap parts two runs on a line: lines
        // drop it, a table cell keeps it (`1. 属于国家秘密`, `251000 元`).
        if (space && gap > -0.2 * size) {
          const [bx, by] =
            turn === 0
              ? [end, prev.y]
              : turn === 1
                ? [prev.x, end]
                : turn === 2
                  ? [-end, prev.y]
                  : [prev.x, -end]
          items.push({ str: ' ', x: bx, y: by, w: Math.max(0, gap), size: prev.size, turn })
        }
      } else flush()
      cur = {
        it: { str: ch, x: x[k]!, y: y[k]!, w: a, size, turn },
        font,
        across: across[k]!,
        start: pos,
        end: pos + a
      }
    }
    flush()
    return { items, chars: m }

    function flush(): void {
      if (cur) items.push(cur.it)
      cur = undefined
    }
  }

  /** A font's base name ('' for a Type3 font, which has none), once per font. */
  private fontName(font: number): string {
    let name = this.fonts.get(font)
    if (name === undefined) {
      const ex = this.ex
      const len = font ? ex.FPDFFont_GetBaseFontName(font, 0, 0) : 0
      name = ''
      if (len > 1) {
        const buf = ex.malloc(len)
        ex.FPDFFont_GetBaseFontName(font, buf, len)
        name = Buffer.from(new Uint8Array(ex.memory.buffer, buf, len - 1)).toString('latin1')
        ex.free(buf)
      }
      this.fonts.set(font, name)
    }
    return name
  }
  private readonly fonts = new Map<number, string>()

  /** Ruling segments of the page's paths (forms' contents too); returns the image objects met. */
  private objects(page: number, rules: RuleCollector): number {
    const ex = this.ex
    let images = 0
    const walk = (count: number, get: (i: number) => number, outer: number[]): void => {
      for (let i = 0; i < count; i++) {
        const obj = get(i)
        const type = ex.FPDFPageObj_GetType(obj)
        if (type === 3) images++
        else if (type === 2) this.path(obj, outer, rules)
        else if (type === 5) {
          const m = this.matrix(obj)
          walk(
            ex.FPDFFormObj_CountObjects(obj),
            k => ex.FPDFFormObj_GetObject(obj, k),
            mul(outer, m)
          )
        }
      }
    }
    walk(ex.FPDFPage_CountObjects(page), i => ex.FPDFPage_GetObject(page, i), [1, 0, 0, 1, 0, 0])
    return images
  }

  private matrix(obj: number): number[] {
    const s = this.s
    if (!this.ex.FPDFPageObj_GetMatrix(obj, s.ptr)) return [1, 0, 0, 1, 0, 0]
    return [s.f(0), s.f(1), s.f(2), s.f(3), s.f(4), s.f(5)]
  }

  /** One path object → RuleCollector (points in page space: its matrix, then its forms'). */
  private path(obj: number, outer: number[], rules: RuleCollector): void {
    const ex = this.ex
    const s = this.s
    const p = s.ptr
    if (!ex.FPDFPath_GetDrawMode(obj, p, p + 4)) return
    const view = new Int32Array(ex.memory.buffer, p, 2)
    const fill = view[0]! !== 0
    const stroke = view[1]! !== 0
    if (!fill && !stroke) return
    const m = mul(outer, this.matrix(obj))
    const trace = rules.path(stroke)
    const n = ex.FPDFPath_CountSegments(obj)
    let bezier = 0
    for (let k = 0; k < n; k++) {
      const seg = ex.FPDFPath_GetPathSegment(obj, k)
      if (!seg || !ex.FPDFPathSegment_GetPoint(seg, p, p + 4)) continue
      const pt: Point = [
        m[0]! * s.f(0) + m[2]! * s.f(1) + m[4]!,
        m[1]! * s.f(0) + m[3]! * s.f(1) + m[5]!
      ]
      // FPDF_SEGMENT_LINETO 0, BEZIERTO 1, MOVETO 2. A Bézier comes as three points: its end is the last.
      const type = ex.FPDFPathSegment_GetType(seg)
      if (type === 2) trace.move(pt)
      else if (type === 0) trace.line(pt)
      else if (type === 1 && ++bezier % 3 === 0) trace.curve(pt)
      if (type !== 1) bezier = 0
      if (ex.FPDFPathSegment_GetClose(seg)) trace.close()
    }
    trace.end(!stroke)
  }
}

/** m × n as PDF composes them: n applied first, then m (row vectors: n · m). */
function mul(m: number[], n: number[]): number[] {
  return [
    n[0]! * m[0]! + n[1]! * m[2]!,
    n[0]! * m[1]! + n[1]! * m[3]!,
    n[2]! * m[0]! + n[3]! * m[2]!,
    n[2]! * m[1]! + n[3]! * m[3]!,
    n[4]! * m[0]! + n[5]! * m[2]! + m[4]!,
    n[4]! * m[1]! + n[5]! * m[3]! + m[5]!
  ]
}
