/**
 * PDF page geometry → paragraphs and table grids. Pure: takes positioned text items and the ruling
 * segments drawn on the page (PDF user space, y upwards) and knows nothing of pdfjs, so it is
 * tested on its own. Tables are found from their ruling lines (Word, WPS and LibreOffice all draw
 * cell borders); a missing border between two grid units is a merged cell, so rowspan/colspan come
 * back as empty covered cells with the text in the top-left unit, as for HTML.
 */

export interface TextItem {
  str: string
  x: number
  /** Baseline. */
  y: number
  w: number
  /** Font size. */
  size: number
}

export interface Segment {
  /** Horizontal: y fixed, x1..x2. Vertical: x fixed, y1..y2 (stored in a/b). */
  dir: 'h' | 'v'
  at: number
  a: number
  b: number
}

export type PageBlock =
  | { kind: 'line'; text: string; x: number; right: number; y: number; size: number }
  | { kind: 'table'; rows: string[][]; cols: number[]; top: number; bottom: number }

/**
 * Rules closer than this are one rule (points). A web page's table with border="1" has every cell
 * in a box of its own: printed by Chrome, each rule between two cells is drawn twice, 2.25 pt
 * apart (corpus/real/040_shuyang_fgj_2023.html printed to PDF); Word's double borders are ~1.5.
 */
const TOL = 3

/** Sorted distinct positions, merging those closer than TOL. */
function distinct(values: number[]): number[] {
  const out: number[] = []
  for (const v of [...values].sort((p, q) => p - q)) {
    const last = out[out.length - 1]
    if (last === undefined || v - last > TOL) out.push(v)
  }
  return out
}

/**
 * Segments that touch each other (within TOL) form one table. Two touch when their extents, grown
 * by TOL, overlap across and along; a sweep over the segments by their left end compares each only
 * with those not yet passed on the left (all pairs were compared: a page with a dotted border has
 * thousands of segments).
 */
function groupSegments(segs: Segment[]): Segment[][] {
  const parent = segs.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  const x0 = (s: Segment): number => (s.dir === 'h' ? s.a : s.at)
  const x1 = (s: Segment): number => (s.dir === 'h' ? s.b : s.at)
  const y0 = (s: Segment): number => (s.dir === 'h' ? s.at : s.a)
  const y1 = (s: Segment): number => (s.dir === 'h' ? s.at : s.b)
  const order = segs.map((_, i) => i).sort((p, q) => x0(segs[p]!) - x0(segs[q]!))
  let active: number[] = []
  for (const i of order) {
    const s = segs[i]!
    active = active.filter(j => x1(segs[j]!) + TOL >= x0(s))
    for (const j of active) {
      const t = segs[j]!
      if (y0(s) <= y1(t) + TOL && y0(t) <= y1(s) + TOL) parent[find(i)] = find(j)
    }
    active.push(i)
  }
  const groups = new Map<number, Segment[]>()
  segs.forEach((s, i) => {
    const g = groups.get(find(i)) ?? []
    g.push(s)
    groups.set(find(i), g)
  })
  return [...groups.values()]
}

const covers = (segs: Segment[], dir: 'h' | 'v', at: number, from: number, to: number): boolean => {
  const mid = (from + to) / 2
  return segs.some(s => s.dir === dir && Math.abs(s.at - at) <= TOL && s.a <= mid && s.b >= mid)
}

/** Items sorted into visual lines (top first), each line's items left to right. */
export function groupLines<T extends TextItem>(items: T[]): T[][] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x)
  const lines: T[][] = []
  for (const it of sorted) {
    const line = lines[lines.length - 1]
    const ref = line?.[0]
    if (line && ref && Math.abs(ref.y - it.y) <= Math.max(2, 0.4 * Math.min(ref.size, it.size)))
      line.push(it)
    else lines.push([it])
  }
  for (const l of lines) l.sort((p, q) => p.x - q.x)
  return lines
}

const CJK = '[\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f]'
/** Spaces between two Chinese characters are layout (justification, autospacing), not text. */
const CJK_GAP = new RegExp(`(${CJK})\\s+(?=${CJK})`, 'g')

