/**
 * The former PDF reader, pdfjs-dist, kept only so that bench/ can measure it beside PDFium
 * (NIANBAO_PDF_READER=pdfjs) until the figures are recorded in bench/RESULTS.md (issue #18).
 * Same contract as pdfium.ts as pdf.ts uses it: pages laid out, characters counted, metadata.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { keepBuiltins, loadKeepingBuiltins } from './native-builtins'
import { apply, layoutPage, RuleCollector, uprightPage, type Matrix, type PageBlock, type Segment, type TextItem } from './pdf-layout'
import { unifyLookalikes } from './lookalikes'
import type { PdfRead } from './pdf'

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs')
const requireHere = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'))
const pdfjsRoot = (): string => dirname(requireHere.resolve('pdfjs-dist/package.json'))

let pdfjsPromise: Promise<Pdfjs> | undefined
/**
 * pdfjs is ESM-only. It is imported by absolute file URL so that the CommonJS main process,
 * vitest and tsx (which loads CommonJS modules from data: URLs) all resolve the same file.
 *
 * Its worker module (the "fake worker" pdfjs runs in this thread under Node) is imported here too,
 * rather than by pdfjs at the first getDocument: both bundles carry core-js polyfills that replace
 * built-ins for the whole thread, and loadKeepingBuiltins puts them back once both have loaded
 * (native-builtins.ts).
 */
const loadPdfjs = (): Promise<Pdfjs> =>
  (pdfjsPromise ??= loadKeepingBuiltins(async () => {
    const lib = (await import(pathToFileURL(join(pdfjsRoot(), 'legacy/build/pdf.mjs')).href)) as Pdfjs
    const worker = (await import(pathToFileURL(join(pdfjsRoot(), 'legacy/build/pdf.worker.mjs')).href)) as unknown
    ;(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker
    return lib
  }).then(r => r.value))

const assetDir = (sub: string): string => pathToFileURL(join(pdfjsRoot(), sub)).href + '/'

const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]
]

/** Straight strokes and hairline fills of a page's paths → segments (RuleCollector). */
function segmentsOf(ops: { fnArray: number[]; argsArray: unknown[] }, OPS: Pdfjs['OPS']): { segs: Segment[]; images: number } {
  const rules = new RuleCollector()
  let images = 0
  let ctm: Matrix = [1, 0, 0, 1, 0, 0]
  const stack: Matrix[] = []
  ops.fnArray.forEach((fn, i) => {
    const args = ops.argsArray[i] as unknown[] | null
    if (fn === OPS.save) stack.push(ctm)
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm
    else if (fn === OPS.transform && args) ctm = mul(ctm, args as Matrix)
    else if (fn === OPS.paintImageXObject || fn === OPS.paintImageMaskXObject || fn === OPS.paintInlineImageXObject) images++
    else if (fn === OPS.constructPath && args) {
      const [paint, data] = args as [number, (Float32Array | number[] | null)[]]
      const d = data?.[0]
      if (!d || paint === OPS.endPath) return
      const stroke = paint === OPS.stroke || paint === OPS.closeStroke || paint === OPS.fillStroke || paint === OPS.eoFillStroke
      const path = rules.path(stroke)
      let k = 0
      while (k < d.length) {
        const op = d[k++]!
        if (op === 0 || op === 1) {
          const p = apply(ctm, d[k]!, d[k + 1]!)
          k += 2
          if (op === 0) path.move(p)
          else path.line(p)
        } else if (op === 2 || op === 3) {
          k += op === 2 ? 6 : 4
          path.curve(apply(ctm, d[k - 2]!, d[k - 1]!))
        } else if (op === 4) path.close()
        else break
      }
      path.end(!stroke)
    }
  })
  return { segs: rules.segments(), images }
}

/**
 * pdfjs hands each font it loads to the document's FontLoader, which in a browser installs it as a
 * FontFace for rendering. Nothing is rendered here, and under Node the loader would reach for a DOM
 * (document.createElement) that is not there: its failure makes pdfjs fall back to glyph outlines,
 * the cost disableFontFace: false is meant to spare. Text and ruling lines never need the font
 * installed. `_transport` is pdfjs's own field (5.x): were it to go, fonts fail over to the
 * outlines as before, slower but the same text.
 */
