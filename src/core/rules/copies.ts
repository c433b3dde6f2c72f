/**
 * Y05: section 1 (总体情况) or 5 (问题及改进) nearly the same text as another unit's report of the
 * same or the previous year (跨单位雷同). Pure functions; the index that finds candidate pairs
 * without comparing all of them lives in store/copies.ts and is driven by pipeline/settle.ts.
 *
 * What counts is the unit's own writing. Each section is cut into sentences, and each sentence is
 * compared without numbers, dates, punctuation, quoted titles of laws and documents (《…》, 〔…〕号)
 * and the unit's own name. A sentence found in the reports of many units (BOILERPLATE_UNITS) is the
 * template's or the higher level's wording — learned from the collection itself, never listed by
 * hand — and does not count either. Candidate pairs come from MinHash signatures of the remaining
 * text's character shingles, banded for LSH (BANDS × ROWS): only pairs that share a band bucket are
 * ever compared.
 */
import type { DocumentModel } from '../../shared/document'
import type { ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import type { SectionId } from '../../shared/template'
import { sectionText } from '../../shared/report-text'
import { finding, q, sectionLabel } from './messages'

/** The sections Y05 compares. */
export const COPY_SECTIONS = [1, 5] as const
export type CopySection = (typeof COPY_SECTIONS)[number]

/** A report's sections 1 and 5 as comparable sentences. */
export type CopyText = Record<CopySection, string[]>

/** A sentence in the reports of this many units or more is boilerplate (the template's). */
export const BOILERPLATE_UNITS = 5
/** Below this many characters of the unit's own text a section is too short to call copied. */
export const MIN_OWN_LENGTH = 60
/** Share of a section's own text found in the other unit's same section from which it is a copy. */
export const COPY_SHARE = 0.8
/** Shingle length in characters. */
const SHINGLE = 4
/**
 * LSH: BANDS bands of ROWS MinHash values, and a pair is a candidate when its sections meet in at
 * least MIN_BANDS of them. With 8 × 4 and two bands, a copy's pair (Jaccard 0.8) is proposed 9
 * times in 10 and at 0.9 997 in 1,000, as with 6 × 5 and one band, while two sections that share
 * only the genre's common phrases (Jaccard 0.2–0.25, bench --own-text) meet 14–27 times less
 * often: 6 × 5 and one band compared 81,034 pairs for 99 copies at 10,000 own-text reports (8 × 4
 * and one band, ten times more); the pairs grow with N², so that rate sets the time at 100,000.
 */
export const BANDS = 8
const ROWS = 4
/** Bands two sections must share to be compared (store/copies.ts copyCandidates). */
export const MIN_BANDS = 2
/** MinHash values (bins) per signature: a power of two ≥ BANDS × ROWS (the last ones unused). */
const HASHES = 32
/** log2(HASHES): a shingle's bin is its hash's low bits (one-permutation MinHash below). */
const BIN_BITS = 5
/** Band ids: a section's bands are section * BAND_STRIDE + band (sections never meet each other). */
const BAND_STRIDE = 16

/** Shortest comparable sentence: shorter ones (“无。”, “一是”) say nothing about who wrote them. */
const MIN_SENTENCE = 6

/** Quoted titles of laws and documents, and document numbers (〔2021〕30号: the digits go anyway). */
const QUOTED_TITLE = /《[^《》]{0,80}》/gu
const DOC_NUMBER = /〔[^〔〕]{0,12}〕/gu
const NOT_WORD = /[^\p{Script=Han}A-Za-z]+/gu
const SENTENCE_END = /[。！？；\n]/u

/** The name forms a unit uses of itself: the whole name and its tails (沙坡头区兴仁镇 → 兴仁镇). */
function ownNames(agency: string | null): string[] {
  const name = (agency ?? '').replace(NOT_WORD, '')
  const out: string[] = []
  for (let i = 0; i + 3 <= name.length; i++) out.push(name.slice(i))
  return out
}

/** One sentence as compared: no numbers, dates, punctuation, quoted titles or own names. */
export function comparableSentence(s: string, names: string[]): string {
  let t = s
    .normalize('NFKC')
    .replace(QUOTED_TITLE, '')
    .replace(DOC_NUMBER, '')
    .replace(NOT_WORD, '')
  for (const n of names) if (t.includes(n)) t = t.split(n).join('')
  return t
}

/** Sections 1 and 5 of a report as comparable sentences (empty for a section not found). */
export function copyText(report: ParsedReport, doc: DocumentModel): CopyText {
  const names = ownNames(report.agency)
  const out = { 1: [], 5: [] } as CopyText
  for (const id of COPY_SECTIONS) {
    out[id] = sectionText(doc, report, id)
      .split(SENTENCE_END)
      .map(s => comparableSentence(s, names))
      .filter(s => s.length >= MIN_SENTENCE)
  }
  return out
}

/** FNV-1a over UTF-16 units with a seed, 32 bits unsigned. */
function fnv(s: string, seed: number): number {
  return fnvRange(s, 0, s.length, seed)
}

/** A sentence's key in the database: 53 bits, so that millions of sentences hardly ever collide. */
export function sentenceHash(s: string): number {
  return (fnv(s, 0x9e3779b9) & 0x1fffff) * 0x100000000 + fnv(s, 0)
}

/** murmur3's finaliser: one 32-bit hash per seed from a shingle's hash. */
function mix(x: number): number {
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x >>> 0
}

/** fnv over s[start, end): the same value as fnv(s.slice(start, end), seed), without the slice. */
function fnvRange(s: string, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

function shingles(sentences: string[]): Set<number> {
  const out = new Set<number>()
  for (const s of sentences) {
    if (s.length <= SHINGLE) out.add(fnv(s, 1))
    else for (let i = 0; i + SHINGLE <= s.length; i++) out.add(fnvRange(s, i, i + SHINGLE, 1))
  }
  return out
}

const EMPTY = 0xffffffff

/**
 * One-permutation MinHash (Li, Owen & Zhang 2012): each shingle is hashed once and falls in one of
 * HASHES bins by its low bits; a bin keeps the least of the rest. HASHES independent hashes per
 * shingle made computing signatures 30× dearer, most of Y05's cost at ingest (bench/RESULTS.md).
 * A section's sentences' shingles all go into one set of bins.
 */
function addBins(s: string, out: number[]): void {
  if (s.length <= SHINGLE) addBin(fnv(s, 1), out)
  else for (let i = 0; i + SHINGLE <= s.length; i++) addBin(fnvRange(s, i, i + SHINGLE, 1), out)
}

/**
 * One shingle's hash into its bin. A function of its own, not a closure made per sentence: under
 * tsx (the bench, the tests) each named closure is given its name at creation, 1 s of 100,000
 * reports' buckets.
 */
function addBin(h: number, out: number[]): void {
  const v = mix(h)
  const bin = v & (HASHES - 1)
  const rest = v >>> BIN_BITS
  if (rest < out[bin]!) out[bin] = rest
}

/**
 * The signature from the bins: an empty bin (a short text leaves some) takes the next non-empty
 * bin's value rehashed with the distance (densification by rotation, Shrivastava & Li 2014), so
 * two texts agree on it about as often as on a filled bin.
 */
function densify(bins: number[]): number[] {
  const out = bins.slice()
  for (let j = 0; j < HASHES; j++) {
    if (bins[j] !== EMPTY) continue
    for (let t = 1; t < HASHES; t++) {
      const v = bins[(j + t) % HASHES]!
      if (v !== EMPTY) {
        out[j] = mix((v ^ Math.imul(t, 0x9e3779b9)) >>> 0) >>> BIN_BITS
        break
      }
    }
  }
  return out
}

/**
 * A band's bucket: its ROWS values hashed together (numbers mixed, not their text joined: at
 * 100,000 reports the joined strings were 1.4 s of the index's main thread).
 */
function bandsOf(section: CopySection, mins: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = []
  for (let b = 0; b < BANDS; b++) {
    let h = 0x811c9dc5 ^ b
    for (let r = b * ROWS; r < (b + 1) * ROWS; r++) h = mix((h ^ mins[r]!) >>> 0)
    out.push([section * BAND_STRIDE + b, h | 0])
  }
  return out
}

/** The index's key of a band bucket: band id and bucket in one integer (band < 2^5, bucket 32 bits). */
export function bucketKey(band: number, bucket: number): number {
  return band * 0x100000000 + (bucket >>> 0)
}

/** The section a bucket key belongs to. */
export function bucketSection(key: number): CopySection {
  return bandSection(Math.floor(key / 0x100000000))
}

/** The unit's own sentences: boilerplate ones left out. */
export function ownSentences(
  sentences: string[],
  isBoilerplate: (hash: number) => boolean
): string[] {
  return sentences.filter(s => !isBoilerplate(sentenceHash(s)))
}

const lengthOf = (sentences: string[]): number => sentences.reduce((n, s) => n + s.length, 0)

/**
 * LSH band rows of one section's own sentences ([band id, bucket]); none when the section is too
 * short to be called copied.
 */
export function bandKeys(section: CopySection, own: string[]): [number, number][] {
  if (lengthOf(own) < MIN_OWN_LENGTH) return []
  const mins = new Array<number>(HASHES).fill(EMPTY)
  for (const x of own) addBins(x, mins)
  return bandsOf(section, densify(mins))
}

/** A report's band bucket keys (bucketKey), both sections, its boilerplate sentences left out. */
export function keysOf(text: CopyText, isBoilerplate: (h: number) => boolean): number[] {
  const keys: number[] = []
  for (const s of COPY_SECTIONS)
    for (const [band, bucket] of bandKeys(s, ownSentences(text[s], isBoilerplate)))
      keys.push(bucketKey(band, bucket))
  return keys
}

export function bandSection(band: number): CopySection {
  return Math.floor(band / BAND_STRIDE) === 5 ? 5 : 1
}

/**
 * The share of `own`'s text (its shingles) found in `other`'s; null when `own` is too short to be
 * called a copy.
 */
export function sharedShare(own: string[], other: string[]): number | null {
  return shingledShare(shingledText(own), shingledText(other))
}

/** A section's own text as compared: its length and shingles (made once per section at settle). */
export interface ShingledText {
  length: number
  shingles: Set<number>
}

export function shingledText(sentences: string[]): ShingledText {
  return { length: lengthOf(sentences), shingles: shingles(sentences) }
}

/** sharedShare of texts already shingled. */
export function shingledShare(own: ShingledText, other: ShingledText): number | null {
  if (own.length < MIN_OWN_LENGTH || other.length < MIN_OWN_LENGTH) return null
  const a = own.shingles
  const b = other.shingles
  let shared = 0
  for (const h of a) if (b.has(h)) shared++
  return a.size === 0 ? null : shared / a.size
}

/** The other unit's report a section is compared with. */
export interface CopyPartner {
  agency: string
  year: number
  file: string
}

/** Y05 for one section: the closest partner and how many others also share the text. */
export function copiedFinding(
  section: CopySection,
  line: number | undefined,
  best: CopyPartner,
  share: number,
  others: number
): Finding {
  const pct = Math.round(share * 100)
  const id: SectionId = section
  const also = others > 0 ? `另有 ${others} 个单位的报告与之相似。` : ''
  return finding(
    'Y05',
    `第${section === 1 ? '一' : '五'}部分${q(sectionLabel(id))}与${q(best.agency)}${best.year}年度报告（文件 ${best.file}）的同一部分基本相同：除模板通用语句、法规文件名称、日期、数字和单位名称外，${pct}% 的文字相同，请核实是否照抄其他单位的报告。${also}`,
    { section, lines: line === undefined ? [] : [line], expected: best.file, actual: `${pct}%` }
  )
}
