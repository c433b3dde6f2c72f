import { copyFileSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_REPORT_KEYS } from './helpers/cli-io'
import type { ReportFilter } from '../src/shared/api'
import type { ParsedReport } from '../src/shared/model'
import { extractDocument } from '../src/core/extract/index'
import { extractText } from '../src/core/extract/text'
import { parseReport } from '../src/core/parse/index'
import { sniffDecoded } from '../src/core/ingest/sniff'
import { auditFolder } from '../src/core/pipeline/index'
import { emptyReport } from '../src/core/pipeline/file'
import { settleDirty } from '../src/core/pipeline/settle'
import { overview } from '../src/core/store/queries/overview'
import { listReports } from '../src/core/store/queries/reports'
import { filesUnder } from '../src/core/store/files'
import { Db } from '../src/core/store/db'
import { openStore } from '../src/core/store/index'
import { documentBlob, keyFigures, loadParsed } from '../src/core/store/reports'
import { writeReadyBatch, type ReadyFile } from '../src/core/store/ingest-batch'
import type { Finding } from '../src/shared/rules'
import { decodeStored, encodeDocument } from '../src/core/extract/stored-document'
import { encodeReport, encodeYear } from '../src/core/store/report-codec'
import { yearInput } from '../src/core/rules/years'
import type { Db as StoreDb } from '../src/core/store/db'

const loadDocument = async (db: StoreDb, id: number) => decodeStored(await documentBlob(db, id))
import { SCHEMA_VERSION } from '../src/core/store/schema'
import { REAL, SAMPLES, sandbox, type Sandbox } from './helpers/temp-corpus'
import { silentLogger } from '../src/core/logger'

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

