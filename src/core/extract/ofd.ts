/**
 * OFD (GB/T 33190-2016, 开放版式文档: China's fixed-layout format, which 信创 offices save from
 * WPS, 数科 and 福昕) → DocumentModel. An OFD file is a zip of XML: OFD.xml names the document,
 * its Document.xml the pages, and each page's Content.xml places text (TextObject / TextCode) and
 * paths (PathObject) in millimetres, y downwards. The page is laid out by the PDF reader's layout
 * (pdf-layout.ts: lines, ruled tables, borderless tables) after a change of units and axis, so
 * an OFD reads as the PDF it was printed from.
 *
 * Written from the standard and from real OFD pages in public repositories (not committed): one
 * TextObject per glyph with a CTM scaling a large Size down (0.05 × 73.7), runs with DeltaX in
 * `g n d` shorthand, paths of M/L/B/C in AbbreviatedData, nested PageBlocks, BaseLoc relative to
 * the referencing file. The fixtures are OFD files written from the sample PDFs in those shapes
 * (test/fixtures/formats/make-ofd.ts).
 */
import type { ChildNode, Element } from 'domhandler'
import { DomUtils, parseDocument } from 'htmlparser2'
import JSZip from 'jszip'
import { InflateLimitError, zipBudget, zipPartText, type InflateBudget } from './inflate-limits'
import type { DocumentMeta, DocumentModel } from '../../shared/document'
import {
  advance,
  apply,
  layoutPage,
  RuleCollector,
  type Matrix,
  type PageBlock,
  type Point,
  type TextItem
} from './pdf-layout'
import { garbledReason } from './garbled'
import { render } from './pdf'
import { printedDate, toIsoDate } from './pub-date'

export type OfdResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0]
/** Millimetres to points: the layout's tolerances are in points, as PDF's user space. */
const PT = 72 / 25.4

/** The element name without its namespace prefix (`ofd:TextObject`, or `TextObject` by default). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1)
const elements = (nodes: ChildNode[]): Element[] =>
  nodes.filter((n): n is Element => DomUtils.isTag(n))
const child = (el: Element | undefined, name: string): Element | undefined =>
  el && elements(el.children).find(c => local(c.name) === name)
const childText = (el: Element | undefined, name: string): string | undefined => {
  const c = child(el, name)
  return c ? DomUtils.textContent(c).trim() : undefined
}

function numbers(s: string | undefined): number[] {
  return (s ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter(Number.isFinite)
}

function matrix(s: string | undefined): Matrix {
  const m = numbers(s)
  return m.length === 6 ? (m as Matrix) : IDENTITY
}

/** DeltaX / DeltaY: the advances between glyphs, where `g n d` stands for n advances of d. */
export function deltas(s: string | undefined): number[] {
  const t = (s ?? '')
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean)
  const out: number[] = []
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 'g') {
      const n = Number(t[i + 1])
      const d = Number(t[i + 2])
      if (Number.isFinite(n) && Number.isFinite(d))
        for (let k = 0; k < Math.min(n, 100_000); k++) out.push(d)
      i += 2
    } else if (Number.isFinite(Number(t[i]))) out.push(Number(t[i]))
  }
  return out
}

