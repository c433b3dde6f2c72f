/**
 * Y05 through the real pipeline (auditFolder → index → settle) on units built from the samples in
 * a temp folder: a copied section found with the right partner, silence between units that share
 * only the template's sentences, and the finding following the files as they change or go.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Finding } from '../src/shared/rules'
import { keysOf, type CopyText } from '../src/core/rules/copies'
import { auditFolder, ingestFile } from '../src/core/pipeline/index'
import {
  copyCounters,
  copyIndex,
  dropCopyIndex,
  keyAhead,
  type CopyIndex
} from '../src/core/pipeline/copy-index'
import { silentLogger } from '../src/core/logger'
import { settleDueCopies } from '../src/core/pipeline/copies'
import { refreshCounts } from '../src/core/store/findings'
import { copyTexts } from '../src/core/store/copies'
import { OwnTexts, pairArrays } from '../src/core/pipeline/copy-pairs'
import {
  copyUnitsBefore,
  followCopyUnits,
  mergeAgencies,
  setChecks,
  unmergeAgency
} from '../src/core/pipeline/admin'
import {
  attachToRosterUnit,
  listRoster,
  removeRosterUnit,
  replaceRoster
} from '../src/core/store/roster'
import { setSetting } from '../src/core/store/settings'
import { openStore } from '../src/core/store/index'
import type { Db } from '../src/core/store/db'
import { REAL } from './helpers/temp-corpus'
import { SAMPLES, sampleNames, sandbox, type Sandbox } from './helpers/temp-corpus'

const [S0, S1, S2, S3, S4] = sampleNames()
const read = (name: string): string => readFileSync(path.join(SAMPLES, name), 'utf8')

const H5 = '五、存在的主要问题及改进情况\n'
const H6 = '\n六、其他需要报告的事项'
const H1 = '一、总体情况\n'
const H2 = '\n二、主动公开政府信息情况'

/** The body between two headings (the first occurrence of each). */
function body(text: string, from: string, to: string): string {
  const a = text.indexOf(from) + from.length
  const b = text.indexOf(to, a)
  if (a < from.length || b < 0) throw new Error(`no ${from.trim()} … ${to.trim()}`)
  return text.slice(a, b)
}
function withBody(text: string, from: string, to: string, replacement: string): string {
  const old = body(text, from, to)
  const at = text.indexOf(from) + from.length
  return text.slice(0, at) + replacement + text.slice(at + old.length)
}

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

/** Y05 findings by file after auditing the sandbox folder. */
async function y05(s: Sandbox): Promise<Map<string, Finding[]>> {
  const { root } = await auditFolder(s.folder, s.store)
  const out = new Map<string, Finding[]>()
  for (const r of await s.store.reportsJson(root)) {
    const found = r.findings.filter(f => f.rule === 'Y05')
    if (found.length > 0) out.set(r.file, found)
  }
  return out
}