/** Text of one line: items joined; a visible gap of half a character or more becomes a space. */
export function lineText(items: TextItem[]): string {
  let out = ''
  let end: number | undefined
  for (const it of items) {
    if (end !== undefined && it.x - end > 0.5 * it.size && !out.endsWith(' ')) out += ' '
    out += it.str
    end = it.x + it.w
  }
  return out.replace(CJK_GAP, '$1')
}

interface Table {
  rows: number[]
  cols: number[]
  segs: Segment[]
}

function buildTable(segs: Segment[]): Table | undefined {
  const rows = distinct(segs.filter(s => s.dir === 'h').map(s => s.at)).reverse()
  const cols = distinct(segs.filter(s => s.dir === 'v').map(s => s.at))
  if (rows.length < 2 || cols.length < 2) return undefined
  // Chrome prints a table continued on a new page without a rule above its first row (and one
  // ended by a page break without a rule below its last): the column rules still run to the
  // table's edge (the sample web pages printed to PDF). Where two or more reach past the outer
  // rule, their end is the edge, so that row's text stays in the table.
  const ends = segs.filter(s => s.dir === 'v')
  const tops = ends.map(s => s.b).filter(y => y > rows[0]! + TOL)
  const bottoms = ends.map(s => s.a).filter(y => y < rows[rows.length - 1]! - TOL)
  const edge = (ys: number[], far: number): number | undefined =>
    ys.filter(y => Math.abs(y - far) <= TOL).length >= 2 ? far : undefined
  const top = tops.length >= 2 ? edge(tops, Math.max(...tops)) : undefined
  const bottom = bottoms.length >= 2 ? edge(bottoms, Math.min(...bottoms)) : undefined
  if (top !== undefined) rows.unshift(top)
  if (bottom !== undefined) rows.push(bottom)
  const outer = [top, bottom].filter((y): y is number => y !== undefined)
  return { rows, cols, segs: [...segs, ...outer.map(y => ruleAcross(y, cols))] }
}

/** The missing outer rule, as if drawn across the whole table. */
const ruleAcross = (y: number, cols: number[]): Segment => ({
  dir: 'h',
  at: y,
  a: cols[0]!,
  b: cols[cols.length - 1]!
})

/** Relative advance of a character: CJK and full-width forms are twice as wide as ASCII. */
export const advance = (ch: string): number => (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1)

/**
 * pdfjs merges text runs on one baseline into one item (with a space for the gap), so one item can
 * run across cells (`本年制发件数 本年` in a header row). Split items at the column rules, by the
 * characters' relative widths, preferring the space pdfjs put at the gap.
 */
export function splitAtColumns(items: TextItem[], cols: number[]): TextItem[] {
  const out: TextItem[] = []
  const queue = [...items]
  while (queue.length) {
    const it = queue.shift()!
    const chars = [...it.str]
    // A rule less than half a character before the item's end is not crossed: a full-width ） or 。
    // is half blank, and a label that fills its cell ends just past the rule (the sample web pages
    // printed by Chrome at 130 %: （二）部分公开…不计其他情形） lost its ） to the next column).
    const cut = cols.find(x => x > it.x + 1 && x < it.x + it.w - 0.5 * it.size)
    if (cut === undefined || chars.length < 2) {
      out.push(it)
      continue
    }
    const total = chars.reduce((n, ch) => n + advance(ch), 0)
    const target = ((cut - it.x) / it.w) * total
    let k = 0
    let acc = 0
    while (k < chars.length && acc + advance(chars[k]!) / 2 < target) acc += advance(chars[k++]!)
    const space = [k - 1, k, k - 2, k + 1].find(j => chars[j] === ' ')
    if (space !== undefined) k = space
    k = Math.min(Math.max(k, 1), chars.length - 1)
    const leftW = (chars.slice(0, k).reduce((n, ch) => n + advance(ch), 0) / total) * it.w
    const left = chars.slice(0, k).join('')
    const right = chars.slice(k).join('')
    out.push({ ...it, str: left.trimEnd(), w: Math.min(leftW, cut - it.x - 0.5) })
    const rx = Math.max(it.x + leftW, cut + 0.5)
    queue.unshift({ ...it, str: right.trimStart(), x: rx, w: Math.max(0.5, it.x + it.w - rx) })
  }
  return out.filter(it => it.str !== '')
}

