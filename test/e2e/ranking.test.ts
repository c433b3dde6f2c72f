/**
 * 排名 and the closing documents in a real browser: the ranking as the Api ranks it (worst first,
 * sortable by 拼音, weights written above it), the 导出通报 and 导出整改意见 dialogs, the 通报
 * downloaded and read back, and 设置 › 单位信息. Screenshots at 1366×768 for a human to look at.
 */
import { existsSync, promises as fs } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ranking, WatchStatus } from '../../src/shared/api'
import { extractDocument } from '../../src/core/extract/index'
import { CORPUS_REPORTS } from './corpus'
import { CHROMIUM, openPage, shot, startHarness, type Harness } from './harness'

const haveChromium = existsSync(CHROMIUM)
let h: Harness
const problems: string[] = []
const open = (hash: string): Promise<Page> => openPage(h, problems, hash)

describe.skipIf(!haveChromium)('排名, 导出通报 and 单位信息 in chromium', () => {
  beforeAll(async () => {
    h = await startHarness(CORPUS_REPORTS)
    const deadline = Date.now() + 120_000
    while (!(await h.call<WatchStatus>('getWatchStatus')).progress.idle) {
      if (Date.now() > deadline) throw new Error('corpus not ingested')
      await new Promise(r => setTimeout(r, 300))
    }
  }, 300_000)
  afterAll(async () => {
    await h?.close()
  })

  it('shows every unit of the latest year ranked as the Api ranks it, with the weights, sortable by 拼音', async () => {
    const ranking = await h.call<Ranking>('getRanking', {})
    expect(ranking.rows.length).toBeGreaterThan(3)
    const page = await open('#/ranking')
    const rows = page.locator('.ranking-table tbody tr')
    await expect.poll(() => rows.count()).toBe(ranking.rows.length)
    const names = await page
      .locator('.ranking-table tbody tr td:nth-child(2) .link-button')
      .allTextContents()
    expect(names).toEqual(ranking.rows.map(r => r.agency))
    const scores = await page.locator('.ranking-table tbody .ranking-score').allTextContents()
    expect(scores.map(Number)).toEqual(ranking.rows.map(r => r.score))
    expect(await page.getByTestId('ranking-weights').textContent()).toContain(
      `未报送每家 ${ranking.weights.missing} 分`
    )
    await shot(page, 'ranking-1366x768')
    // Printed: the table alone (no header bar, filters or buttons), every row on the page.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.app-header').isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false)
    expect(await page.locator('.ranking-table').isVisible()).toBe(true)
    await shot(page, 'ranking-print-1366x768')
    await page.emulateMedia({ media: 'screen' })
    await page.getByRole('button', { name: '单位' }).click()
    const sorted = await page
      .locator('.ranking-table tbody tr td:nth-child(2) .link-button')
      .allTextContents()
    expect(sorted).toEqual([...sorted].sort(new Intl.Collator('zh-CN-u-co-pinyin').compare))
    expect(sorted).not.toEqual(names)
    // Another year from the selector.
    if (ranking.years.length > 1) {
      await page.getByTestId('ranking-year').selectOption(String(ranking.years[1]))
      const other = await h.call<Ranking>('getRanking', { year: ranking.years[1] })
      await expect.poll(() => rows.count()).toBe(other.rows.length)
    }
    await page.close()
  })

  it('导出通报: the dialog shows the year and the office, and downloads the 通报 of that year', async () => {
    const ranking = await h.call<Ranking>('getRanking', {})
    const page = await open('#/ranking')
    await page.locator('.ranking-table tbody tr').first().waitFor()
    await page.getByTestId('open-bulletin').first().click()
    const dialog = page.getByTestId('bulletin-dialog')
    await dialog.waitFor()
    await expect.poll(() => dialog.textContent()).toContain('各有关单位')
    await shot(page, 'export-bulletin-dialog-1366x768')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByTestId('bulletin-run').click()
    ])
    expect(download.suggestedFilename()).toMatch(/^审查情况通报-.+\.docx$/)
    const read = await extractDocument(await fs.readFile(await download.path()), 'docx')
    if (!read.ok) throw new Error(read.reason)
    const text = read.doc.lines.join('\n')
    expect(text).toContain(`关于${ranking.year}年度政府信息公开工作年度报告审查情况的通报`)
    expect(text).toContain(`应报送年度报告的单位 ${ranking.coverage!.required} 家`)
    await expect
      .poll(() => dialog.getByRole('status').textContent())
      .toContain(`已生成 ${ranking.year} 年度通报`)
    await dialog.locator('.dialog-actions').getByRole('button', { name: '关闭' }).click()
    await page.close()
  })

  it('导出整改意见: the dialog offers confirmed findings only', async () => {
    const page = await open('#/overview')
    await page.getByTestId('open-notices').click()
    const dialog = page.getByTestId('notices-dialog')
    await dialog.waitFor()
    await expect.poll(() => dialog.textContent()).toContain('只列入已确认的问题')
    await dialog.getByRole('checkbox').check()
    await shot(page, 'export-notices-dialog-1366x768')
    await page.close()
  })

  it('设置 › 单位信息 saves the office the documents are signed with', async () => {
    const page = await open('#/settings')
    const form = page.getByTestId('office-form')
    await form.waitFor()
    await form.getByLabel('发文单位').fill('某市政务公开办公室')
    await form.getByLabel('整改期限').fill('2026-05-31')
    await form.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => form.getByRole('status').textContent()).toContain('已保存')
    const st = await h.call<{ office: { issuer: string; rectifyBy: string } }>('getSettings')
    expect(st.office).toMatchObject({ issuer: '某市政务公开办公室', rectifyBy: '2026-05-31' })
    await shot(page, 'settings-office-1366x768')
    await page.close()
  })

  it('raised no console errors', () => {
    expect(problems).toEqual([])
  })
})
