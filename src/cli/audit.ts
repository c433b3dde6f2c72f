/**
 * `audit <folder> [--db <file>] [--json <file>|-] [--xlsx <file>]` (shared/spec/cli.md), and
 * `--notices <file.docx>`: the 整改意见 document the app's 导出整改意见 writes.
 * `--bulletin <file.docx> [--year <Y>]`: the 通报 of one reporting year (export/bulletin.ts).
 * Exit 0 whenever the run completed; bad arguments or an unusable folder/database are UsageErrors.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { exportBulletin } from '../core/export/bulletin'
import { assertNever } from '../shared/assert'
import { exportWorkbook } from '../core/export/index'
import { exportNotices } from '../core/export/notices'
import { auditFolder, type Progress } from '../core/pipeline/index'
import { createSpareWorker } from '../core/pipeline/spare'
import { dbErrorCause } from '../core/store/errors'
import { openStore, type Store } from '../core/store/index'
import { coverage, reportFiles } from '../core/store/queries/coverage'
import { replaceRoster } from '../core/store/roster'
import { getRuleSettings } from '../core/store/settings'
import { readRosterFile } from '../core/ingest/roster-file'
import { applyRosterLevels } from '../core/service/handlers/roster'
import { RosterError, type RosterUnitInput } from '../shared/roster'
import { parseArgs, UsageError } from './args'
import type { CliIo } from './io'
import { cliJson, type CoverageJson } from './report-json'

export const AUDIT_USAGE =
  'npm run cli -- audit <folder> [--db <file.sqlite>] [--json <file>|-] [--xlsx <file>] [--notices <file.docx>] [--bulletin <file.docx> [--year <Y>]] [--roster <file.xlsx|file.csv>] [--years <Y1>-<Y2>]'

/** `--years 2021-2024` or `--years 2023`. */
export function parseYears(text: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text.trim())
  const from = Number(m?.[1])
  const to = m?.[2] ? Number(m[2]) : from
  if (!m || from < 1990 || to > 2200 || from > to || to - from > 100) {
    throw new UsageError(`--years 须为年度或年度范围，如 2023 或 2021-2024：${text}`)
  }
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/** Read before the audit, so a bad roster is refused at once, with the row it stumbled on. */
async function readRoster(file: string): Promise<RosterUnitInput[]> {
  const bytes = await fs.readFile(path.resolve(file)).catch((err: unknown) => {
    throw new UsageError(
      `无法读取名单文件 ${file}：${err instanceof Error ? err.message : String(err)}`
    )
  })
  try {
    return await readRosterFile(path.basename(file), bytes)
  } catch (err) {
    if (err instanceof RosterError) throw new UsageError(`名单文件 ${file} 有误：${err.message}`)
    throw err
  }
}

/** Refuses an output file up front (inside the audited folder, or in no folder) rather than audit and then fail to write it. */
async function checkOutput(folder: string, file: string | undefined, what: string): Promise<void> {
  if (file === undefined) return
  const rel = path.relative(folder, path.resolve(file))
  if (!rel.startsWith('..') && !path.isAbsolute(rel))
    throw new UsageError(`${what}不能放在被检查的文件夹内：${file}`)
  const dir = await fs.stat(path.dirname(path.resolve(file))).catch(() => null)
  if (!dir?.isDirectory()) throw new UsageError(`${what}所在的文件夹不存在：${file}`)
}

