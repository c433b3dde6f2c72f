/**
 * One page image → the positioned text runs and ruling segments pdf-layout.ts takes from a PDF's
 * text layer, so that the same layout code builds its lines and tables; then every table cell gets
 * the OCR read that made it (TableRow.ocr).
 *
 * Steps: binarise (Otsu) → deskew (the angle whose horizontal projection of the dark pixels is
 * sharpest: ruling lines and text rows) → ruling lines (long dark runs) → the lines erased → text
 * boxes (DBNet) → reads (SVTR, with a digits-only decode for numbers) → layout → a second pass on
 * table cells left empty that hold ink (small single digits the detector missed: 96 % of the
 * errors measured in issue #24).
 *
 * Coordinates handed to the layout are PDF points at the render's dpi, y upwards, as a text layer
 * gives them.
 */
import type { OcrBox, OcrRead } from '../../../shared/document'
import { layoutPage, type PageBlock, type Segment, type TextItem } from '../pdf-layout'
import type { OcrEngine, PixelBox } from './engine'
import { rotate, type GrayImage } from './image'

export type OcrTable = Extract<PageBlock, { kind: 'table' }> & { ocr: (OcrRead | null)[][] }
export type OcrPageBlock = Exclude<PageBlock, { kind: 'table' }> | OcrTable

export interface OcrPage {
  blocks: OcrPageBlock[]
  /** The skew found and undone, degrees. */
  skew: number
  width: number
  height: number
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff]/

/** Otsu's threshold of the image's histogram. */
export function otsu(img: GrayImage): number {
  const hist = new Float64Array(256)
  for (let i = 0; i < img.data.length; i++) hist[img.data[i]!]!++
  const total = img.data.length
  let sumAll = 0
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!
  let wB = 0
  let sumB = 0
  let best = 0
  let bestT = 128
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += t * hist[t]!
    const mB = sumB / wB
    const mF = (sumAll - sumB) / wF
    const between = wB * wF * (mB - mF) ** 2
    if (between > best) {
      best = between
      bestT = t
    }
  }
  // A clean page (almost all white) puts the threshold near white: keep it to darker ink.
  return Math.min(bestT, 200)
}

/**
 * The turn in degrees that straightens the page (image.ts rotate), from the dark pixels of every
 * fourth column: the angle that makes their row histogram sharpest, searched ±3° by 0.1°,
 * then refined by 0.02°.
 */
export function estimateSkew(img: GrayImage, threshold: number): number {
  // Every row, every fourth column: sampling rows too would favour 0° (all samples on a few rows).
  const f = 4
  const xs: number[] = []
  const ys: number[] = []
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x += f)
      if (img.data[y * img.width + x]! < threshold) {
        xs.push(x)
        ys.push(y)
      }
  if (xs.length < 200) return 0
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180)
    const hist = new Float64Array(Math.ceil(img.height + img.width * 0.06) + 4)
    const off = img.width * 0.03
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round(ys[i]! - xs[i]! * t + off)
      if (r >= 0 && r < hist.length) hist[r]!++
    }
    let s = 0
    for (const v of hist) s += v * v
    return s
  }
  let best = 0
  let bestScore = -1
  for (let d = -3; d <= 3.0001; d += 0.1) {
    const s = score(d)
    if (s > bestScore) {
      bestScore = s
      best = d
    }
  }
  const coarse = best
  for (let d = coarse - 0.1; d <= coarse + 0.1001; d += 0.02) {
    const s = score(d)
    if (s > bestScore) {
      bestScore = s
      best = d
    }
  }
  return Math.round(best * 100) / 100
}

/** A ruling line in pixels: horizontal (y fixed, x0..x1) or vertical (x fixed, y0..y1). */
export interface Rule {
  dir: 'h' | 'v'
  at: number
  a: number
  b: number
  /** Thickness in pixels. */
  t: number
}

/**
 * Long straight dark runs: horizontal ones of at least `minH` pixels, vertical ones that join two
 * horizontal rules (or are long): a character's stroke is neither. Gaps of up to 3 pixels (noise,
 * a faint scan) are bridged.
 */