/** Expanded grid of one ruled table: merged units share the text of their top-left unit. */
function tableGrid(t: Table, items: TextItem[]): string[][] {
  const R = t.rows.length - 1
  const C = t.cols.length - 1
  const id = (r: number, c: number): number => r * C + c
  const parent = Array.from({ length: R * C }, (_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
  const union = (i: number, j: number): void => {
    const [a, b] = [find(i), find(j)]
    // Keep the top-left unit (smallest index) as the region's root.
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
  }
  for (let r = 0; r < R; r++) {
    const [top, bottom] = [t.rows[r]!, t.rows[r + 1]!]
    for (let c = 0; c < C; c++) {
      const [left, right] = [t.cols[c]!, t.cols[c + 1]!]
      if (c + 1 < C && !covers(t.segs, 'v', right, bottom, top)) union(id(r, c), id(r, c + 1))
      if (r + 1 < R && !covers(t.segs, 'h', bottom, left, right)) union(id(r, c), id(r + 1, c))
    }
  }
  const texts = new Map<number, TextItem[]>()
  for (const it of splitAtColumns(items, t.cols)) {
    const cx = it.x + it.w / 2
    const cy = it.y + 0.35 * it.size
    const c = t.cols.findIndex((x, i) => i < C && cx >= x && cx < t.cols[i + 1]!)
    const r = t.rows.findIndex((y, i) => i < R && cy <= y && cy > t.rows[i + 1]!)
    if (r < 0 || c < 0) continue
    const root = find(id(r, c))
    const list = texts.get(root) ?? []
    list.push(it)
    texts.set(root, list)
  }
  const grid: string[][] = []
  for (let r = 0; r < R; r++) {
    const row: string[] = []
    for (let c = 0; c < C; c++) {
      const i = id(r, c)
      const own = find(i) === i ? texts.get(i) : undefined
      // Lines wrapped inside a cell are joined without a space: the labels are Chinese.
      row.push(
        own
          ? groupLines(own)
              .map(l => lineText(l).trim())
              .join('')
          : ''
      )
    }
    grid.push(row)
  }
  return grid
}

const inside = (it: TextItem, t: Table): boolean => {
  const cx = it.x + it.w / 2
  const cy = it.y + 0.35 * it.size
  return (
    cx >= t.cols[0]! &&
    cx <= t.cols[t.cols.length - 1]! &&
    cy <= t.rows[0]! &&
    cy >= t.rows[t.rows.length - 1]!
  )
}

/** Where a line's cells start: items after a gap wider than autospacing (about a third of a character). */
function cellStarts(line: TextItem[]): number[] {
  const starts: number[] = []
  let end: number | undefined
  for (const it of line) {
    if (end === undefined || it.x - end > 0.35 * it.size) starts.push(it.x)
    end = it.x + it.w
  }
  return starts
}

type TableOut = Extract<PageBlock, { kind: 'table' }>

/**
 * Tables drawn without rules (a web page's 索引号/发布机构/公开日期 box printed to PDF): runs of two
 * or more adjacent lines whose cells start at the same x positions. Cells are split at those
 * columns, and text that continues across a narrow gap stays in its cell.
 */
function findBorderless(lines: TextItem[][]): { tables: TableOut[]; rest: TextItem[][] } {
  const tables: TableOut[] = []
  const rest: TextItem[][] = []
  // Once per line: a run that is not a table is tried again from its next line.
  const starts = lines.map(cellStarts)
  let i = 0
  while (i < lines.length) {
    let j = i
    const size = lines[i]![0]!.size
    while (
      j < lines.length &&
      starts[j]!.length >= 2 &&
      (j === i || lines[j - 1]![0]!.y - lines[j]![0]!.y < 2.5 * size)
    )
      j++
    const run = lines.slice(i, j)
    const runStarts = starts.slice(i, j)
    const cols = run.length >= 2 ? sharedColumns(runStarts, size) : []
    if (cols.length >= 2 && tableLike(run, runStarts)) {
      const rows = run.map(line => borderlessRow(line, cols))
      const right = Math.max(...run.flatMap(l => l.map(it => it.x + it.w)))
      tables.push({
        kind: 'table',
        rows,
        cols: [...cols, right],
        top: run[0]![0]!.y + size,
        bottom: run[run.length - 1]![0]!.y
      })
      i = j
    } else {
      rest.push(lines[i]!)
      i++
    }
  }
  return { tables, rest }
}

/** Cell starts (`starts`, line by line) found in at least two lines (within a character), left to right. */
function sharedColumns(starts: number[][], size: number): number[] {
  const all = distinct(starts.flat())
  return all.filter(x => starts.filter(st => st.some(y => Math.abs(y - x) <= size)).length >= 2)
}

/**
 * Whether the run's lines keep to the same columns: most of each line's cell starts sit, within a
 * quarter of a character, on a position that half the run's lines start a cell at. A layout
 * engine puts a table's cells exactly in line; the words of a text layer laid over a scan (OCR:
 * each word placed on its own, a gap before the next) line up only at the margin and by chance.
 * A scanned sample run through tesseract read as one table of many columns, its paragraphs cut
 * into cells.
 */
function tableLike(run: TextItem[][], starts: number[][]): boolean {
  const tol = 0.25 * run[0]![0]!.size
  const near = (xs: number[], x: number): boolean => xs.some(y => Math.abs(y - x) <= tol)
  // Any item may start on a column (a cell can follow its neighbour closer than a cell gap).
  const itemStarts = run.map(line => line.map(it => it.x))
  const strong = distinct(itemStarts.flat()).filter(
    x => itemStarts.filter(st => near(st, x)).length >= Math.max(2, Math.ceil(run.length / 2))
  )
  return (
    strong.length >= 2 &&
    starts.every(st => st.filter(x => near(strong, x)).length >= 0.6 * st.length)
  )
}

/** An item pdfjs merged across a gap (`发布机构 沭阳县发展和改革局`) split at its spaces. */
function splitAtSpaces(it: TextItem): TextItem[] {
  if (!it.str.includes(' ')) return [it]
  const chars = [...it.str]
  const total = chars.reduce((n, ch) => n + advance(ch), 0)
  const out: TextItem[] = []
  let acc = 0
  let word = ''
  let from = 0
  chars.forEach((ch, k) => {
    if (ch !== ' ') {
      if (word === '') from = acc
      word += ch
    }
    acc += advance(ch)
    if ((ch === ' ' || k === chars.length - 1) && word !== '') {
      const x = it.x + (from / total) * it.w
      out.push({
        ...it,
        str: word,
        x,
        w: ((acc - from - (ch === ' ' ? advance(ch) : 0)) / total) * it.w
      })
      word = ''
    }
  })
  return out
}

function borderlessRow(line: TextItem[], cols: number[]): string[] {
  const cells = cols.map(() => '')
  let current = 0
  let end: number | undefined
  for (const it of line.flatMap(splitAtSpaces)) {
    const gap = end === undefined ? Infinity : it.x - end
    if (gap > 0.35 * it.size) {
      const k = cols.findIndex(x => Math.abs(x - it.x) <= it.size)
      if (k >= 0) current = k
      else if (cells[current] !== '') cells[current] += ' '
    }
    cells[current] += it.str
    end = it.x + it.w
  }
  return cells.map(c => c.replace(CJK_GAP, '$1').trim())
}

/**
 * A page whose text is drawn turned a quarter or half turn (a landscape table printed sideways on a
 * portrait sheet: the sample page with CSS rotate(90deg), printed by Chrome), turned back so its
 * lines run left to right. `turn` is each item's quarter turns (0–3, counter-clockwise); the turn
 * most of the page's characters have decides. Read as it was, every line was a column of one
 * character: no title, no sections, no tables.
 */
export function uprightPage(
  items: (TextItem & { turn: number })[],
  segs: Segment[]
): { items: TextItem[]; segs: Segment[] } {
  const weight = [0, 0, 0, 0]
  for (const it of items) weight[it.turn]! += it.str.length
  const k = weight.indexOf(Math.max(...weight))
  const strip = ({ turn: _t, ...it }: TextItem & { turn: number }): TextItem => it
  if (k === 0) return { items: items.map(strip), segs }
  // Turn back by k quarter turns: the text's direction becomes +x.
  const back = (x: number, y: number): Point => (k === 1 ? [y, -x] : k === 2 ? [-x, -y] : [-y, x])
  const seg = (s: Segment): Segment => {
    const [x1, y1] = back(s.dir === 'h' ? s.a : s.at, s.dir === 'h' ? s.at : s.a)
    const [x2, y2] = back(s.dir === 'h' ? s.b : s.at, s.dir === 'h' ? s.at : s.b)
    return Math.abs(y1 - y2) < Math.abs(x1 - x2)
      ? { dir: 'h', at: y1, a: Math.min(x1, x2), b: Math.max(x1, x2) }
      : { dir: 'v', at: x1, a: Math.min(y1, y2), b: Math.max(y1, y2) }
  }
  return {
    items: items.map(it => {
      const [x, y] = back(it.x, it.y)
      return { ...strip(it), x, y }
    }),
    segs: segs.map(seg)
  }
}

/** One page → its lines and tables, top to bottom. */
export function layoutPage(items: TextItem[], segs: Segment[]): PageBlock[] {
  const tables = groupSegments(segs)
    .map(buildTable)
    .filter((t): t is Table => t !== undefined)
  const blocks: (PageBlock & { sortY: number })[] = []
  const loose: TextItem[] = []
  const perTable = tables.map(() => [] as TextItem[])
  for (const it of items) {
    const k = tables.findIndex(t => inside(it, t))
    if (k >= 0) perTable[k]!.push(it)
    else loose.push(it)
  }
  tables.forEach((t, k) => {
    const rows = tableGrid(t, perTable[k]!)
    // A ruled box with a single cell is a frame around text, not a table: read it as lines.
    if (rows.length * (rows[0]?.length ?? 0) <= 1) loose.push(...perTable[k]!)
    else
      blocks.push({
        kind: 'table',
        rows,
        cols: t.cols,
        top: t.rows[0]!,
        bottom: t.rows[t.rows.length - 1]!,
        sortY: t.rows[0]!
      })
  })
  const lines = groupLines(loose.filter(it => it.str.trim() !== ''))
  const { tables: borderless, rest } = findBorderless(lines)
  for (const t of borderless) blocks.push({ ...t, sortY: t.top })
  for (const line of rest) {
    const text = lineText(line)
    if (text.trim() === '') continue
    const first = line[0]!
    const last = line[line.length - 1]!
    const size = Math.max(...line.map(i => i.size))
    blocks.push({
      kind: 'line',
      text,
      x: first.x,
      right: last.x + last.w,
      y: first.y,
      size,
      sortY: first.y + size
    })
  }
  blocks.sort((p, q) => q.sortY - p.sortY)
  return blocks.map(({ sortY: _s, ...b }) => b as PageBlock)
}

/** A dot a dotted border is drawn with: its centre and half its size. */
export interface Dot {
  x: number
  y: number
  r: number
}

export type Point = [number, number]
/** An affine transform as PDF and OFD write one: a b c d e f. */
export type Matrix = [number, number, number, number, number, number]
export const apply = (m: Matrix, x: number, y: number): Point => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5]
]

