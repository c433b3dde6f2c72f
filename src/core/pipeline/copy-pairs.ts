/**
 * Y05's candidate pairs and their shares, pure (no database, no index object): walked by the index
 * on this thread (pipeline/copy-index.ts CopyIndex.candidates, a settle's comparisons in
 * pipeline/copies.ts) and, after a first ingest, in the keys worker over the buckets it has just
 * made (workers/copy-keys.ts), while the settle's cross-year groups run here: at 100,000 own-text
 * reports the candidates (0.73 s) and comparisons (0.33 s) were most of the Y05 step after the
 * groups (bench/RESULTS.md).
 */
import {
  MIN_BANDS,
  bucketSection,
  ownSentences,
  shingledShare,
  shingledText,
  type CopySection,
  type CopyText,
  type ShingledText
} from '../rules/copies'
import type { IdMultimap } from './id-multimap'

/**
 * A band bucket holding more reports than this is the genre's, not a copy's: its four MinHash
 * values come from phrases nearly every report writes (“政府信息公开”, “进一步加强”), as a
 * sentence in rules/copies.ts BOILERPLATE_UNITS units' reports is the template's. Such buckets
 * made the pairs grow with N²: at 100,000 own-text reports (bench --own-text) the 235 buckets of
 * over 128 reports each held 4 % of the index and 79 % of its pairs, and Y05 compared 709,241
 * pairs. A copy meets its source in most of its 8 bands (rules/copies.ts BANDS), so it still meets
 * it in two uncrowded ones; units sharing one text are fewer than BOILERPLATE_UNITS anyway (beyond,
 * its sentences are the template's). With the cap a report has at most BANDS × CROWDED_BUCKET
 * candidates, whatever N: 6,662 pairs instead of 709,241, and 1,493 of 1,496 findings (a cap of
 * 32: 2,893 pairs, 1,484 findings).
 */
export const CROWDED_BUCKET = 128

/**
 * Candidates walk packed lists (IdMultimap.packed) for targets from this share of the reports on.
 * Packing 100,000 own-text reports' lists costs ~90 ms; walking them where they lie ~26 µs a
 * target (2.6 s for all): even at ~3,500 targets. A fixed 64 packed them for a rewritten file
 * whose old partners' years settle again: 94 ms of its 200 ms at 100,000 (bench/RESULTS.md).
 */
const PACK_SHARE = 1 / 32

/** A pair proposed by the index: sections sharing MIN_BANDS uncrowded buckets. */
export interface CopyCandidate {
  target: number
  other: number
  section: CopySection
}

/**
 * The walk's arrays, indexed by report id, all zero between walks. Kept by their owner: a settle
 * asks for the candidates of thousands of reports at a time, and each call sizing them went over
 * every report (100,000 own-text reports: 3.4 s of the settle).
 */
export class PairScratch {
  /** The highest report id ever walked (the arrays are indexed by id). */
  top = 0
  counts = new Uint16Array(0)
  isTarget = new Uint8Array(0)

  /** Arrays for ids up to `top`. */
  fit(top: number): void {
    if (top > this.top) this.top = top
    if (this.isTarget.length <= this.top) {
      const n = Math.ceil((this.top + 1) * 1.25)
      this.counts = new Uint16Array(n * 2)
      this.isTarget = new Uint8Array(n)
    }
  }
}

/**
 * Candidate pairs of `targets` (either side any report in `buckets`, `reports` of them): sections
 * sharing at least MIN_BANDS band buckets that are not crowded. `keysOf` gives a report's bucket
 * keys (rules/copies.ts bucketKey); `scratch` must fit every id in `buckets`.
 */