export function findRules(dark: Uint8Array, W: number, H: number, dpi: number): Rule[] {
  const minH = Math.round(0.5 * dpi)
  const minV = Math.round(0.15 * dpi)
  const gap = 3
  const runs = (
    len: number,
    lines: number,
    at: (line: number, i: number) => number,
    min: number
  ): { line: number; a: number; b: number }[] => {
    const out: { line: number; a: number; b: number }[] = []
    for (let l = 0; l < lines; l++) {
      let start = -1
      let last = -1
      for (let i = 0; i <= len; i++) {
        const on = i < len && dark[at(l, i)] === 1
        if (on) {
          if (start < 0) start = i
          last = i
        } else if (start >= 0 && i - last > gap) {
          if (last - start + 1 >= min) out.push({ line: l, a: start, b: last })
          start = -1
        }
      }
    }
    return out
  }
  const merge = (rs: { line: number; a: number; b: number }[], dir: 'h' | 'v'): Rule[] => {
    // Runs on adjacent lines that overlap are one rule (its thickness).
    const open: { first: number; last: number; a: number; b: number }[] = []
    const done: Rule[] = []
    const close = (o: { first: number; last: number; a: number; b: number }): void => {
      const t = o.last - o.first + 1
      // Thicker than ~1.5 mm is a filled shape (a seal, a black bar), not a rule.
      if (t <= Math.max(4, 0.06 * dpi))
        done.push({ dir, at: (o.first + o.last) / 2, a: o.a, b: o.b, t })
    }
    for (const r of rs) {
      for (let k = open.length - 1; k >= 0; k--) {
        if (r.line - open[k]!.last > 1) close(open.splice(k, 1)[0]!)
      }
      const o = open.find(
        o =>
          o.last >= r.line - 1 &&
          Math.min(o.b, r.b) - Math.max(o.a, r.a) > 0.5 * Math.min(o.b - o.a, r.b - r.a)
      )
      if (o) {
        o.last = r.line
        o.a = Math.min(o.a, r.a)
        o.b = Math.max(o.b, r.b)
      } else open.push({ first: r.line, last: r.line, a: r.a, b: r.b })
    }
    open.forEach(close)
    return done
  }
  const hs = merge(
    runs(W, H, (l, i) => l * W + i, minH),
    'h'
  )
  const vsAll = merge(
    runs(H, W, (l, i) => i * W + l, minV),
    'v'
  )
  const near = 0.03 * dpi
  const touches = (x: number, y: number): boolean =>
    hs.some(h => Math.abs(h.at - y) <= near && x >= h.a - near && x <= h.b + near)
  const vs = vsAll.filter(v => v.b - v.a >= 0.6 * dpi || (touches(v.at, v.a) && touches(v.at, v.b)))
  return [...hs, ...vs]
}

export interface PageOptions {
  dpi: number
  /** Called while the page is read (after detection, every 20 boxes): the caller's sign of life. */
  onBeat?: () => void
  /** Skip the deskew (a page rendered from a PDF's own vectors is straight). */
  noDeskew?: boolean
}

interface Read {
  box: PixelBox
  text: string
  confidence: number
}

