/**
 * npm run bench -- --reports N [--json out.json] [--keep] [--seed S] [--workers W] [--layouts docx=0.3,…]
 *   [--own-text [--copy-rate R]]
 *
 * Generates N synthetic reports into a fresh folder under os.tmpdir(), then measures, on the real
 * pipeline and Api: the read+hash floor, a full ingest into a new database, an unchanged rescan,
 * one file's latency (written → findings readable), typical query latency, the xlsx export and peak
 * memory; and, in a child process, the desktop app's own path (the folder watched, rescanned into a
 * new database) with its peak memory. Prints one JSON object (and writes it with --json). Figures
 * are measured, never asserted.
 *
 * --layouts changes the share of layouts (generate.ts; e.g. `docx=0.3` for a collection with Word
 * files, `tab=1,html=0,…` for one layout): a share not given keeps its default.
 *
 * --own-text: each unit writes its own 总体情况 and 问题及改进 and a share of reports (--copy-rate,
 * default 1 %) copies one from another unit (bench/own-text.ts): Y05's candidate side under a
 * realistic load, and its precision and recall against the known copies (y05.accuracy).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { LAYOUTS, type Layout } from './corpus-render'
import { generateCorpus } from './generate'
import { copyCounters } from '../src/core/pipeline/copies'
import {
  copyAccuracy,
  copyIndexCpu,
  copyIndexFigures,
  exportLatency,
  ingest,
  ingestWithoutCopies,
  loadExporter,
  oneFileLatency,
  openApi,
  queryLatency,
  readHashFloor,
  sec,
  type QueryFigures
} from './measure'
import { rosterQueryLatency, type RosterFigures } from './roster'

export interface BenchOptions {
  reports: number
  seed?: number
  keep?: boolean
  /** Parse workers for the pipeline (undefined: the pipeline's default). */
  workers?: number
  /** Rounds of the query mix (default 20). */
  queryRounds?: number
  /** Layout shares over generate.ts's defaults. */
  layouts?: Partial<Record<Layout, number>>
  /**
   * Units write their own sections 1 and 5 and this share of reports copies one from another unit
   * (generate.ts ownText; `--own-text [--copy-rate R]`, default 0.01).
   */
  ownText?: { copyRate: number }
  log?: (line: string) => void
}

export interface BenchResult {
  reports: number
  floorReadHashSec: number
  ingestSec: number
  reportsPerSec: number
  /** ingestSec / floorReadHashSec. */
  ingestOverFloor: number
  rescanUnchangedSec: number
  oneFileLatencyMs: number
  queryP95Ms: number
  /** With a roster of 3,000 units (bench/roster.ts): the overview, matrix and coverage queries. */
  rosterQueryP95Ms: number
  exportXlsxSec: number | null
  exportNote?: string
  peakRssMB: number
  /**
   * The desktop app's path, in a child process of its own: the folder added as a watched folder
   * (native watch + start-up rescan) into a new database until idle; its peak memory is the app's
   * alone (bench/app-ingest.ts).
   */
  appIngestSec: number
  appPeakRssMB: number
  /**
   * Y05 (text copied between units): the same ingest into a new database with it switched off, the
   * candidate pairs the LSH index proposed and compared during the full ingest, and the index.
   */
  y05: {
    ingestWithoutSec: number
    /**
     * The settle alone (every file stored → done), with Y05 and without: the reading before it
     * moves by ±10 s between two runs at 100,000 reports, the settle by little (measure.ts
     * settleClock), so this is where Y05's added time is seen.
     */
    ingestSettleSec: number
    ingestWithoutSettleSec: number
    /** Time in Y05's own code during the full ingest: index upkeep at ingest, comparisons at settle. */
    indexSec: number
    settleSec: number
    /**
     * CPU seconds (process.cpuUsage) of Y05's own code: the index built again apart from the
     * ingest (measure.ts copyIndexCpu: during the ingest the workers' CPU would be counted too),
     * and the comparisons at settle (no worker runs then).
     */
    indexCpuSec: number
    /** Wall seconds to make the index in memory from every stored report's sentences (measure.ts copyIndexCpu). */
    indexLoadSec: number
    indexLoadCpuSec: number
    settleCpuSec: number
    pairsCompared: number
    /**
     * Candidate pairs compared in the keys worker during the settle's cross-year groups (every
     * report's, both ways; pipeline/copy-pairs.ts): the settle's Y05 step picks out of them the
     * pairsCompared it needs.
     */
    pairsComparedAhead: number
    findings: number
    /** `--own-text`: the findings against the generator's copies (measure.ts copyAccuracy). */
    accuracy?: Awaited<ReturnType<typeof copyAccuracy>>
    indexedReports: number
    /** In the index in memory: band rows (8 per section long enough), distinct buckets. */
    bandRows: number
    buckets: number
    /** Sentence postings kept, and sentences saturated (in 10 units' reports: no more postings). */
    postings: number
    saturatedSentences: number
  }
  /** Context for the figures above. */
  detail: {
    generateSec: number
    corpusMB: number
    /** Reports per layout (txt variants, html, docx). */
    layouts: Partial<Record<Layout, number>>
    agencies: number
    defects: number
    cpus: number
    workers: number | 'default'
    dbMB: number
    queries: QueryFigures['byQuery']
    roster: RosterFigures
    /** Peak RSS (MB) reached by the end of each phase: which phase sets peakRssMB. */
    rssAfter: Record<string, number>
    dir: string | null
  }
}

