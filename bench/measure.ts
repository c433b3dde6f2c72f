/**
 * The measurements of `npm run bench`, each on the real code paths: the pipeline's auditFolder and
 * ingestFile, and the Api the screens call (createService), so the figures are the app's own.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path, { join } from 'node:path'
import type { Api, Result } from '../src/shared/api'
import { auditFolder, ingestFile } from '../src/core/pipeline/index'
import { createService, type Exporter, type Service } from '../src/core/service/index'
import { openStore } from '../src/core/store/index'
import { setSetting } from '../src/core/store/settings'
import { stageCopies } from '../src/core/pipeline/copies'
import { copyIndex, dropCopyIndex } from '../src/core/pipeline/copy-index'
import { copyTextValue } from '../src/core/store/copies'
import { DEFAULT_RULE_SETTINGS } from '../src/shared/model'
import { agencySeries, YEARS } from './corpus-data'
import { renderReport } from './corpus-render'
import type { ManifestEntry } from './generate'
import { sampleNarratives } from './narrative'
import { ownParagraphs } from './own-text'

export const sec = (ms: number): number => Math.round(ms) / 1000
const now = (): number => performance.now()

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0
}

/** Read + SHA-256 of every file, a few in flight: what no ingest can beat. */
export async function readHashFloor(root: string, files: string[]): Promise<number> {
  const t = now()
  let i = 0
  const lane = async (): Promise<void> => {
    while (i < files.length) {
      const f = files[i++]!
      createHash('sha256')
        .update(await fs.readFile(join(root, f)))
        .digest('hex')
    }
  }
  await Promise.all([lane(), lane(), lane(), lane()])
  return now() - t
}

export async function ingest(
  root: string,
  dbPath: string,
  workers: number | undefined
): Promise<{ ms: number; settleMs: number; parsed: number; rescanMs: number }> {
  const store = await openStore(dbPath)
  try {
    const opts = workers === undefined ? {} : { workers }
    let t = now()
    const settled = settleClock()
    const first = await auditFolder(root, store, { ...opts, onProgress: settled.onProgress })
    const ms = now() - t
    t = now()
    const again = await auditFolder(root, store, opts)
    const rescanMs = now() - t
    if (again.parsed !== 0) throw new Error(`unchanged rescan re-read ${again.parsed} files`)
    return { ms, settleMs: settled.ms(), parsed: first.parsed, rescanMs }
  } finally {
    await store.close()
  }
}

/**
 * How long an ingest's settle took: from auditFolder's 'rules' progress (every file stored) to its
 * end. The reading before it moves by ±10 s between two runs of 100,000 reports on two cores; the
 * settle by a fraction of a second, so Y05's cost there is seen apart.
 */
function settleClock(): { onProgress: (p: { phase: string }) => void; ms: () => number } {
  let from = 0
  return {
    onProgress: p => {
      if (p.phase === 'rules') from = now()
    },
    ms: () => now() - from
  }
}

/** The same full ingest into a new database with Y05 switched off (no index, no comparisons). */
export async function ingestWithoutCopies(
  root: string,
  dbPath: string,
  workers: number | undefined
): Promise<{ ms: number; settleMs: number }> {
  const store = await openStore(dbPath)
  try {
    await setSetting(store.db, 'checks', { ...DEFAULT_RULE_SETTINGS.checks, Y05: false })
    const t = now()
    const settled = settleClock()
    await auditFolder(root, store, {
      ...(workers === undefined ? {} : { workers }),
      onProgress: settled.onProgress
    })
    return { ms: now() - t, settleMs: settled.ms() }
  } finally {
    await store.close()
  }
}

/** What Y05's index holds after an ingest, and what it found. */
export async function copyIndexFigures(dbPath: string): Promise<{
  indexedReports: number
  bandRows: number
  buckets: number
  postings: number
  saturatedSentences: number
  findings: number
}> {
  const store = await openStore(dbPath)
  try {
    const n = async (sql: string): Promise<number> =>
      (await store.db.get<{ n: number }>(sql))?.n ?? 0
    const index = await store.db.transaction(() => copyIndex(store.db))
    return {
      indexedReports: await n('SELECT count(*) AS n FROM copy_texts'),
      ...index.figures(),
      saturatedSentences: await n('SELECT count(*) AS n FROM copy_saturated'),
      findings: await n(`SELECT count(*) AS n FROM findings WHERE rule = 'Y05'`)
    }
  } finally {
    await store.close()
  }
}