/** A package path: `loc` as written in a file under `dir` (absolute when it starts with /). */
function resolve(dir: string, loc: string): string {
  const parts = (loc.startsWith('/') ? loc.slice(1) : dir ? `${dir}/${loc}` : loc).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

const dirOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')))

/** A part by its path; zip names are case-sensitive, writers are not always consistent. */
async function part(zip: JSZip, path: string): Promise<string | undefined> {
  const f =
    zip.file(path) ??
    zip.file(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'))[0]
  if (!f) return undefined
  let budget = budgets.get(zip)
  if (!budget) budgets.set(zip, (budget = zipBudget()))
  // A part past the inflate limits ends the read (extract/index.ts words it); a damaged one is missing.
  return zipPartText(f, budget).catch((err: unknown) => {
    if (err instanceof InflateLimitError) throw err
    return undefined
  })
}

/** What each open package may still inflate (inflate-limits.ts). */
const budgets = new WeakMap<JSZip, InflateBudget>()

const parseXml = (xml: string): Element | undefined =>
  elements(parseDocument(xml, { xmlMode: true, decodeEntities: true }).children)[0]

/** One page as it is read: its height in mm, its text and rules in layout space, its pictures. */
interface Page {
  height: number
  items: TextItem[]
  rules: RuleCollector
  images: number
}

/**
 * An object's point (its own space: CTM, then its Boundary's origin; mm, y down) in layout space
 * (pt, y up) on `page`.
 */
function toLayout(page: Page, box: number[], ctm: Matrix, x: number, y: number): Point {
  const [px, py] = apply(ctm, x, y)
  return [(box[0]! + px) * PT, (page.height - (box[1]! + py)) * PT]
}

/**
 * A TextObject's codes as runs of glyphs: a run breaks where the next glyph does not follow on
 * (a DeltaX jump wider than one and a half glyphs, or any DeltaY), as pdfjs's items do.
 */
function textObject(el: Element, page: Page): void {
  const box = numbers(el.attribs.Boundary)
  if (box.length < 2) return
  const ctm = matrix(el.attribs.CTM)
  const size = Number(el.attribs.Size) || 3.5
  const scale = Math.hypot(ctm[2], ctm[3]) || 1
  const sizePt = size * scale * PT
  let x = 0
  let y = 0
  for (const code of elements(el.children).filter(c => local(c.name) === 'TextCode')) {
    if (code.attribs.X !== undefined) x = Number(code.attribs.X) || 0
    if (code.attribs.Y !== undefined) y = Number(code.attribs.Y) || 0
    const glyphs = Array.from(DomUtils.textContent(code))
    const dx = deltas(code.attribs.DeltaX)
    const dy = deltas(code.attribs.DeltaY)
    let run: { str: string; start: Point; end: Point } | null = null
    const flush = (): void => {
      if (run && run.str.trim() !== '') {
        page.items.push({
          str: run.str,
          x: run.start[0],
          y: run.start[1],
          w: run.end[0] - run.start[0],
          size: sizePt
        })
      }
      run = null
    }
    glyphs.forEach((g, i) => {
      const at = toLayout(page, box, ctm, x, y)
      const own = glyphAdvance(g) * size
      const step = dx[i] ?? own
      // A glyph ends where the next one starts; a glyph that is an object of its own ends at its
      // Boundary's right edge, which is its box (writers that place glyph by glyph).
      const right = box[0]! + (box[2] ?? NaN) - at[0] / PT
      const alone = glyphs.length === 1 && right > 0.2 * own * scale && right < 1.6 * size * scale
      const width = i + 1 < glyphs.length ? Math.min(step, 1.5 * own) : alone ? right / scale : own
      const end = toLayout(page, box, ctm, x + width, y)
      if (run) run = { str: run.str + g, start: run.start, end }
      else run = { str: g, start: at, end }
      const next = i + 1 < glyphs.length
      if (next && ((dy[i] ?? 0) !== 0 || step > 1.5 * own + 0.5 * size)) flush()
      x += step
      y += dy[i] ?? 0
    })
    flush()
  }
}

/** Advance of a glyph in ems: CJK quotes and dashes are full width in the fonts reports use. */
const glyphAdvance = (g: string): number => (/[\u2014\u2018-\u201d\u2026]/.test(g) ? 1 : advance(g))

/** A PathObject's straight strokes and hairline fills, as ruling segments. */
function pathObject(el: Element, page: Page): void {
  const box = numbers(el.attribs.Boundary)
  if (box.length < 2) return
  const ctm = matrix(el.attribs.CTM)
  const stroke = el.attribs.Stroke !== 'false'
  const fill = el.attribs.Fill === 'true'
  const t = (childText(el, 'AbbreviatedData') ?? '').split(/[\s,]+/).filter(Boolean)
  const path = page.rules.path(stroke)
  const num = (k: number): number => Number(t[k])
  for (let k = 0; k < t.length;) {
    const op = t[k++]!
    // Operands of each operator: M/S/L a point, Q two, B three, A seven (the last two the end).
    const n = { M: 2, S: 2, L: 2, Q: 4, B: 6, A: 7, C: 0 }[op]
    if (n === undefined) continue
    if (op === 'C') {
      path.close()
      continue
    }
    const p = toLayout(page, box, ctm, num(k + n - 2), num(k + n - 1))
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) break
    k += n
    if (op === 'M' || op === 'S') path.move(p)
    else if (op === 'L') path.line(p)
    else path.curve(p)
  }
  path.end(fill && !stroke)
}

function walk(nodes: ChildNode[], page: Page): void {
  for (const el of elements(nodes)) {
    switch (local(el.name)) {
      case 'Content':
      case 'Layer':
      case 'PageBlock':
        walk(el.children, page)
        break
      case 'TextObject':
        textObject(el, page)
        break
      case 'PathObject':
        pathObject(el, page)
        break
      case 'ImageObject':
        page.images++
        break
    }
  }
}

export async function extractOfd(bytes: Buffer): Promise<OfdResult> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    return { ok: false, reason: '文件已损坏：不是有效的 OFD 文件，无法解压' }
  }
  const ofd = parseXml((await part(zip, 'OFD.xml')) ?? '')
  const body = child(ofd, 'DocBody')
  const rootLoc = childText(body, 'DocRoot')
  if (!ofd || local(ofd.name) !== 'OFD' || !rootLoc)
    return {
      ok: false,
      reason: '文件已损坏或不是 OFD 文件：缺少 OFD.xml 或其中的文档入口（DocRoot）'
    }
  const docPath = resolve('', rootLoc)
  const document = parseXml((await part(zip, docPath)) ?? '')
  if (!document) return { ok: false, reason: `文件已损坏：OFD 文档 ${docPath} 无法读取` }
  const common = child(document, 'CommonData')
  const area = numbers(childText(child(common, 'PageArea'), 'PhysicalBox'))
  // Template pages: what every page shows (a letterhead's agency name, a footer), drawn under it.
  const templates = new Map<string, Element>()
  for (const t of elements(common?.children ?? []).filter(e => local(e.name) === 'TemplatePage')) {
    const xml = t.attribs.BaseLoc
      ? await part(zip, resolve(dirOf(docPath), t.attribs.BaseLoc))
      : undefined
    const content = xml ? parseXml(xml) : undefined
    if (t.attribs.ID && content) templates.set(t.attribs.ID, content)
  }
  const pages: PageBlock[][] = []
  let images = 0
  let chars = 0
  for (const p of elements(child(document, 'Pages')?.children ?? []).filter(
    e => local(e.name) === 'Page'
  )) {
    const loc = p.attribs.BaseLoc ?? childText(p, 'BaseLoc')
    if (!loc) continue
    // Relative to Document.xml, as the standard says; some writers give it from the package root.
    const xml =
      (await part(zip, resolve(dirOf(docPath), loc))) ?? (await part(zip, resolve('', loc)))
    const content = xml ? parseXml(xml) : undefined
    if (!content) return { ok: false, reason: `文件已损坏：OFD 页面 ${loc} 无法读取` }
    const box = numbers(childText(child(content, 'Area'), 'PhysicalBox'))
    const page: Page = {
      height: (box.length === 4 ? box[3] : area[3]) ?? 297,
      items: [],
      rules: new RuleCollector(),
      images: 0
    }
    for (const t of elements(content.children).filter(e => local(e.name) === 'Template')) {
      const template = templates.get(t.attribs.TemplateID ?? '')
      if (template) walk(template.children, page)
    }
    walk(content.children, page)
    images += page.images
    for (const it of page.items) chars += it.str.trim().length
    pages.push(layoutPage(page.items, page.rules.segments()))
  }
  if (chars === 0) {
    return {
      ok: false,
      reason:
        images > 0
          ? '扫描件，无文字层：OFD 只有图片，需先做文字识别（OCR）才能审查'
          : '扫描件，无文字层：OFD 中没有可读取的文字'
    }
  }
  const b = render(pages)
  const garbled = garbledReason(b.lines)
  if (garbled) return { ok: false, reason: garbled }
  const meta: DocumentMeta = {}
  if (images > 0) meta.images = images
  const info = child(body, 'DocInfo')
  const title = childText(info, 'Title')
  if (title) meta.title = title
  const printed = printedDate(b.lines, 'OFD 正文')
  if (printed) {
    meta.publicationDate = printed.date
    meta.publicationDateSource = printed.source
  } else {
    // When the file was made, not when the report was published: the last resort, as for PDF.
    for (const [key, label] of [
      ['CreationDate', '创建时间'],
      ['ModDate', '修改时间']
    ] as const) {
      const date = toIsoDate(childText(info, key) ?? '')
      if (date) {
        meta.publicationDate = date
        meta.publicationDateSource = `OFD 文件属性“${label}”（仅供参考，非发布日期）`
        break
      }
    }
  }
  return { ok: true, doc: b.build(meta) }
}