function skipFontLoading(pdf: object): void {
  const loader = (pdf as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader
  if (loader && typeof loader.bind === 'function') loader.bind = (): Promise<void> => Promise.resolve()
}

/**
 * Opens a PDF. `images: false` has pdfjs drop every image before decoding it (maxImageSize 0):
 * text and ruling lines never need them, and a scan's page images were most of its time (an OCR'd
 * 4-page scan: 470 ms, ~160 of them inflating its page images).
 */
function openPdf(pdfjs: Pdfjs, bytes: Buffer, images: boolean): ReturnType<Pdfjs['getDocument']> {
  return pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    cMapUrl: assetDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assetDir('standard_fonts'),
    useSystemFonts: false,
    // Not true: with it, pdfjs turns every glyph drawn into an outline for canvas rendering and
    // posts each one across its message port (a sixth of a PDF's time). skipFontLoading keeps the
    // font data from going anywhere instead.
    disableFontFace: false,
    maxImageSize: images ? -1 : 0,
    stopAtErrors: false,
    verbosity: 0
  })
}

/** Whether the first pages draw an image: a PDF without text is a scan, or empty. */
async function hasImages(pdfjs: Pdfjs, bytes: Buffer): Promise<boolean> {
  const task = openPdf(pdfjs, bytes, true)
  try {
    const pdf = await task.promise
    skipFontLoading(pdf)
    for (let n = 1; n <= Math.min(3, pdf.numPages); n++) {
      const page = await pdf.getPage(n)
      if (segmentsOf(await page.getOperatorList(), pdfjs.OPS).images > 0) return true
    }
    return false
  } catch {
    return false
  } finally {
    await task.destroy()
  }
}

export async function readPdfjs(bytes: Buffer): Promise<PdfRead | { reason: string }> {
  const pdfjs = await loadPdfjs()
  const task = openPdf(pdfjs, bytes, false)
  let pdf: Awaited<typeof task.promise>
  try {
    pdf = await task.promise
    skipFontLoading(pdf)
  } catch (err) {
    await task.destroy()
    const name = err instanceof Error ? err.name : ''
    if (name === 'PasswordException') return { reason: '文件已加密：PDF 需要密码才能打开' }
    if (name === 'InvalidPDFException') return { reason: '文件已损坏：不是有效的 PDF 文件' }
    return { reason: `文件已损坏：PDF 无法打开（${err instanceof Error ? err.message : String(err)}）` }
  }
  const doc = pdf
  return {
    async pages() {
      const pages: PageBlock[][] = []
      let chars = 0
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n)
        const content = await page.getTextContent()
        const items: (TextItem & { turn: number })[] = []
        for (const it of content.items) {
          if (!('str' in it) || it.str === '') continue
          const [a, b, , d, e, f] = it.transform as number[]
          const turn = Math.round(Math.atan2(b!, a!) / (Math.PI / 2)) & 3
          const size = Math.abs(d!) || Math.hypot(a!, b!) || 10
          items.push({ str: unifyLookalikes(it.str), x: e!, y: f!, w: it.width, size, turn })
          chars += it.str.trim().length
        }
        const upright = uprightPage(items, segmentsOf(await page.getOperatorList(), pdfjs.OPS).segs)
        pages.push(layoutPage(upright.items, upright.segs))
        page.cleanup()
      }
      return { pages, chars }
    },
    scan: () => hasImages(pdfjs, bytes),
    async info() {
      const info = ((await doc.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>
      const str = (k: string): string => (typeof info[k] === 'string' ? (info[k] as string) : '')
      return { Title: str('Title'), Producer: str('Producer'), Creator: str('Creator'), CreationDate: str('CreationDate'), ModDate: str('ModDate') }
    },
    async close() {
      await doc.destroy()
      keepBuiltins()
    }
  }
}