/**
 * Ruling segments from a page's painted paths, given in page space: the straight parts of strokes
 * and hairline fills (Word draws borders as thin filled rectangles; a larger fill is shading and
 * is ignored), and dotted borders from their dots. Shared by the PDF and OFD readers.
 */
export class RuleCollector {
  private readonly segs: Segment[] = []
  private readonly dots: Dot[] = []

  /** A straight stroked piece of a path. */
  stroke(x1: number, y1: number, x2: number, y2: number): void {
    if (Math.abs(y1 - y2) < 0.5 && Math.abs(x1 - x2) > 1)
      this.segs.push({ dir: 'h', at: (y1 + y2) / 2, a: Math.min(x1, x2), b: Math.max(x1, x2) })
    else if (Math.abs(x1 - x2) < 0.5 && Math.abs(y1 - y2) > 1)
      this.segs.push({ dir: 'v', at: (x1 + x2) / 2, a: Math.min(y1, y2), b: Math.max(y1, y2) })
  }

  /** A path drawn from here on, point by point in page space. */
  path(stroked: boolean): PathTrace {
    return new PathTrace(this, stroked)
  }

  /** A filled path, by the points it passes through (curves by their end points). */
  fill(pts: Point[]): void {
    if (pts.length < 4) return
    const xs = pts.map(p => p[0])
    const ys = pts.map(p => p[1])
    const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
    if (y2 - y1 < 2 && x2 - x1 > 2) this.stroke(x1, (y1 + y2) / 2, x2, (y1 + y2) / 2)
    else if (x2 - x1 < 2 && y2 - y1 > 2) this.stroke((x1 + x2) / 2, y1, (x1 + x2) / 2, y2)
    else if (x2 - x1 <= 2 && y2 - y1 <= 2)
      this.dots.push({ x: (x1 + x2) / 2, y: (y1 + y2) / 2, r: Math.max(x2 - x1, y2 - y1) / 2 })
  }

