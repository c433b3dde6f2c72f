/**
 * Web page (.html/.htm) → DocumentModel. Agencies publish the report as a page on their
 * 政府信息公开 platform; supervisors save it as is, often in GBK. Parsed with htmlparser2 (a
 * maintained, forgiving parser); navigation, scripts and share buttons are skipped; tables are
 * expanded to grids (html-table.ts); the page's 发布日期 becomes meta.publicationDate.
 */
import { Element, type ChildNode, type ParentNode } from 'domhandler'
import { isAscii, isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { DomUtils, parseDocument } from 'htmlparser2'
import type { DocumentMeta, DocumentModel } from '../../shared/document'
import { DocBuilder, cleanText } from './doc-builder'
import { expandGrid, gridCells, type SpanCell } from './html-table'
import { printedDate, toIsoDate } from './pub-date'

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'iframe',
  'form',
  'button',
  'select',
  'textarea',
  'svg',
  'object',
  'embed',
  'head',
  'map'
])
/** Site chrome by class/id: menus, breadcrumbs, share bars (bdshare = Baidu share), footers. */
const CHROME =
  /(^|[\s_-])(nav|navbar|menu|breadcrumb|crumbs?|share|bdshare\w*|bshare\w*|footer|foot|topbar|toolbar|sidebar|print|fontsize)([\s_-]|$)/i
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'center',
  'address',
  'figure',
  'figcaption',
  'caption',
  'hr',
  'body',
  'html',
  'tr',
  'td',
  'th'
])

export type HtmlDecodeResult = { text: string; encoding: string }

/**
 * The charset a `<meta>` tag declares, lower-cased. Tag by tag: one pattern spanning the tag
 * (`<meta[^>]+charset\s*=\s*["']?\s*…`) was cubic on a head of unclosed tags and spaces.
 */
