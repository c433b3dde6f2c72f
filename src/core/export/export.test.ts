/**
 * The workbook read back with ExcelJS: sheets, row counts against the database, the house style,
 * print set-up, known cells of the samples and of Pingtan 2019-2025, filters and review decisions.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REAL, sandbox, type Sandbox } from '../../../test/helpers/temp-corpus'
import type { Tables } from '../../shared/model'
import { REVIEW_COLUMN_LABELS } from '../../shared/template'
import { auditFolder } from '../pipeline/index'
import { readRanking, reportYears } from '../store/queries/ranking'
import { exportWorkbook, SHEET_NAMES, type ExportOptions } from './index'
import { applicationHeader } from './labels'
import { FILLS } from './sheet-writer'

const PINGTAN = ['010', '011', '012', '013', '014', '015', '016'].map(n =>
  readdirSync(REAL).find(f => f.startsWith(`${n}_pingtan_`) && f.endsWith('_cells.txt'))!
)

const GOLDEN = path.resolve(__dirname, '../../../test/fixtures/golden')

let sb: Sandbox
let n = 0

beforeAll(async () => {
  sb = await sandbox(true)
  for (const f of PINGTAN) copyFileSync(path.join(REAL, f), path.join(sb.folder, f))
  await auditFolder(sb.folder, sb.store)
})
afterAll(async () => {
  await sb.cleanup()
})

async function exportAndRead(opts: Partial<ExportOptions> = {}) {
  const file = path.join(sb.dir, `out-${++n}.xlsx`)
  const result = await exportWorkbook(sb.store, {
    file,
    now: new Date(2025, 2, 14, 9, 30),
    ...opts
  })
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(file)
  return { result, wb, file }
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name)
  if (!ws) throw new Error(`no sheet ${name}`)
  return ws
}

/** Data rows as objects keyed by header text. */
function records(ws: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String)
  const out: Array<Record<string, unknown>> = []
  ws.eachRow((row, i) => {
    if (i === 1) return
    const rec: Record<string, unknown> = {}
    headers.forEach((h, c) => {
      rec[h] = row.getCell(c + 1).value
    })
    out.push(rec)
  })
  return out
}

async function count(sql: string, params: Array<string | number> = []): Promise<number> {
  return (await sb.store.db.get<{ n: number }>(sql, params))!.n
}