export function candidatePairs(
  buckets: IdMultimap,
  reports: number,
  targets: Iterable<number>,
  keysOf: (id: number) => ArrayLike<number> | undefined,
  scratch: PairScratch
): CopyCandidate[] {
  const out: CopyCandidate[] = []
  // Shared buckets per other report and section (id * 2, + 1 for section 5), reset after each
  // target through the list of what it touched: ten million steps at 100,000 reports.
  const { top, counts, isTarget } = scratch
  const touched: number[] = []
  const b = buckets
  // A pair of two targets is counted from its lower id's side and given both ways (a whole
  // collection settling walks each pair once, not twice).
  const all = new Set(targets)
  for (const t of all) if (t <= top) isTarget[t] = 1
  // Many targets (a settle): the lists walked from a packed copy, made once for every call until
  // the buckets change. A few (a new file and its partners): walked where they are, unless a
  // packed copy is still good.
  const packed =
    b.packedIfFresh(2, CROWDED_BUCKET) ??
    (all.size >= reports * PACK_SHARE ? b.packed(2, CROWDED_BUCKET) : null)
  // Target t and report o share a bucket of section s (0: section 1, 1: section 5).
  const meet = (t: number, o: number, s: number): void => {
    if (o === t || (o < t && isTarget[o] === 1)) return
    const at = o * 2 + s
    if (counts[at]!++ === 0) touched.push(at)
  }
  for (const t of all) {
    const keys = keysOf(t)
    if (!keys) continue
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!
      const s = bucketSection(k) === 5 ? 1 : 0
      if (packed) {
        const from = b.runOf(packed, k)
        if (from < 0) continue
        for (let j = from, end = from + b.runLength; j < end; j++) meet(t, packed.ids[j]!, s)
        continue
      }
      const n = b.count(k)
      if (n < 2 || n > CROWDED_BUCKET) continue
      for (let node = b.first(k); node >= 0; node = b.next(node)) meet(t, b.idOf(node), s)
    }
    for (const at of touched) {
      if (counts[at]! >= MIN_BANDS) {
        const [other, section] = [at >>> 1, at & 1 ? 5 : 1] as const
        out.push({ target: t, other, section })
        if (isTarget[other] === 1) out.push({ target: other, other: t, section })
      }
      counts[at] = 0
    }
    touched.length = 0
  }
  for (const t of all) if (t <= top) isTarget[t] = 0
  return out
}

/**
 * Reports' sections as compared: their own text (boilerplate left out), shingled once however many
 * pairs a section is in.
 */
export class OwnTexts {
  private readonly own = new Map<number, ShingledText>()

  constructor(
    private readonly texts: Map<number, CopyText>,
    private readonly isBoilerplate: (h: number) => boolean
  ) {}

  private of(id: number, s: CopySection): ShingledText {
    const k = id * 2 + (s === 5 ? 1 : 0)
    let v = this.own.get(k)
    if (!v) {
      v = shingledText(ownSentences(this.texts.get(id)?.[s] ?? [], this.isBoilerplate))
      this.own.set(k, v)
    }
    return v
  }

  /** rules/copies.ts sharedShare of `id`'s section in `other`'s; null when either is too short. */
  share(id: number, other: number, s: CopySection): number | null {
    return shingledShare(this.of(id, s), this.of(other, s))
  }
}

/** Candidate pairs as the keys worker hands them over: pair i is target[i], other[i], section[i]. */
export interface PairArrays {
  target: Int32Array
  other: Int32Array
  section: Uint8Array
}

export function pairArrays(pairs: CopyCandidate[]): PairArrays {
  const out = {
    target: new Int32Array(pairs.length),
    other: new Int32Array(pairs.length),
    section: new Uint8Array(pairs.length)
  }
  pairs.forEach((p, i) => {
    out.target[i] = p.target
    out.other[i] = p.other
    out.section[i] = p.section
  })
  return out
}

export function pairList(a: PairArrays): CopyCandidate[] {
  const out: CopyCandidate[] = []
  for (let i = 0; i < a.target.length; i++)
    out.push({ target: a.target[i]!, other: a.other[i]!, section: a.section[i] === 5 ? 5 : 1 })
  return out
}