function metaCharset(head: string): string | undefined {
  for (const tag of head.match(/<meta\b[^<>]*/gi) ?? []) {
    const m = /\bcharset\s*=\s*(?:["']\s*)?([\w-]+)/i.exec(tag)
    if (m) return m[1]!.toLowerCase()
  }
  return undefined
}

/** BOM → <meta charset> → strict UTF-8 → GB18030 (which reads GBK and GB2312 too). */
export function decodeHtml(bytes: Buffer): HtmlDecodeResult {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be' }
  const head = bytes.subarray(0, 4096).toString('latin1')
  const declared = metaCharset(head)
  if (declared) {
    const enc = /^(gb2312|gbk|x-gbk|gb_2312-80|gb18030|cp936)$/.test(declared)
      ? 'gb18030'
      : declared
    // Bytes that are valid UTF-8, and not all ASCII, were saved as UTF-8 under an old declaration
    // (a crawler or editor that kept `charset=gb2312`): read as GBK they were mojibake and M03.
    // GBK text is practically never valid UTF-8.
    const resaved = isUtf8(bytes) && !isAscii(bytes)
    if (enc !== 'utf-8' && enc !== 'utf8' && iconv.encodingExists(enc) && !resaved) {
      return { text: iconv.decode(bytes, enc), encoding: enc }
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    // A page declared UTF-8 (or nothing) whose bytes are not: Chinese sites are then GBK.
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' }
  }
}

function isChrome(el: Element): boolean {
  if (SKIP_TAGS.has(el.name)) return true
  const cls = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`
  if (cls.trim() !== '' && CHROME.test(cls)) return true
  return el.attribs.hidden !== undefined || /display\s*:\s*none/i.test(el.attribs.style ?? '')
}

/**
 * A picture in the page's text, not an icon: sites post the statistics tables of a report as
 * screenshots (<img> in the article), which leaves no table to read (T01 says so). Pictures marked
 * smaller than 100 px (print and share buttons, bullets) do not count.
 */
function isPicture(el: Element): boolean {
  if (el.name !== 'img') return false
  const small = (v: string | undefined): boolean =>
    v !== undefined && /^\d+(?:px)?$/.test(v.trim()) && parseInt(v, 10) < 100
  return !small(el.attribs.width) && !small(el.attribs.height)
}

/**
 * Walk the body: inline text accumulates into one paragraph; block tags and <br> end it. Returns
 * the pictures it passed (isPicture).
 */
function render(root: ChildNode[], b: DocBuilder): number {
  let pictures = 0
  let buf = ''
  const flush = (): void => {
    b.paragraph(buf)
    buf = ''
  }
  let grid: SpanCell[][] | null = null
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (DomUtils.isText(n)) buf += n.data
      else if (DomUtils.isTag(n)) {
        if (isChrome(n)) continue
        if (isPicture(n)) pictures++
        if (n.name === 'br') {
          flush()
        } else if (n.name === 'table' && (grid = gridCells(n)) !== null) {
          flush()
          b.table(expandGrid(grid))
          pictures += DomUtils.findAll(isPicture, n.children).length
        } else if (BLOCK_TAGS.has(n.name) || n.name === 'table') {
          flush()
          walk(n.children)
          flush()
        } else {
          walk(n.children)
        }
      }
    }
  }
  walk(root)
  flush()
  return pictures
}

const META_DATE_NAMES =
  /^(pubdate|publishdate|firstpublishedtime|publishtime|article:published_time|dc\.date|dcterms\.issued|dc\.date\.issued|createdate)$/i

function metaDate(doc: ChildNode[]): { date: string; source: string } | undefined {
  for (const m of DomUtils.findAll(n => n.name === 'meta', doc)) {
    const name = m.attribs.name ?? m.attribs.property ?? ''
    if (!META_DATE_NAMES.test(name)) continue
    const date = toIsoDate(m.attribs.content ?? '')
    if (date) return { date, source: `网页元数据 <meta name="${name}">：${m.attribs.content}` }
  }
  return undefined
}

/** Table structure, and the <br> that ends a paragraph: never unwrapped by flattenDeep. */
const KEEP_NESTED = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'br'])
const MAX_DEPTH = 256

/**
 * A page whose tags are never closed (a CMS that opens a <font> or <div> for every paragraph)
 * nests as deep as it has tags, and the recursive walks of the DOM (ours and domutils') overflowed
 * the stack at ~7,000 levels: the page got an M03 saying "Maximum call stack size exceeded". Below
 * MAX_DEPTH, elements are unwrapped, their children put in their place (in one loop, no recursion):
 * a block element leaves a <br> on each side, which ends a paragraph as the block did; site chrome
 * is dropped, as render() would skip it. Tables and their cells stay, so a table keeps its grid.
 * htmlparser2 itself keeps its open tags with unshift/shift, O(depth) a tag (upstream PR
 * fb55/htmlparser2#2481, open): 20,000 levels still parse in ~0.1 s, 64,000 take 1.5 s.
 */
function flattenDeep(root: ParentNode): void {
  const stack: Array<[ParentNode, number]> = [[root, 0]]
  while (stack.length > 0) {
    const [parent, depth] = stack.pop()!
    if (
      depth >= MAX_DEPTH &&
      parent.children.some(c => DomUtils.isTag(c) && !KEEP_NESTED.has(c.name))
    ) {
      const out: ChildNode[] = []
      const work: Array<ChildNode | 'br'> = parent.children.slice().reverse()
      while (work.length > 0) {
        const n = work.pop()!
        if (n === 'br') out.push(new Element('br', {}))
        else if (!DomUtils.isTag(n) || KEEP_NESTED.has(n.name)) out.push(n)
        else if (!isChrome(n)) {
          const block = BLOCK_TAGS.has(n.name)
          if (block) work.push('br')
          for (let i = n.children.length - 1; i >= 0; i--) work.push(n.children[i]!)
          if (block) work.push('br')
        }
      }
      out.forEach((c, i) => {
        c.parent = parent
        c.prev = out[i - 1] ?? null
        c.next = out[i + 1] ?? null
      })
      parent.children = out
    }
    for (const c of parent.children) if (DomUtils.hasChildren(c)) stack.push([c, depth + 1])
  }
}

export function extractHtmlString(html: string): DocumentModel {
  const dom = parseDocument(html, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true
  })
  flattenDeep(dom)
  const titleEl = DomUtils.findOne(n => n.name === 'title', dom.children, true)
  const title = titleEl ? cleanText(DomUtils.textContent(titleEl)) : ''
  const b = new DocBuilder()
  // The page title leads the text, as in the provided conversions of the corpus pages.
  if (title) b.paragraph(title)
  const body = DomUtils.findOne(n => n.name === 'body', dom.children, true)
  const pictures = render(body ? body.children : dom.children, b)

  const meta: DocumentMeta = {}
  if (title) meta.title = title
  if (pictures > 0) meta.images = pictures
  const found = printedDate(b.lines, '网页') ?? metaDate(dom.children)
  if (found) {
    meta.publicationDate = found.date
    meta.publicationDateSource = found.source
  }
  return b.build(meta)
}

export function extractHtml(bytes: Buffer): { doc: DocumentModel; encoding: string } {
  const { text, encoding } = decodeHtml(bytes)
  return { doc: extractHtmlString(text), encoding }
}
