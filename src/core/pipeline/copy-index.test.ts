import { describe, expect, it } from 'vitest'
import {
  BOILERPLATE_UNITS,
  MIN_BANDS,
  bucketKey,
  keysOf,
  sentenceHash,
  type CopyText
} from '../rules/copies'
import { SATURATED } from '../store/copies'
import { CROWDED_BUCKET, CopyIndex, textHashes, type CopyCandidate } from './copy-index'

/** A bucket key of section 1 (band 16) or 5 (band 80). */
const key = (section: 1 | 5, bucket: number): number => bucketKey(section * 16, bucket)

/** Reports with no sentences and the given buckets. */
function withBuckets(entries: [number, number[]][], unit = (id: number) => `u${id}`): CopyIndex {
  const index = new CopyIndex(new Set())
  index.addSentences(
    entries.map(([id]) => ({ id, agencyKey: unit(id), unit: unit(id), hashes: [] }))
  )
  for (const [id, keys] of entries) index.setKeys(id, keys)
  return index
}

const pairs = (found: CopyCandidate[]): string[] =>
  found.map(p => `${p.target}-${p.other}:${p.section}`).sort()

/** Candidates by their definition: every other report, buckets compared one by one. */
function bruteForce(buckets: Map<number, number[]>, targets: number[]): string[] {
  const size = new Map<number, number>()
  for (const keys of buckets.values()) for (const k of keys) size.set(k, (size.get(k) ?? 0) + 1)
  const out: string[] = []
  for (const t of targets) {
    const mine = buckets.get(t)
    if (!mine) continue
    for (const [o, theirs] of buckets) {
      if (o === t) continue
      for (const s of [1, 5] as const) {
        const shared = mine.filter(
          k => theirs.includes(k) && Math.floor(k / 2 ** 36) === s && size.get(k)! <= CROWDED_BUCKET
        )
        if (shared.length >= MIN_BANDS) out.push(`${t}-${o}:${s}`)
      }
    }
  }
  return out.sort()
}

describe('CopyIndex candidates', () => {
  // bench/batch.ts --format pdf --files 1000: 143 copies of each fixture share every bucket.
  it('returns every pair of a bucket shared by a hundred reports, each once', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1)
    const index = withBuckets(ids.map(id => [id, [key(1, 42), key(1, 43)]]))
    const found = index.candidates(ids)
    expect(found.length).toBe(ids.length * (ids.length - 1))
    expect(new Set(pairs(found)).size).toBe(found.length)
  })

  // bench --own-text at 100,000 reports: buckets of the genre's common phrases held hundreds of
  // reports each and made the pairs grow with N² (709,241 compared).
  it('makes no pairs through a crowded bucket, and still pairs two reports that meet in two others', () => {
    const crowd = Array.from({ length: CROWDED_BUCKET + 1 }, (_, i) => i + 1)
    const full = Array.from({ length: CROWDED_BUCKET }, (_, i) => i + 1001)
    const index = withBuckets([
      ...crowd.map((id): [number, number[]] => [
        id,
        id <= 2 ? [key(1, 7), key(1, 8), key(1, 11), key(1, 12)] : [key(1, 7), key(1, 8)]
      ]),
      ...full.map((id): [number, number[]] => [id, [key(1, 9), key(1, 10)]])
    ])
    expect(pairs(index.candidates([1, 2, 3]))).toEqual(['1-2:1', '2-1:1'])
    expect(index.candidates([1001])).toHaveLength(CROWDED_BUCKET - 1)
    // One report out: the bucket is no longer crowded, its pairs come back.
    index.remove([crowd.at(-1)!])
    expect(index.candidates([3])).toHaveLength(CROWDED_BUCKET - 1)
  })

  it('agrees with the pairs by definition over random buckets, through removals and buckets replaced', () => {
    let seed = 7
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % n
    }
    const buckets = new Map<number, number[]>()
    for (let id = 1; id <= 400; id++) {
      const keys = new Set<number>()
      // A few popular buckets (some over the cap) and many rare ones, both sections.
      for (let b = 0; b < 8; b++) keys.add(key(rand(2) ? 1 : 5, rand(3) ? rand(400) : rand(2)))
      buckets.set(id, [...keys])
    }
    const index = withBuckets([...buckets])
    const all = [...buckets.keys()]
    expect(pairs(index.candidates(all))).toEqual(bruteForce(buckets, all))
    for (let i = 0; i < 60; i++) {
      const id = 1 + rand(400)
      if (i % 2 === 0) {
        index.remove([id])
        buckets.delete(id)
      } else if (buckets.has(id)) {
        const keys = [key(1, rand(50)), key(1, rand(50)), key(5, rand(50))]
        index.setKeys(id, [...new Set(keys)])
        buckets.set(id, [...new Set(keys)])
      }
    }
    const left = [...buckets.keys()]
    expect(pairs(index.candidates(left))).toEqual(bruteForce(buckets, left))
    expect(index.size).toBe(left.length)
    // A few targets: through the packed lists the call above left (nothing changed since), then,
    // after a change, through the lists themselves.
    const few = left.slice(0, 10)
    expect(pairs(index.candidates(few))).toEqual(bruteForce(buckets, few))
    index.remove([left[0]!])
    buckets.delete(left[0]!)
    const fewer = left.slice(1, 11)
    expect(pairs(index.candidates(fewer))).toEqual(bruteForce(buckets, fewer))
  })
})

