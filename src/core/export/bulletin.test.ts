/**
 * The 通报: its numbers are the Api's (getRanking, getOverview), every late and every
 * not-submitted unit is named, no dismissed finding is counted or quoted, the 公文 page set-up and
 * fonts are in the file, 2,000 units fit, and LibreOffice opens it (rendered to PDF when Debian's
 * soffice is installed).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'
import { Packer } from 'docx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REAL, SAMPLES } from '../../../test/helpers/temp-corpus'
import type { AppEvent } from '../../shared/api'
import {
  DEFAULT_OFFICE,
  DEFAULT_SCORE_WEIGHTS,
  emptyGroups,
  rankUnits,
  summarizeCoverage,
  type UnitYear
} from '../../shared/ranking'
import { extractDocument } from '../extract/index'
import { createService, type Service } from '../service/index'
import { bulletinDocument, bulletinTitle } from './bulletin'

let dir: string
let s: Service
let n = 0

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-bulletin-'))
  const folder = path.join(dir, 'reports')
  await fs.mkdir(folder)
  for (const f of await fs.readdir(SAMPLES))
    await fs.copyFile(path.join(SAMPLES, f), path.join(folder, f))
  // Published 2024-03-08: late for 2023 (an M05), a fifth unit of that year.
  await fs.copyFile(
    path.join(REAL, '014_pingtan_2023_cells.txt'),
    path.join(folder, '014_pingtan_2023_cells.txt')
  )
  s = createService({ dbPath: path.join(dir, 'db', 'n.sqlite'), watch: { stabilityMs: 150 } })
  const idle = new Promise<void>(resolve => {
    const off = s.onEvent((e: AppEvent) => {
      if (e.type === 'idle') {
        off()
        resolve()
      }
    })
  })
  await s.addWatchedFolder({ path: folder })
  await idle
  // The supervisor's deadline for governments a month earlier: 平潭 (published 2024-03-08) is late.
  value(
    await s.updateSettings({
      deadlines: {
        department: { month: 1, day: 31 },
        government: { month: 3, day: 1 },
        township: { month: 1, day: 31 }
      }
    })
  )
}, 60_000)

afterAll(async () => {
  await s.close()
  await fs.rm(dir, { recursive: true, force: true })
})

async function bulletinText(year?: number): Promise<{ text: string; bytes: Buffer }> {
  const file = path.join(dir, `b-${++n}.docx`)
  const r = await s.exportBulletin({ path: file, ...(year ? { year } : {}) })
  if (!r.ok) throw new Error(r.error.message)
  const bytes = readFileSync(file)
  const read = await extractDocument(bytes, 'docx')
  if (!read.ok) throw new Error(read.reason)
  return { text: read.doc.lines.join('\n'), bytes }
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('通报', () => {
  it('states the Api’s figures, names the late units and quotes real open findings', async () => {
    const ranking = value(await s.getRanking({ year: 2023 }))
    const c = ranking.coverage!
    expect(c.required).toBeGreaterThanOrEqual(5)
    expect(c.lateUnits).toContain('平潭综合实验区')
    const overview = value(await s.getOverview({ filter: { years: [2023] } }))
    const { text } = await bulletinText(2023)
    expect(text).toContain(bulletinTitle(2023))
    expect(text).toContain(`${DEFAULT_OFFICE.addressee}：`)
    expect(text).toContain(`应报送年度报告的单位 ${c.required} 家，已报送 ${c.submitted} 家`)
    expect(text).toContain(`逾期报送 ${c.late} 家`)
    expect(text).toContain(`按时报送 ${c.onTime} 家`)
    // The same findings the overview counts for the year (every 2023 report has a unit here).
    expect(text).toContain(
      `其中错误 ${overview.findings.error} 个、警告 ${overview.findings.warning} 个`
    )
    expect(text).toContain(`逾期发布年度报告的单位（${c.late} 家）：${c.lateUnits.join('、')}。`)
    for (const g of overview.byGroup.filter(
      g => g.findings.error + g.findings.warning + g.findings.info > 0
    )) {
      const total = g.findings.error + g.findings.warning + g.findings.info
      expect(text).toMatch(new RegExp(`方面。共 ${total} 个问题`))
    }
    // The worst unit is tabled with its score; the signature and deadline close it.
    const worst = ranking.rows[0]!
    expect(text).toContain(worst.agency)
    expect(text).toMatch(/于\d{4}年\d{1,2}月\d{1,2}日前更正并重新发布年度报告/)
    expect(text).toContain(DEFAULT_OFFICE.issuer)
  })

  it('never counts or quotes a dismissed finding, and uses the office settings', async () => {
    const list = value(
      await s.listReports({
        filter: { years: [2023], search: '川汇区' },
        page: { offset: 0, limit: 10 }
      })
    )
    const report = value(await s.getReport({ id: list.items[0]!.id }))
    const s02 = report.findings.filter(f => f.rule === 'S02')
    expect(s02.length).toBeGreaterThan(0)
    const before = await bulletinText(2023)
    expect(before.text).toContain(
      s02[0]!.message.replace(/[。]$/, '').replace(/“/g, '‘').replace(/”/g, '’').slice(0, 12)
    )
    for (const f of s02)
      value(await s.setReview({ reportId: report.summary.id, key: f.key, decision: 'dismissed' }))
    value(
      await s.updateSettings({
        office: {
          issuer: '某市人民政府办公室',
          addressee: '各县区人民政府，市直各部门',
          rectifyBy: '2025-04-30',
          issuedOn: '2025-03-15'
        }
      })
    )
    const ranking = value(await s.getRanking({ year: 2023 }))
    const after = await bulletinText(2023)
    for (const f of s02)
      expect(after.text).not.toContain(
        f.message.replace(/[。]$/, '').replace(/“/g, '‘').replace(/”/g, '’')
      )
    expect(after.text).not.toContain('章节标题重复、改写或顺序错误')
    const unit = ranking.rows.find(r => r.agency === report.summary.agency)!
    expect(unit.byGroup.S).toBe(
      report.findings.filter(f => f.ruleGroup === 'S' && f.rule !== 'S02').length
    )
    expect(after.text).toContain('各县区人民政府，市直各部门：')
    expect(after.text).toContain('于2025年4月30日前更正')
    expect(after.text).toMatch(/某市人民政府办公室\s*\n\s*2025年3月15日/)
  })

  it('is laid out as a 公文: A4, standard margins, 仿宋 三号 body, 小标宋 title, numbered pages', async () => {
    const { bytes } = await bulletinText()
    const zip = await JSZip.loadAsync(bytes)
    const xml = await zip.file('word/document.xml')!.async('string')
    expect(xml).toMatch(/<w:pgSz w:w="11907" w:h="16840"/)
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"/)
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"[^]*?<w:sz w:val="44"\/>/)
    expect(xml).toMatch(/w:eastAsia="仿宋"[^]*?<w:sz w:val="32"\/>/)
    expect(xml).toContain('w:eastAsia="黑体"')
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter(f => /^word\/footer\d*\.xml$/.test(f))
        .map(f => zip.file(f)!.async('string'))
    )
    expect(footers.join('')).toMatch(/PAGE/)
  })

  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find(p => existsSync(p))
  it.skipIf(!soffice)(
    'opens in LibreOffice: rendered to an A4 PDF whose text has the title',
    async () => {
      const file = path.join(dir, 'render.docx')
      await fs.writeFile(file, (await bulletinText(2023)).bytes)
      const out = path.join(dir, 'pdf')
      execFileSync(
        soffice!,
        [
          '--headless',
          `-env:UserInstallation=file://${dir}/lo`,
          '--convert-to',
          'pdf',
          '--outdir',
          out,
          file
        ],
        {
          timeout: 120_000,
          stdio: 'ignore'
        }
      )
      const pdf = path.join(out, 'render.pdf')
      expect(existsSync(pdf)).toBe(true)
      const info = execFileSync('pdfinfo', [pdf]).toString()
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/)
      const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().replace(/\s+/g, '')
      expect(text).toContain('审查情况的通报')
      expect(text).toContain('整改要求')
    },
    150_000
  )
})

describe('ranking and the 总览 matrix order', () => {
  it('scores each unit with the supervisor’s weights, worst first, equal scores sharing a rank', async () => {
    value(
      await s.updateSettings({ scoreWeights: { missing: 100, late: 50, error: 7, warning: 2 } })
    )
    const r = value(await s.getRanking({ year: 2023 }))
    expect(r.weights).toEqual({ missing: 100, late: 50, error: 7, warning: 2 })
    for (const u of r.rows)
      expect(u.score).toBe((u.status === 'late' ? 50 : 0) + u.errors * 7 + u.warnings * 2)
    for (let i = 1; i < r.rows.length; i++) {
      expect(r.rows[i]!.score).toBeLessThanOrEqual(r.rows[i - 1]!.score)
      if (r.rows[i]!.score === r.rows[i - 1]!.score)
        expect(r.rows[i]!.rank).toBe(r.rows[i - 1]!.rank)
      else expect(r.rows[i]!.rank).toBe(i + 1)
    }
    // The late unit (50 points and its findings) comes first under these weights.
    expect(r.rows[0]!.agency).toBe('平潭综合实验区')
    // Per-group counts add up to the unit's open findings.
    for (const u of r.rows)
      expect(Object.values(u.byGroup).reduce((a, b) => a + b, 0)).toBe(
        u.errors + u.warnings + u.infos
      )
    value(await s.updateSettings({ scoreWeights: DEFAULT_SCORE_WEIGHTS }))
  })

  it('sorts the matrix by 拼音 (not code points) and by problems, worst first', async () => {
    const page = { offset: 0, limit: 100 }
    const byPinyin = value(await s.getMatrix({ page, sort: 'pinyin' })).rows.map(r => r.name)
    expect(byPinyin).toEqual([...byPinyin].sort(new Intl.Collator('zh-CN-u-co-pinyin').compare))
    // 川汇区 (chuan) before 平潭 (ping) before 中卫 (zhong); code points put 中 (U+4E2D) first.
    expect(byPinyin.indexOf('川汇区机关事务中心')).toBeLessThan(byPinyin.indexOf('中卫市民政局'))
    const byName = value(await s.getMatrix({ page })).rows.map(r => r.name)
    expect(byName.indexOf('中卫市民政局')).toBeLessThan(byName.indexOf('川汇区机关事务中心'))
    const worst = value(await s.getMatrix({ page, sort: 'problems' })).rows
    const load = (r: (typeof worst)[number]): [number, number] => [
      r.cells.reduce((n, c) => n + c.errors, 0),
      r.cells.reduce((n, c) => n + c.warnings, 0)
    ]
    for (let i = 1; i < worst.length; i++) {
      const [e0, w0] = load(worst[i - 1]!)
      const [e1, w1] = load(worst[i]!)
      expect(e0 > e1 || (e0 === e1 && w0 >= w1)).toBe(true)
    }
    // Paged: the second page of one continues the first.
    const p1 = value(await s.getMatrix({ page: { offset: 0, limit: 2 }, sort: 'pinyin' })).rows.map(
      r => r.name
    )
    const p2 = value(await s.getMatrix({ page: { offset: 2, limit: 2 }, sort: 'pinyin' })).rows.map(
      r => r.name
    )
    expect([...p1, ...p2]).toEqual(byPinyin.slice(0, 4))
  })
})

describe('通报 of 2,000 units', () => {
  it('names every unit not submitted and every late one, ranks all in the annex, in one document', async () => {
    const units: UnitYear[] = []
    for (let i = 0; i < 2000; i++) {
      const status = i % 7 === 0 ? 'missing' : i % 5 === 0 ? 'late' : 'onTime'
      const byGroup = emptyGroups()
      byGroup.T = status === 'missing' ? 0 : i % 4
      byGroup.A = status === 'missing' ? 0 : i % 3
      units.push({
        agencyKey: `k${i}`,
        agency: `第${i}号单位`,
        level: 'department',
        region: null,
        year: 2024,
        status,
        errors: byGroup.A,
        warnings: byGroup.T,
        infos: 0,
        byGroup
      })
    }
    const coverage = summarizeCoverage(2024, units, true)
    expect(coverage.missing).toHaveLength(units.filter(u => u.status === 'missing').length)
    const rows = rankUnits(units, DEFAULT_SCORE_WEIGHTS)
    const started = Date.now()
    const { doc, units: count } = bulletinDocument({
      ranking: {
        year: 2024,
        years: [2024],
        weights: DEFAULT_SCORE_WEIGHTS,
        coverage,
        rows,
        regions: []
      },
      problems: [],
      unaddressed: 0,
      office: DEFAULT_OFFICE,
      now: new Date(2025, 2, 1)
    })
    const bytes = await Packer.toBuffer(doc)
    const ms = Date.now() - started
    expect(count).toBe(2000)
    const read = await extractDocument(bytes, 'docx')
    if (!read.ok) throw new Error(read.reason)
    const text = read.doc.lines.join('\n')
    for (const u of units.filter(x => x.status === 'missing'))
      expect(text).toContain(`${u.agency}、`.slice(0, -1))
    expect(text).toContain(
      `未报送年度报告的单位（${coverage.missing.length} 家）：${coverage.missing.join('、')}。`
    )
    expect(text).toContain(
      `逾期发布年度报告的单位（${coverage.late} 家）：${coverage.lateUnits.join('、')}。`
    )
    // Every unit a row of the annex.
    for (const u of units) expect(text).toContain(u.agency)
    console.log(`通报 of 2,000 units: ${(bytes.length / 1024).toFixed(0)} KB, ${ms} ms`)
  }, 60_000)
})