describe('Y05 through auditFolder', () => {
  it('the five samples as they are: no Y05 (they share only the template)', async () => {
    sb = await sandbox()
    expect(await y05(sb)).toEqual(new Map())
  })

  it('sample 001 with the 问题及改进 of sample 004 (another unit, same year): both named, section 5', async () => {
    sb = await sandbox()
    const s1 = read(S1!)
    writeFileSync(path.join(sb.folder, S1!), withBody(s1, H5, H6, body(read(S4!), H5, H6)))
    const found = await y05(sb)
    expect([...found.keys()].sort()).toEqual([S1, S4])
    expect(found.get(S1!)).toEqual([
      expect.objectContaining({
        section: 5,
        expected: S4,
        lines: [s1.split('\n').indexOf(H5.trim()) + 1]
      })
    ])
    expect(found.get(S1!)![0]!.message).toContain('沙坡头区兴仁镇')
    expect(Number.parseInt(String(found.get(S1!)![0]!.actual))).toBeGreaterThanOrEqual(90)
    expect(found.get(S4!)).toEqual([expect.objectContaining({ section: 5, expected: S1 })])
    expect(found.get(S4!)![0]!.message).toContain('中卫市民政局')
  })

  it("a copy of the previous year's 总体情况 of another unit: on the later report only", async () => {
    sb = await sandbox()
    // Sample 002 is 沙坡头区政务服务中心's 2022 report. 004 becomes 兴仁镇's 2021 report, and 002 takes
    // its 总体情况 with its own name put in.
    const s4of2021 = read(S4!).replaceAll('2023', '2021').replaceAll('2024', '2022')
    writeFileSync(path.join(sb.folder, S4!), s4of2021)
    const copied = body(s4of2021, H1, H2).replaceAll('兴仁镇', '政务服务中心')
    writeFileSync(path.join(sb.folder, S2!), withBody(read(S2!), H1, H2, copied))
    const found = await y05(sb)
    expect([...found.keys()]).toEqual([S2])
    expect(found.get(S2!)).toEqual([expect.objectContaining({ section: 1, expected: S4 })])
    expect(found.get(S2!)![0]!.message).toContain('沙坡头区兴仁镇”2021年度')
  })

  it("a passage found in every unit is the template's: silent; the same passage in two units is a copy", async () => {
    const passage =
      '一是政策解读的形式还不够丰富，图表图解、视频解读等方式运用较少，解读的针对性和可读性有待增强。' +
      '二是政务新媒体的互动回应能力不足，对公众关切的回应不够及时，留言办理的时效性仍需提升。' +
      '三是基层政务公开标准化规范化建设有待深化，公开目录的动态更新不够及时，部分栏目内容更新较慢。'
    // Each unit's own line, too short to be called a copy on its own.
    const own = (i: number): string => `本单位第${'一二三四五'[i]}项整改任务已列入年度计划。`
    const files = [S0, S1, S2, S3, S4]
    sb = await sandbox()
    for (const [i, f] of files.entries()) {
      writeFileSync(path.join(sb.folder, f!), withBody(read(f!), H5, H6, `${passage}\n${own(i)}\n`))
    }
    expect(await y05(sb)).toEqual(new Map())
    await sb.cleanup()

    sb = await sandbox()
    for (const [i, f] of files.slice(0, 2).entries()) {
      writeFileSync(path.join(sb.folder, f!), withBody(read(f!), H5, H6, `${passage}\n${own(i)}\n`))
    }
    const found = await y05(sb)
    expect([...found.keys()].sort()).toEqual([S0, S1])
    expect(found.get(S0!)).toEqual([expect.objectContaining({ section: 5, expected: S1 })])
  })

  it('follows the files: gone when the copy is rewritten or removed; off in the settings', async () => {
    sb = await sandbox()
    const copy = withBody(read(S1!), H5, H6, body(read(S4!), H5, H6))
    writeFileSync(path.join(sb.folder, S1!), copy)
    expect([...(await y05(sb)).keys()].sort()).toEqual([S1, S4])
    // Rewritten: 004 loses its partner, although 004 itself did not change.
    writeFileSync(path.join(sb.folder, S1!), read(S1!))
    expect(await y05(sb)).toEqual(new Map())
    writeFileSync(path.join(sb.folder, S1!), copy)
    expect([...(await y05(sb)).keys()].sort()).toEqual([S1, S4])
    rmSync(path.join(sb.folder, S1!))
    expect(await y05(sb)).toEqual(new Map())
    writeFileSync(path.join(sb.folder, S1!), copy)
    await setSetting(sb.store.db, 'checks', { S06: true, Y05: false })
    expect(await y05(sb)).toEqual(new Map())
  })

  it('a settle cut short after the ingest committed loses nothing: the sentences are stored, and the next audit finds the copy (the same connection, or after a crash)', async () => {
    sb = await sandbox()
    writeFileSync(path.join(sb.folder, S1!), withBody(read(S1!), H5, H6, body(read(S4!), H5, H6)))
    // The disk refuses Y05's findings: the settle fails after the ingest's transactions committed
    // (the index in memory changed inside the failed transaction: it must not be trusted after).
    await sb.store.db.exec(
      `CREATE TEMP TRIGGER no_y05 BEFORE INSERT ON findings WHEN new.rule = 'Y05'
       BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`
    )
    await expect(auditFolder(sb.folder, sb.store)).rejects.toThrow(/disk I\/O error/)
    const count = async (db: Db, table: string): Promise<number> =>
      (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n
    expect(await count(sb.store.db, 'copy_texts')).toBe(5)
    expect(await count(sb.store.db, `findings WHERE rule = 'Y05'`)).toBe(0)
    // The cross-year groups committed before Y05's pass: nothing is dirty, every report's Y05 due.
    expect(await count(sb.store.db, 'dirty')).toBe(0)
    expect(await count(sb.store.db, 'copy_due')).toBe(5)
    // The same connection, the disk back: the due reports settle and the copy is found.
    await sb.store.db.exec('DROP TRIGGER temp.no_y05')
    const found = await y05(sb)
    expect([...found.keys()].sort()).toEqual([S1, S4])
    expect(found.get(S1!)).toEqual([expect.objectContaining({ section: 5, expected: S4 })])
    expect(await count(sb.store.db, 'copy_due')).toBe(0)
    // As after a crash between a settle's cross-year groups and its Y05: opened again, the index
    // made from the stored sentences, the due reports settled though nothing is dirty.
    await sb.store.db.exec(`DELETE FROM findings WHERE rule = 'Y05'`)
    await sb.store.db.exec(`INSERT INTO copy_due (report_id) SELECT id FROM reports`)
    await sb.store.close()
    const store = await openStore(sb.dbPath)
    try {
      expect([...(await y05({ ...sb, store })).keys()].sort()).toEqual([S1, S4])
      // A report replaced leaves the index: the copy rewritten, no finding.
      writeFileSync(path.join(sb.folder, S1!), read(S1!))
      expect(await y05({ ...sb, store })).toEqual(new Map())
    } finally {
      await store.close()
    }
  })

  it('Y05 settled a few due reports at a time finds what it finds all at once, each finding once', async () => {
    sb = await sandbox()
    writeFileSync(path.join(sb.folder, S1!), withBody(read(S1!), H5, H6, body(read(S4!), H5, H6)))
    const all = await y05(sb)
    expect([...all.keys()].sort()).toEqual([S1, S4])
    const db = sb.store.db
    const rows = (): Promise<unknown[]> =>
      db.all(`SELECT report_id, seq, message FROM findings WHERE rule = 'Y05' ORDER BY 1, 2`)
    const counts = (): Promise<unknown[]> =>
      db.all('SELECT id, n_error, n_warning, n_info FROM reports ORDER BY id')
    const [before, countsBefore] = [await rows(), await counts()]
    // As a settle's groups leave it: Y05 gone (the counts with it), every report due. Then one a
    // transaction: 004's Y05 is made as 001's partner, then again as due itself.
    await db.exec(`DELETE FROM findings WHERE rule = 'Y05'`)
    await refreshCounts(
      db,
      (await db.all<{ id: number }>('SELECT id FROM reports')).map(r => r.id)
    )
    expect(await counts()).not.toEqual(countsBefore)
    await db.exec('INSERT INTO copy_due (report_id) SELECT id FROM reports')
    await settleDueCopies(db, 1)
    expect(await rows()).toEqual(before)
    expect(await counts()).toEqual(countsBefore)
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM copy_due'))!.n).toBe(0)
  })

  it('buckets made in a worker beside the settle are the ones made here; let go when the index changed after it began, or when it fails', async () => {
    // A passage all five units write (the template's: left out of every report's buckets), and
    // 001 with 004's 问题及改进 besides.
    const passage =
      '一是公开目录的动态更新不够及时，部分栏目内容更新较慢，信息发布的及时性有待提高。' +
      '二是政策解读的针对性和可读性有待增强，图表图解、视频解读等形式运用较少。'
    sb = await sandbox()
    for (const f of [S0, S2, S3, S4])
      writeFileSync(path.join(sb.folder, f!), withBody(read(f!), H1, H2, `${passage}\n`))
    writeFileSync(
      path.join(sb.folder, S1!),
      withBody(withBody(read(S1!), H1, H2, `${passage}\n`), H5, H6, body(read(S4!), H5, H6))
    )
    expect([...(await y05(sb)).keys()].sort()).toEqual([S1, S4])
    const db = sb.store.db
    const ids = (await db.all<{ id: number }>('SELECT report_id AS id FROM copy_texts')).map(
      r => r.id
    )
    expect(ids).toHaveLength(5)
    const bucketsOf = (index: CopyIndex): number[][] => ids.map(id => index.bucketsOf(id).sort())
    const pairs = (index: CopyIndex): string[] =>
      index
        .candidates(ids)
        .map(c => `${c.target}-${c.other}-${c.section}`)
        .sort()
    // Made here, from scratch (as a new process would).
    dropCopyIndex(db)
    const hereIndex = await db.transaction(() => copyIndex(db))
    const [here, herePairs] = [bucketsOf(hereIndex), pairs(hereIndex)]
    expect(herePairs.length).toBeGreaterThan(0)
    expect(here.flat().length).toBeGreaterThan(0)
    // The passage is left out (made with it, every report's buckets differ): the worker must be
    // given the boilerplate.
    const texts = await copyTexts(db, ids)
    const withPassage = ids.map(id =>
      keysOf(JSON.parse(texts.get(id)!) as CopyText, () => false).sort()
    )
    for (const [i, keys] of withPassage.entries()) expect(keys).not.toEqual(here[i])

    // Made in the worker, the bucket lists too (no report had buckets), taken by copyIndex.
    dropCopyIndex(db)
    let before = { ...copyCounters }
    const unkeyed = await keyAhead(db, { min: 0, pairs: true })
    expect(unkeyed!.unkeyed()).toBe(true)
    const viaWorker = await db.transaction(() => copyIndex(db))
    expect(copyCounters.keyedAhead - before.keyedAhead).toBe(5)
    expect(copyCounters.keyed - before.keyed).toBe(5)
    expect(bucketsOf(viaWorker)).toEqual(here)
    // The lists taken over work as lists: candidates as the index made here gives them.
    expect(pairs(viaWorker)).toEqual(herePairs)
    // With them every report's pairs, compared in the worker as they are here (the boilerplate
    // left out: 001 and 004's section 5, not their shared passage, makes them a copy).
    expect(copyCounters.comparedAhead - before.comparedAhead).toBe(herePairs.length)
    const parsed = new Map([...texts].map(([id, t]) => [id, JSON.parse(t) as CopyText]))
    const own = new OwnTexts(parsed, hereIndex.isBoilerplate)
    const sharesHere = hereIndex.candidates(ids).map(c => own.share(c.target, c.other, c.section))
    expect(sharesHere.some(v => v !== null && v >= 0.8)).toBe(true)
    expect(
      hereIndex.candidates(ids).map(c => viaWorker.shareOf(c.target, c.other, c.section))
    ).toEqual(sharesHere)
    // The settle's Y05 step takes those shares: the same findings as made here; and it does take
    // them (shares said to be 100 % are what the findings say).
    const y05Rows = (): Promise<unknown[]> =>
      db.all(`SELECT report_id, seq, message FROM findings WHERE rule = 'Y05' ORDER BY 1, 2`)
    const settled = await y05Rows()
    const settleAgain = async (): Promise<unknown[]> => {
      await db.exec(`DELETE FROM findings WHERE rule = 'Y05'`)
      await db.exec('INSERT INTO copy_due (report_id) SELECT id FROM reports')
      await settleDueCopies(db)
      return y05Rows()
    }
    expect(await settleAgain()).toEqual(settled)
    expect(viaWorker.adoptShares(new Float64Array(herePairs.length).fill(1))).toBe(true)
    const said = (await settleAgain()) as { message: string }[]
    expect(settled.length).toBeGreaterThan(0)
    expect(said.length).toBe(settled.length)
    for (const r of said) expect(r.message).toContain('100% 的文字相同')
    expect(settled.every(r => !(r as { message: string }).message.includes('100%'))).toBe(true)
    // Any report's buckets made again: the worker's pairs and shares are let go.
    viaWorker.setKeys(ids[0]!, viaWorker.bucketsOf(ids[0]!))
    const c0 = hereIndex.candidates(ids)[0]!
    expect(viaWorker.shareOf(c0.target, c0.other, c0.section)).toBeUndefined()
    expect(pairs(viaWorker)).toEqual(herePairs)
    expect(await settleAgain()).toEqual(settled)

    // Some reports stale in an index with buckets (a roster change, say): each chunk's filed here.
    viaWorker.stale.add(ids[1]!).add(ids[3]!)
    before = { ...copyCounters }
    await keyAhead(db, { min: 0 })
    const refiled = await db.transaction(() => copyIndex(db))
    expect(refiled).toBe(viaWorker)
    expect(copyCounters.keyedAhead - before.keyedAhead).toBe(2)
    expect(copyCounters.keyed - before.keyed).toBe(2)
    expect(bucketsOf(refiled)).toEqual(here)
    expect(pairs(refiled)).toEqual(herePairs)

    // The index changes after the worker began (a report goes; here at once, before the worker
    // can answer): none of its buckets are put in, and copyIndex makes the rest.
    dropCopyIndex(db)
    before = { ...copyCounters }
    const keying = await keyAhead(db, { min: 0 })
    keying!.remove([ids[0]!])
    const changed = await db.transaction(() => copyIndex(db))
    expect(changed).toBe(keying)
    expect(copyCounters.keyedAhead - before.keyedAhead).toBe(0)
    expect(copyCounters.keyed - before.keyed).toBe(4)

    // A worker no copyIndex waited for (a settle with nothing due) does not hold off the next.
    dropCopyIndex(db)
    before = { ...copyCounters }
    const idle = await keyAhead(db, { min: 0 })
    await expect.poll(() => copyCounters.keyedAhead - before.keyedAhead).toBe(5)
    // Pairs not asked for (a settle of a few reports): none made there, walked here as before.
    expect(copyCounters.comparedAhead - before.comparedAhead).toBe(0)
    expect(pairs(idle!)).toEqual(herePairs)
    idle!.stale.add(ids[2]!)
    expect(await keyAhead(db, { min: 0 })).toBe(idle)
    await db.transaction(() => copyIndex(db))
    expect(copyCounters.keyedAhead - before.keyedAhead).toBe(6)

    // A worker that cannot run: a warning, and the buckets made here.
    dropCopyIndex(db)
    before = { ...copyCounters }
    const warnings: string[] = []
    await keyAhead(db, {
      min: 0,
      entry: { file: path.join(sb.dir, 'no-such-worker.js'), ts: false },
      logger: { ...silentLogger, warn: m => warnings.push(m) }
    })
    const fallback = bucketsOf(await db.transaction(() => copyIndex(db)))
    expect(copyCounters.keyedAhead - before.keyedAhead).toBe(0)
    expect(warnings).toEqual([expect.stringContaining('抄袭比对索引线程出错')])
    expect(fallback).toEqual(here)

    // Pairs and shares taken by an index are let go when it moves though no bucket changed (a
    // report's agency merged into another unit), as when a report leaves it.
    const c = hereIndex.candidates(ids)[0]!
    const third = ids.find(id => id !== c.target && id !== c.other)!
    const adopt = (): void => {
      hereIndex.adoptPairs(pairArrays(hereIndex.candidates(ids)))
      expect(hereIndex.adoptShares(new Float64Array(herePairs.length).fill(0.5))).toBe(true)
      expect(hereIndex.shareOf(c.target, c.other, c.section)).toBe(0.5)
    }
    adopt()
    hereIndex.setUnits(
      new Map([[third, '合并后的单位']]),
      new Map([['合并后的单位', '合并后的单位']])
    )
    expect(hereIndex.shareOf(c.target, c.other, c.section)).toBeUndefined()
    adopt()
    hereIndex.remove([third])
    expect(hereIndex.shareOf(c.target, c.other, c.section)).toBeUndefined()
  })

  it("a first ingest in many batches makes each report's buckets once, at the settle", async () => {
    // A passage all five units write: it becomes the template's only with the fifth, after the
    // buckets of the first four would have been made, had they been made as the batches came.
    const passage =
      '一是公开目录的动态更新不够及时，部分栏目内容更新较慢，信息发布的及时性有待提高。' +
      '二是政策解读的针对性和可读性有待增强，图表图解、视频解读等形式运用较少。'
    sb = await sandbox()
    for (const f of [S0, S1, S2, S3, S4])
      writeFileSync(path.join(sb.folder, f!), withBody(read(f!), H5, H6, `${passage}\n`))
    const keyed = copyCounters.keyed
    // One file a batch: each batch asks which old reports had a partner among its files (none:
    // they are new files).
    await auditFolder(sb.folder, sb.store, { batchSize: 1 })
    expect(copyCounters.keyed - keyed).toBe(5)
  })

  it('reads the sentences as stored now (UTF-16 in a BLOB) and as stored before (text)', async () => {
    sb = await sandbox()
    await auditFolder(sb.folder, sb.store)
    const db = sb.store.db
    const [row] = await db.all<{ id: number; v: unknown }>(
      'SELECT report_id AS id, text_json AS v FROM copy_texts ORDER BY 1 LIMIT 1'
    )
    expect(row!.v).toBeInstanceOf(Uint8Array)
    const now = (await copyTexts(db, [row!.id])).get(row!.id)!
    expect(JSON.parse(now)).toEqual({ 1: expect.any(Array), 5: expect.any(Array) })
    expect(JSON.parse(now)[1].length).toBeGreaterThan(0)
    await db.run('UPDATE copy_texts SET text_json = ? WHERE report_id = ?', [now, row!.id])
    expect((await copyTexts(db, [row!.id])).get(row!.id)).toBe(now)
  })

  it("the index follows this connection's writes without being made again, and is made again when another connection writes", async () => {
    sb = await sandbox()
    expect(await y05(sb)).toEqual(new Map())
    const loaded = copyCounters.loaded
    writeFileSync(path.join(sb.folder, S1!), withBody(read(S1!), H5, H6, body(read(S4!), H5, H6)))
    expect([...(await y05(sb)).keys()].sort()).toEqual([S1, S4])
    expect(copyCounters.loaded).toBe(loaded)
    // Another connection (a CLI run on the same database) takes the copy back out …
    const other = await openStore(sb.dbPath)
    try {
      writeFileSync(path.join(sb.folder, S1!), read(S1!))
      expect(await y05({ ...sb, store: other })).toEqual(new Map())
      // … and puts 003's (2023) into 002 (2022): the same text a year apart is a copy on the later
      // report only, 003.
      writeFileSync(path.join(sb.folder, S2!), withBody(read(S2!), H5, H6, body(read(S3!), H5, H6)))
      const found = await y05({ ...sb, store: other })
      expect([...found.keys()]).toEqual([S3])
      expect(found.get(S3!)).toEqual([expect.objectContaining({ section: 5, expected: S2 })])
    } finally {
      await other.close()
    }
    // This connection's index is made again from what the database holds now: 003 read again
    // here still meets 002's copy, and 004 no longer meets 001.
    writeFileSync(path.join(sb.folder, S3!), read(S3!) + '\n')
    writeFileSync(path.join(sb.folder, S4!), read(S4!) + '\n')
    expect([...(await y05(sb)).keys()]).toEqual([S3])
    expect(copyCounters.loaded).toBeGreaterThan(loaded)
  })

  it('a database of schema 13 loses the index tables in migration 14, keeps its sentences, and its copies are still found', async () => {
    sb = await sandbox()
    writeFileSync(path.join(sb.folder, S1!), withBody(read(S1!), H5, H6, body(read(S4!), H5, H6)))
    expect([...(await y05(sb)).keys()].sort()).toEqual([S1, S4])
    const texts = JSON.stringify(await sb.store.db.all('SELECT * FROM copy_texts ORDER BY 1'))
    // The index as schema 13 kept it on disk.
    await sb.store.db.exec(`
      CREATE TABLE copy_pending (report_id INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE);
      CREATE TABLE copy_postings (hash INTEGER NOT NULL, report_id INTEGER NOT NULL,
        PRIMARY KEY (hash, report_id)) WITHOUT ROWID;
      CREATE TABLE copy_buckets (key INTEGER NOT NULL, report_id INTEGER NOT NULL,
        PRIMARY KEY (key, report_id)) WITHOUT ROWID;
      CREATE TRIGGER copy_index_out AFTER DELETE ON reports BEGIN
        DELETE FROM copy_postings WHERE report_id = old.id;
        DELETE FROM copy_buckets WHERE report_id = old.id;
      END;
      INSERT INTO copy_postings SELECT 1, report_id FROM copy_texts;
      PRAGMA user_version = 13;`)
    await sb.store.close()
    const store = await openStore(sb.dbPath)
    try {
      const left = await store.db.all<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE name IN ('copy_pending', 'copy_postings', 'copy_buckets', 'copy_index_out')`
      )
      expect(left).toEqual([])
      expect(JSON.stringify(await store.db.all('SELECT * FROM copy_texts ORDER BY 1'))).toBe(texts)
      // 004 read again (a byte added): its new report meets 001's, stored before the migration.
      writeFileSync(path.join(sb.folder, S4!), read(S4!) + '\n')
      expect([...(await y05({ ...sb, store })).keys()].sort()).toEqual([S1, S4])
    } finally {
      await store.close()
    }
  })

  it('the 设置 switches: off takes the findings away at once, on brings them back (Y05 indexing what came in while off)', async () => {
    sb = await sandbox()
    writeFileSync(path.join(sb.folder, S1!), withBody(read(S1!), H5, H6, body(read(S4!), H5, H6)))
    writeFileSync(
      path.join(sb.folder, 'pingtan.txt'),
      readFileSync(path.join(REAL, '012_pingtan_2021.txt'))
    )
    const rules = async (): Promise<string[]> => {
      const { root } = await auditFolder(sb!.folder, sb!.store)
      return (await sb!.store.reportsJson(root))
        .flatMap(r =>
          r.findings
            .filter(f => f.rule === 'Y05' || f.rule === 'S06')
            .map(f => `${r.file} ${f.rule}`)
        )
        .sort()
    }
    const all = [`${S1} Y05`, `${S4} Y05`, 'pingtan.txt S06']
    // Ingested with Y05 off: no index is built; switching it on builds it from the stored documents.
    await setSetting(sb.store.db, 'checks', { S06: true, Y05: false })
    expect(await rules()).toEqual(['pingtan.txt S06'])
    await setChecks(sb.store, { S06: true, Y05: true })
    expect(await rules()).toEqual(all)
    await setChecks(sb.store, { S06: false, Y05: false })
    expect(await rules()).toEqual([])
    await setChecks(sb.store, { S06: true, Y05: true })
    expect(await rules()).toEqual(all)
  })

  it("the watcher's one-file ingest: a copy arriving later is found, and its partner gets its finding too", async () => {
    sb = await sandbox()
    const { root } = await auditFolder(sb.folder, sb.store)
    const copy = withBody(
      read(S2!),
      H5,
      H6,
      body(read(S4!), H5, H6).replaceAll('兴仁镇', '政务服务中心')
    )
    // Sample 002 is a 2022 report and 004 a 2023 one: 004 (the later) names 002; 002 does not name
    // a report of the year after it.
    writeFileSync(path.join(sb.folder, S2!), copy)
    expect(await ingestFile(sb.folder, S2!, sb.store)).toBe(true)
    const found = (await sb.store.reportsJson(root)).filter(r =>
      r.findings.some(f => f.rule === 'Y05')
    )
    expect(found.map(r => r.file)).toEqual([S4])
    expect(found[0]!.findings.find(f => f.rule === 'Y05')).toMatchObject({
      section: 5,
      expected: S2
    })
  })
})

describe('Y05 follows the unit: a merge or a roster unit makes two agencies one', () => {
  const passage =
    '一是政策解读的形式还不够丰富，图表图解、视频解读等方式运用较少，解读的针对性和可读性有待增强。' +
    '二是政务新媒体的互动回应能力不足，对公众关切的回应不够及时，留言办理的时效性仍需提升。' +
    '三是基层政务公开标准化规范化建设有待深化，公开目录的动态更新不够及时，部分栏目内容更新较慢。'
  const own = (i: number): string => `本单位第${'一二三四五'[i]}项整改任务已列入年度计划。`
  const files = [S0!, S1!, S2!, S3!, S4!]

  /** The passage in all five samples' 问题及改进: five units write it, so it is the template's. */
  async function fiveUnits(): Promise<{ root: string; names: Map<string, string> }> {
    sb = await sandbox()
    for (const [i, f] of files.entries())
      writeFileSync(path.join(sb.folder, f), withBody(read(f), H5, H6, `${passage}\n${own(i)}\n`))
    const { root } = await auditFolder(sb.folder, sb.store)
    const rows = await sb.store.db.all<{ path: string; name: string }>(
      'SELECT f.path, r.agency_name AS name FROM reports r JOIN files f ON f.id = r.file_id'
    )
    return { root, names: new Map(rows.map(r => [r.path, r.name])) }
  }

  /** Y05 findings as "file → partner file". */
  async function pairs(root: string): Promise<string[]> {
    return (await sb!.store.reportsJson(root))
      .flatMap(r => r.findings.filter(f => f.rule === 'Y05').map(f => `${r.file} → ${f.expected}`))
      .sort()
  }

  it("merging two of the five agencies leaves four units writing the passage: it is theirs, not the template's; unmerging restores it", async () => {
    const { root, names } = await fiveUnits()
    expect(await pairs(root)).toEqual([])
    // 003's agency becomes a second name of 004's: four units now write the passage.
    await mergeAgencies(sb!.store, names.get(S3!)!, names.get(S4!)!)
    const merged = await pairs(root)
    expect(merged.length).toBeGreaterThan(0)
    // Never each other's partner: they are one unit now.
    expect(merged.filter(p => p.includes(S3!) && p.includes(S4!))).toEqual([])
    // The reports that did not change are settled again too: S0 and S1 name each other.
    expect(merged).toEqual(expect.arrayContaining([`${S0} → ${S1}`, `${S1} → ${S0}`]))
    await unmergeAgency(sb!.store, names.get(S3!)!)
    expect(await pairs(root)).toEqual([])
  })

  it("two agencies of one roster unit sharing a 问题及改进 are one unit's writing, not a copy", async () => {
    sb = await sandbox()
    // 001's agency writes 000's 问题及改进: two units, a copy both ways.
    writeFileSync(path.join(sb.folder, S1!), withBody(read(S1!), H5, H6, body(read(S0!), H5, H6)))
    const { root } = await auditFolder(sb.folder, sb.store)
    expect(await pairs(root)).toEqual([`${S0} → ${S1}`, `${S1} → ${S0}`])
    const agency = async (file: string): Promise<{ key: string; name: string }> =>
      (await sb!.store.db.get<{ key: string; name: string }>(
        `SELECT r.agency_key AS key, r.agency_name AS name FROM reports r JOIN files f ON f.id = r.file_id
         WHERE f.path = ?`,
        [file]
      ))!
    const [a0, a1] = [await agency(S0!), await agency(S1!)]
    let before = await copyUnitsBefore(sb.store)
    await replaceRoster(sb.store.db, [
      { name: a0.name, level: null, region: null, aliases: [], startYear: null, endYear: null }
    ])
    const [u] = await listRoster(sb.store.db)
    await attachToRosterUnit(sb.store.db, u!.id, a1.key, a1.name)
    await followCopyUnits(sb.store, before)
    expect(await pairs(root)).toEqual([])
    before = await copyUnitsBefore(sb.store)
    await removeRosterUnit(sb.store.db, u!.id)
    await followCopyUnits(sb.store, before)
    expect(await pairs(root)).toEqual([`${S0} → ${S1}`, `${S1} → ${S0}`])
  })

  it('attaching an agency to a roster unit counts it with the unit; removing the unit restores it', async () => {
    const { root, names } = await fiveUnits()
    const keyOf = async (file: string): Promise<string> =>
      (await sb!.store.db.get<{ k: string }>(
        'SELECT r.agency_key AS k FROM reports r JOIN files f ON f.id = r.file_id WHERE f.path = ?',
        [file]
      ))!.k
    const unit = {
      name: names.get(S4!)!,
      level: null,
      region: null,
      aliases: [],
      startYear: null,
      endYear: null
    }
    let before = await copyUnitsBefore(sb!.store)
    await replaceRoster(sb!.store.db, [unit])
    // The unit is 004's agency under its own name: nothing moves.
    expect(await followCopyUnits(sb!.store, before)).toBe(0)
    expect(await pairs(root)).toEqual([])
    const [u] = await listRoster(sb!.store.db)
    before = await copyUnitsBefore(sb!.store)
    await attachToRosterUnit(sb!.store.db, u!.id, await keyOf(S3!), names.get(S3!)!)
    // Both agencies are counted with another now.
    expect(await followCopyUnits(sb!.store, before)).toBe(2)
    const attached = await pairs(root)
    expect(attached).toEqual(expect.arrayContaining([`${S0} → ${S1}`, `${S1} → ${S0}`]))
    expect(attached.filter(p => p.includes(S3!) && p.includes(S4!))).toEqual([])
    before = await copyUnitsBefore(sb!.store)
    await removeRosterUnit(sb!.store.db, u!.id)
    expect(await followCopyUnits(sb!.store, before)).toBe(2)
    expect(await pairs(root)).toEqual([])
  })
})