/** bench/app-ingest.ts in a child process (see BenchResult.appIngestSec). */
function appIngest(
  folder: string,
  dbPath: string
): { sec: number; peakRssMB: number; rssAfterMB: number; files: number } {
  const run = spawnSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(__dirname, 'app-ingest.ts'), folder, dbPath],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20
    }
  )
  if (run.status !== 0)
    throw new Error(
      `app ingest failed (${run.status ?? run.signal}): ${run.stderr || run.error?.message}`
    )
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    sec: number
    peakRssMB: number
    rssAfterMB: number
    files: number
  }
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`))
  const seed = o.seed ?? 1
  const dir = mkdtempSync(join(os.tmpdir(), 'nianbao-bench-'))
  const root = join(dir, 'corpus')
  const dbPath = join(dir, 'bench.sqlite')
  const rssAfter: Record<string, number> = {}
  const mark = (phase: string): void =>
    void (rssAfter[phase] = Math.round(process.resourceUsage().maxRSS / 1024))
  try {
    const t = performance.now()
    log(`generating ${o.reports} reports in ${root}`)
    const m = generateCorpus({
      reports: o.reports,
      out: root,
      seed,
      ...(o.layouts ? { layouts: o.layouts } : {}),
      ...(o.ownText ? { ownText: o.ownText } : {})
    })
    const generateSec = sec(performance.now() - t)
    const files = m.entries.map(e => e.file)
    mark('generate')

    log('read + hash floor')
    const floor = await readHashFloor(root, files)
    mark('floor')
    log('ingest')
    const before = { ...copyCounters }
    const ing = await ingest(root, dbPath, o.workers)
    if (ing.parsed !== m.reports)
      throw new Error(`ingest parsed ${ing.parsed} of ${m.reports} files`)
    const pairsCompared = copyCounters.compared - before.compared
    const pairsComparedAhead = copyCounters.comparedAhead - before.comparedAhead
    const indexSec = sec(copyCounters.indexMs - before.indexMs)
    const settleSec = sec(copyCounters.settleMs - before.settleMs)
    const settleCpuSec = sec(copyCounters.settleCpuMs - before.settleCpuMs)
    mark('ingest+rescan')
    log('ingest without Y05')
    const noCopiesDb = join(dir, 'no-y05.sqlite')
    const without = await ingestWithoutCopies(root, noCopiesDb, o.workers)
    rmSync(noCopiesDb, { force: true })
    const copyIndex = await copyIndexFigures(dbPath)
    const accuracy = o.ownText ? await copyAccuracy(dbPath, m.entries) : undefined
    log('Y05 index CPU (built again apart)')
    const indexCpu = await copyIndexCpu(dbPath)
    if (indexCpu.reports !== copyIndex.indexedReports)
      throw new Error(`Y05 replay indexed ${indexCpu.reports} of ${copyIndex.indexedReports}`)
    // Printed now too: the phases after take as long again, and a run cut short keeps these.
    log(
      `y05 ${JSON.stringify({ ingestSec: sec(ing.ms), ingestWithoutSec: sec(without.ms), ingestSettleSec: sec(ing.settleMs), ingestWithoutSettleSec: sec(without.settleMs), indexSec, settleSec, indexCpuSec: indexCpu.cpuSec, indexLoadSec: indexCpu.loadSec, indexLoadCpuSec: indexCpu.loadCpuSec, settleCpuSec, pairsCompared, pairsComparedAhead, accuracy, ...copyIndex })}`
    )
    log('the app: watched folder, new database')
    const app = appIngest(root, join(dir, 'app.sqlite'))
    if (app.files !== m.reports) throw new Error(`the app found ${app.files} of ${m.reports} files`)

    const exporter = await loadExporter()
    const api = openApi(dbPath, exporter, join(dir, 'exports'))
    let q: QueryFigures
    let rq: RosterFigures
    let oneFileMs: number
    let exportSec: number | null = null
    try {
      const ready = await api.ready()
      if (!ready.ok) throw new Error(ready.error.message)
      log('queries')
      q = await queryLatency(api, o.queryRounds ?? 20)
      mark('queries')
      log('roster queries')
      rq = await rosterQueryLatency(api, 3000, o.queryRounds ?? 20)
      mark('rosterQueries')
      log('one-file latency')
      oneFileMs = await oneFileLatency(root, dbPath, api, m.entries, seed, o.ownText !== undefined)
      mark('oneFile')
      if (exporter) {
        log('export')
        exportSec = sec(await exportLatency(api, join(dir, 'bench.xlsx')))
        mark('export')
      }
    } finally {
      await api.close()
    }
    const { size } = await import('node:fs').then(fs => fs.statSync(dbPath))
    const ingestSec = sec(ing.ms)
    const floorSec = sec(floor)
    return {
      reports: m.reports,
      floorReadHashSec: floorSec,
      ingestSec,
      reportsPerSec: Math.round(m.reports / (ing.ms / 1000)),
      ingestOverFloor: Math.round((ing.ms / Math.max(floor, 1)) * 10) / 10,
      rescanUnchangedSec: sec(ing.rescanMs),
      oneFileLatencyMs: Math.round(oneFileMs * 10) / 10,
      queryP95Ms: q.p95Ms,
      rosterQueryP95Ms: rq.p95Ms,
      exportXlsxSec: exportSec,
      ...(exporter ? {} : { exportNote: 'src/core/export has no xlsxExporter yet: not measured' }),
      // maxRSS is the process's high-water mark, worker threads included (they share the process).
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      appIngestSec: app.sec,
      appPeakRssMB: app.peakRssMB,
      y05: {
        ingestWithoutSec: sec(without.ms),
        ingestSettleSec: sec(ing.settleMs),
        ingestWithoutSettleSec: sec(without.settleMs),
        indexSec,
        settleSec,
        indexCpuSec: indexCpu.cpuSec,
        indexLoadSec: indexCpu.loadSec,
        indexLoadCpuSec: indexCpu.loadCpuSec,
        settleCpuSec,
        pairsCompared,
        pairsComparedAhead,
        ...(accuracy ? { accuracy } : {}),
        ...copyIndex
      },
      detail: {
        generateSec,
        corpusMB: Math.round(m.bytes / 1e5) / 10,
        layouts: m.entries.reduce<Partial<Record<Layout, number>>>(
          (n, e) => ((n[e.layout] = (n[e.layout] ?? 0) + 1), n),
          {}
        ),
        agencies: m.agencies,
        defects: m.entries.filter(e => e.defect).length,
        cpus: os.cpus().length,
        workers: o.workers ?? 'default',
        dbMB: Math.round(size / 1e5) / 10,
        queries: q.byQuery,
        roster: rq,
        rssAfter,
        dir: o.keep ? dir : null
      }
    }
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true })
  }
}

function parseArgs(argv: string[]): (BenchOptions & { json?: string }) | string {
  const o: BenchOptions & { json?: string } = { reports: 1000 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const v = argv[i + 1]
    const num = (): number => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} 需要一个非负整数`)
      i++
      return n
    }
    try {
      if (a === '--reports') o.reports = num()
      else if (a === '--seed') o.seed = num()
      else if (a === '--workers') o.workers = num()
      else if (a === '--rounds') o.queryRounds = num()
      else if (a === '--keep') o.keep = true
      else if (a === '--own-text') o.ownText = { copyRate: o.ownText?.copyRate ?? 0.01 }
      else if (a === '--copy-rate' && v) {
        const r = Number(v)
        if (!(r >= 0 && r <= 1)) throw new Error('--copy-rate 需要 0 到 1 之间的比例')
        o.ownText = { copyRate: r }
        i++
      } else if (a === '--layouts' && v) {
        o.layouts = parseLayouts(v)
        i++
      } else if (a === '--json' && v) {
        o.json = v
        i++
      } else return `未知参数：${a}`
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  }
  if (o.reports < 1) return '--reports 至少为 1'
  return o
}

/** `docx=0.3,html=0.2` → shares; throws on an unknown layout or a bad number. */
function parseLayouts(v: string): Partial<Record<Layout, number>> {
  const out: Partial<Record<Layout, number>> = {}
  for (const part of v.split(',')) {
    const [name, share] = part.split('=')
    const n = Number(share)
    if (!(LAYOUTS as readonly string[]).includes(name ?? '') || !Number.isFinite(n) || n < 0) {
      throw new Error(`--layouts：无法识别“${part}”（格式：${LAYOUTS.join('|')}=比例，逗号分隔）`)
    }
    out[name as Layout] = n
  }
  return out
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2))
  if (typeof args === 'string') {
    console.error(
      `${args}\n用法：npm run bench -- --reports N [--json out.json] [--keep] [--seed S] [--workers W] [--layouts docx=0.3,…] [--own-text [--copy-rate 0.01]]`
    )
    process.exit(2)
  }
  runBench(args).then(
    r => {
      const text = JSON.stringify(r, null, 2)
      console.log(text)
      if (args.json) writeFileSync(args.json, `${text}\n`)
    },
    err => {
      console.error(err instanceof Error ? err.stack : String(err))
      process.exit(1)
    }
  )
}
