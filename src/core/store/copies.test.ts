import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CROWDED_BUCKET, copyCandidates, insertCopyIndex } from './copies'
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
        insertCopyIndex(store.db, {
          postings: [],
          saturated: [],
          buckets: ids.flatMap(id => [42, id])
        })
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
        insertCopyIndex(store.db, {
          postings: [],
          saturated: [],
          buckets: [
            // One bucket over the cap, one at it: only the second makes pairs.
            ...crowd.flatMap(id => [[section1(7), id]]),
            ...crowd.flatMap(id => [[section1(8), id]]),
            ...full.flatMap(id => [[section1(9), id]]),
            ...full.flatMap(id => [[section1(10), id]]),
            // Reports 1 and 2 also meet in two quiet buckets.
            [section1(11), 1],
            [section1(11), 2],
            [section1(12), 1],
            [section1(12), 2]
          ].flat()
        })
      )
      const of = async (ids: number[]): Promise<string[]> =>
        (await copyCandidates(store.db, ids, 2)).map(p => `${p.target}-${p.other}`).sort()
      expect(await of([1, 2, 3])).toEqual(['1-2', '2-1'])
      expect(await of([1001])).toHaveLength(CROWDED_BUCKET - 1)
    } finally {
      await store.close()
    }
  })
})
