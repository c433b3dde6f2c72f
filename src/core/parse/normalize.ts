/**
 * Label normalisation: labels match after normalising width, spaces, brackets and quotes
 * (template.md). `三、本 年度 办理 结果` (sample 002), `（三） 不予公 开`, `(一)` vs `（一）` and
 * `“三安全一稳定”` vs `"三安全一稳定"` all compare equal after this.
 */

import { dice, memo } from '../../shared/strings'

const QUOTES = /["'“”‘’「」『』〝〞＂＇`]/g
const MARKDOWN = /\*\*|__|^#+\s*|^>\s*/g

const normShort = memo(normLabelUncached)

/**
 * Full-width → half-width, all white space removed, brackets unified, quotes dropped. Labels are
 * short and recur (memoised); narrative paragraphs are long and unique (not kept).
 */
export function normLabel(s: string): string {
  if (s.length <= 120) return isPlain(s) ? s : normShort(s)
  return normLabelUncached(s)
}

/**
 * Only Han characters, ASCII letters and digits: already normal (NFKC leaves them as they are and
 * none is dropped or mapped). Most cells and many labels are, and skip the memo's hashing.
 */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x30 && c <= 0x39) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0x41 && c <= 0x5a)
    )
      continue
    return false
  }
  return true
}

/** normLabel without the memo, for text that will not recur (a whole row with its numbers). */
export function normText(s: string): string {
  return normLabelUncached(s)
}

/**
 * After NFKC and markdown: white space, quotes, `|` and most punctuation dropped, brackets unified.
 * Each character is dropped, mapped or kept on its own, so one pass does what a chain of six
 * replace() calls did (every row of every report is normalised; bench/, issue #8). normalize.test.ts
 * checks it against that chain.
 */
const DROP = new Set(
  [
    ...' \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"\'“”‘’「」『』〝〞＂＇`，,：:；;。|'
  ].map(c => c.charCodeAt(0))
)
for (let c = 0x2000; c <= 0x200a; c++) DROP.add(c)
const MAP = new Map<number, string>([...'【〔［['].map(c => [c.charCodeAt(0), '('] as const))
for (const c of '】〕］]') MAP.set(c.charCodeAt(0), ')')
MAP.set('．'.charCodeAt(0), '.')
const MARKDOWN_CHAR = /[*_#>]/

function normLabelUncached(s: string): string {
  let t = s.normalize('NFKC')
  if (MARKDOWN_CHAR.test(t)) t = t.replace(MARKDOWN, '')
  let out = ''
  let from = 0
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    // Han characters (most of a report) are kept without a lookup: none is dropped or mapped.
    if (
      c < 0x80 ? !ASCII_SPECIAL[c] : (c >= 0x4e00 && c <= 0x9fff) || (!DROP.has(c) && !MAP.has(c))
    )
      continue
    out += t.slice(from, i)
    from = i + 1
    const mapped = MAP.get(c)
    if (mapped !== undefined) out += mapped
  }
  return from === 0 ? t : out + t.slice(from)
}

/** ASCII characters that are dropped or mapped (a table: the common case costs one lookup). */
const ASCII_SPECIAL: boolean[] = []
for (let c = 0; c < 0x80; c++) ASCII_SPECIAL.push(DROP.has(c) || MAP.has(c))

/** The definition normLabelUncached implements in one pass (kept for its test). */
export function normLabelReference(s: string): string {
  return s
    .normalize('NFKC')
    .replace(MARKDOWN, '')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(QUOTES, '')
    .replace(/[【〔［[]/g, '(')
    .replace(/[】〕］\]]/g, ')')
    .replace(/[、，,：:；;。.．]/g, m => (m === '、' ? '、' : m === '.' || m === '．' ? '.' : ''))
    .replace(/[|]/g, '')
}

/** Same as normLabel but keeps a single space between runs, for display of found labels. */
export function tidyLabel(s: string): string {
  return s
    .replace(MARKDOWN, '')
    .replace(/[\s\u00a0\u3000]+/g, ' ')
    .trim()
}

/**
 * Similarity of a found label to a template label, both normalised. A truncated label that is a
 * prefix of the template's (`行政规范性` for 行政规范性文件, sample 002) scores high.
 */
export function labelSimilarity(found: string, template: string): number {
  if (!found || !template) return 0
  return similarityOf(`${found}\u0000${template}`)
}

const similarityOf = memo(key => {
  const at = key.indexOf('\u0000')
  return similarityUncached(key.slice(0, at), key.slice(at + 1))
})

function similarityUncached(found: string, template: string): number {
  if (found === template) return 1
  const d = dice(found, template)
  const shorter = found.length <= template.length ? found : template
  const longer = shorter === found ? template : found
  if (shorter.length >= 3 && longer.includes(shorter)) return Math.max(d, 0.85)
  return d
}

/** Strip a leading row number such as `1.`, `(一)`, `一、`, `三、` from a normalised label. */
export function stripNumbering(s: string): string {
  return s.replace(/^(\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)/, '')
}