describe('store', () => {
  it('migrates once: re-opening keeps the version and the data', async () => {
    sb = await sandbox(false)
    const v = await sb.store.db.get<{ user_version: number }>('PRAGMA user_version')
    expect(v?.user_version).toBe(SCHEMA_VERSION)
    const mode = await sb.store.db.get<{ journal_mode: string }>('PRAGMA journal_mode')
    expect(mode?.journal_mode).toBe('wal')
    await sb.store.setSetting('reviewerName', '张三')
    await sb.store.close()
    const again = await openStore(sb.dbPath)
    sb.store = again
    expect(
      (await again.db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version
    ).toBe(SCHEMA_VERSION)
    expect((await again.getSettings()).reviewerName).toBe('张三')
  })

  it('makes new databases with 8 KB pages and leaves an existing database its own', async () => {
    sb = await sandbox(false)
    const size = async (db: Db) =>
      (await db.get<{ page_size: number }>('PRAGMA page_size'))?.page_size
    expect(await size(sb.store.db)).toBe(8192)
    const old = path.join(sb.dir, 'old.sqlite')
    const raw = await Db.open(old)
    await raw.exec('PRAGMA page_size = 4096; CREATE TABLE t (x)')
    await raw.close()
    const reopened = await openStore(old)
    expect(await size(reopened.db)).toBe(4096)
    await reopened.close()
  })

  it('lists every file of a root, past the query page of 5,000 rows, and none of another root', async () => {
    sb = await sandbox(false)
    // Two roots interleaved by id, so a page holds rows of both and the keyset must skip the others.
    await sb.store.db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12001)
       INSERT INTO files (root, path, sha256, size, mtime_ms, format, status, first_seen, last_seen)
       SELECT CASE WHEN i % 3 = 0 THEN '/b' ELSE '/a' END, 'f' || i || '.txt', 'h' || i, i, i, 'txt',
              CASE WHEN i % 7 = 0 THEN 'removed' ELSE 'current' END, 'now', 'now' FROM n`
    )
    const a = await filesUnder(sb.store.db, '/a')
    expect(a.size).toBe(8001)
    const f = a.get('f12001.txt')!
    expect(f).toMatchObject({
      root: '/a',
      path: 'f12001.txt',
      sha256: 'h12001',
      size: 12001,
      mtimeMs: 12001,
      format: 'txt',
      status: 'current'
    })
    expect(a.get('f7.txt')?.status).toBe('removed')
    expect(a.has('f3.txt')).toBe(false)
    expect((await filesUnder(sb.store.db, '/b')).size).toBe(4000)
    expect((await filesUnder(sb.store.db, '/c')).size).toBe(0)
  })

  it('refuses a database from a newer version', async () => {
    sb = await sandbox(false)
    await sb.store.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    await sb.store.close()
    await expect(openStore(sb.dbPath)).rejects.toThrow(/版本/)
    sb.store = await openStore(':memory:')
  })

  it('round-trips a report: tables, key figures, findings in order, absent keys omitted', async () => {
    sb = await sandbox(false)
    const db = sb.store.db
    const parsed: ParsedReport = {
      ...emptyReport(),
      agency: '中卫市 民政局',
      year: 2023,
      template: '2021',
      tables: {
        proactive: null,
        applications: {
          received: {
            natural: 3,
            commercial: 0,
            research: 0,
            nonprofit: 0,
            legal: 1,
            otherOrg: 0,
            total: 4
          }
        },
        reviewLitigation: null
      }
    }
    const findings: Finding[] = [
      {
        rule: 'A01',
        severity: 'error',
        message: 'm1',
        lines: [5],
        table: 'applications',
        row: 'received',
        column: 'total',
        expected: 4,
        actual: 5
      },
      { rule: 'S04', severity: 'warning', message: 'm2', expected: null }
    ]
    // The one writer of report rows (store/ingest-batch.ts), as the pipeline calls it.
    const ready: ReadyFile = {
      path: 'a/b.txt',
      sha256: 'ab',
      size: 3,
      mtimeMs: 1,
      format: 'txt',
      encoding: 'utf-8',
      agency: parsed.agency,
      year: parsed.year,
      template: parsed.template,
      publicationDate: null,
      figures: keyFigures(parsed.tables),
      ...encodeReport(parsed),
      yearJson: encodeYear(yearInput(parsed, '')),
      problemsText: '',
      doc: { kind: 'doc', blob: encodeDocument({ lines: ['x'], blocks: [], meta: {} }) },
      unreadable: null,
      findings,
      level: 'department',
      settingsKey: '',
      ocr: null
    }
    await db.transaction(() => writeReadyBatch(db, '/r', [ready], 'T', async f => f.findings))
    const json = await sb.store.reportsJson('/r')
    expect(json).toHaveLength(1)
    expect(Object.keys(json[0]!)).toEqual(CLI_REPORT_KEYS)
    expect(json[0]!.tables).toEqual(parsed.tables)
    // Read back as written: in order, absent keys omitted.
    expect(json[0]!.findings).toEqual(findings)
    // The app's report list over it (src/core/store/queries/reports.ts).
    const list = async (filter: ReportFilter) =>
      listReports(sb!.store.db, { filter, page: { offset: 0, limit: 10 } })
    const errors = await list({ severity: 'error' })
    expect(errors.total).toBe(1)
    expect(errors.items[0]).toMatchObject({
      agency: '中卫市 民政局',
      agencyKey: '中卫市民政局',
      findings: { error: 1, warning: 1, info: 0 },
      year: 2023
    })
    expect((await list({ rules: ['A02'] })).total).toBe(0)
    expect((await list({ rules: ['A01'], years: [2023], search: '民政' })).total).toBe(1)
    // The key figures the trend screens read are denormalised onto the report row.
    expect(
      await sb.store.db.get(
        'SELECT year, received_total AS received, granted_total AS granted FROM reports WHERE agency_key = ?',
        ['中卫市民政局']
      )
    ).toEqual({ year: 2023, received: 4, granted: null })
    // What the app's overview shows of it (src/core/store/queries/overview.ts).
    const ov = await overview(sb.store.db)
    expect(ov.counts).toMatchObject({ reports: 1, agencies: 1, years: [2023] })
    expect(ov.findings).toEqual({ error: 1, warning: 1, info: 0 })
    expect(ov.byRule.map(r => [r.rule, r.findings, r.reports])).toEqual([
      ['A01', 1, 1],
      ['S04', 1, 1]
    ])
  })

  it('answers per-agency, per-year and per-rule queries from indexes', async () => {
    sb = await sandbox(false)
    const plan = async (sql: string): Promise<string> =>
      (await sb!.store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`))
        .map(r => r.detail)
        .join(' | ')
    expect(await plan(`SELECT * FROM reports WHERE agency_key = 'x' AND year = 2023`)).toMatch(
      /USING INDEX reports_agency_year/
    )
    expect(
      await plan(`SELECT count(*) FROM reports WHERE year = 2023 AND status = 'current'`)
    ).toMatch(/reports_year/)
    expect(await plan(`SELECT report_id FROM findings WHERE rule = 'A01'`)).toMatch(/findings_rule/)
  })
})