  segments(): Segment[] {
    return [...this.segs, ...dottedRules(this.dots)]
  }
}

/**
 * One path as PDF's and OFD's path operators draw it: each straight stroked piece goes to the rules
 * as it comes, and the points (a curve by its end point: a dot may be drawn round) give a filled
 * path's extent when it ends.
 */
export class PathTrace {
  private readonly pts: Point[] = []
  private start: Point | undefined
  private prev: Point | undefined

  constructor(
    private readonly rules: RuleCollector,
    private readonly stroked: boolean
  ) {}

  move(p: Point): void {
    this.start = p
    this.to(p)
  }

  line(p: Point): void {
    if (this.prev && this.stroked) this.rules.stroke(this.prev[0], this.prev[1], p[0], p[1])
    this.to(p)
  }

  curve(end: Point): void {
    this.to(end)
  }

  close(): void {
    if (this.stroked && this.prev && this.start)
      this.rules.stroke(this.prev[0], this.prev[1], this.start[0], this.start[1])
    this.prev = this.start
  }

  /** Ends the path: a filled one's hairline extent is a rule too. */
  end(filled: boolean): void {
    if (filled) this.rules.fill(this.pts)
  }

  private to(p: Point): void {
    this.prev = p
    this.pts.push(p)
  }
}

