import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli as run } from './helpers/cli-io'
import { writeRosterCsv, writeRosterReports, writeRosterXlsx } from './helpers/roster-fixture'
import { SAMPLES } from './helpers/temp-corpus'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-roster-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const folder = path.join(tmp, 'reports')
mkdirSync(folder)
writeRosterReports(folder)
const csv = path.join(tmp, '名单.csv')
writeRosterCsv(csv)

type Coverage = Array<Record<string, unknown>>

describe('cli audit --roster', () => {
  it('adds cli.md’s coverage array: one entry per unit and year, then the unlisted, keys in order', async () => {
    const { code, io } = await run([
      'audit',
      folder,
      '--roster',
      csv,
      '--years',
      '2022-2023',
      '--json',
      '-'
    ])
    expect(code).toBe(0)
    const out = JSON.parse(io.stdout) as { reports: unknown[]; coverage: Coverage }
    expect(Object.keys(out)).toEqual(['reports', 'coverage'])
    for (const c of out.coverage)
      expect(Object.keys(c)).toEqual([
        'unit',
        'region',
        'year',
        'status',
        'files',
        'published',
        'deadline'
      ])
    const at = (unit: string, year: number) =>
      out.coverage.find(c => c.unit === unit && c.year === year)
    expect(at('中卫市民政局', 2023)).toEqual({
      unit: '中卫市民政局',
      region: '中卫市',
      year: 2023,
      status: 'onTime',
      files: ['001_0a6fcc7805cba63f.txt'],
      published: '2024-01-20',
      deadline: '2024-01-31'
    })
    expect(at('中卫市机关事务服务中心', 2023)).toMatchObject({
      status: 'late',
      published: '2024-03-15',
      deadline: '2024-01-31'
    })
    expect(at('中卫市发展和改革委员会', 2022)).toEqual({
      unit: '中卫市发展和改革委员会',
      region: '中卫市',
      year: 2022,
      status: 'missing',
      files: [],
      published: null,
      deadline: '2023-01-31'
    })
    // The report names the unit by an alias; the entry carries the roster's 单位名称.
    expect(at('中卫市沙坡头区政务服务中心', 2022)).toMatchObject({
      status: 'undated',
      files: ['002_4dd3a57cffab60e6.txt']
    })
    const last = out.coverage[out.coverage.length - 1]!
    expect(last).toEqual({
      unit: '川汇区机关事务中心',
      region: null,
      year: 2023,
      status: 'unlisted',
      files: ['003_af8fd19025225cb0.txt'],
      published: null,
      deadline: null
    })
    // 5 units × 2 years + 1 unlisted.
    expect(out.coverage).toHaveLength(11)
  })

  it('reads the same from the .xlsx; years default to those of the reports', async () => {
    const xlsx = path.join(tmp, '名单.xlsx')
    await writeRosterXlsx(xlsx)
    const fromCsv = JSON.parse(
      (await run(['audit', folder, '--roster', csv, '--json', '-'])).io.stdout
    ) as { coverage: Coverage }
    const fromXlsx = JSON.parse(
      (await run(['audit', folder, '--roster', xlsx, '--json', '-'])).io.stdout
    ) as { coverage: Coverage }
    expect(fromXlsx.coverage).toEqual(fromCsv.coverage)
    expect([...new Set(fromCsv.coverage.map(c => c.year))]).toEqual([2022, 2023])
  })

  it('without --roster the JSON has no coverage key; with it, reports are unchanged', async () => {
    const plain = (await run(['audit', SAMPLES, '--json', '-'])).io.stdout
    const parsed = JSON.parse(plain) as { reports: unknown[] }
    expect(Object.keys(parsed)).toEqual(['reports'])
    const withRoster = JSON.parse(
      (await run(['audit', SAMPLES, '--roster', csv, '--json', '-'])).io.stdout
    ) as { reports: unknown[] }
    expect(withRoster.reports).toEqual(parsed.reports)
    // (cli.md's baseline for the samples and the real corpus was compared byte for byte by hand.)
  })

  it('--xlsx gains the 报送情况 sheet after 汇总: one row per unit and year, status in Chinese, printable', async () => {
    const file = path.join(tmp, '审查.xlsx')
    expect(
      (await run(['audit', folder, '--roster', csv, '--years', '2023', '--xlsx', file])).code
    ).toBe(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const names = wb.worksheets.map(w => w.name)
    expect(names.slice(0, 4)).toEqual(['汇总', '报送情况', '单位排名', '问题清单'])
    const ws = wb.getWorksheet('报送情况')!
    const rows: string[][] = []
    ws.eachRow(r => rows.push(Array.from({ length: 8 }, (_, i) => r.getCell(i + 1).text)))
    expect(rows[0]).toEqual([
      '单位',
      '所属地区',
      '层级',
      '年度',
      '报送情况',
      '发布日期',
      '发布期限',
      '文件'
    ])
    expect(rows.slice(1)).toEqual([
      [
        '中卫市民政局',
        '中卫市',
        '政府部门',
        '2023',
        '按时报送',
        '2024-01-20',
        '2024-01-31',
        '001_0a6fcc7805cba63f.txt'
      ],
      [
        '中卫市机关事务服务中心',
        '中卫市',
        '政府部门',
        '2023',
        '逾期报送',
        '2024-03-15',
        '2024-01-31',
        '000_051f95df41851f1c.txt'
      ],
      ['中卫市发展和改革委员会', '中卫市', '政府部门', '2023', '未报送', '', '2024-01-31', ''],
      [
        '中卫市沙坡头区政务服务中心',
        '沙坡头区',
        '政府部门',
        '2023',
        '未报送',
        '',
        '2024-01-31',
        ''
      ],
      [
        '沙坡头区兴仁镇',
        '沙坡头区',
        '乡镇（街道）',
        '2023',
        '已报送·日期不明',
        '',
        '2024-01-31',
        '004_e6e4943c46b535d8.txt'
      ],
      ['川汇区机关事务中心', '', '政府部门', '2023', '名单外', '', '', '003_af8fd19025225cb0.txt']
    ])
    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(ws.pageSetup.printTitlesRow).toBe('1:1')
    // Without a roster the workbook is as before.
    const plain = path.join(tmp, '无名单.xlsx')
    expect((await run(['audit', folder, '--xlsx', plain])).code).toBe(0)
    const wb2 = new ExcelJS.Workbook()
    await wb2.xlsx.readFile(plain)
    expect(wb2.worksheets.map(w => w.name)).not.toContain('报送情况')
  })

  it('a roster 层级 sets the deadline of M05 and of the coverage alike', async () => {
    const rows = (await import('./helpers/roster-fixture')).ROSTER_ROWS.map(r =>
      r[1] === '中卫市机关事务服务中心' ? [r[0]!, r[1], '人民政府', r[3]!, r[4]!] : r
    )
    const gov = path.join(tmp, '名单-人民政府.csv')
    writeRosterCsv(gov, rows)
    type Out = {
      reports: Array<{ file: string; findings: Array<{ rule: string }> }>
      coverage?: Coverage
    }
    const m05 = (o: Out) =>
      o.reports
        .find(r => r.file === '000_051f95df41851f1c.txt')!
        .findings.some(f => f.rule === 'M05')
    const plain = JSON.parse((await run(['audit', folder, '--json', '-'])).io.stdout) as Out
    expect(m05(plain)).toBe(true)
    const db = path.join(tmp, 'keep-levels.sqlite')
    // A kept database that knew the agency at its inferred level before the roster came.
    await run(['audit', folder, '--db', db, '--json', '-'])
    for (const args of [[], ['--db', db]]) {
      const out = JSON.parse(
        (await run(['audit', folder, '--roster', gov, ...args, '--json', '-'])).io.stdout
      ) as Out
      expect(m05(out)).toBe(false)
      expect(
        out.coverage!.find(c => c.unit === '中卫市机关事务服务中心' && c.year === 2023)
      ).toMatchObject({ status: 'onTime', deadline: '2024-03-31' })
    }
  })

  it('refuses a bad roster or --years before auditing, naming the row', async () => {
    const bad = path.join(tmp, 'bad.csv')
    writeRosterCsv(bad, [['1', '中卫市民政局', '市级', '中卫市', '']])
    let r = await run(['audit', folder, '--roster', bad, '--json', '-'])
    expect(r.code).not.toBe(0)
    expect(r.io.stderr.join('\n')).toMatch(/名单文件 .*bad\.csv 有误：第 2 行：层级“市级”无法识别/)
    expect(r.io.stdout).toBe('')
    r = await run(['audit', folder, '--roster', csv, '--years', '2024-2021'])
    expect(r.io.stderr.join('\n')).toMatch(/--years 须为年度或年度范围/)
    r = await run(['audit', folder, '--years', '2023'])
    expect(r.io.stderr.join('\n')).toMatch(/须与 --roster 一起使用/)
  })
})

describe('cli audit --roster --bulletin', () => {
  it('the 通报 counts the roster’s units and names the unit with no report under 未报送', async () => {
    const { extractDocument } = await import('../src/core/extract/index')
    const { readFileSync } = await import('node:fs')
    const file = path.join(tmp, '通报.docx')
    const { code, io } = await run([
      'audit',
      folder,
      '--roster',
      csv,
      '--bulletin',
      file,
      '--year',
      '2023',
      '--json',
      '-'
    ])
    expect(code, io.stderr.join('\n')).toBe(0)
    const out = JSON.parse(io.stdout) as { coverage: Coverage }
    const y2023 = out.coverage.filter(c => c.year === 2023 && c.status !== 'unlisted')
    const missing = y2023.filter(c => c.status === 'missing').map(c => String(c.unit))
    expect(missing).toContain('中卫市发展和改革委员会')
    const read = await extractDocument(readFileSync(file), 'docx')
    if (!read.ok) throw new Error(read.reason)
    const text = read.doc.lines.join('')
    expect(text).toContain(
      `应报送年度报告的单位 ${y2023.length} 家，已报送 ${y2023.length - missing.length} 家`
    )
    expect(text).not.toContain('未导入应报送单位名单')
    const named = /未报送年度报告的单位（(\d+) 家）：([^。]*)。/.exec(text)!
    expect(Number(named[1])).toBe(missing.length)
    for (const unit of missing) expect(named[2]).toContain(unit)
  }, 60_000)
})
