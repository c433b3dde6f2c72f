import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterEach, describe, expect, it } from 'vitest'
import { readRosterFile } from '../src/core/ingest/roster-file'
import { auditFolder } from '../src/core/pipeline/index'
import { mergeAgencies } from '../src/core/pipeline/admin'
import { openStore } from '../src/core/store/index'
import { coverage } from '../src/core/store/queries/coverage'
import {
  attachToRosterUnit,
  listRoster,
  replaceRoster,
  updateRosterUnit
} from '../src/core/store/roster'
import { getRuleSettings } from '../src/core/store/settings'
import { readUserData, restoreUserData } from '../src/core/store/user-data'
import { countCoverage, rosterFromText, RosterError } from '../src/shared/roster'
import {
  ROSTER_HEADER,
  ROSTER_ROWS,
  writeRosterCsv,
  writeRosterReports,
  writeRosterXlsx
} from './helpers/roster-fixture'
import { sandbox, type Sandbox } from './helpers/temp-corpus'

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

async function rosterError(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(RosterError)
  return (err as Error).message
}

describe('roster files', () => {
  it('reads the same units from an .xlsx with a title row and from a GB18030 .csv', async () => {
    sb = await sandbox(false)
    const xlsx = path.join(sb.dir, '应报送单位名单.xlsx')
    const csv = path.join(sb.dir, '应报送单位名单.csv')
    await writeRosterXlsx(xlsx)
    writeRosterCsv(csv)
    // The csv really is GB18030: not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(csv))).toThrow()
    const fromXlsx = await readRosterFile('应报送单位名单.xlsx', readFileSync(xlsx))
    const fromCsv = await readRosterFile('应报送单位名单.csv', readFileSync(csv))
    expect(fromCsv).toEqual(fromXlsx)
    expect(fromXlsx.map(u => u.name)).toEqual(ROSTER_ROWS.map(r => r[1]))
    const spt = fromXlsx.find(u => u.name === '中卫市沙坡头区政务服务中心')!
    expect(spt).toMatchObject({
      level: 'department',
      region: '沙坡头区',
      aliases: ['沙坡头区政务服务中心', '沙坡头区政务大厅']
    })
    expect(fromXlsx.find(u => u.name === '沙坡头区兴仁镇')!.level).toBe('township')
  })

  it('reads UTF-8 csv with and without a BOM, and 起始年度 / 终止年度', async () => {
    const text =
      '单位名称,所属地区,起始年度,终止年度\n中卫市民政局,中卫市,,\n"中卫市审批服务管理局",中卫市,2019,2022年\n'
    const plain = await readRosterFile('a.csv', Buffer.from(text, 'utf8'))
    const bom = await readRosterFile(
      'a.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
    )
    expect(bom).toEqual(plain)
    expect(plain[1]).toMatchObject({
      name: '中卫市审批服务管理局',
      startYear: 2019,
      endYear: 2022,
      level: null
    })
  })

  it('refuses a bad file with a message naming the row', async () => {
    const bad = (rows: string[][]): Buffer =>
      iconv.encode([ROSTER_HEADER, ...rows].map(r => r.join(',')).join('\r\n'), 'gb18030')
    expect(
      await rosterError(readRosterFile('x.csv', bad([['1', '中卫市民政局', '市级', '中卫市', '']])))
    ).toMatch(/^第 2 行：层级“市级”无法识别/)
    expect(
      await rosterError(
        readRosterFile(
          'x.csv',
          bad([
            ['1', '中卫市民政局', '', '', ''],
            ['2', '', '政府部门', '中卫市', '']
          ])
        )
      )
    ).toBe('第 3 行：单位名称为空（该行其他列有内容）。')
    expect(
      await rosterError(
        readRosterFile(
          'x.csv',
          bad([
            ['1', '中卫市民政局', '', '', ''],
            ['2', '中卫市 民政局', '', '', '']
          ])
        )
      )
    ).toMatch(/第 3 行：名称“中卫市 民政局”已在第 2 行/)
    expect(await rosterError(readRosterFile('x.csv', Buffer.from('名称,地区\n甲,乙\n')))).toMatch(
      /没有找到表头/
    )
    expect(await rosterError(readRosterFile('x.xls', Buffer.from('abc')))).toMatch(
      /另存为 \.xlsx 或 \.csv/
    )
    expect(await rosterError(readRosterFile('x.xlsx', Buffer.from('not a zip')))).toMatch(
      /无法读取 Excel 文件/
    )
    expect(
      await rosterError(readRosterFile('x.csv', Buffer.from('单位名称\n"中卫市民政局\n')))
    ).toMatch(/第 2 行：引号没有闭合/)
  })

  it('takes pasted text, one unit a line, or rows copied from a spreadsheet with their header', () => {
    expect(rosterFromText('中卫市民政局\r\n\r\n  中卫市财政局 \n').map(u => u.name)).toEqual([
      '中卫市民政局',
      '中卫市财政局'
    ])
    const copied = rosterFromText('单位名称\t所属地区\n中卫市民政局\t中卫市\n')
    expect(copied).toEqual([
      {
        name: '中卫市民政局',
        level: null,
        region: '中卫市',
        aliases: [],
        startYear: null,
        endYear: null
      }
    ])
    expect(() => rosterFromText('甲\n甲\n')).toThrow(/第 2 行/)
  })
})