describe('stored documents and report JSON (schema 5)', () => {
  it('keeps text and web pages as their bytes, other formats as the model; each loads as extracted', async () => {
    sb = await sandbox(false)
    const FORMATS = path.resolve(__dirname, 'fixtures/formats/samples')
    for (const ext of ['html', 'docx'])
      copyFileSync(
        path.join(FORMATS, `001_0a6fcc7805cba63f.${ext}`),
        path.join(sb.folder, `001.${ext}`)
      )
    copyFileSync(path.join(SAMPLES, '001_0a6fcc7805cba63f.txt'), path.join(sb.folder, '001.txt'))
    await auditFolder(sb.folder, sb.store, { workers: 0 })
    const rows = await sb.store.db.all<{ id: number; path: string; kind: string }>(
      `SELECT r.id, f.path, d.kind FROM reports r JOIN files f ON f.id = r.file_id JOIN documents d ON d.report_id = r.id ORDER BY f.path`
    )
    expect(rows.map(r => [r.path, r.kind])).toEqual([
      ['001.docx', 'doc'],
      ['001.html', 'source'],
      ['001.txt', 'source']
    ])
    for (const r of rows) {
      const bytes = readFileSync(path.join(sb.folder, r.path))
      const sniffed = sniffDecoded(bytes, r.path)
      const extracted = await extractDocument(bytes, sniffed.format, sniffed.decoded)
      expect(extracted.ok).toBe(true)
      expect(await loadDocument(sb.store.db, r.id), r.path).toEqual(
        extracted.ok ? extracted.doc : null
      )
    }
    // The file gone, its document still loads from the database.
    rmSync(path.join(sb.folder, '001.txt'))
    expect((await loadDocument(sb.store.db, rows[2]!.id))?.lines.length).toBeGreaterThan(100)
  })

  it('reads rows written before schema 5: whole report JSON, no year_json', async () => {
    sb = await sandbox(false)
    const chain = ['014_pingtan_2023_cells.txt', '015_pingtan_2024_cells.txt']
    for (const n of chain) copyFileSync(path.join(REAL, n), path.join(sb.folder, n))
    await auditFolder(sb.folder, sb.store, { workers: 0 })
    const db = sb.store.db
    const y02 = async (): Promise<string[]> =>
      (
        await db.all<{ message: string }>(
          `SELECT message FROM findings WHERE rule = 'Y02' ORDER BY id`
        )
      ).map(r => r.message)
    const before = await y02()
    expect(before).toHaveLength(1)
    const rows = await db.all<{ id: number; path: string }>(
      'SELECT r.id, f.path FROM reports r JOIN files f ON f.id = r.file_id ORDER BY r.id'
    )
    const ids = rows.map(r => r.id)
    // The old shape: the whole ParsedReport, cell lines and tables included.
    const parsed = rows.map(r =>
      parseReport(extractText(readFileSync(path.join(sb!.folder, r.path), 'utf8')))
    )
    expect(Object.keys(parsed[1]!.cellLines).length).toBeGreaterThan(100)
    // Rewrite both rows the old way, then make the cross-year rules run again from them.
    await db.transaction(async () => {
      for (const [i, id] of ids.entries()) {
        await db.run('UPDATE reports SET report_json = ?, year_json = NULL WHERE id = ?', [
          JSON.stringify(parsed[i]),
          id
        ])
      }
      await db.run(`DELETE FROM findings WHERE source = 'years'`)
      await db.run(
        `INSERT OR IGNORE INTO dirty (agency_key, year) SELECT agency_key, year FROM reports`
      )
    })
    expect(await y02()).toEqual([])
    await settleDirty(db, silentLogger)
    expect(await y02()).toEqual(before)
    expect(await loadParsed(db, ids[1]!)).toEqual(parsed[1])
  })
})