/**
 * CPU of Y05's index upkeep, measured apart: during the ingest the parse workers run at the same
 * time, and process.cpuUsage counts every thread of the process. So the index is built again from
 * the sentences it stored, as the ingest and the settle do, with nothing else running in the
 * process: the sentences staged in the ingest's batches (50 reports a transaction) and their keys
 * put into the index in memory (hashed here: in the ingest the parse workers hash them), then every
 * report's buckets made, as the settle does (pipeline/copy-index.ts). The CPU
 * counted is the index code's and SQLite's in each transaction, commits included. Apart
 * (`loadSec`): the index made from the stored sentences, as a process opening the database does
 * when it first needs it. The database holds the same afterwards.
 */
export async function copyIndexCpu(
  dbPath: string
): Promise<{ cpuSec: number; loadSec: number; loadCpuSec: number; reports: number }> {
  const store = await openStore(dbPath)
  const db = store.db
  try {
    await db.transaction(() =>
      // id the rowid: each batch below seeks to it (without, every batch scanned and sorted the
      // whole table: hours at 100,000).
      db.exec(`CREATE TEMP TABLE replay (id INTEGER PRIMARY KEY, text TEXT, agency TEXT);
        INSERT INTO replay SELECT t.report_id, t.text_json, r.agency_key FROM copy_texts t
          JOIN reports r ON r.id = t.report_id;
        DELETE FROM copy_saturated; DELETE FROM copy_texts;`)
    )
    let cpuMs = 0
    let last = 0
    let reports = 0
    for (;;) {
      // A batch at a time: at 100,000 reports the sentences are hundreds of MB.
      const rows = await db.all<{ id: number; text: string | Uint8Array; agency: string }>(
        'SELECT id, text, agency FROM replay WHERE id > ? ORDER BY id LIMIT 50',
        [last]
      )
      if (rows.length === 0) break
      last = rows.at(-1)!.id
      reports += rows.length
      // The commit counted too: writing the pages the index dirtied is part of its upkeep.
      const c = process.cpuUsage()
      await db.transaction(() =>
        stageCopies(
          db,
          rows.map(r => ({ id: r.id, agencyKey: r.agency, copyJson: copyTextValue(r.text) }))
        )
      )
      const d = process.cpuUsage(c)
      cpuMs += (d.user + d.system) / 1000
    }
    await db.exec('DROP TABLE replay')
    // What the ingest's settle asks of it: the new reports' buckets made.
    let c = process.cpuUsage()
    await db.transaction(() => copyIndex(db))
    let d = process.cpuUsage(c)
    cpuMs += (d.user + d.system) / 1000
    // And what a process opening this database pays once: the index made from the stored sentences.
    dropCopyIndex(db)
    c = process.cpuUsage()
    const t = performance.now()
    const index = await db.transaction(() => copyIndex(db))
    d = process.cpuUsage(c)
    if (index.size !== reports) throw new Error(`the index holds ${index.size} of ${reports}`)
    return {
      cpuSec: sec(cpuMs),
      loadSec: sec(performance.now() - t),
      loadCpuSec: sec((d.user + d.system) / 1000),
      reports
    }
  } finally {
    await store.close()
  }
}

/**
 * `--own-text`: Y05's findings against the copies the generator made (manifest `copied`). A known
 * copy is found when the copier's report, or (same year) its source's, has a Y05 naming the other
 * in that section. A finding is right when the two reports hold the same text in that section: a
 * copy and its source, or two copies of one source.
 */
