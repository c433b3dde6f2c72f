/**
 * The roster (应报送单位名单) in a real browser: imported from a supervisor's .xlsx (title row above
 * the header) through 设置's file button, then 总览 with the coverage cards, 未报送 cells for the
 * unit that sent nothing (中卫市发展和改革委员会), the problems-only filter and a region filter;
 * and an unlisted agency attached to a unit. Runs on its own server and database.
 */
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  CoverageSummary,
  Matrix,
  Overview,
  ReportDetail,
  RosterUnit
} from '../../src/shared/api'
import { writeRosterXlsx } from '../helpers/roster-fixture'
import { CORPUS_REPORTS } from './corpus'
import { CHROMIUM, openPage, shot, startHarness, type Harness } from './harness'

const haveChromium = existsSync(CHROMIUM)

let h: Harness
let xlsx = ''
const problems: string[] = []
const open = (hash: string): Promise<Page> => openPage(h, problems, hash)

const matrixNames = (page: Page): Promise<string[]> =>
  page
    .locator('.matrix-row .matrix-name')
    .evaluateAll(els => els.map(e => e.firstChild?.textContent ?? ''))

describe.skipIf(!haveChromium)('roster and coverage in chromium', () => {
  beforeAll(async () => {
    h = await startHarness(CORPUS_REPORTS)
    xlsx = path.join(
      await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-roster-e2e-')),
      '应报送单位名单.xlsx'
    )
    await writeRosterXlsx(xlsx)
  }, 300_000)
  afterAll(async () => {
    await h?.close()
    if (xlsx) await fs.rm(path.dirname(xlsx), { recursive: true, force: true })
  })

  it('设置: the roster is imported from an .xlsx with a title row and listed for editing', async () => {
    const page = await open('#/settings')
    await page.getByTestId('roster-file').setInputFiles(xlsx)
    await page.getByText('名单共 5 个单位').waitFor()
    // Polled: the summary line can be drawn before the table's rows (under the whole suite's load
    // a read right after it once found none).
    await expect
      .poll(() =>
        page
          .locator('[data-testid="roster-table"] tbody tr')
          .evaluateAll(rows => rows.map(r => r.getAttribute('data-unit')))
      )
      .toEqual([
        '中卫市民政局',
        '中卫市机关事务服务中心',
        '中卫市发展和改革委员会',
        '中卫市沙坡头区政务服务中心',
        '沙坡头区兴仁镇'
      ])
    // Three agencies of the corpus are on no roster.
    await expect
      .poll(async () =>
        (
          await page
            .locator('[data-testid="roster-unlisted"] li')
            .evaluateAll(els => els.map(e => e.getAttribute('data-agency')))
        ).sort()
      )
      .toEqual(['中卫市教育局', '川汇区机关事务中心', '沙坡头区文昌镇'])
    await page.getByTestId('roster-panel').scrollIntoViewIfNeeded()
    await shot(page, 'roster-editor-1366x768')
    // A bad paste is refused with the row, and the roster stays.
    await page.getByRole('button', { name: '粘贴名单' }).click()
    await page.getByLabel('粘贴的名单').fill('单位名称\t层级\n中卫市民政局\t市级')
    await page.getByRole('button', { name: '以此替换名单' }).click()
    await page.getByText('第 2 行：层级“市级”无法识别').waitFor()
    expect((await h.call<RosterUnit[]>('getRoster')).length).toBe(5)
    await page.close()
  })

  it('总览: coverage cards, and 未报送 shown apart from an empty cell', async () => {
    const cov = (await h.call<Overview>('getOverview', {})).coverage as CoverageSummary
    expect(cov.years).toEqual([2021, 2022, 2023, 2024])
    const page = await open('#/overview')
    await page.getByTestId('coverage-cards').waitFor()
    expect(await page.getByTestId('cov-required').locator('.card-value').textContent()).toBe(
      String(cov.counts.required)
    )
    expect(await page.getByTestId('cov-missing').locator('.card-value').textContent()).toBe(
      String(cov.counts.missing)
    )
    const fgw = page.locator('.matrix-row[data-agency="中卫市发展和改革委员会"]')
    await fgw.waitFor()
    expect(await fgw.locator('.matrix-cell').allTextContents()).toEqual([
      '未报送',
      '未报送',
      '未报送',
      '未报送'
    ])
    expect(await fgw.locator('.matrix-cell[data-coverage="missing"]').count()).toBe(4)
    // An unlisted agency keeps its row, marked 名单外.
    expect(
      await page.locator('.matrix-row[data-agency="中卫市教育局"] .tag-unlisted').textContent()
    ).toBe('名单外')
    expect(
      await page
        .locator('.matrix-row[data-agency="中卫市教育局"] .matrix-cell')
        .first()
        .textContent()
    ).toBe('—')
    await shot(page, 'coverage-overview-1366x768')
    await page.close()
  })

  it('只看有问题的 leaves the units 未报送, 逾期 or with errors; a region filter narrows to its units', async () => {
    const page = await open('#/overview')
    await page.getByTestId('coverage-cards').waitFor()
    const before = await matrixNames(page)
    await page.getByRole('button', { name: '只看有问题的' }).first().click()
    await expect.poll(async () => (await matrixNames(page)).length).toBeLessThan(before.length)
    const rows = page.locator('.matrix-row')
    for (let i = 0; i < (await rows.count()); i++) {
      const marks = await rows
        .nth(i)
        .locator('.matrix-cell')
        .evaluateAll(els =>
          els.map(e => `${e.getAttribute('data-coverage')}/${e.getAttribute('data-status')}`)
        )
      expect(
        marks.some(m => m.startsWith('missing/') || m.startsWith('late/') || m.endsWith('/errors'))
      ).toBe(true)
    }
    expect(await matrixNames(page)).toContain('中卫市发展和改革委员会')
    await shot(page, 'coverage-problems-1366x768')
    await page.getByRole('button', { name: '只看有问题的' }).first().click()
    await page.locator('select.filter-region').selectOption('沙坡头区')
    // With a roster the matrix keeps the roster's order by default (the supervisor's own list,
    // read against it); 按拼音 stays one choice away.
    expect(await page.getByTestId('matrix-sort').inputValue()).toBe('roster')
    await expect
      .poll(() => matrixNames(page))
      .toEqual(['中卫市沙坡头区政务服务中心', '沙坡头区兴仁镇'])
    await page.getByTestId('matrix-sort').selectOption('pinyin')
    await expect
      .poll(() => matrixNames(page))
      .toEqual(['沙坡头区兴仁镇', '中卫市沙坡头区政务服务中心'])
    const regions = page.getByTestId('region-table')
    expect(
      await regions
        .locator('tbody tr')
        .evaluateAll(rs => rs.map(r => r.getAttribute('data-region')))
    ).toEqual(['沙坡头区'])
    await shot(page, 'coverage-region-1366x768')
    // 单位 follows the region, and shows completion per region to switch between them.
    await page.getByRole('tab', { name: '单位' }).click()
    const strip = page.getByTestId('region-strip')
    await strip.waitFor()
    expect(await strip.locator('.chip[aria-pressed="true"]').textContent()).toMatch(/^沙坡头区 88%/)
    await expect
      .poll(() =>
        page.locator('.vtable-row .agency-name .link-button:not(.alias-count)').allTextContents()
      )
      .toEqual(expect.arrayContaining(['沙坡头区政务服务中心', '沙坡头区兴仁镇']))
    expect(await page.locator('.vtable-row').count()).toBe(2)
    await shot(page, 'agencies-region-1366x768')
    await page.close()
  })

  it('an unlisted agency attached to a unit counts for it', async () => {
    const page = await open('#/settings')
    const item = page.locator('[data-testid="roster-unlisted"] li[data-agency="中卫市教育局"]')
    await item.locator('input').fill('中卫市发展和改革委员会')
    await item.getByRole('button', { name: '归入' }).click()
    await page.getByText('名单共 5 个单位').waitFor()
    await expect
      .poll(
        async () =>
          (await h.call<RosterUnit[]>('getRoster')).find(u => u.name === '中卫市发展和改革委员会')
            ?.aliases
      )
      .toEqual(['中卫市教育局'])
    const ov = await open('#/overview')
    const fgw = ov.locator('.matrix-row[data-agency="中卫市发展和改革委员会"]')
    await fgw.waitFor()
    // 教育局 reported 2022–2024, so only 2021 is still 未报送.
    await expect.poll(() => fgw.locator('.matrix-cell[data-coverage="missing"]').count()).toBe(1)
    await page.close()
    await ov.close()
  })

  it('审阅进度 by 所属地区 on 总览 and on 单位’s region chips', async () => {
    const ov = await h.call<Overview>('getOverview', {})
    const byRegion = ov.reviewProgress.byRegion!
    expect(byRegion.length).toBeGreaterThan(0)
    const page = await open('#/overview')
    const panel = page.getByTestId('review-progress')
    await panel.waitFor()
    expect(await panel.locator('th').first().textContent()).toBe('所属地区')
    const rows = await panel
      .locator('[data-testid="progress-row"]')
      .evaluateAll(trs =>
        trs.map(tr => [...tr.querySelectorAll('td')].slice(0, 3).map(td => td.textContent))
      )
    expect(rows).toEqual(
      byRegion.map(r => [
        r.kind === 'unlisted'
          ? '名单外'
          : r.kind === 'none'
            ? '未识别单位'
            : (r.region ?? '未填地区'),
        String(r.reviewed),
        String(r.pending)
      ])
    )
    await panel.scrollIntoViewIfNeeded()
    await shot(page, 'review-progress-region-1366x768')
    // A region's row shows that region.
    const first = byRegion.find(r => r.kind === 'region' && r.region !== null)!
    await panel.getByRole('button', { name: first.region!, exact: true }).click()
    await expect.poll(() => page.locator('select.filter-region').inputValue()).toBe(first.region)
    await page.getByRole('tab', { name: '单位' }).click()
    const chip = page.locator(`[data-testid="region-strip"] .chip[data-region="${first.region}"]`)
    await chip.waitFor()
    expect(await chip.getByTestId('region-review').textContent()).toBe(
      first.pending > 0 ? `待审 ${first.pending}` : '已审'
    )
    await shot(page, 'agencies-region-review-1366x768')
    await page.close()
  })

  it('a colleague’s roster edits are listed to settle, never applied silently', async () => {
    const mine = await h.call<RosterUnit[]>('getRoster')
    const own = JSON.parse((await h.call<{ content: string }>('exportReviewWork')).content) as {
      reviewer: string
      roster: Array<Omit<RosterUnit, 'id'>>
    }
    // 李四 moved 中卫市民政局 to another region and added a unit.
    own.reviewer = '李四'
    own.roster = [
      ...own.roster.map(u => (u.name === '中卫市民政局' ? { ...u, region: '市直' } : u)),
      { ...own.roster[0]!, name: '中卫市财政局', aliases: [] }
    ]
    const file = path.join(path.dirname(xlsx), '审阅决定-李四.json')
    await fs.writeFile(file, JSON.stringify(own))
    const page = await open('#/settings')
    await page.getByTestId('import-review').setInputFiles(file)
    await page.getByTestId('import-result').waitFor()
    expect(await page.getByTestId('import-result').textContent()).toContain('名单有 2 处与本机不同')
    const list = page.getByTestId('roster-conflicts')
    await list.waitFor()
    expect(
      await list
        .locator('[data-testid="roster-conflict"]')
        .evaluateAll(els => els.map(e => e.getAttribute('data-kind')))
    ).toEqual(['change', 'add'])
    // Nothing changed yet.
    expect(await h.call<RosterUnit[]>('getRoster')).toEqual(mine)
    await list.scrollIntoViewIfNeeded()
    await shot(page, 'roster-conflicts-1366x768')
    await list
      .locator('[data-testid="roster-conflict"][data-kind="change"]')
      .getByRole('button', { name: '采用同事的' })
      .click()
    await list
      .locator('[data-testid="roster-conflict"][data-kind="add"]')
      .getByRole('button', { name: '保留本机名单' })
      .click()
    await expect.poll(() => list.count()).toBe(0)
    const after = await h.call<RosterUnit[]>('getRoster')
    expect(after.find(u => u.name === '中卫市民政局')!.region).toBe('市直')
    expect(after.some(u => u.name === '中卫市财政局')).toBe(false)
    await page.close()
  })

  it('a unit whose only report of a year was deleted reads 已删除 there, not 未报送', async () => {
    const m = await h.call<Matrix>('getMatrix', { page: { offset: 0, limit: 50 } })
    const row = m.rows.find(r => r.name === '中卫市机关事务服务中心')!
    const cell = row.cells.find(c => c.reportId !== null && c.duplicates === 0)!
    const report = await h.call<ReportDetail>('getReport', { id: cell.reportId })
    await fs.rm(path.join(report.summary.root, report.summary.file))
    const page = await open('#/overview')
    const shown = page.locator(
      `.matrix-row[data-agency="中卫市机关事务服务中心"] .matrix-cell[data-year="${cell.year}"]`
    )
    await expect.poll(() => shown.textContent(), { timeout: 30_000 }).toBe('已删除')
    // It still opens the report (its decisions kept).
    expect(await shown.isEnabled()).toBe(true)
    await shot(page, 'roster-removed-1366x768')
    await page.close()
  })

  it('raised no console errors', () => {
    expect(problems).toEqual([])
  })
})
