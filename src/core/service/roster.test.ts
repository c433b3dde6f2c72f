import { promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeRosterReports, writeRosterXlsx } from '../../../test/helpers/roster-fixture'
import type { AppEvent, Result } from '../../shared/api'
import { validateArgs } from '../../shared/schemas'
import { createService, type Service } from './index'

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

function waitEvent(s: Service, pred: (e: AppEvent) => boolean, ms = 10_000): Promise<AppEvent> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms)
    const off = s.onEvent(e => {
      if (pred(e)) {
        clearTimeout(t)
        off()
        resolve(e)
      }
    })
  })
}

/** The roster fixture's reports watched by a service, and its roster imported as the app does. */
async function withRoster(): Promise<{ s: Service; dbPath: string; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-roster-svc-'))
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }))
  const folder = path.join(dir, 'reports')
  await fs.mkdir(folder)
  writeRosterReports(folder)
  const dbPath = path.join(dir, 'db', 'n.sqlite')
  const s = createService({ dbPath, watch: { stabilityMs: 150 } })
  cleanup.push(() => s.close())
  const idle = waitEvent(s, e => e.type === 'idle')
  await s.addWatchedFolder({ path: folder })
  await idle
  const xlsx = path.join(dir, '名单.xlsx')
  await writeRosterXlsx(xlsx)
  const args = { fileName: '名单.xlsx', dataBase64: readFileSync(xlsx).toString('base64') }
  expect(validateArgs('importRoster', args).ok).toBe(true)
  expect(value(await s.importRoster(args))).toHaveLength(5)
  return { s, dbPath, dir }
}

describe('roster in the app', () => {
  it('overview cards count 应报/已报/按时/逾期/未报 and completion per region', async () => {
    const { s } = await withRoster()
    const all = value(await s.getOverview({}))
    expect(all.coverage!.years).toEqual([2022, 2023])
    expect(all.coverage!.counts).toEqual({
      required: 10,
      reported: 4,
      onTime: 1,
      late: 1,
      undated: 2,
      missing: 6,
      unlisted: 1
    })
    const y2023 = value(await s.getOverview({ filter: { years: [2023] } })).coverage!
    expect(y2023.counts).toMatchObject({ required: 5, reported: 3, onTime: 1, late: 1, missing: 2 })
    expect(y2023.regions.map(r => [r.region, r.required, r.reported, r.rate])).toEqual([
      ['中卫市', 3, 2, 2 / 3],
      ['沙坡头区', 2, 1, 0.5]
    ])
    // Without a roster the overview has no coverage at all.
    value(await s.clearRoster())
    expect('coverage' in value(await s.getOverview({}))).toBe(false)
  })

  it('matrix rows: every unit (未报送 included), then the unlisted; problems and region filters', async () => {
    const { s } = await withRoster()
    const m = value(
      await s.getMatrix({ filter: { years: [2023] }, page: { offset: 0, limit: 50 } })
    )
    expect(m.rows.map(r => [r.name, r.cells[0]!.coverage])).toEqual([
      ['中卫市民政局', 'onTime'],
      ['中卫市机关事务服务中心', 'late'],
      ['中卫市发展和改革委员会', 'missing'],
      ['中卫市沙坡头区政务服务中心', 'missing'],
      ['沙坡头区兴仁镇', 'undated'],
      ['川汇区机关事务中心', 'unlisted']
    ])
    expect(m.rows[2]!.cells[0]).toMatchObject({
      status: 'none',
      reportId: null,
      deadline: '2024-01-31'
    })
    expect(m.rows[5]).toMatchObject({ unitId: null, region: null })
    const problems = value(
      await s.getMatrix({
        filter: { years: [2023], problems: true },
        page: { offset: 0, limit: 50 }
      })
    )
    // 未报送, 逾期, or a report with errors (兴仁镇's sample has one: it is in although reported).
    expect(m.rows[4]!.cells[0]!.errors).toBeGreaterThan(0)
    expect(m.rows[5]!.cells[0]!.errors).toBe(0)
    expect(problems.rows.map(r => r.name)).toEqual([
      '中卫市机关事务服务中心',
      '中卫市发展和改革委员会',
      '中卫市沙坡头区政务服务中心',
      '沙坡头区兴仁镇'
    ])
    const spt = value(
      await s.getMatrix({ filter: { regions: ['沙坡头区'] }, page: { offset: 0, limit: 50 } })
    )
    expect(spt.rows.map(r => r.name)).toEqual(['中卫市沙坡头区政务服务中心', '沙坡头区兴仁镇'])
    expect(spt.years).toEqual([2022, 2023])
    // In the report lists, 只看有问题的 keeps reports with errors or published late (M05).
    const listed = value(
      await s.listReports({ filter: { problems: true }, page: { offset: 0, limit: 50 } })
    )
    expect(listed.items.map(r => r.agency).sort()).toEqual([
      '中卫市机关事务服务中心',
      '沙坡头区兴仁镇'
    ])
    expect(listed.items.find(r => r.agency === '中卫市机关事务服务中心')).toMatchObject({
      findings: { error: 0 }
    })
    // The region filter narrows the report lists too: the alias's 2022 report and 兴仁镇's.
    const reports = value(
      await s.listReports({ filter: { regions: ['沙坡头区'] }, page: { offset: 0, limit: 50 } })
    )
    expect(reports.items.map(r => r.agency).sort()).toEqual([
      '沙坡头区兴仁镇',
      '沙坡头区政务服务中心'
    ])
  })

  it('edits the roster, attaches an unlisted agency, refuses a bad file, and keeps it in the backup', async () => {
    const { s, dbPath, dir } = await withRoster()
    const units = value(await s.getRoster())
    const bad = await s.importRoster({ text: '单位名称\t层级\n中卫市民政局\t市级\n' })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^第 2 行：层级“市级”/) }
    })
    expect(value(await s.getRoster())).toEqual(units)

    const added = value(
      await s.addRosterUnit({ name: '中卫市财政局', region: '中卫市', level: 'department' })
    )
    expect(added.map(u => u.name)).toContain('中卫市财政局')
    const dup = await s.addRosterUnit({ name: '中卫市 民政局' })
    expect(dup).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    const fgw = units.find(u => u.name === '中卫市发展和改革委员会')!
    const renamed = value(
      await s.updateRosterUnit({ id: fgw.id, name: '中卫市发展改革委', region: '中卫市本级' })
    )
    expect(renamed.find(u => u.id === fgw.id)).toMatchObject({
      name: '中卫市发展改革委',
      region: '中卫市本级',
      aliases: ['中卫市发展和改革委员会']
    })
    value(await s.removeRosterUnit({ id: units.find(u => u.name === '沙坡头区兴仁镇')!.id }))

    const unlisted = value(
      await s.getCoverage({ filter: { years: [2023] }, page: { offset: 0, limit: 100 } })
    )!.items.find(e => e.status === 'unlisted')!
    const jg = units.find(u => u.name === '中卫市机关事务服务中心')!
    value(await s.attachToRosterUnit({ unitId: jg.id, agencyKey: unlisted.agencyKey! }))
    const after = value(
      await s.getCoverage({ filter: { years: [2023] }, page: { offset: 0, limit: 100 } })
    )!
    expect(after.items.filter(e => e.status === 'unlisted').map(e => e.unit)).toEqual([
      '沙坡头区兴仁镇'
    ])
    expect(after.summary.counts.unlisted).toBe(1)

    await s.close()
    const backup = JSON.parse(readFileSync(`${dbPath}.user-data.json`, 'utf8')) as {
      roster: Array<{ name: string; aliases: string[] }>
    }
    expect(backup.roster.map(u => u.name)).toEqual([
      '中卫市民政局',
      '中卫市机关事务服务中心',
      '中卫市发展改革委',
      '中卫市沙坡头区政务服务中心',
      '中卫市财政局'
    ])
    expect(backup.roster[1]!.aliases).toEqual(['川汇区机关事务中心'])
    // A lost database comes back with the roster.
    await fs
      .rm(path.dirname(dbPath), { recursive: true, force: true })
      .then(() => fs.mkdir(path.dirname(dbPath)))
    await fs.writeFile(`${dbPath}.user-data.json`, JSON.stringify(backup))
    const again = createService({ dbPath, autoWatch: false })
    cleanup.push(() => again.close())
    expect((await again.ready()).ok).toBe(true)
    expect(value(await again.getRoster()).map(u => u.name)).toEqual(backup.roster.map(u => u.name))
    void dir
  })
})

