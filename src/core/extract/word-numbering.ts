/**
 * Word's automatic numbering, as Word shows it: a heading typed as 总体情况 in a list whose level
 * reads "%1、" in Chinese counting is displayed, printed and read by the supervisor as
 * 一、总体情况. The numbers live in word/numbering.xml (and in styles.xml for heading styles that
 * carry a list), not in the text; without them every auto-numbered section heading was missing
 * (six false S01) and auto-numbered row labels lost their 1. 2. 3.
 *
 * Counted as Word counts: per list definition (per list instance when it restarts its numbering),
 * a level's counter reset when a higher level advances; bullets add nothing (they are decoration
 * and were never part of the text).
 */
import type { ChildNode, Element } from 'domhandler'
import { DomUtils } from 'htmlparser2'

interface Level {
  fmt: string
  text: string
  start: number
  /** What follows the number: tab (default), space or nothing. */
  suffix: string
}

/** The first child element named `name` (shared with wordml.ts). */
export function kid(el: Element | undefined, name: string): Element | undefined {
  if (el) for (const n of el.children) if (DomUtils.isTag(n) && n.name === name) return n
  return undefined
}
const kids = (el: Element, name: string): Element[] =>
  el.children.filter((n): n is Element => DomUtils.isTag(n) && n.name === name)
const val = (el: Element | undefined): string | undefined => el?.attribs['w:val']
const int = (s: string | undefined, fallback: number): number => {
  const n = parseInt(s ?? '', 10)
  return Number.isFinite(n) ? n : fallback
}

const DIGITS = '〇一二三四五六七八九'

/** 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting and chineseCountingThousand). */
function chinese(n: number): string {
  if (n <= 0 || n >= 10_000) return String(n)
  const parts: string[] = []
  const units = ['千', '百', '十', '']
  const digits = String(n).padStart(4, '0').split('').map(Number)
  let zero = false
  digits.forEach((d, i) => {
    if (d === 0) {
      zero = parts.length > 0
      return
    }
    if (zero) parts.push('零')
    zero = false
    parts.push(DIGITS[d]! + units[i]!)
  })
  const s = parts.join('')
  // 十一, not 一十一, when ten is the highest unit.
  return n >= 10 && n < 20 ? s.slice(1) : s
}

const letters = (n: number, base: string): string => {
  let s = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = base[(k - 1) % 26]! + s
  return s
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n)
  const table: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i']
  ]
  let s = ''
  for (const [v, r] of table) for (; n >= v; n -= v) s += r
  return s
}

const enclosed = (n: number, first: number, count: number): string =>
  n >= 1 && n <= count ? String.fromCodePoint(first + n - 1) : String(n)

/** A counter in one of Word's number formats (w:numFmt); unknown formats as decimals. */
export function formatNumber(fmt: string, n: number): string {
  switch (fmt) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'koreanCounting':
    case 'taiwaneseCounting':
      return chinese(n)
    case 'ideographDigital':
    case 'taiwaneseDigital':
    case 'japaneseDigitalTenThousand':
      return String(n)
        .split('')
        .map(d => DIGITS[Number(d)])
        .join('')
    case 'ideographTraditional':
      return n >= 1 && n <= 10 ? '甲乙丙丁戊己庚辛壬癸'[n - 1]! : String(n)
    case 'ideographZodiac':
      return n >= 1 && n <= 12 ? '子丑寅卯辰巳午未申酉戌亥'[n - 1]! : String(n)
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return enclosed(n, 0x2460, 20)
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474, 20)
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488, 20)
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/\d/g, d => String.fromCharCode(0xff10 + Number(d)))
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n)
    case 'lowerLetter':
      return letters(n, 'abcdefghijklmnopqrstuvwxyz')
    case 'upperLetter':
      return letters(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    case 'lowerRoman':
      return roman(n)
    case 'upperRoman':
      return roman(n).toUpperCase()
    case 'none':
      return ''
    default:
      return String(n)
  }
}

/** The list definitions of a document and the counters of the paragraphs read so far. */
export class WordLists {
  private readonly abstracts = new Map<string, Map<number, Level>>()
  private readonly nums = new Map<string, { abstractId: string; starts: Map<number, number> }>()
  private readonly styles = new Map<string, { numId?: string; ilvl?: number; basedOn?: string }>()
  private readonly counters = new Map<string, number[]>()