/** One page image → its blocks with OCR reads, through the engine. */
export async function ocrPage(
  engine: OcrEngine,
  page: GrayImage,
  pageNo: number,
  opts: PageOptions
): Promise<OcrPage> {
  const { dpi } = opts
  let img = page
  let threshold = otsu(img)
  let skew = opts.noDeskew ? 0 : estimateSkew(img, threshold)
  if (Math.abs(skew) < 0.05) skew = 0
  else {
    img = rotate(img, skew)
    threshold = otsu(img)
  }
  const W = img.width
  const H = img.height
  const dark = new Uint8Array(W * H)
  for (let i = 0; i < dark.length; i++) dark[i] = img.data[i]! < threshold ? 1 : 0
  const rules = findRules(dark, W, H, dpi)
  // The rules erased from what the detector and recogniser see: a digit touching a cell's border
  // was read with the border as a 1.
  const clean: GrayImage = { width: W, height: H, data: Uint8Array.from(img.data) }
  for (const r of rules) {
    const half = Math.ceil(r.t / 2) + 1
    for (let p = Math.floor(r.a); p <= Math.ceil(r.b); p++)
      for (let q = Math.floor(r.at - half); q <= Math.ceil(r.at + half); q++) {
        const [x, y] = r.dir === 'h' ? [p, q] : [q, p]
        if (x >= 0 && y >= 0 && x < W && y < H) {
          clean.data[y * W + x] = 255
          dark[y * W + x] = 0
        }
      }
  }
  const boxes = (await engine.detect(clean)).flatMap(b => splitAtGaps(b, dark, W, H))
  opts.onBeat?.()
  const reads: Read[] = []
  for (const [n, box] of boxes.entries()) {
    if (n % 20 === 19) opts.onBeat?.()
    const r = await engine.recognise(clean, box)
    const text = preferDigits(r.text, r.digits) ? r.digits : r.text
    const confidence = text === r.digits && text !== r.text ? r.digitsConfidence : r.confidence
    if (text.trim() === '') continue
    reads.push({ box, text, confidence })
  }

  const k = 72 / dpi
  const toPt = (x: number, y: number): [number, number] => [x * k, (H - y) * k]
  const segs: Segment[] = rules.map(r =>
    r.dir === 'h'
      ? { dir: 'h', at: (H - r.at) * k, a: r.a * k, b: r.b * k }
      : { dir: 'v', at: r.at * k, a: (H - r.b) * k, b: (H - r.a) * k }
  )
  // A box is about the text's height (a text layer's font size: measured on a rendered page); its
  // left and right edges are taken at its ink, as a text layer's glyph origins are, so the cells of
  // a table without rules line up (pdf-layout's borderless tables) and a label centred in a merged
  // cell does not reach past a column rule of the rows below it. Baselines from the centres with
  // the page's usual height: boxes of one line differ in height by a few pixels.
  const heights = reads.map(r => r.box.h).sort((p, q) => p - q)
  const usual = heights[Math.floor(heights.length / 2)] ?? 30
  const items: TextItem[] = reads
    // A speck read as a character or two, far smaller than the page's text.
    .filter(r => r.box.h >= 0.55 * usual || r.confidence >= 0.9)
    .map(r => {
      const [l, rt] = inkExtent(r.box, dark, W, H)
      const [x, top] = toPt(l, r.box.y)
      const size = Math.max(1, 0.95 * r.box.h * k)
      const centre = top - (r.box.h * k) / 2
      const base = centre - 0.35 * 0.95 * Math.min(r.box.h, usual) * k
      return { str: r.text, x, y: base, w: Math.max(1, (rt - l) * k), size }
    })
  const blocks = layoutPage(items, segs)
  // Boxes are given on the page as rendered (before the deskew): the review screen draws them on
  // renderPdfPagePng's image. A point of the deskewed image came from there (image.ts rotate).
  const rad = (skew * Math.PI) / 180
  const back = (x: number, y: number): [number, number] => {
    const dx = x - W / 2
    const dy = y - H / 2
    return [
      W / 2 + dx * Math.cos(rad) - dy * Math.sin(rad),
      H / 2 + dx * Math.sin(rad) + dy * Math.cos(rad)
    ]
  }
  const frac = (b: PixelBox): OcrBox => {
    const pts = [
      back(b.x, b.y),
      back(b.x + b.w, b.y),
      back(b.x, b.y + b.h),
      back(b.x + b.w, b.y + b.h)
    ]
    const x0 = clamp01(Math.min(...pts.map(p => p[0])) / W)
    const y0 = clamp01(Math.min(...pts.map(p => p[1])) / H)
    const x1 = clamp01(Math.max(...pts.map(p => p[0])) / W)
    const y1 = clamp01(Math.max(...pts.map(p => p[1])) / H)
    return { page: pageNo, x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
  }

  const out: OcrPageBlock[] = []
  for (const blk of blocks) {
    if (blk.kind !== 'table') {
      out.push(blk)
      continue
    }
    // The table's row rules, as pdf-layout's buildTable found them (within its 3 pt tolerance).
    const left = blk.cols[0]!
    const right = blk.cols[blk.cols.length - 1]!
    const ys = distinct(
      segs
        .filter(
          s =>
            s.dir === 'h' &&
            s.at <= blk.top + 1 &&
            s.at >= blk.bottom - 1 &&
            s.b > left + 1 &&
            s.a < right - 1
        )
        .map(s => s.at)
    ).reverse()
    if (ys.length !== blk.rows.length + 1) {
      // Not the grid the layout used (its outer edge came from the column rules): cells without boxes.
      out.push({ ...blk, ocr: blk.rows.map(r => r.map(() => null)) })
      continue
    }
    const cellPx = (r: number, c: number, r2 = r, c2 = c): PixelBox => {
      const x0 = blk.cols[c]! / k
      const x1 = blk.cols[c2 + 1]! / k
      const y0 = H - ys[r]! / k
      const y1 = H - ys[r2 + 1]! / k
      return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
    }
    const rows = blk.rows.map(r => [...r])
    const ocr: (OcrRead | null)[][] = []
    for (let r = 0; r < rows.length; r++) {
      const line: (OcrRead | null)[] = []
      for (let c = 0; c < rows[r]!.length; c++) {
        const text = rows[r]![c]!
        let cell = cellPx(r, c)
        let hits = reads.filter(rd => overlaps(rd.box, cell))
        if (hits.length === 0 && text !== '') {
          // A merged cell: its text sits in the region its empty (covered) neighbours make with it.
          let c2 = c
          while (c2 + 1 < rows[r]!.length && rows[r]![c2 + 1] === '') c2++
          let r2 = r
          while (r2 + 1 < rows.length && rows[r2 + 1]![c] === '') r2++
          cell = cellPx(r, c, r2, c2)
          hits = reads.filter(rd => overlaps(rd.box, cell))
        }
        if (hits.length > 0 && text !== '') {
          line.push({
            text,
            confidence: Math.min(...hits.map(h => h.confidence)),
            box: frac(union(hits.map(h => intersect(h.box, cell))))
          })
          continue
        }
        if (text === '' && hits.length === 0) {
          // Second pass: ink in an empty cell that no box covers.
          const again = await readEmptyCell(engine, clean, dark, cell, dpi, reads)
          if (again) {
            rows[r]![c] = again.text
            line.push({ text: again.text, confidence: again.confidence, box: frac(again.box) })
            continue
          }
        }
        line.push({ text: '', confidence: 0, box: frac(cell) })
      }
      ocr.push(line)
    }
    out.push({ ...blk, rows, ocr })
  }
  return { blocks: out, skew, width: W, height: H }
}

/**
 * A read of a number: the digits-only decode when the full one has no Chinese and holds a digit
 * (or is a lone letter that looks like one: O for 0, l or I for 1).
 */
export function preferDigits(full: string, digits: string): boolean {
  if (digits === '' || CJK.test(full)) return false
  return /\d/.test(full) || /^[OoDlI|]$/.test(full.trim())
}

/** The ink of a cell (inset from its rules), read when there is enough of it to be a character. */
async function readEmptyCell(
  engine: OcrEngine,
  clean: GrayImage,
  dark: Uint8Array,
  cell: PixelBox,
  dpi: number,
  reads: Read[]
): Promise<Read | null> {
  const W = clean.width
  const inset = Math.max(3, Math.round(0.015 * dpi))
  const x0 = Math.max(0, Math.round(cell.x + inset))
  const x1 = Math.min(W - 1, Math.round(cell.x + cell.w - inset))
  const y0 = Math.max(0, Math.round(cell.y + inset))
  const y1 = Math.min(clean.height - 1, Math.round(cell.y + cell.h - inset))
  if (x1 - x0 < 4 || y1 - y0 < 4) return null
  let n = 0
  let bx0 = Infinity
  let by0 = Infinity
  let bx1 = -1
  let by1 = -1
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++)
      if (dark[y * W + x]) {
        n++
        if (x < bx0) bx0 = x
        if (x > bx1) bx1 = x
        if (y < by0) by0 = y
        if (y > by1) by1 = y
      }
  // A character at 200 dpi has ~40+ dark pixels; specks of noise a few.
  const minInk = Math.round(12 * (dpi / 200) ** 2)
  const h = by1 - by0 + 1
  if (n < minInk || h < 0.04 * dpi) return null
  const pad = Math.max(4, Math.round(0.35 * h))
  const box: PixelBox = {
    x: Math.max(0, bx0 - pad),
    y: Math.max(0, by0 - pad),
    w: Math.min(W, bx1 + pad + 1) - Math.max(0, bx0 - pad),
    h: Math.min(clean.height, by1 + pad + 1) - Math.max(0, by0 - pad)
  }
  // Ink of a read box (a merged cell's label reaching into this unit) is no missed character.
  const ink = { x: bx0, y: by0, w: bx1 - bx0 + 1, h }
  if (reads.some(rd => area(intersect(rd.box, ink)) > 0)) return null
  const r = await engine.recognise(clean, box)
  const text = preferDigits(r.text, r.digits) ? r.digits : r.text
  const confidence = text === r.digits && text !== r.text ? r.digitsConfidence : r.confidence
  if (text.trim() === '' || confidence < 0.3) return null
  return { box, text: text.trim(), confidence }
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v))

