/**
 * The per-year summary rows (migration 4) are kept by triggers; after every kind of write the
 * pipeline makes they must equal the same sums computed from the reports themselves.
 */
import { copyFileSync, readdirSync, unlinkSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REAL, sandbox, type Sandbox } from '../../../test/helpers/temp-corpus'
import { mergeAgencies, setAgencyLevel, unmergeAgency } from '../pipeline/admin'
import { auditFolder } from '../pipeline/index'
import { yearStatsFromReports } from './year-stats'

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

async function expectInStep(s: Sandbox): Promise<Record<string, unknown>[]> {
  const kept = await s.store.db.all(
    `SELECT * FROM year_stats WHERE reports <> 0 ORDER BY 1, 2, 3, 4`
  )
  const fresh = await s.store.db.all(yearStatsFromReports())
  expect(kept).toEqual(fresh)
  // No row may count negatively: a decrement without its increment would show here.
  expect(await s.store.db.all(`SELECT * FROM year_stats WHERE reports < 0 OR fe < 0`)).toEqual([])
  return fresh
}

describe('year_stats', () => {
  it('stays equal to the sums over the reports through ingest, duplicates, removal, re-parse and merges', async () => {
    sb = await sandbox(true)
    for (const n of readdirSync(REAL).filter(n =>
      /^01[0-6]_pingtan_\d{4}_cells\.txt$|^04\d_.*\.txt$/.test(n)
    )) {
      copyFileSync(path.join(REAL, n), path.join(sb.folder, n))
    }
    await auditFolder(sb.folder, sb.store)
    const first = await expectInStep(sb)
    const total = (rows: Record<string, unknown>[]) =>
      rows.reduce((a, r) => a + Number(r['reports']), 0)
    expect(total(first)).toBeGreaterThan(10)
    expect(first.some(r => Number(r['c_received_total']) > 0)).toBe(true)

    // A second copy of one report, newer: the older becomes superseded (settle updates reports).
    const pingtan = readdirSync(sb.folder).find(n => n.includes('pingtan_2023'))!
    const copy = path.join(sb.folder, `副本-${pingtan}`)
    copyFileSync(path.join(sb.folder, pingtan), copy)
    utimesSync(copy, new Date(), new Date(Date.now() + 60_000))
    await auditFolder(sb.folder, sb.store)
    const dup = await expectInStep(sb)
    expect(dup.some(r => r['superseded'] === 1)).toBe(true)

    // A removed file, and a changed one (re-parsed: delete + insert).
    unlinkSync(
      path.join(
        sb.folder,
        readdirSync(sb.folder).find(n => n.includes('pingtan_2021'))!
      )
    )
    copyFileSync(
      path.join(
        REAL,
        readdirSync(REAL).find(n => /^015_pingtan_2024\.txt$/.test(n))!
      ),
      path.join(
        sb.folder,
        readdirSync(sb.folder).find(n => n.includes('pingtan_2024'))!
      )
    )
    await auditFolder(sb.folder, sb.store)
    const removed = await expectInStep(sb)
    expect(removed.some(r => r['status'] === 'removed')).toBe(true)

    // Merging and unmerging agencies moves reports between keys and re-runs their rules.
    const keys = await sb.store.db.all<{ key: string; name: string }>(
      'SELECT key, name FROM agencies ORDER BY key'
    )
    expect(keys.length).toBeGreaterThan(2)
    await mergeAgencies(sb.store, keys[0]!.name, keys[1]!.key)
    await expectInStep(sb)
    await setAgencyLevel(sb.store, keys[1]!.key, 'township')
    await expectInStep(sb)
    await unmergeAgency(sb.store, keys[0]!.name)
    await expectInStep(sb)
  })
})