export async function copyAccuracy(
  dbPath: string,
  entries: ManifestEntry[]
): Promise<{
  knownCopies: number
  found: number
  recall: number
  findings: number
  right: number
  precision: number
}> {
  // The text a report holds in a section: its source's for a copy, its own otherwise.
  const family = new Map<string, string>()
  const copies = entries.filter(e => e.copied)
  for (const e of copies)
    family.set(`${e.file}|${e.copied!.section}`, `${e.copied!.from}|${e.copied!.section}`)
  const familyOf = (file: string, section: number): string =>
    family.get(`${file}|${section}`) ?? `${file}|${section}`
  const store = await openStore(dbPath)
  try {
    const rows = await store.db.all<{ file: string; section: number; expected: string }>(
      `SELECT fi.path AS file, f.section, json_extract(f.expected_json, '$') AS expected
       FROM findings f JOIN reports r ON r.id = f.report_id JOIN files fi ON fi.id = r.file_id
       WHERE f.rule = 'Y05' AND r.status = 'current'`
    )
    const named = new Set(rows.map(r => `${r.file}|${r.expected}|${r.section}`))
    let found = 0
    for (const e of copies) {
      const { from, section } = e.copied!
      if (named.has(`${e.file}|${from}|${section}`) || named.has(`${from}|${e.file}|${section}`))
        found++
    }
    const right = rows.filter(
      r => familyOf(r.file, r.section) === familyOf(r.expected, r.section)
    ).length
    const ratio = (a: number, b: number): number =>
      b === 0 ? 1 : Math.round((a / b) * 1000) / 1000
    return {
      knownCopies: copies.length,
      found,
      recall: ratio(found, copies.length),
      findings: rows.length,
      right,
      precision: ratio(right, rows.length)
    }
  } finally {
    await store.close()
  }
}