export async function auditCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, [
    'db',
    'json',
    'xlsx',
    'notices',
    'bulletin',
    'year',
    'roster',
    'years'
  ])
  if (positionals.length !== 1)
    throw new UsageError(`需要且只需要一个文件夹参数。用法：${AUDIT_USAGE}`)
  const folder = path.resolve(positionals[0]!)
  const st = await fs.stat(folder).catch(() => null)
  if (!st) throw new UsageError(`文件夹不存在：${positionals[0]}`)
  if (!st.isDirectory()) throw new UsageError(`不是文件夹：${positionals[0]}`)
  try {
    await fs.readdir(folder)
  } catch {
    throw new UsageError(`无法读取文件夹：${positionals[0]}`)
  }
  const xlsx = options.get('xlsx')
  await checkOutput(folder, xlsx, 'Excel 文件')
  const notices = options.get('notices')
  if (notices !== undefined && !/\.docx$/i.test(notices))
    throw new UsageError(`整改意见须保存为 .docx 文件：${notices}`)
  await checkOutput(folder, notices, '整改意见文件')
  const bulletin = options.get('bulletin')
  if (bulletin !== undefined && !/\.docx$/i.test(bulletin))
    throw new UsageError(`通报须保存为 .docx 文件：${bulletin}`)
  await checkOutput(folder, bulletin, '通报文件')
  const yearText = options.get('year')
  if (yearText !== undefined && !/^(19|2\d)\d\d$/.test(yearText))
    throw new UsageError(`--year 须为四位年份：${yearText}`)
  if (yearText !== undefined && bulletin === undefined)
    throw new UsageError('--year 只与 --bulletin 一起使用')
  const yearsOption = options.get('years')
  const years = yearsOption === undefined ? undefined : parseYears(yearsOption)
  const rosterFile = options.get('roster')
  if (years && rosterFile === undefined)
    throw new UsageError('--years 是名单核对的年度，须与 --roster 一起使用')
  const roster = rosterFile === undefined ? null : await readRoster(rosterFile)

  const dbOption = options.get('db')
  let tmpDir: string | null = null
  let dbPath: string
  if (dbOption) {
    dbPath = path.resolve(dbOption)
    const rel = path.relative(folder, dbPath)
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) {
      // cli.md: the command never writes inside the audited folder.
      throw new UsageError(`数据库文件不能放在被检查的文件夹内：${dbOption}`)
    }
  } else {
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-cli-'))
    dbPath = path.join(tmpDir, 'audit.sqlite')
  }

  let store: Store
  try {
    store = await openStore(dbPath)
  } catch (err) {
    // In words, naming the cause (a full disk, a damaged file), not SQLite's code (issue #19).
    const why =
      (await dbErrorCause(err, dbPath)) ?? (err instanceof Error ? err.message : String(err))
    throw new UsageError(`无法使用数据库 ${dbOption ?? dbPath}：${why}`)
  }
  const logger = {
    info: () => undefined,
    warn: (m: string) => io.err(m),
    error: (m: string) => io.err(m)
  }
  // A folder too small for the pool still reads its PDF and Word files in a worker, where pdfjs
  // loads without tsx (this thread runs under it): 50 PDFs 9.5 → 7.1 s, peak 648 → 493 MB (#8).
  const spare = createSpareWorker(logger)
  try {
    // The roster before the audit: an agency first seen takes its unit's 层级 (M05's deadline), as
    // in the app; one already in a kept --db is set to it here.
    if (roster) {
      await replaceRoster(store.db, roster)
      await applyRosterLevels(store, logger)
    }
    const started = Date.now()
    const result = await auditFolder(folder, store, {
      onProgress: io.stderrIsTty ? (p: Progress) => io.progress(progressLine(p)) : undefined,
      logger,
      spare
    })
    const reports = await store.reportsJson(result.root)
    let coverageJson: CoverageJson[] | undefined
    if (roster) coverageJson = await cliCoverage(store, result.root, years)
    const json = options.get('json')
    if (json === '-') io.out(cliJson(reports, coverageJson))
    else if (json) {
      await fs
        .writeFile(path.resolve(json), cliJson(reports, coverageJson))
        .catch((err: unknown) => {
          throw new UsageError(
            `无法写入 JSON 文件 ${json}：${err instanceof Error ? err.message : String(err)}`
          )
        })
    }
    if (xlsx !== undefined) {
      await exportWorkbook(store, {
        file: path.resolve(xlsx),
        roots: [result.root],
        dataFolders: [result.root],
        coverageYears: years,
        onProgress: io.stderrIsTty
          ? (done, total) => io.progress(`正在导出 Excel ${done}/${total}`)
          : undefined
      }).catch((err: unknown) => {
        throw new UsageError(
          `无法写入 Excel 文件 ${xlsx}：${err instanceof Error ? err.message : String(err)}`
        )
      })
    }
    if (notices !== undefined) {
      const n = await exportNotices(store, {
        file: path.resolve(notices),
        roots: [result.root]
      }).catch((err: unknown) => {
        throw new UsageError(
          `无法写入整改意见 ${notices}：${err instanceof Error ? err.message : String(err)}`
        )
      })
      io.err(`整改意见：${n.reports} 份，列出问题 ${n.findings} 个`)
    }
    if (bulletin !== undefined) {
      const b = await exportBulletin(store, {
        file: path.resolve(bulletin),
        roots: [result.root],
        ...(yearText !== undefined ? { year: Number(yearText) } : {})
      }).catch((err: unknown) => {
        if (err instanceof Error && err.name === 'NoReports')
          throw new UsageError(`无法生成通报：${err.message}`)
        throw new UsageError(
          `无法写入通报 ${bulletin}：${err instanceof Error ? err.message : String(err)}`
        )
      })
      io.err(`通报：${b.year} 年度，${b.units} 家单位，问题 ${b.findings} 个`)
    }
    if (io.stderrIsTty) io.progress('')
    const counts = { error: 0, warning: 0, info: 0 }
    for (const r of reports) for (const f of r.findings) counts[f.severity]++
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    io.err(
      `共 ${result.files} 个文件：新读取 ${result.parsed}，未变 ${result.unchanged}，已删除 ${result.removed}，` +
        `无法识别 ${reports.filter(r => r.findings.some(f => f.rule === 'M03')).length}；` +
        `问题 ${counts.error} 个错误、${counts.warning} 个警告、${counts.info} 个提示（${secs} 秒）`
    )
    return 0
  } finally {
    await spare.close()
    await store.close()
    if (tmpDir) await fs.rm(tmpDir, { recursive: true, force: true })
  }
}

/** cli.md's `coverage`: files relative to the audited folder, like `reports[].file`. */
async function cliCoverage(
  store: Store,
  root: string,
  years: number[] | undefined
): Promise<CoverageJson[]> {
  const c = await coverage(store.db, await getRuleSettings(store.db), { years, roots: [root] })
  if (!c) return []
  const files = await reportFiles(
    store.db,
    c.entries.flatMap(e => e.reportIds)
  )
  return c.entries.map(e => ({
    unit: e.unit,
    region: e.region,
    year: e.year,
    status: e.status,
    files: e.reportIds
      .map(id => files.get(id)?.path ?? '')
      .filter(p => p !== '')
      .sort(),
    published: e.published,
    deadline: e.deadline
  }))
}

function progressLine(p: Progress): string {
  switch (p.phase) {
    case 'scan':
      return '正在扫描文件夹…'
    case 'read':
      return `正在读取 ${p.done + 1}/${p.total} ${p.file ?? ''}${p.ocr ? `（文字识别第 ${p.ocr.page}/${p.ocr.pages} 页）` : ''}`
    case 'rules':
      return '正在进行跨年度与重复检查…'
    case 'done':
      return ''
    default:
      return assertNever(p.phase, 'unknown progress phase')
  }
}