/** The leftmost and rightmost ink columns of a box (pixels, right edge exclusive); the box's own when it has none. */
function inkExtent(box: PixelBox, dark: Uint8Array, W: number, H: number): [number, number] {
  const x0 = Math.max(0, Math.floor(box.x))
  const x1 = Math.min(W - 1, Math.ceil(box.x + box.w - 1))
  const y0 = Math.max(0, Math.floor(box.y))
  const y1 = Math.min(H - 1, Math.ceil(box.y + box.h - 1))
  const has = (x: number): boolean => {
    for (let y = y0; y <= y1; y++) if (dark[y * W + x]) return true
    return false
  }
  let l = x0
  while (l <= x1 && !has(l)) l++
  let r = x1
  while (r >= l && !has(r)) r--
  return l > r ? [box.x, box.x + box.w] : [l, r + 1]
}
const area = (b: PixelBox): number => b.w * b.h

/**
 * A detected box split where its ink has a blank gap wider than ~0.4 of its height (half a
 * character: a line's own characters stand 2–4 pixels apart at 200 dpi, a justified space ~8): the detector
 * joins the cells of a row without rules (`发布机构 沭阳县…`) or with their rules erased into one
 * line (the trap of @gutenye/ocr-node in issue #24). Each part is trimmed to its ink.
 */