type Text = { id: number; agencyKey: string; unit: string; text: CopyText }

const allTexts = new WeakMap<CopyIndex, Map<number, CopyText>>()
function textsOf(index: CopyIndex): Map<number, CopyText> {
  let m = allTexts.get(index)
  if (!m) allTexts.set(index, (m = new Map()))
  return m
}

/**
 * Reports in as the ingest puts them (pipeline/copy-index.ts addHashes: sentences counted, buckets
 * to be made), then the stale buckets made as copyIndex makes them, from `texts` (every report's
 * text so far) instead of the database. Returns the sentences saturated.
 */
function add(index: CopyIndex, list: Text[], texts = textsOf(index)): number[] {
  for (const r of list) texts.set(r.id, r.text)
  const newly = index.addSentences(list.map(r => ({ ...r, hashes: textHashes(r.text) })))
  for (const r of list) index.stale.add(r.id)
  rekey(index, texts)
  return newly
}

function rekey(index: CopyIndex, texts: Map<number, CopyText>): void {
  for (const id of [...index.stale]) index.setKeys(id, keysOf(texts.get(id)!, index.isBoilerplate))
}

describe('CopyIndex sentences', () => {
  const text = (...sentences: string[]) => ({ 1: sentences, 5: [] })

  it('counts units, not reports; a sentence in BOILERPLATE_UNITS units is the template’s; SATURATED units saturate it', () => {
    const index = new CopyIndex(new Set())
    const s = '本机关全年主动公开政府信息共计若干条'
    const h = sentenceHash(s)
    // One unit's three years: one unit.
    add(
      index,
      [1, 2, 3].map(id => ({ id, agencyKey: 'a', unit: 'a', text: text(s) }))
    )
    expect(index.unitCount(h)).toBe(1)
    const units = Array.from({ length: BOILERPLATE_UNITS - 1 }, (_, i) => `b${i}`)
    add(
      index,
      units.map((u, i) => ({ id: 10 + i, agencyKey: u, unit: u, text: text(s) }))
    )
    expect(index.unitCount(h)).toBe(BOILERPLATE_UNITS)
    expect(index.isBoilerplate(h)).toBe(true)
    // Two agencies counted as one unit (a merge, a roster unit): one fewer.
    index.setUnits(new Map(), new Map([['b0', 'a']]))
    expect(index.unitCount(h)).toBe(BOILERPLATE_UNITS - 1)
    expect(index.isBoilerplate(h)).toBe(false)
    // Out again when a report goes.
    index.remove([10 + 1])
    expect(index.unitCount(h)).toBe(BOILERPLATE_UNITS - 2)
    const more = Array.from({ length: SATURATED }, (_, i) => `c${i}`)
    const newly = add(
      index,
      more.map((u, i) => ({ id: 100 + i, agencyKey: u, unit: u, text: text(s) }))
    )
    expect(newly).toEqual([h])
    expect(index.saturated.has(h)).toBe(true)
    // Saturated for good: removing reports does not make it a unit's own again.
    index.remove(more.map((_, i) => 100 + i))
    expect(index.isBoilerplate(h)).toBe(true)
  })

  it('names the sharers of a unit’s sentences, and the bucket neighbours of a report', () => {
    const index = new CopyIndex(new Set())
    add(index, [
      { id: 1, agencyKey: 'a', unit: 'a', text: text('甲单位自己写的一句话内容') },
      {
        id: 2,
        agencyKey: 'b',
        unit: 'b',
        text: text('甲单位自己写的一句话内容', '乙单位的另一句话内容')
      },
      { id: 3, agencyKey: 'c', unit: 'c', text: text('乙单位的另一句话内容') }
    ])
    expect(index.sharers(['a']).sort()).toEqual([1, 2])
    expect(index.sharers(['b']).sort()).toEqual([1, 2, 3])
    index.setKeys(1, [key(1, 1), key(5, 2)])
    index.setKeys(2, [key(1, 1)])
    index.setKeys(3, [key(5, 9)])
    expect(index.bucketNeighbours([1])).toEqual([2])
    expect(index.bucketNeighbours([3])).toEqual([])
  })

  // The template's sentences are known only once BOILERPLATE_UNITS units wrote them: a report that
  // came in before must not keep buckets made with them (the load reads every report once).
  it('gives every report the same buckets whatever order the reports came in', () => {
    const template = [
      '按照条例要求认真做好政府信息公开工作',
      '进一步加强政府信息公开平台建设与管理'
    ]
    const own = (i: number): string[] => [
      `第${i}单位今年重点推进了本辖区的惠民政策公开与解读工作，编号${i}`,
      `第${i}单位围绕群众关切开展了${i}场政策宣讲和在线访谈活动`
    ]
    const reports: Text[] = Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      agencyKey: `u${i}`,
      unit: `u${i}`,
      text: { 1: [...template, ...own(i)], 5: i % 3 === 0 ? template : own(i + 100) }
    }))
    const made = (order: Text[], chunk: number): Map<number, readonly number[]> => {
      const index = new CopyIndex(new Set())
      const texts = new Map<number, CopyText>()
      for (let i = 0; i < order.length; i += chunk) add(index, order.slice(i, i + chunk), texts)
      expect(index.stale.size).toBe(0)
      return new Map(reports.map(r => [r.id, [...index.bucketsOf(r.id)].sort()]))
    }
    const all = made(reports, reports.length)
    // The template left out: each report's buckets are its own sentences' alone.
    const alone = new CopyIndex(new Set())
    for (const r of reports) {
      const mine = { 1: own(r.id - 1), 5: (r.id - 1) % 3 === 0 ? [] : own(r.id - 1 + 100) }
      expect(all.get(r.id)).toEqual([...keysOf(mine, alone.isBoilerplate)].sort())
    }
    expect(made(reports, 1)).toEqual(all)
    expect(made([...reports].reverse(), 5)).toEqual(all)
    // Units going back under BOILERPLATE_UNITS make their reports' buckets stale again.
    const index = new CopyIndex(new Set())
    const texts = new Map<number, CopyText>()
    add(index, reports.slice(0, BOILERPLATE_UNITS), texts)
    expect(index.isBoilerplate(sentenceHash(template[0]!))).toBe(true)
    index.remove([1])
    expect(index.isBoilerplate(sentenceHash(template[0]!))).toBe(false)
    expect([...index.stale].sort()).toEqual([2, 3, 4, 5])
    rekey(index, texts)
    const mine = reports[1]!.text
    expect([...index.bucketsOf(2)].sort()).toEqual([...keysOf(mine, () => false)].sort())
    // Two of them one unit (a merge): the same.
    add(index, [reports[0]!], texts)
    expect(index.isBoilerplate(sentenceHash(template[0]!))).toBe(true)
    index.setUnits(new Map(), new Map([['u1', 'u2']]))
    expect(index.isBoilerplate(sentenceHash(template[0]!))).toBe(false)
    expect(index.stale.size).toBe(BOILERPLATE_UNITS)
  })
})
