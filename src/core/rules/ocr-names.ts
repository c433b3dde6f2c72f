/**
 * An OCR'd agency name put right by a name the app already knows (issue #24). PP-OCRv4 reads the
 * rare 沭 of 沭阳县 as 沐, on clean pages too (test/integration/ocr.test.ts); no sum can vouch for a
 * name, and the misread made the unit a stranger to its roster entry and its other years. A name
 * known from the roster, or from a report read from a text layer, that differs from the read in
 * one character, where the two characters look alike, is taken instead: only when exactly one
 * known name fits, and the report's notes say so. Within one report, the spelling its own text
 * gives most often (spelledElsewhere, at parse time, pipeline/file.ts).
 */
import type { ParseNote } from '../../shared/model'

/**
 * Characters the recogniser confuses, in groups of look-alikes (a pair in one group is one
 * look-alike substitution). Strokes and dots that a scan blurs: 氵 with an inner 术/木, 己/已/巳…
 */
const LOOKALIKE_GROUPS = [
  '沭沐',
  '术木',
  '己已巳',
  '未末',
  '土士',
  '戊戍戌',
  '汩汨',
  '祗祇',
  '侯候',
  '准淮',
  '旱早',
  '日曰',
  '王玉主',
  '千干于',
  '天夭',
  '亳毫',
  '崇祟',
  '徽微',
  '浙淅',
  '邢那',
  '间问',
  '沽沾',
  '泊洎',
  '淞凇',
  '睢雎',
  '兖衮',
  '荥荣'
]

const GROUP_OF = new Map<string, number>()
LOOKALIKE_GROUPS.forEach((g, i) => {
  for (const ch of g) GROUP_OF.set(ch, i)
})

/** Whether `a` and `b` differ in exactly one character, and those two look alike. */
export function oneLookalikeApart(a: string, b: string): boolean {
  const x = [...a]
  const y = [...b]
  if (x.length !== y.length) return false
  let diff = -1
  for (let i = 0; i < x.length; i++) {
    if (x[i] === y[i]) continue
    if (diff >= 0) return false
    diff = i
  }
  if (diff < 0) return false
  const g = GROUP_OF.get(x[diff]!)
  return g !== undefined && g === GROUP_OF.get(y[diff]!)
}

/**
 * The known name `read` was meant to be, or null: none is one look-alike apart, two are (which one
 * cannot be told), or `read` is itself a known name.
 */
export function matchKnownName(read: string, known: Iterable<string>): string | null {
  const name = read.trim()
  const fits = new Set<string>()
  for (const k of known) {
    const kn = k.trim()
    if (kn === name) return null
    if (oneLookalikeApart(name, kn)) fits.add(kn)
  }
  return fits.size === 1 ? [...fits][0]! : null
}

/**
 * The spelling the report's own OCR'd text gives the name more often than `read` (the title vs.
 * the 落款 and the body), when exactly one other spelling one look-alike apart occurs: the
 * recogniser slipped where it was outvoted. A tie is left as read (which one is right cannot be
 * told from the text).
 */
export function spelledElsewhere(read: string, lines: readonly string[]): string | null {
  const name = [...read.trim()]
  const n = name.length
  if (n < 2) return null
  let asRead = 0
  const others = new Map<string, number>()
  for (const line of lines) {
    const chars = [...line]
    for (let i = 0; i + n <= chars.length; i++) {
      // Cheap rejection first: a window one character off shares its first or its last.
      if (chars[i] !== name[0] && chars[i + n - 1] !== name[n - 1]) continue
      const w = chars.slice(i, i + n).join('')
      if (w === read) asRead++
      else if (oneLookalikeApart(read, w)) others.set(w, (others.get(w) ?? 0) + 1)
    }
  }
  if (others.size !== 1) return null
  const [[other, count]] = [...others] as [[string, number]]
  return count > asRead ? other : null
}

export const OCR_NAME_NOTE = 'ocr-agency-matched'

/** The note an OCR'd report whose agency name was matched carries (ReportDetail.notes). */
export function nameMatchedNote(read: string, known: string, source: string): ParseNote {
  return {
    code: OCR_NAME_NOTE,
    message: `文字识别（OCR）读出的单位名称“${read}”与${source}中的“${known}”只差一个形近字，已按“${known}”认定；请对照原图核实。`
  }
}