export function splitAtGaps(box: PixelBox, dark: Uint8Array, W: number, H: number): PixelBox[] {
  const x0 = Math.max(0, Math.floor(box.x))
  const x1 = Math.min(W - 1, Math.ceil(box.x + box.w - 1))
  const y0 = Math.max(0, Math.floor(box.y))
  const y1 = Math.min(H - 1, Math.ceil(box.y + box.h - 1))
  if (x1 - x0 < 4 * box.h) return [box]
  const ink = new Uint8Array(x1 - x0 + 1)
  for (let x = x0; x <= x1; x++)
    for (let y = y0; y <= y1; y++)
      if (dark[y * W + x]) {
        ink[x - x0] = 1
        break
      }
  const minGap = Math.max(8, 0.4 * box.h)
  const parts: [number, number][] = []
  let start = -1
  let last = -1
  for (let i = 0; i <= ink.length; i++) {
    if (i < ink.length && ink[i]) {
      if (start < 0) start = i
      else if (i - last - 1 >= minGap) {
        parts.push([start, last])
        start = i
      }
      last = i
    }
  }
  if (start >= 0) parts.push([start, last])
  if (parts.length < 2) return [box]
  const pad = 0.25 * box.h
  return parts.map(([a, b]) => {
    const l = Math.max(box.x, x0 + a - pad)
    const r = Math.min(box.x + box.w, x0 + b + 1 + pad)
    return { x: l, y: box.y, w: r - l, h: box.h }
  })
}

function overlaps(a: PixelBox, cell: PixelBox): boolean {
  // The read's centre row inside the cell, and more than a third of the read across it.
  const cy = a.y + a.h / 2
  if (cy < cell.y || cy > cell.y + cell.h) return false
  const ov = Math.min(a.x + a.w, cell.x + cell.w) - Math.max(a.x, cell.x)
  return ov > Math.min(a.w / 3, cell.w / 2)
}

function intersect(a: PixelBox, b: PixelBox): PixelBox {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const x1 = Math.min(a.x + a.w, b.x + b.w)
  const y1 = Math.min(a.y + a.h, b.y + b.h)
  return { x, y, w: Math.max(0, x1 - x), h: Math.max(0, y1 - y) }
}

function union(bs: PixelBox[]): PixelBox {
  const x = Math.min(...bs.map(b => b.x))
  const y = Math.min(...bs.map(b => b.y))
  const x1 = Math.max(...bs.map(b => b.x + b.w))
  const y1 = Math.max(...bs.map(b => b.y + b.h))
  return { x, y, w: x1 - x, h: y1 - y }
}

/** Sorted distinct values, merging those within 3 (pdf-layout's TOL, points). */
function distinct(values: number[]): number[] {
  const out: number[] = []
  for (const v of [...values].sort((p, q) => p - q)) {
    const last = out[out.length - 1]
    if (last === undefined || v - last > 3) out.push(v)
  }
  return out
}