function value<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.message}`)
  return r.value
}

/**
 * File written → its findings readable through the Api: a new report of an agency that already has
 * last year's (so the cross-year rules run too), and an edit of an existing file.
 */
export async function oneFileLatency(
  root: string,
  dbPath: string,
  api: Api,
  entries: ManifestEntry[],
  seed: number,
  ownText = false
): Promise<number> {
  const store = await openStore(dbPath)
  const samples = sampleNarratives()
  const times: number[] = []
  try {
    for (let k = 0; k < 5; k++) {
      const last = entries[Math.floor(((k + 0.5) / 5) * entries.length)]!
      const ai = agencyIndexOf(last.agency, entries)
      const d = agencySeries(seed, ai).find(x => x.year === last.year)!
      // k even: a new 2025 file for the agency; k odd: the same report rewritten with an empty cell (T02).
      const data = k % 2 === 0 ? { ...d, year: (YEARS.at(-1) ?? 2024) + 1 } : d
      const rel =
        k % 2 === 0
          ? `${data.year}/${d.agency}${data.year}年政府信息公开工作年度报告.txt`
          : last.file.replace(/\.html$/, '.txt')
      let overview = samples[k % samples.length]!
      let problems = samples[(k + 1) % samples.length]!
      if (ownText) {
        // The unit's own text, as every report of an --own-text collection has (bench/own-text.ts).
        const own = (s: 1 | 5): string[] => ownParagraphs(seed, ai, d.agency, data.year, s)
        const mine = { agency: d.agency, year: data.year }
        overview = { ...mine, overview: own(1), problems: [], other: [] }
        problems = { ...mine, overview: [], problems: own(5), other: [] }
      }
      const bytes = renderReport({
        data,
        layout: 'tab',
        defect: k % 2 === 0 ? null : 'T02',
        overview,
        problems
      })
      const t = now()
      await fs.mkdir(join(root, String(data.year)), { recursive: true })
      await fs.writeFile(join(root, rel), bytes)
      await ingestFile(root, rel, store)
      // As the app does it: the watcher's 'ingested' event carries the report id (watch/runner.ts
      // looks it up by file), and the review screen then asks the Api for the report.
      const row = await store.db.get<{ id: number }>(
        'SELECT r.id FROM files f JOIN reports r ON r.file_id = f.id WHERE f.root = ? AND f.path = ?',
        [path.resolve(root), rel]
      )
      if (row === undefined) throw new Error(`ingested file has no report: ${rel}`)
      const detail = value(await api.getReport({ id: row.id }), 'getReport')
      if (k % 2 === 1 && !detail.findings.some(f => f.rule === 'T02'))
        throw new Error(`T02 not raised on ${rel}`)
      times.push(now() - t)
    }
  } finally {
    await store.close()
  }
  return percentile(times, 50)
}

function agencyIndexOf(agency: string, entries: ManifestEntry[]): number {
  // Entries are agency-major, YEARS.length per agency.
  const i = entries.findIndex(e => e.agency === agency)
  return Math.floor(i / YEARS.length)
}

export interface QueryFigures {
  p95Ms: number
  byQuery: Record<string, { n: number; p50Ms: number; p95Ms: number }>
}

/**
 * Typical screens: overview, agency list (sorted, filtered), report list, one report, the review
 * screen's J (next report in its order), trends.
 */
export async function queryLatency(api: Api, rounds = 20): Promise<QueryFigures> {
  const samples: Record<string, number[]> = {}
  const time = async <T>(name: string, call: () => Promise<Result<T>>): Promise<T> => {
    const t = now()
    const out = value(await call(), name)
    ;(samples[name] ??= []).push(now() - t)
    return out
  }
  const page = { offset: 0, limit: 50 }
  const first = await time('listReports', () => api.listReports({ page }))
  const agencies = await time('listAgencies', () => api.listAgencies({ page }))
  const total = first.total
  // The review screen walks reports in its own order (renderer REVIEW_SORT), one J per round.
  const reviewSort = { key: 'agency', dir: 'asc' } as const
  const current = await api.listReports({ sort: reviewSort, page: { offset: 0, limit: 1 } })
  let at = current.ok ? current.value.items[0]?.id : undefined
  for (let i = 0; i < rounds; i++) {
    const year = YEARS[i % YEARS.length]!
    await time('getOverview', () => api.getOverview({}))
    await time('getOverview(filtered)', () =>
      api.getOverview({ filter: { years: [year], severity: 'error' } })
    )
    await time('listAgencies', () =>
      api.listAgencies({
        page: { offset: (i * 137) % Math.max(1, agencies.total), limit: 50 },
        sort: { key: 'errors', dir: 'desc' }
      })
    )
    await time('listReports', () =>
      api.listReports({
        page: { offset: (i * 997) % Math.max(1, total), limit: 50 },
        sort: { key: 'agency', dir: 'asc' }
      })
    )
    await time('listReports(filtered)', () =>
      api.listReports({ filter: { years: [year], rules: ['A03', 'Y01'] }, page })
    )
    await time('listReports(search)', () => api.listReports({ filter: { search: '民政局' }, page }))
    const rows = await time('getMatrix', () =>
      api.getMatrix({ page: { offset: (i * 61) % Math.max(1, agencies.total), limit: 50 } })
    )
    const id = 1 + ((i * 7919) % Math.max(1, total))
    await time('getReport', () => api.getReport({ id }))
    if (at !== undefined) {
      const from = at
      at =
        (
          await time('getAdjacentReports', () =>
            api.getAdjacentReports({ id: from, sort: reviewSort })
          )
        ).next ?? from
    }
    await time('getTrends', () => api.getTrends({}))
    const key = rows.rows[i % Math.max(1, rows.rows.length)]?.agencyKey
    if (key) await time('getTrends(agency)', () => api.getTrends({ agencyKey: key }))
  }
  const all = Object.values(samples).flat()
  const byQuery = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [
      k,
      { n: v.length, p50Ms: round1(percentile(v, 50)), p95Ms: round1(percentile(v, 95)) }
    ])
  )
  return { p95Ms: round1(percentile(all, 95)), byQuery }
}

const round1 = (x: number): number => Math.round(x * 10) / 10

/** The export module, when it is there (it is written in parallel with the bench). */
export async function loadExporter(): Promise<Exporter | null> {
  const spec = '../src/core/export/index'
  try {
    const mod = (await import(spec)) as { xlsxExporter?: Exporter }
    return mod.xlsxExporter ?? null
  } catch {
    return null
  }
}

export async function exportLatency(api: Service, out: string): Promise<number> {
  const t = now()
  value(await api.exportXlsx({ path: out }), 'exportXlsx')
  return now() - t
}

export function openApi(dbPath: string, exporter: Exporter | null, exportDir: string): Service {
  return createService({ dbPath, autoWatch: false, exportDir, ...(exporter ? { exporter } : {}) })
}