describe('coverage', () => {
  async function setUp(): Promise<Sandbox> {
    const s = await sandbox(false)
    writeRosterReports(s.folder)
    await auditFolder(s.folder, s.store, { workers: 0 })
    const xlsx = path.join(s.dir, 'roster.xlsx')
    await writeRosterXlsx(xlsx)
    await replaceRoster(s.store.db, await readRosterFile('roster.xlsx', readFileSync(xlsx)))
    return s
  }

  it('gives each roster unit and year its status, by alias and level deadline, and lists the unlisted', async () => {
    sb = await setUp()
    const c = (await coverage(sb.store.db, await getRuleSettings(sb.store.db), {
      years: [2022, 2023]
    }))!
    expect(c.years).toEqual([2022, 2023])
    const at = (unit: string, year: number) =>
      c.entries.find(e => e.unit === unit && e.year === year)
    expect(at('中卫市民政局', 2023)).toMatchObject({
      status: 'onTime',
      published: '2024-01-20',
      deadline: '2024-01-31',
      region: '中卫市'
    })
    expect(at('中卫市机关事务服务中心', 2023)).toMatchObject({
      status: 'late',
      published: '2024-03-15',
      deadline: '2024-01-31'
    })
    expect(at('中卫市发展和改革委员会', 2023)).toMatchObject({
      status: 'missing',
      reportId: null,
      published: null,
      deadline: '2024-01-31'
    })
    expect(at('中卫市民政局', 2022)!.status).toBe('missing')
    // Reported under its alias; the entry carries the roster's name.
    expect(at('中卫市沙坡头区政务服务中心', 2022)).toMatchObject({
      status: 'undated',
      region: '沙坡头区'
    })
    expect(at('沙坡头区政务服务中心', 2022)).toBeUndefined()
    expect(at('沙坡头区兴仁镇', 2023)).toMatchObject({
      status: 'undated',
      level: 'township',
      deadline: '2024-01-31'
    })
    const unlisted = c.entries.filter(e => e.status === 'unlisted')
    expect(unlisted.map(e => [e.unit, e.year])).toEqual([['川汇区机关事务中心', 2023]])
    expect(unlisted[0]!.deadline).toBeNull()
    // 5 units × 2 years, plus one unlisted.
    expect(countCoverage(c.entries)).toEqual({
      required: 10,
      reported: 4,
      onTime: 1,
      late: 1,
      undated: 2,
      missing: 6,
      unlisted: 1
    })
    // The government deadline (3 月 31 日) applies once the unit is set as one.
    const id = c.units.find(u => u.name === '中卫市机关事务服务中心')!.id
    await updateRosterUnit(sb.store.db, id, { level: 'government' })
    const c2 = (await coverage(sb.store.db, await getRuleSettings(sb.store.db), { years: [2023] }))!
    expect(c2.entries.find(e => e.unitId === id)).toMatchObject({
      status: 'onTime',
      deadline: '2024-03-31'
    })
  })

  it('years default to those of the reports; a unit outside its 起始/终止年度 is not required', async () => {
    sb = await setUp()
    const units = await listRoster(sb.store.db)
    await updateRosterUnit(sb.store.db, units.find(u => u.name === '中卫市发展和改革委员会')!.id, {
      startYear: 2024
    })
    const c = (await coverage(sb.store.db, await getRuleSettings(sb.store.db)))!
    expect(c.years).toEqual([2022, 2023])
    expect(c.entries.some(e => e.unit === '中卫市发展和改革委员会')).toBe(false)
  })

  it('follows the supervisor’s merges, and attaching an unlisted agency records an alias', async () => {
    sb = await setUp()
    const settings = await getRuleSettings(sb.store.db)
    const unit = (await listRoster(sb.store.db)).find(u => u.name === '中卫市机关事务服务中心')!
    await attachToRosterUnit(sb.store.db, unit.id, '川汇区机关事务中心', '川汇区机关事务中心')
    expect((await listRoster(sb.store.db)).find(u => u.id === unit.id)!.aliases).toContain(
      '川汇区机关事务中心'
    )
    let c = (await coverage(sb.store.db, settings, { years: [2023] }))!
    expect(c.entries.filter(e => e.status === 'unlisted')).toEqual([])
    // Both reports now count for the unit; the earlier published one (the undated counts last) is shown.
    expect(c.entries.find(e => e.unitId === unit.id)).toMatchObject({
      status: 'late',
      reportIds: expect.arrayContaining([expect.any(Number), expect.any(Number)])
    })
    // A merge made in 单位 is followed: the roster names the township by its government's name,
    // which matches no report until the supervisor merges the two names.
    await replaceRoster(
      sb.store.db,
      await readRosterFile('r.csv', Buffer.from('单位名称\n沙坡头区兴仁镇人民政府\n'))
    )
    c = (await coverage(sb.store.db, settings, { years: [2023] }))!
    expect(c.entries.find(e => e.unit === '沙坡头区兴仁镇人民政府')!.status).toBe('missing')
    await mergeAgencies(sb.store, '沙坡头区兴仁镇人民政府', '沙坡头区兴仁镇')
    c = (await coverage(sb.store.db, settings, { years: [2023] }))!
    expect(c.entries.find(e => e.unit === '沙坡头区兴仁镇人民政府')!.status).toBe('undated')
  })

  it('a unit whose only report was deleted reads 已删除 in the matrix, not 未报送; rows default to the roster’s order', async () => {
    sb = await setUp()
    const { matrix } = await import('../src/core/store/queries/overview')
    const page = { offset: 0, limit: 50 }
    const cell = async (unit: string, year: number) =>
      (await matrix(sb!.store.db, {}, page, 'roster')).rows
        .find(r => r.name === unit)!
        .cells.find(c => c.year === year)!
    const before = await cell('中卫市民政局', 2023)
    expect(before).toMatchObject({ removed: false, coverage: 'onTime' })
    rmSync(path.join(sb.folder, '001_0a6fcc7805cba63f.txt'))
    await auditFolder(sb.folder, sb.store, { workers: 0 })
    expect(await cell('中卫市民政局', 2023)).toMatchObject({
      removed: true,
      reportId: before.reportId,
      status: 'none'
    })
    // A unit that never reported still reads 未报送.
    expect(await cell('中卫市发展和改革委员会', 2023)).toMatchObject({
      removed: false,
      coverage: 'missing',
      reportId: null
    })
    // The roster's own order (the supervisor's list), then the unlisted; 拼音 on request.
    const names = (sort: 'roster' | 'pinyin') =>
      matrix(sb!.store.db, {}, page, sort).then(m => m.rows.map(r => r.name))
    expect(await names('roster')).toEqual([...ROSTER_ROWS.map(r => r[1]), '川汇区机关事务中心'])
    expect((await names('pinyin'))[0]).toBe('沙坡头区兴仁镇')
  })

  it('review progress (已审 / 待审) per 所属地区, in roster order, agreeing with the units’ own', async () => {
    sb = await setUp()
    const { reviewProgress, agencyReviewProgress } =
      await import('../src/core/store/queries/review-progress')
    const db = sb.store.db
    const c = (await coverage(db, await getRuleSettings(db)))!
    // Expected from the coverage's matching and the per-agency progress (the 单位 rows).
    const expected = async () => {
      const byRegion = new Map<string, { reviewed: number; pending: number }>()
      for (const u of c.units) {
        const keys = c.unitKeys.get(u.id) ?? []
        const per = await agencyReviewProgress(db, {}, keys)
        const acc = byRegion.get(u.region!) ?? { reviewed: 0, pending: 0 }
        for (const p of per.values()) {
          acc.reviewed += p.reviewed
          acc.pending += p.pending
        }
        byRegion.set(u.region!, acc)
      }
      return [...byRegion].filter(([, p]) => p.reviewed + p.pending > 0)
    }
    const shown = async () =>
      ((await reviewProgress(db)).byRegion ?? [])
        .filter(r => r.kind === 'region')
        .map(r => [r.region, { reviewed: r.reviewed, pending: r.pending }])
    expect(await shown()).toEqual(await expected())
    expect((await shown()).map(r => r[0])).toEqual(['中卫市', '沙坡头区'])
    // 川汇区机关事务中心 is on no roster: its report counts under 名单外.
    expect((await reviewProgress(db)).byRegion!.map(r => r.kind)).toContain('unlisted')

    // Every error and warning of one 中卫市 unit's report decided: 中卫市 gains one 已审.
    const before = (await shown()).find(r => r[0] === '中卫市')![1] as { reviewed: number }
    const keys = c.units.filter(u => u.region === '中卫市').flatMap(u => c.unitKeys.get(u.id) ?? [])
    const report = await db.get<{ id: number }>(
      `SELECT id FROM reports WHERE n_error + n_warning > 0 AND agency_key IN (SELECT value FROM json_each(?))
       ORDER BY id LIMIT 1`,
      [JSON.stringify(keys)]
    )
    const findings = await db.all<{ rule: string; loc_key: string; message: string }>(
      `SELECT rule, loc_key, message FROM findings WHERE report_id = ? AND severity IN ('error', 'warning')`,
      [report!.id]
    )
    expect(findings.length).toBeGreaterThan(0)
    for (const f of findings)
      await sb.store.setDecision({
        reportId: report!.id,
        rule: f.rule as never,
        locKey: f.loc_key,
        decision: 'confirmed',
        message: f.message
      })
    const after = (await shown()).find(r => r[0] === '中卫市')![1] as { reviewed: number }
    expect(after.reviewed).toBe(before.reviewed + 1)
    expect(await shown()).toEqual(await expected())

    // Without a roster: by level only, as before.
    await replaceRoster(db, [])
    expect((await reviewProgress(db)).byRegion).toBeUndefined()
  })

  it('replaces the roster whole or not at all, and keeps it in the user-data backup', async () => {
    sb = await setUp()
    const before = await listRoster(sb.store.db)
    const dup = [...before.map(({ id: _id, ...u }) => u), { ...before[0]!, aliases: [] }]
    await expect(replaceRoster(sb.store.db, dup)).rejects.toThrow(/UNIQUE/)
    expect(await listRoster(sb.store.db)).toEqual(before)

    const saved = await readUserData(sb.store.db, new Date())
    expect(saved.roster!.map(u => u.name)).toEqual(ROSTER_ROWS.map(r => r[1]))
    const other = await openStore(path.join(sb.dir, 'new.sqlite'))
    try {
      await restoreUserData(other.db, JSON.parse(JSON.stringify(saved)))
      expect((await listRoster(other.db)).map(({ id: _id, ...u }) => u)).toEqual(
        before.map(({ id: _id, ...u }) => u)
      )
    } finally {
      await other.close()
    }
  })
})