/**
 * A dotted border is drawn dot by dot: thousands of tiny filled squares a page (a web page with
 * `td {border: 1px dotted}` printed by Chrome). Three or more dots in a row, each within two
 * points of the next, are one rule.
 */
export function dottedRules(dots: Dot[]): Segment[] {
  const out: Segment[] = []
  const runs = (dir: 'h' | 'v'): void => {
    const along = (d: Dot): number => (dir === 'h' ? d.x : d.y)
    // Dots of one rule share a position across it, give or take rounding (half a point buckets).
    const lines = new Map<number, Dot[]>()
    for (const d of dots) {
      const key = Math.round((dir === 'h' ? d.y : d.x) * 2)
      const line = lines.get(key)
      if (line) line.push(d)
      else lines.set(key, [d])
    }
    for (const [key, line] of lines) {
      line.sort((p, q) => along(p) - along(q))
      let first = 0
      for (let i = 1; i <= line.length; i++) {
        const [prev, d] = [line[i - 1]!, line[i]]
        if (d && along(d) - along(prev) <= 2 + prev.r + d.r) continue
        const [a, b] = [line[first]!, prev]
        if (i - first >= 3 && along(b) - along(a) > 2)
          out.push({ dir, at: key / 2, a: along(a) - a.r, b: along(b) + b.r })
        first = i
      }
    }
  }
  runs('h')
  runs('v')
  return out
}