  /** `numbering`: the w:numbering element; `styles`: the w:styles element (either may be absent). */
  constructor(numbering: Element | undefined, styles: Element | undefined) {
    if (numbering) {
      for (const a of kids(numbering, 'w:abstractNum')) {
        const levels = new Map<number, Level>()
        for (const l of kids(a, 'w:lvl')) {
          levels.set(int(l.attribs['w:ilvl'], 0), {
            fmt: val(kid(l, 'w:numFmt')) ?? 'decimal',
            text: val(kid(l, 'w:lvlText')) ?? '',
            start: int(val(kid(l, 'w:start')), 1),
            suffix: val(kid(l, 'w:suff')) ?? 'tab'
          })
        }
        this.abstracts.set(a.attribs['w:abstractNumId'] ?? '', levels)
      }
      for (const n of kids(numbering, 'w:num')) {
        const starts = new Map<number, number>()
        for (const o of kids(n, 'w:lvlOverride')) {
          const s = val(kid(o, 'w:startOverride'))
          if (s !== undefined) starts.set(int(o.attribs['w:ilvl'], 0), int(s, 1))
        }
        this.nums.set(n.attribs['w:numId'] ?? '', {
          abstractId: val(kid(n, 'w:abstractNumId')) ?? '',
          starts
        })
      }
    }
    if (styles) {
      for (const s of kids(styles, 'w:style')) {
        const numPr = kid(kid(s, 'w:pPr'), 'w:numPr')
        const ilvl = val(kid(numPr, 'w:ilvl'))
        const entry: { numId?: string; ilvl?: number; basedOn?: string } = {}
        const numId = val(kid(numPr, 'w:numId'))
        if (numId !== undefined) entry.numId = numId
        if (ilvl !== undefined) entry.ilvl = int(ilvl, 0)
        const basedOn = val(kid(s, 'w:basedOn'))
        if (basedOn !== undefined) entry.basedOn = basedOn
        this.styles.set(s.attribs['w:styleId'] ?? '', entry)
      }
    }
  }

  /** Whether any list instance (w:num) is defined. */
  get hasLists(): boolean {
    return this.nums.size > 0
  }

  /** The counters as they are, to go back to (a table read as a grid, then as flowing text). */
  save(): Map<string, number[]> {
    return new Map([...this.counters].map(([k, v]) => [k, [...v]]))
  }

  restore(saved: Map<string, number[]>): void {
    this.counters.clear()
    for (const [k, v] of saved) this.counters.set(k, [...v])
  }

  /** The number Word shows before the paragraph with properties `pPr` ('' for none); counts it. */
  label(pPr: Element | undefined): string {
    const numPr = kid(pPr, 'w:numPr')
    let numId = val(kid(numPr, 'w:numId'))
    let ilvlText = val(kid(numPr, 'w:ilvl'))
    // A paragraph style (and the styles it is based on) may carry the list, as heading styles do.
    let style = val(kid(pPr, 'w:pStyle'))
    for (
      let depth = 0;
      style !== undefined && depth < 10 && (numId === undefined || ilvlText === undefined);
      depth++
    ) {
      const s = this.styles.get(style)
      if (!s) break
      numId ??= s.numId
      if (ilvlText === undefined && s.ilvl !== undefined) ilvlText = String(s.ilvl)
      style = s.basedOn
    }
    if (numId === undefined || numId === '0') return ''
    const num = this.nums.get(numId)
    const levels = num ? this.abstracts.get(num.abstractId) : undefined
    const ilvl = int(ilvlText, 0)
    const level = levels?.get(ilvl)
    if (!num || !levels || !level || level.fmt === 'bullet') return ''
    const start = (k: number): number => num.starts.get(k) ?? levels.get(k)?.start ?? 1
    // A list instance that restarts its numbering counts on its own; others share their definition's.
    const key = num.starts.size > 0 ? `n${numId}` : `a${num.abstractId}`
    const counts = this.counters.get(key) ?? []
    counts[ilvl] = counts[ilvl] === undefined ? start(ilvl) : counts[ilvl] + 1
    counts.length = ilvl + 1
    this.counters.set(key, counts)
    const text = level.text.replace(/%([1-9])/g, (_, d: string) => {
      const k = Number(d) - 1
      return formatNumber(levels.get(k)?.fmt ?? 'decimal', counts[k] ?? start(k))
    })
    return text === '' ? '' : level.suffix === 'nothing' ? text : `${text} `
  }
}

/**
 * The lists of a document with a w:numbering element (and its w:styles, for heading styles that
 * carry a list); null when it defines none, so that its paragraphs are not looked at.
 */
export function wordLists(numbering: Element, styles: Element | undefined): WordLists | null {
  const lists = new WordLists(numbering, styles)
  return lists.hasLists ? lists : null
}

/** The first element named `name` among `nodes` and their descendants. */
export function findElement(nodes: ChildNode[], name: string): Element | undefined {
  return DomUtils.findOne(n => n.name === name, nodes, true) ?? undefined
}
