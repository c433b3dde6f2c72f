/**
 * An OCR'd agency name put right by a name the app already knows (issue #24). PP-OCRv4 reads the
 * rare 沭 of 沭阳县 as 沐, on clean pages too (test/integration/ocr.test.ts); no sum can vouch for a
 * name, and the misread made the unit a stranger to its roster entry and its other years. A name
 * known from the roster, or from a report read from a text layer, that differs from the read in
 * one character, where the two characters look alike, is taken instead: only when exactly one
 * known name fits, and the report's notes say so.
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

export const OCR_NAME_NOTE = 'ocr-agency-matched'

/** The note an OCR'd report whose agency name was matched carries (ReportDetail.notes). */
export function nameMatchedNote(read: string, known: string, source: string): ParseNote {
  return {
    code: OCR_NAME_NOTE,
    message: `文字识别（OCR）读出的单位名称“${read}”与${source}中的“${known}”只差一个形近字，已按“${known}”认定；请对照原图核实。`
  }
}
