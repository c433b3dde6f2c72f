import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copyCandidates, insertCopyIndex } from './copies'
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
          texts: [],
          postings: [],
          saturated: [],
          buckets: ids.map(id => [42, id])
        })
      )
      const pairs = await copyCandidates(store.db, ids)
      expect(pairs.length).toBe(ids.length * (ids.length - 1))
      expect(new Set(pairs.map(p => `${p.target}-${p.other}`)).size).toBe(pairs.length)
    } finally {
      await store.close()
    }
  })
})
