import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  CROWDED_BUCKET,
  bucketSizes,
  copyCandidates,
  dropBucketSizes,
  insertBuckets
} from './copies'
import { openStore } from './index'

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-copies-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('copyCandidates', () => {
  // bench/batch.ts --format pdf --files 1000 (143 distinct copies of each fixture, every copy's
  // sections in the same LSH buckets) crashed the settle with "Maximum call stack size exceeded":
  // the rows of a 500-report chunk were spread into push() as arguments.
  it('returns every pair of a bucket shared by hundreds of reports without overflowing the stack', async () => {
    const store = await openStore(path.join(dir, 'bands.db'))
    try {
      await store.db.exec('PRAGMA foreign_keys = OFF')
      const ids = Array.from({ length: 420 }, (_, i) => i + 1)
      await store.db.transaction(() =>
        insertBuckets(
          store.db,
          ids.map(id => [id, [42]])
        )
      )
      // Not crowded by the caller's measure (in the app such a bucket is: the next test).
      const pairs = await copyCandidates(store.db, ids, 1, ids.length)
      expect(pairs.length).toBe(ids.length * (ids.length - 1))
      expect(new Set(pairs.map(p => `${p.target}-${p.other}`)).size).toBe(pairs.length)
    } finally {
      await store.close()
    }
  })

  // bench --own-text at 100,000 reports: buckets of the genre's common phrases held hundreds of
  // reports each and made the pairs grow with N² (709,241 compared).
  it('makes no pairs through a crowded bucket, and still pairs two reports that meet in two others', async () => {
    const store = await openStore(path.join(dir, 'crowded.db'))
    try {
      await store.db.exec('PRAGMA foreign_keys = OFF')
      const crowd = Array.from({ length: CROWDED_BUCKET + 1 }, (_, i) => i + 1)
      const full = Array.from({ length: CROWDED_BUCKET }, (_, i) => i + 1001)
      const section1 = (bucket: number): number => 16 * 0x100000000 + bucket
      await store.db.transaction(() =>
        insertBuckets(store.db, [
          // One bucket over the cap, one at it: only the second makes pairs.
          ...crowd.map((id): [number, number[]] => [id, [section1(7), section1(8)]]),
          ...full.map((id): [number, number[]] => [id, [section1(9), section1(10)]]),
          // Reports 1 and 2 also meet in two quiet buckets.
          [1, [section1(11), section1(12)]],
          [2, [section1(11), section1(12)]]
        ])
      )
      const of = async (ids: number[]): Promise<string[]> =>
        (await copyCandidates(store.db, ids, 2)).map(p => `${p.target}-${p.other}`).sort()
      expect(await of([1, 2, 3])).toEqual(['1-2', '2-1'])
      expect(await of([1001])).toHaveLength(CROWDED_BUCKET - 1)
    } finally {
      await store.close()
    }
  })

  // A whole collection's settle counts the buckets' sizes once (bucketSizes): the pairs must be
  // the same as counting each report's buckets as it goes.
  it('finds the same pairs with the bucket sizes counted once as without, whatever the sizes', async () => {
    const store = await openStore(path.join(dir, 'sized.db'))
    try {
      await store.db.exec('PRAGMA foreign_keys = OFF')
      // 600 reports, 8 bands in each of 2 sections; a band's buckets drawn from a pool whose size
      // sets how crowded they get (from a few reports each to hundreds), so that pairs meet in
      // one, two or many buckets, through small and large ones.
      let seed = 7
      const random = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
        return (seed >>> 8) % n
      }
      const pools = [2, 5, 12, 40, 150, 400, 600, 900]
      const rows: [number, number[]][] = []
      for (let id = 1; id <= 600; id++) {
        const keys: number[] = []
        for (const section of [1, 5])
          for (let band = 0; band < 8; band++)
            keys.push((section * 16 + band) * 0x100000000 + random(pools[band]!))
        rows.push([id, keys])
      }
      await store.db.transaction(() => insertBuckets(store.db, rows))
      const sizes = await bucketSizes(store.db)
      const targets = Array.from({ length: 150 }, (_, i) => i * 4 + 1)
      const pairs = async (minBands: number, crowded: number, with_?: string): Promise<string[]> =>
        (await copyCandidates(store.db, targets, minBands, crowded, with_))
          .map(p => `${p.target}-${p.other}:${Math.floor(p.key / 0x100000000 / 16)}`)
          .sort()
      for (const [minBands, crowded] of [
        [2, CROWDED_BUCKET],
        [2, 20],
        [3, CROWDED_BUCKET]
      ] as const) {
        const counted = await pairs(minBands, crowded)
        expect(counted.length, `${minBands} bands, crowded at ${crowded}`).toBeGreaterThan(20)
        expect(await pairs(minBands, crowded, sizes)).toEqual(counted)
      }
      await dropBucketSizes(store.db, sizes)
    } finally {
      await store.close()
    }
  })
})
