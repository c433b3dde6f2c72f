/**
 * Cross-year incrementality and crash safety, on the pingtan series (corpus/real 010–016, the
 * hand-celled versions, one report per year 2019–2025 of one agency).
 */
import { copyFileSync, readdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { auditFolder } from '../src/core/pipeline/index'
import { REAL, sandbox, type Sandbox } from './helpers/temp-corpus'

const SERIES = readdirSync(REAL)
  .filter(n => /^01[0-6]_pingtan_\d{4}_cells\.txt$/.test(n))
  .sort()

let sb: Sandbox | null = null
afterEach(async () => {
  vi.restoreAllMocks()
  await sb?.cleanup()
  sb = null
})

async function seriesSandbox(): Promise<Sandbox> {
  const s = await sandbox(false)
  for (const n of SERIES) copyFileSync(path.join(REAL, n), path.join(s.folder, n))
  return s
}

const yearFindings = (s: Sandbox) =>
  s.store.db.all<{ id: number; path: string; rule: string; loc_key: string }>(
    `SELECT fi.id, f.path, fi.rule, fi.loc_key FROM findings fi JOIN reports r ON r.id = fi.report_id
     JOIN files f ON f.id = r.file_id WHERE fi.source = 'years' AND r.status = 'current' ORDER BY fi.id`
  )

describe('cross-year incrementality', () => {
  it('re-evaluates only the neighbouring years of a removed or returning report', async () => {
    expect(SERIES).toHaveLength(7)
    sb = await seriesSandbox()
    await auditFolder(sb.folder, sb.store)
    const before = await yearFindings(sb)
    const of = (rows: typeof before, year: string) => rows.filter(r => r.path.includes(`_${year}_`))
    // The series has cross-year findings on 2024 (checked against 2023) and 2025 (against 2024).
    expect(of(before, '2024').length).toBeGreaterThan(0)
    expect(of(before, '2025').length).toBeGreaterThan(0)

    const y2023 = SERIES.find(n => n.includes('_2023_'))!
    renameSync(path.join(sb.folder, y2023), path.join(sb.dir, y2023))
    await auditFolder(sb.folder, sb.store)
    const gap = await yearFindings(sb)
    expect(of(gap, '2023')).toEqual([])
    expect(of(gap, '2024')).toEqual([]) // no previous year any more
    // 2025 was not re-evaluated: the very same rows (ids) are still there.
    expect(of(gap, '2025')).toEqual(of(before, '2025'))
    expect(of(gap, '2020')).toEqual(of(before, '2020'))

    renameSync(path.join(sb.dir, y2023), path.join(sb.folder, y2023))
    await auditFolder(sb.folder, sb.store)
    const back = await yearFindings(sb)
    const strip = (rows: typeof before) =>
      rows.map(({ path: p, rule, loc_key }) => ({ p, rule, loc_key }))
    expect(strip(of(back, '2024'))).toEqual(strip(of(before, '2024')))
    expect(strip(of(back, '2023'))).toEqual(strip(of(before, '2023')))
    expect(of(back, '2025')).toEqual(of(before, '2025'))
  })
})

describe('crash safety', () => {
  it('keeps what was committed before a crash, and the next run completes the rest', async () => {
    sb = await seriesSandbox()
    // Crash inside the third write transaction (batches of 2 files): it rolls back.
    const db = sb.store.db
    const realTransaction = db.transaction.bind(db)
    let calls = 0
    vi.spyOn(db, 'transaction').mockImplementation(<T>(fn: () => Promise<T>) => {
      calls++
      if (calls === 3)
        return realTransaction(async () => {
          await fn()
          throw new Error('simulated crash')
        })
      return realTransaction(fn)
    })
    await expect(auditFolder(sb.folder, sb.store, { batchSize: 2 })).rejects.toThrow(
      'simulated crash'
    )
    const committed = await db.get<{ n: number }>('SELECT count(*) AS n FROM reports')
    expect(committed?.n).toBe(4) // two batches of two; the third rolled back
    vi.restoreAllMocks()

    const res = await auditFolder(sb.folder, sb.store, { batchSize: 2 })
    expect(res).toMatchObject({ files: 7, parsed: 3, unchanged: 4 })
    expect((await sb.store.reportsJson(res.root)).map(r => r.file)).toEqual(SERIES)
    // Cross-year findings are the same as in a clean run.
    const clean = await seriesSandbox()
    try {
      await auditFolder(clean.folder, clean.store)
      const strip = (rows: { path: string; rule: string; loc_key: string }[]) =>
        rows.map(r => `${r.path} ${r.rule} ${r.loc_key}`).sort()
      expect(strip(await yearFindings(sb))).toEqual(strip(await yearFindings(clean)))
      expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM dirty'))?.n).toBe(0)
    } finally {
      await clean.cleanup()
    }
  })
})