describe('roster in the ranking and the 通报 (coverage-summary.ts)', () => {
  it('counts the roster’s units: a unit with no report is named 未报送 and ranked worst, the numbers getCoverage/getOverview give', async () => {
    const { s, dir } = await withRoster()
    const ranking = value(await s.getRanking({ year: 2023 }))
    const c = ranking.coverage!
    const overview = value(await s.getOverview({ filter: { years: [2023] } })).coverage!.counts
    const cov = value(
      await s.getCoverage({ filter: { years: [2023] }, page: { offset: 0, limit: 100 } })
    )!
    expect(cov.summary.counts).toEqual(overview)
    expect(c).toMatchObject({
      year: 2023,
      fromRoster: true,
      required: overview.required,
      submitted: overview.reported,
      onTime: overview.onTime,
      late: overview.late,
      undated: overview.undated
    })
    expect(c.missing.length).toBe(overview.missing)
    const missing = cov.items.filter(e => e.status === 'missing').map(e => e.unit)
    expect([...c.missing].sort()).toEqual([...missing].sort())
    expect(c.missing).toContain('中卫市发展和改革委员会')
    expect(c.lateUnits).toEqual(cov.items.filter(e => e.status === 'late').map(e => e.unit))
    // Ranked worst: the 未报送 units first, above every reporting unit.
    const worst = ranking.rows.filter(r => r.status === 'missing')
    expect(worst.map(r => r.agency).sort()).toEqual([...missing].sort())
    expect(
      ranking.rows.slice(0, worst.length).every(r => r.status === 'missing' && r.rank === 1)
    ).toBe(true)
    for (const r of ranking.rows.slice(worst.length)) expect(r.score).toBeLessThan(worst[0]!.score)
    // Statuses and regions are the roster's; the unlisted agency is there as 名单外.
    for (const e of cov.items) {
      const row = ranking.rows.find(r => r.agency === e.unit)
      expect(row, e.unit).toMatchObject({ status: e.status, region: e.region, level: e.level })
    }
    expect(ranking.regions.sort()).toEqual(['中卫市', '沙坡头区'])

    const file = path.join(dir, '通报.docx')
    const exported = await s.exportBulletin({ path: file, year: 2023 })
    expect(exported.ok).toBe(true)
    const { extractDocument } = await import('../extract/index')
    const read = await extractDocument(readFileSync(file), 'docx')
    if (!read.ok) throw new Error(read.reason)
    const text = read.doc.lines.join('')
    expect(text).toContain(
      `应报送年度报告的单位 ${overview.required} 家，已报送 ${overview.reported} 家`
    )
    expect(text).toContain(`未报送 ${overview.missing} 家`)
    expect(text).not.toContain('未导入应报送单位名单')
    const named = /未报送年度报告的单位（\d+ 家）：([^。]*)。/.exec(text)
    expect(named).not.toBeNull()
    for (const unit of missing) expect(named![1]).toContain(unit)
  }, 60_000)
})