describe('roster edits shared between colleagues', () => {
  const boxes: Sandbox[] = []
  afterEach(async () => {
    for (const b of boxes.splice(0)) await b.cleanup()
  })

  async function colleague(name: string, withRoster = true) {
    const { sharingHandlers } = await import('../src/core/service/handlers/sharing')
    const { silentLogger } = await import('../src/core/logger')
    const s = await sandbox(false)
    boxes.push(s)
    writeRosterReports(s.folder)
    await auditFolder(s.folder, s.store, { workers: 0 })
    if (withRoster) {
      const xlsx = path.join(s.dir, 'roster.xlsx')
      await writeRosterXlsx(xlsx)
      await replaceRoster(s.store.db, await readRosterFile('roster.xlsx', readFileSync(xlsx)))
    }
    await s.store.setSetting('reviewerName', name)
    const ctx = {
      withStore: (fn: (st: typeof s.store) => unknown) => fn(s.store),
      emit: () => undefined,
      now: () => new Date('2026-12-06T10:00:00Z'),
      logger: silentLogger
    } as unknown as Parameters<typeof sharingHandlers>[0]
    return { s, h: sharingHandlers(ctx) }
  }

  function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }

  it('lists every difference by unit name to settle (added, removed, renamed, changed), takes new aliases, overwrites nothing', async () => {
    const a = await colleague('张三')
    const b = await colleague('李四')
    const unitOf = async (db: typeof a.s.store.db, name: string) =>
      (await listRoster(db)).find(u => u.name === name)
    // 张三's edits: a unit added, one removed, one renamed, a region changed, an unlisted report attached.
    const { addRosterUnit, removeRosterUnit } = await import('../src/core/store/roster')
    await addRosterUnit(a.s.store.db, {
      name: '中卫市财政局',
      level: 'department',
      region: '中卫市',
      aliases: [],
      startYear: null,
      endYear: null
    })
    await removeRosterUnit(a.s.store.db, (await unitOf(a.s.store.db, '中卫市发展和改革委员会'))!.id)
    await updateRosterUnit(a.s.store.db, (await unitOf(a.s.store.db, '沙坡头区兴仁镇'))!.id, {
      name: '沙坡头区兴仁镇人民政府'
    })
    await updateRosterUnit(a.s.store.db, (await unitOf(a.s.store.db, '中卫市民政局'))!.id, {
      region: '市直'
    })
    await attachToRosterUnit(
      a.s.store.db,
      (await unitOf(a.s.store.db, '中卫市机关事务服务中心'))!.id,
      '川汇区机关事务中心',
      '川汇区机关事务中心'
    )
    const before = await listRoster(b.s.store.db)

    const file = value(await a.h.exportReviewWork())
    expect(file.units).toBe(5)
    const got = value(await b.h.importReviewWork({ content: file.content }))
    expect(got.roster).toEqual({ added: 0, aliases: 1, conflicts: 4 })
    // Only the alias came in: no unit of 李四's was added, removed, renamed or changed.
    const after = await listRoster(b.s.store.db)
    expect(
      after.map(u => ({ ...u, aliases: u.aliases.filter(x => x !== '川汇区机关事务中心') }))
    ).toEqual(before)
    expect(after.find(u => u.name === '中卫市机关事务服务中心')!.aliases).toContain(
      '川汇区机关事务中心'
    )
    const conflicts = value(await b.h.listRosterConflicts())
    const byKind = Object.fromEntries(conflicts.map(c => [c.kind, c]))
    expect(Object.keys(byKind).sort()).toEqual(['add', 'change', 'remove', 'rename'])
    expect(byKind.add!.theirs!.name).toBe('中卫市财政局')
    expect(byKind.remove!.mine!.name).toBe('中卫市发展和改革委员会')
    expect([byKind.rename!.mine!.name, byKind.rename!.theirs!.name]).toEqual([
      '沙坡头区兴仁镇',
      '沙坡头区兴仁镇人民政府'
    ])
    expect([byKind.change!.mine!.region, byKind.change!.theirs!.region]).toEqual(['中卫市', '市直'])
    expect(conflicts.every(c => c.reviewer === '张三')).toBe(true)
    // Unsettled, they are in the backup.
    expect((await readUserData(b.s.store.db, new Date())).rosterConflicts).toHaveLength(4)

    // Settled: the addition, the rename and the region taken; the removal refused.
    for (const [kind, take] of [
      ['add', 'theirs'],
      ['rename', 'theirs'],
      ['change', 'theirs'],
      ['remove', 'mine']
    ] as const)
      value(await b.h.settleRosterConflict({ id: byKind[kind]!.id, take }))
    const settled = await listRoster(b.s.store.db)
    expect(settled.map(u => u.name).sort()).toEqual(
      [
        '中卫市民政局',
        '中卫市机关事务服务中心',
        '中卫市发展和改革委员会',
        '中卫市沙坡头区政务服务中心',
        '沙坡头区兴仁镇人民政府',
        '中卫市财政局'
      ].sort()
    )
    expect(settled.find(u => u.name === '沙坡头区兴仁镇人民政府')!.aliases).toContain(
      '沙坡头区兴仁镇'
    )
    expect(settled.find(u => u.name === '中卫市民政局')!.region).toBe('市直')
    expect(value(await b.h.listRosterConflicts())).toEqual([])
    expect((await b.h.settleRosterConflict({ id: byKind.add!.id, take: 'theirs' })).ok).toBe(false)
    // The renamed township still finds its report.
    const c = (await coverage(b.s.store.db, await getRuleSettings(b.s.store.db), {
      years: [2023]
    }))!
    expect(c.entries.find(e => e.unit === '沙坡头区兴仁镇人民政府')!.status).toBe('undated')

    // A colleague with no roster yet takes the file's whole.
    const empty = await colleague('王五', false)
    const taken = value(await empty.h.importReviewWork({ content: file.content }))
    expect(taken.roster).toEqual({ added: 5, aliases: 0, conflicts: 0 })
    expect((await listRoster(empty.s.store.db)).map(({ id: _id, ...u }) => u)).toEqual(
      (await listRoster(a.s.store.db)).map(({ id: _id, ...u }) => u)
    )
  })
})
