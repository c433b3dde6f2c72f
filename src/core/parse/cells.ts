/**
 * Numeric cells. An empty cell stays null (never 0). Real files put `/` or `—` in numeric cells,
 * annotate numbers (`22（其中修订 16 件）`), print units (`251000元`, Shanghai 2019 procurement) and
 * fees with six decimals (`24252.311082`, Pingtan 2021): the number is kept where one is there and
 * the raw text is reported so the rules can flag it.
 */
import { memo } from '../../shared/strings'

const PLACEHOLDER = /^[/／\\—–－\-_~～…]+$|^(无|空|暂无|——)$/
const CLEAN = /^[-+]?\d+(\.\d+)?$/
// The unit carries its own trailing space: `\s*(?:件…)?\s*` was quadratic on a cell of spaces.
const ANNOTATED =
  /^([-+]?\d+(?:\.\d+)?)\s*(?:(?:件|个|项|条|次|元|万元|人次)\s*)?(?:[（(][^）)]*[）)])?$/

export interface CellValue {
  value: number | null
  /** Present when the text was not a clean number (placeholder, annotation, unit). */
  raw?: string
}

/** Memoised: every cell of every table passes here several times (bench/, issue #8). */
const clean = memo(cleanUncached)

function cleanUncached(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/\*\*/g, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
}

/**
 * Most cells are plain digits or start with a Chinese character; both are their own NFKC form, so
 * they are decided here without normalising (the parser asks this of every cell several times;
 * bench/, issue #8). Anything else goes the full way.
 */
function allDigits(text: string): boolean {
  if (text.length === 0 || text.length > 15) return false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

/** A CJK unified ideograph: never white space, a digit or a placeholder sign after NFKC. */
function startsWithHan(text: string): boolean {
  const c = text.charCodeAt(0)
  return c >= 0x4e00 && c <= 0x9fff
}

/** True for cells that hold a value (number, placeholder or nothing) rather than a label. */
export function isValueLike(text: string): boolean {
  if (text === '' || allDigits(text)) return true
  // 无 / 空 / 暂无 are the placeholders that start with a Chinese character.
  if (startsWithHan(text) && !'无空暂'.includes(text[0]!)) return false
  const t = clean(text)
  return t === '' || CLEAN.test(t) || PLACEHOLDER.test(t) || ANNOTATED.test(t)
}

export function isEmptyCell(text: string): boolean {
  if (text === '') return true
  if (allDigits(text) || startsWithHan(text)) return false
  return clean(text) === ''
}

export function parseCell(text: string): CellValue {
  if (text === '') return { value: null }
  if (allDigits(text)) return { value: Number(text) }
  const t = clean(text)
  if (t === '') return { value: null }
  if (CLEAN.test(t)) return { value: Number(t) }
  const m = ANNOTATED.exec(t)
  if (m) return { value: Number(m[1]), raw: text.trim() }
  return { value: null, raw: text.trim() }
}