describe('exportWorkbook', () => {
  it('writes the eight sheets with one row per report and per finding', async () => {
    const { result, wb } = await exportAndRead()
    expect(wb.worksheets.map(w => w.name)).toEqual([...SHEET_NAMES])
    const reports = await count(`SELECT count(*) AS n FROM reports WHERE status = 'current'`)
    const findings = await count(
      `SELECT count(*) AS n FROM findings f JOIN reports r ON r.id = f.report_id WHERE r.status = 'current'`
    )
    expect(reports).toBe(5 + PINGTAN.length)
    expect(result.reports).toBe(reports)
    expect(result.findings).toBe(findings)
    for (const name of ['汇总', '依申请公开', '主动公开', '复议诉讼']) {
      expect(sheet(wb, name).actualRowCount - 1, name).toBe(reports)
    }
    expect(sheet(wb, '问题清单').actualRowCount - 1).toBe(findings)
    // 同比: one row per agency-year that has a report.
    const agencyYears = await count(
      `SELECT count(*) AS n FROM (SELECT DISTINCT agency_key, year FROM reports
       WHERE status = 'current' AND agency_key IS NOT NULL AND year IS NOT NULL)`
    )
    expect(sheet(wb, '同比').actualRowCount - 1).toBe(agencyYears)
    // Per report, 汇总's counts add up to its rows in 问题清单 (no decisions yet).
    const perReport = new Map<string, number>()
    for (const f of records(sheet(wb, '问题清单')))
      perReport.set(String(f['文件']), (perReport.get(String(f['文件'])) ?? 0) + 1)
    for (const r of records(sheet(wb, '汇总'))) {
      expect(Number(r['错误']) + Number(r['警告']) + Number(r['提示'])).toBe(
        perReport.get(String(r['文件'])) ?? 0
      )
    }
  })

  it('styles every list sheet: bold header, frozen header row, autofilter, landscape fit to width', async () => {
    const { wb } = await exportAndRead()
    for (const name of SHEET_NAMES) {
      const ws = sheet(wb, name)
      expect(ws.getRow(1).getCell(1).font?.bold, name).toBe(true)
      expect(ws.views[0]?.state, name).toBe('frozen')
      expect((ws.views[0] as { ySplit?: number }).ySplit, name).toBe(1)
      expect(ws.pageSetup.orientation, name).toBe('landscape')
      expect(ws.pageSetup.fitToPage, name).toBe(true)
      expect(ws.pageSetup.fitToWidth, name).toBeGreaterThanOrEqual(1)
      expect(ws.pageSetup.printTitlesRow, name).toBe('1:1')
      if (name !== '说明') expect(ws.autoFilter, name).toBeTruthy()
    }
    // The meeting's sheets on one page across, the rest across as many as keep them at 80 % or more.
    expect(sheet(wb, '汇总').pageSetup.fitToWidth).toBe(1)
    expect(sheet(wb, '问题清单').pageSetup.fitToWidth).toBe(1)
    expect(sheet(wb, '单位排名').pageSetup.fitToWidth).toBe(1)
    for (const name of SHEET_NAMES) {
      const ws = sheet(wb, name)
      const inches = (ws.columns ?? []).reduce((n, c) => n + ((c.width ?? 9) * 7 + 5) / 96, 0)
      const scale = Math.min(1, ((ws.pageSetup.fitToWidth ?? 1) * (11.69 - 0.8)) / inches)
      expect(scale, name).toBeGreaterThanOrEqual(0.8)
    }
    // The 182-column table keeps agency and year in view and on every printed page.
    const apps = sheet(wb, '依申请公开')
    expect((apps.views[0] as { xSplit?: number }).xSplit).toBe(2)
    expect(apps.pageSetup.printTitlesColumn).toBe('A:B')
  })

  it('ranks every unit of every year in 单位排名 as the ranking Api does', async () => {
    const { wb } = await exportAndRead()
    const rows = records(sheet(wb, '单位排名'))
    expect(rows.length).toBe(
      await count(`SELECT count(*) AS n FROM (SELECT DISTINCT agency_key, year FROM reports
        WHERE status = 'current' AND superseded = 0 AND agency_key IS NOT NULL AND year IS NOT NULL)`)
    )
    const weights = (await sb.store.getSettings()).scoreWeights
    for (const year of await reportYears(sb.store.db)) {
      const api = await readRanking(sb.store.db, weights, { year })
      const mine = rows.filter(r => r['年度'] === year)
      expect(
        mine.map(r => [r['排名'], r['单位'], r['得分'], r['错误'], r['警告'], r['结构'], r['表格']])
      ).toEqual(
        api.rows.map(u => [
          u.rank,
          u.agency,
          u.score,
          u.errors,
          u.warnings,
          u.byGroup.S,
          u.byGroup.T
        ])
      )
    }
  })

  it('holds the known figures of the samples and Pingtan', async () => {
    const { wb } = await exportAndRead()
    const proactive = records(sheet(wb, '主动公开'))
    const minzheng = proactive.find(r => r['单位'] === '中卫市民政局' && r['年度'] === 2023)!
    expect(minzheng['行政许可\n本年处理决定数量']).toBe(7)
    expect(minzheng['行政处罚\n本年处理决定数量']).toBe(21)
    expect(minzheng['行政规范性文件\n现行有效件数']).toBe(1)

    const apps = records(sheet(wb, '依申请公开'))
    const pt2021 = apps.find(r => r['单位'] === '平潭综合实验区' && r['年度'] === 2021)!
    expect(pt2021['本年新收\n总计']).toBe(70)
    // 2019-format reports get the single 其他处理 row.
    expect(Object.keys(pt2021)).toContain('其他处理（2019格式）\n总计')

    // Fees keep their decimals and show them.
    const ws = sheet(wb, '主动公开')
    const feeCol = (ws.getRow(1).values as unknown[]).indexOf(
      '行政事业性收费\n本年收费金额（万元）'
    )
    expect(feeCol).toBeGreaterThan(0)
    const fees = await sb.store.db.get<{ fees: number }>(
      `SELECT fees FROM reports WHERE year = 2021 AND agency_name LIKE '平潭%'`
    )
    const ptRow = proactive.findIndex(r => r['单位'] === '平潭综合实验区' && r['年度'] === 2021) + 2
    expect(ws.getRow(ptRow).getCell(feeCol).value).toBe(fees!.fees)
    expect(ws.getRow(ptRow).getCell(feeCol).numFmt).toMatch(/0\.00/)

    // A table the parser could not read is blank with a note, never zeros.
    const pt2019 = proactive.find(r => r['单位'] === '平潭综合实验区' && r['年度'] === 2019)!
    expect(pt2019['说明']).toBe('未找到该表')
    expect(pt2019['行政许可\n本年处理决定数量']).toBeNull()

    // 同比: received by year and the change against the year before, from the tables.
    const trend = records(sheet(wb, '同比')).filter(r => r['单位'] === '平潭综合实验区')
    expect(trend.map(r => r['年度'])).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025])
    const t2021 = trend.find(r => r['年度'] === 2021)!
    const t2022 = trend.find(r => r['年度'] === 2022)!
    expect(t2021['本年新收申请']).toBe(70)
    expect(t2022['较上年增减']).toBe(Number(t2022['本年新收申请']) - 70)
  })

  it('puts every applications and review cell of Pingtan 2019-2025 where the hand-typed golden has it', async () => {
    const { wb } = await exportAndRead()
    const apps = records(sheet(wb, '依申请公开'))
    const rl = records(sheet(wb, '复议诉讼'))
    let checked = 0
    for (const f of PINGTAN) {
      const golden = JSON.parse(
        readFileSync(path.join(GOLDEN, `real__${f.replace(/\.txt$/, '')}.json`), 'utf8')
      ) as { year: number; uncertain?: string[]; tables: Tables }
      const skip = new Set(golden.uncertain ?? [])
      const a = apps.find(r => r['单位'] === '平潭综合实验区' && r['年度'] === golden.year)!
      for (const [row, cols] of Object.entries(golden.tables.applications ?? {})) {
        for (const [col, v] of Object.entries(cols)) {
          if (skip.has(`applications.${row}.${col}`)) continue
          expect(a[applicationHeader(row, col)], `${golden.year} ${row}.${col}`).toBe(v)
          checked++
        }
      }
      const r = rl.find(x => x['单位'] === '平潭综合实验区' && x['年度'] === golden.year)!
      for (const [group, cols] of Object.entries(golden.tables.reviewLitigation ?? {})) {
        const short = {
          review: '行政复议',
          litigationDirect: '诉讼·直接起诉',
          litigationAfterReview: '诉讼·复议后起诉'
        }[group]
        for (const [col, v] of Object.entries(cols)) {
          const label = REVIEW_COLUMN_LABELS[col as keyof typeof REVIEW_COLUMN_LABELS]
          expect(r[`${short}\n${label}`], `${golden.year} ${group}.${col}`).toBe(v)
          checked++
        }
      }
    }
    // 7 reports × (23 or 25 rows × 7 columns + 15 review cells).
    expect(checked).toBeGreaterThan(7 * (23 * 7 + 15) - 1)
  })

  it('shades severities in 问题清单 and names rules in Chinese', async () => {
    const { wb } = await exportAndRead()
    const ws = sheet(wb, '问题清单')
    const recs = records(ws)
    const i = recs.findIndex(r => r['严重程度'] === '错误')
    expect(i).toBeGreaterThanOrEqual(0)
    const cell = ws.getRow(i + 2).getCell(5)
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILLS.error)
    const t01 = recs.find(r => r['规则编号'] === 'T01')!
    expect(t01['规则名称']).toBe('缺少统计表')
    expect(t01['审阅结论']).toBe('未审阅')
  })

  it('follows a year filter in every sheet', async () => {
    const { result, wb } = await exportAndRead({ filters: { years: [2023] } })
    const reports2023 = await count(
      `SELECT count(*) AS n FROM reports WHERE status = 'current' AND year = 2023`
    )
    expect(result.reports).toBe(reports2023)
    for (const name of ['汇总', '问题清单', '依申请公开', '主动公开', '复议诉讼', '同比']) {
      const years = new Set(records(sheet(wb, name)).map(r => r['年度']))
      expect([...years], name).toEqual([2023])
    }
    expect(sheet(wb, '汇总').actualRowCount - 1).toBe(reports2023)
    const notes = records(sheet(wb, '说明'))
    expect(notes.find(r => r['项目'] === '筛选条件')?.['内容']).toBe('年度：2023')
    expect(notes.find(r => r['项目'] === '导出时间')?.['内容']).toBe('2025-03-14 09:30')
  })

  it('lists only the filtered rule group, and leaves dismissed findings out unless asked', async () => {
    const { wb } = await exportAndRead({ filters: { groups: ['S'] } })
    const rules = new Set(records(sheet(wb, '问题清单')).map(r => String(r['规则编号'])))
    expect([...rules].every(r => r.startsWith('S'))).toBe(true)
    expect(rules.size).toBeGreaterThan(0)

    const report = (await sb.store.db.get<{ id: number; path: string }>(
      `SELECT r.id, f.path FROM reports r JOIN files f ON f.id = r.file_id WHERE r.year = 2021 AND f.path LIKE '%pingtan%'`
    ))!
    const detail = (await sb.store.getReport(report.id))!
    const s05 = detail.findings.find(f => f.rule === 'S05')!
    await sb.store.setDecision({
      reportId: report.id,
      rule: 'S05',
      locKey: s05.locKey,
      decision: 'dismissed',
      note: '已在其他文件报告',
      reviewer: '王五'
    })
    try {
      const open = await exportAndRead({ filters: { years: [2021] } })
      const openRows = records(sheet(open.wb, '问题清单')).filter(r => r['文件'] === report.path)
      expect(openRows.some(r => r['规则编号'] === 'S05')).toBe(false)
      const all = await exportAndRead({ filters: { years: [2021], includeDismissed: true } })
      const row = records(sheet(all.wb, '问题清单')).find(
        r => r['文件'] === report.path && r['规则编号'] === 'S05'
      )!
      expect(row['审阅结论']).toBe('排除')
      expect(row['审阅备注']).toBe('已在其他文件报告')
      expect(row['审阅人']).toBe('王五')
      expect(all.result.findings).toBe(open.result.findings + 1)
    } finally {
      await sb.store.clearDecision(report.id, 'S05', s05.locKey)
    }
  })

  it('reads in pages without losing or repeating a row', async () => {
    const big = await exportAndRead()
    const paged = await exportAndRead({ pageSize: 5 })
    for (const name of SHEET_NAMES) {
      if (name === '说明') continue
      expect(records(sheet(paged.wb, name)), name).toEqual(records(sheet(big.wb, name)))
    }
  })

  it('continues a sheet past the row limit on 名称（2）…, every row kept in order, each part a full sheet', async () => {
    const whole = await exportAndRead()
    const limit = 10
    const { result, wb } = await exportAndRead({ rowLimit: limit })
    const names = wb.worksheets.map(w => w.name)
    expect(result.sheets).toEqual(names)
    const findings = whole.result.findings
    expect(findings).toBeGreaterThan(2 * limit)
    // 说明 gains rows saying where sheets continue: compared below, not row for row.
    for (const base of SHEET_NAMES.filter(n => n !== '说明')) {
      const parts = names.filter(n => n === base || n.startsWith(`${base}（`))
      const expected = records(sheet(whole.wb, base))
      // The parts follow their sheet directly, numbered from 2, full but the last.
      const at = names.indexOf(base)
      expect(names.slice(at, at + parts.length), base).toEqual(parts)
      expect(parts, base).toEqual([base, ...parts.slice(1).map((_, i) => `${base}（${i + 2}）`)])
      expect(parts.length, base).toBe(Math.max(1, Math.ceil(expected.length / limit)))
      const rows = parts.flatMap(n => records(sheet(wb, n)))
      expect(rows, base).toEqual(expected)
      for (const n of parts) {
        const ws = sheet(wb, n)
        expect(ws.actualRowCount - 1, n).toBeLessThanOrEqual(limit)
        expect(ws.getRow(1).getCell(1).font?.bold, n).toBe(true)
        expect((ws.views[0] as { ySplit?: number }).ySplit, n).toBe(1)
        expect(ws.pageSetup.printTitlesRow, n).toBe('1:1')
        expect(String(ws.autoFilter), n).toMatch(new RegExp(`^A1:[A-Z]+${ws.actualRowCount}$`))
      }
    }
    expect(names.filter(n => n.startsWith('问题清单（')).length).toBe(
      Math.ceil(findings / limit) - 1
    )
    // 说明 says where 问题清单 continues (说明 itself is split too at this limit: read all parts).
    const notes = names.filter(n => n.startsWith('说明')).flatMap(n => records(sheet(wb, n)))
    const sequel = notes.find(
      r => r['项目'] === '续表' && String(r['内容']).startsWith('“问题清单”')
    )
    expect(String(sequel?.['内容'])).toContain(`共 ${findings} 行`)
    expect(String(sequel?.['内容'])).toContain('“问题清单（2）”')
    expect(records(sheet(whole.wb, '说明')).some(r => r['项目'] === '续表')).toBe(false)
  })

  it('reports progress to the end and leaves no temp file; a failed export leaves nothing', async () => {
    const seen: Array<[number, number]> = []
    const { file } = await exportAndRead({ onProgress: (d, t) => seen.push([d, t]) })
    const last = seen[seen.length - 1]!
    expect(last[0]).toBe(last[1])
    expect(last[1]).toBeGreaterThan(0)
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true)
    expect(readdirSync(path.dirname(file)).filter(f => f.endsWith('.tmp'))).toEqual([])

    const missing = path.join(sb.dir, 'no-such-folder', 'out.xlsx')
    await expect(exportWorkbook(sb.store, { file: missing })).rejects.toThrow()
    expect(readdirSync(sb.dir).filter(f => f.endsWith('.tmp'))).toEqual([])
  })
})

describe('audit --xlsx', () => {
  it('writes the workbook of the audited folder only', async () => {
    const { main } = await import('../../cli/index')
    const errs: string[] = []
    const io = {
      out: () => undefined,
      err: (l: string) => void errs.push(l),
      progress: () => undefined,
      stderrIsTty: false
    }
    const file = path.join(sb.dir, 'cli.xlsx')
    // The sandbox db also holds the folder audited above; a second folder must not leak into it.
    const other = path.join(sb.dir, 'other')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(other)
    copyFileSync(path.join(REAL, PINGTAN[2]!), path.join(other, 'pt.txt'))
    await auditFolder(other, sb.store)
    expect(
      await main(['audit', sb.folder, '--db', sb.dbPath, '--xlsx', file], io),
      errs.join('\n')
    ).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const rows = records(sheet(wb, '汇总'))
    expect(rows).toHaveLength(5 + PINGTAN.length)
    expect(rows.some(r => r['文件'] === 'pt.txt')).toBe(false)
    expect(records(sheet(wb, '说明')).find(r => r['项目'] === '数据文件夹')?.['内容']).toBe(
      sb.folder
    )
  })
})
