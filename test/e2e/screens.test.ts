/**
 * The supervisor's screens in a real browser (Debian chromium via playwright-core) against
 * `npm run serve` over a multi-year corpus built from the samples. Expectations come from the
 * corpus definition (test/e2e/corpus.ts), not from running the code. Each screen is also saved
 * as a screenshot at 1366×768 and 1920×1080 in test/e2e/screenshots/ for a human to look at.
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import type { Download, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  Page as ApiPage,
  ReportDetail,
  ReportSummary,
  AgencySummary,
  Settings
} from '../../src/shared/api'
import { extractDocument } from '../../src/core/extract/index'
import { rectificationNotice } from '../../src/shared/notice'
import { officeDates } from '../../src/shared/ranking'
import { CORPUS, CORPUS_AGENCIES, CORPUS_REPORTS } from './corpus'
import { CHROMIUM, SCREENSHOTS, openPage, shot, startHarness, type Harness } from './harness'

const haveChromium = existsSync(CHROMIUM)
if (!haveChromium)
  console.warn(`e2e: ${CHROMIUM} not found; install Debian chromium (.ci/run does)`)

let h: Harness
const problems: string[] = []

const open = (hash: string, size?: { width: number; height: number }): Promise<Page> =>
  openPage(h, problems, hash, size)

const matrixRows = (page: Page) => page.locator('.matrix-row[data-agency]')

describe.skipIf(!haveChromium)('supervisor screens in chromium', () => {
  beforeAll(async () => {
    h = await startHarness(CORPUS_REPORTS)
  }, 240_000)
  afterAll(async () => {
    await h?.close()
  })

  it('总览 shows the corpus counts and an agency × year matrix coloured by status', async () => {
    const page = await open('#/overview')
    await expect
      .poll(() => page.getByTestId('count-reports').locator('.card-value').textContent())
      .toBe(String(CORPUS_REPORTS))
    expect(await page.getByTestId('count-agencies').locator('.card-value').textContent()).toBe(
      String(CORPUS_AGENCIES)
    )
    expect(await page.getByTestId('count-years').locator('.card-value').textContent()).toBe(
      '2021–2024'
    )
    await expect.poll(() => matrixRows(page).count()).toBe(CORPUS_AGENCIES)
    // 沙坡头区政务服务中心 has no 2024 report in the corpus: its 2024 cell says so.
    const row = page.locator('.matrix-row[data-agency="沙坡头区政务服务中心"]')
    expect(await row.locator('[data-year="2024"]').getAttribute('data-status')).toBe('none')
    expect(await row.locator('[data-year="2023"]').getAttribute('data-status')).toBe('errors')
    expect(await page.locator('.matrix-cell[data-status="errors"]').count()).toBeGreaterThan(0)
    // The watched folder and the finished ingest are shown.
    expect(await page.locator('.folder-path').textContent()).toBe(h.corpusDir)
    expect(await page.locator('.folders-panel .ingest-label').textContent()).toContain('导入完成')
    await page.close()
  })

  it('filters change the matrix: year, name search, rule, and an empty result in plain Chinese', async () => {
    const page = await open('#/overview')
    await expect.poll(() => matrixRows(page).count()).toBe(CORPUS_AGENCIES)
    await page.locator('.filter-bar .chip', { hasText: '2021' }).click()
    const with2021 = CORPUS.filter(a => a.years.some(y => y.year === 2021)).length
    await expect.poll(() => matrixRows(page).count()).toBe(with2021)
    expect(await page.locator('.matrix-head .matrix-year').allTextContents()).toEqual(['2021'])
    await page.locator('.filter-bar .chip', { hasText: '2021' }).click()
    await expect.poll(() => matrixRows(page).count()).toBe(CORPUS_AGENCIES)

    await page.getByPlaceholder('输入单位名称或文件名').fill('民政')
    await expect.poll(() => matrixRows(page).allTextContents()).toHaveLength(1)
    expect(await matrixRows(page).first().getAttribute('data-agency')).toBe('中卫市民政局')
    await page.getByPlaceholder('输入单位名称或文件名').fill('不存在的单位')
    await expect
      .poll(() => page.locator('.matrix-panel .state-title').textContent())
      .toBe('没有符合筛选条件的单位')
    await page.getByRole('button', { name: '清除筛选' }).click()
    await expect.poll(() => matrixRows(page).count()).toBe(CORPUS_AGENCIES)

    // Rule A01 (row total ≠ its columns) was planted in exactly two agencies' reports.
    await page.locator('.filter-rule').selectOption('A01')
    const planted = CORPUS.filter(a => a.years.some(y => y.breakSum === 'A01'))
      .map(a => a.name)
      .sort()
    await expect
      .poll(async () =>
        (
          await matrixRows(page).evaluateAll(els => els.map(e => e.getAttribute('data-agency')))
        ).sort()
      )
      .toEqual(planted)
    await shot(page, 'overview-filtered-1366x768')
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.close()
  })

  it('单位 lists every agency in a virtualised table that sorts by name both ways, and by the 错误/警告 it shows', async () => {
    const page = await open('#/agencies')
    const names = () => page.locator('.vtable-row .agency-name .link-button').allTextContents()
    await expect.poll(async () => (await names()).length).toBe(CORPUS_AGENCIES)
    expect(new Set(await names())).toEqual(new Set(CORPUS.map(a => a.name)))
    // The core sorts (the table may be thousands long): the rows must follow its order both ways.
    const byName = await h.call<ApiPage<AgencySummary>>('listAgencies', {
      sort: { key: 'name', dir: 'asc' },
      page: { offset: 0, limit: 50 }
    })
    const asc = byName.items.map(a => a.name)
    await page.getByRole('button', { name: /单位名称/ }).click()
    await expect.poll(() => page.locator('[aria-sort="ascending"]').count()).toBe(1)
    await expect.poll(names).toEqual(asc)
    await page.getByRole('button', { name: /单位名称/ }).click()
    await expect.poll(() => page.locator('[aria-sort="descending"]').count()).toBe(1)
    await expect.poll(names).toEqual([...asc].reverse())
    expect(await page.locator('.vtable-row svg.sparkline').count()).toBe(CORPUS_AGENCIES)
    // The 错误 and 警告 columns (the latest report's) read in order when sorted by them.
    const column = async (i: number): Promise<number[]> =>
      (await page.locator(`.vtable-row [role="cell"]:nth-child(${i})`).allTextContents()).map(
        Number
      )
    for (const [label, i] of [
      ['最新错误', 6],
      ['最新警告', 7]
    ] as const) {
      await page.getByRole('button', { name: label, exact: true }).click()
      const header = page.locator('[role="columnheader"][aria-sort]')
      await expect.poll(() => header.textContent()).toContain(label)
      const dir = await header.getAttribute('aria-sort')
      const inOrder = async (): Promise<boolean> => {
        const shown = await column(i)
        return (
          shown.length === CORPUS_AGENCIES &&
          shown.every(
            (n, k) => k === 0 || (dir === 'ascending' ? shown[k - 1]! <= n : shown[k - 1]! >= n)
          )
        )
      }
      await expect.poll(inOrder, { message: `${label} ${dir}` }).toBe(true)
    }
    await page.close()
  })

  it('报告审阅: clicking a finding highlights its source lines and its table cells', async () => {
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      filter: { rules: ['A01'], search: '文昌镇' },
      page: { offset: 0, limit: 5 }
    })
    const report = list.items[0]
    expect(report?.agency).toBe('沙坡头区文昌镇')
    const detail = await h.call<ReportDetail>('getReport', { id: report?.id })
    const a01 = detail.findings.find(f => f.rule === 'A01')
    expect(a01?.lines?.length).toBeGreaterThan(0)

    const page = await open(`#/review/${report?.id}`)
    await page.locator('.findings li').first().waitFor()
    expect(await page.getByTestId('report-title').textContent()).toContain('沙坡头区文昌镇')
    await page.locator('.findings li[data-rule="A01"]').click()
    await expect
      .poll(() => page.locator('.findings li[data-rule="A01"]').getAttribute('aria-selected'))
      .toBe('true')
    const lit = await page
      .locator('.source .src-hl')
      .evaluateAll(els => els.map(e => Number(e.getAttribute('data-line'))))
    expect(lit).toEqual(a01?.lines)
    // The highlighted line is scrolled into the visible part of the source pane.
    const pane = await page.getByTestId('source').boundingBox()
    const line = await page.locator('.source .src-hl').first().boundingBox()
    expect(line && pane && line.y >= pane.y && line.y + line.height <= pane.y + pane.height).toBe(
      true
    )
    // A01 on the received row: its 总计 cell is the selected one in the template grid.
    expect(
      await page
        .locator('.cell-selected')
        .evaluateAll(els => els.map(e => e.getAttribute('data-cell')))
    ).toEqual([`applications:${a01?.row}:total`])
    await shot(page, 'review-selected-1366x768')
    await page.close()
  })

  it('报告审阅: a review decision and its note persist after a reload', async () => {
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      filter: { rules: ['A03'] },
      page: { offset: 0, limit: 1 }
    })
    const id = list.items[0]?.id
    const page = await open(`#/review/${id}`)
    const item = page.locator('.findings li[data-rule="A03"]').first()
    await item.click()
    await item.getByRole('button', { name: '确认问题' }).click()
    await expect
      .poll(() => item.getByRole('button', { name: '确认问题' }).getAttribute('aria-pressed'))
      .toBe('true')
    await item.getByLabel('备注').fill('已电话通知单位整改')
    await page.locator('.pane-source .pane-title').click() // blur saves the note
    await expect
      .poll(async () => {
        const d = await h.call<ReportDetail>('getReport', { id })
        return d.findings.find(f => f.rule === 'A03' && f.review)?.review?.note
      })
      .toBe('已电话通知单位整改')
    await page.reload()
    const again = page.locator('.findings li[data-rule="A03"]').first()
    await expect.poll(() => again.locator('.decision-confirmed').textContent()).toBe('已确认')
    await again.click()
    expect(await again.getByLabel('备注').inputValue()).toBe('已电话通知单位整改')
    await page.close()
  })

  it("报告审阅: 复制整改意见 puts the report's open findings on the clipboard as notice text", async () => {
    await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.origin })
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      filter: { rules: ['N01'] },
      page: { offset: 0, limit: 1 }
    })
    const id = list.items[0]!.id
    const page = await open(`#/review/${id}`)
    await page.locator('.findings li[aria-selected="true"]').waitFor()
    await page.getByTestId('copy-notice').click()
    const detail = await h.call<ReportDetail>('getReport', { id })
    // Signed as the renderer signs it: 设置 › 单位信息 (issue #21).
    const st = await h.call<Settings>('getSettings')
    const notice = rectificationNotice(detail, {
      issuer: st.office.issuer,
      ...officeDates(st.office, new Date())
    })
    await expect
      .poll(() => page.getByTestId('copy-notice').textContent())
      .toBe(`已复制 ${notice.count} 条`)
    const copied = await page.evaluate<string>('navigator.clipboard.readText()')
    expect(copied).toBe(notice.text)
    expect(copied).toContain(
      detail.findings.find(f => f.rule === 'N01')!.message.replace(/。$/, '')
    )
    // The label comes back, so a second copy (after a decision) is plainly possible.
    await expect
      .poll(() => page.getByTestId('copy-notice').textContent(), { timeout: 5000 })
      .toBe('复制整改意见')
    await page.close()
  })

  it('报告审阅: Ctrl+F finds words in the source, Enter steps through the matching lines, Esc clears', async () => {
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      page: { offset: 0, limit: 1 }
    })
    const id = list.items[0]!.id
    const detail = await h.call<ReportDetail>('getReport', { id })
    const word = '政府信息公开'
    const expected = detail.lines.flatMap((l, i) => (l.includes(word) ? [i + 1] : []))
    expect(expected.length).toBeGreaterThan(2)
    const page = await open(`#/review/${id}`)
    await page.locator('.findings li[aria-selected="true"]').waitFor()
    await page.keyboard.press('Control+f')
    await expect
      .poll(() => page.evaluate('document.activeElement?.dataset?.testid'))
      .toBe('source-find')
    await page.keyboard.type(word)
    const count = page.getByTestId('source-find-count')
    await expect.poll(() => count.textContent()).toBe(`1/${expected.length} 行`)
    const foundLines = await page
      .locator('.src-found')
      .evaluateAll(els => els.map(e => Number(e.getAttribute('data-line'))))
    expect(foundLines).toEqual(expected)
    expect(await page.locator('.src-found-cur').getAttribute('data-line')).toBe(String(expected[0]))
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator('.src-found-cur').getAttribute('data-line'))
      .toBe(String(expected[1]))
    await shot(page, 'review-find-1366x768')
    await page.keyboard.press('Shift+Enter')
    await page.keyboard.press('Shift+Enter')
    await expect
      .poll(() => page.locator('.src-found-cur').getAttribute('data-line'))
      .toBe(String(expected.at(-1)))
    expect(await count.textContent()).toBe(`${expected.length}/${expected.length} 行`)
    // J/K are letters in the box, not finding moves.
    const selected = await page
      .locator('.findings li[aria-selected="true"]')
      .getAttribute('data-key')
    await page.keyboard.type('j')
    await expect.poll(() => count.textContent()).toBe('无匹配')
    expect(await page.locator('.findings li[aria-selected="true"]').getAttribute('data-key')).toBe(
      selected
    )
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('source-find').inputValue()).toBe('')
    expect(await page.locator('.src-found').count()).toBe(0)
    await page.close()
  })

  it('报告审阅: 打开原文件 in a browser downloads the report’s own file', async () => {
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      page: { offset: 0, limit: 1 }
    })
    const summary = list.items[0]!
    const page = await open(`#/review/${summary.id}`)
    await page.locator('.findings li[aria-selected="true"]').waitFor()
    // Only the desktop app can show a file in the file manager.
    expect(await page.getByRole('button', { name: '在文件夹中显示' }).count()).toBe(0)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('open-file').click()
    ])
    expect(download.suggestedFilename()).toBe(path.basename(summary.file))
    expect(await fs.readFile(await download.path())).toEqual(
      await fs.readFile(path.join(summary.root, summary.file))
    )
    // The file is served to the token holder only, never inline.
    const res = await fetch(`${h.origin}/api/source/${summary.id}`)
    expect(res.status).toBe(403)
    await page.close()
  })

  it('报告审阅: J/K move between findings and N/P between reports', async () => {
    const page = await open('#/review')
    await page.locator('.findings li[aria-selected="true"]').waitFor()
    const first = await page.locator('.findings li[aria-selected="true"]').getAttribute('data-key')
    const count = await page.locator('.findings li').count()
    await page.locator('.pane-source .pane-title').click()
    await page.keyboard.press('j')
    if (count > 1)
      await expect
        .poll(() => page.locator('.findings li[aria-selected="true"]').getAttribute('data-key'))
        .not.toBe(first)
    await page.keyboard.press('k')
    await expect
      .poll(() => page.locator('.findings li[aria-selected="true"]').getAttribute('data-key'))
      .toBe(first)
    const title = await page.getByTestId('report-title').textContent()
    await page.keyboard.press('n')
    await expect.poll(() => page.getByTestId('report-title').textContent()).not.toBe(title)
    await page.keyboard.press('p')
    await expect.poll(() => page.getByTestId('report-title').textContent()).toBe(title)
    await page.close()
  })

  it('同比趋势 draws the charts for all agencies and for one, and saves a chart as PNG', async () => {
    const page = await open('#/trends')
    await expect
      .poll(() => page.locator('.chart-card .recharts-wrapper > svg.recharts-surface').count())
      .toBe(4)
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0)
    const agencies = await h.call<ApiPage<AgencySummary>>('listAgencies', {
      filter: { search: '教育局' },
      page: { offset: 0, limit: 5 }
    })
    const key = agencies.items[0]?.key ?? ''
    await page.goto(`${h.url}#/trends/${encodeURIComponent(key)}`)
    await expect
      .poll(() => page.locator('.chart-card h3').first().textContent())
      .toContain('中卫市教育局')
    await page.locator('.chart-card .recharts-wrapper > svg.recharts-surface').first().waitFor()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '保存为 PNG' }).first().click()
    ])
    expect(download.suggestedFilename()).toBe('中卫市教育局-申请及办理结果.png')
    const file = await download.path()
    const bytes = await fs.readFile(file)
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(5000)
    await download.saveAs(path.join(SCREENSHOTS, 'chart-export.png'))
    await page.close()
  })

  /** 总览 filtered to 民政 (one agency), then an export button pressed: the page and the download. */
  async function exportFiltered(
    button: (page: Page) => Locator | Promise<Locator>
  ): Promise<{ page: Page; download: Download }> {
    const page = await open('#/overview')
    await matrixRows(page).first().waitFor()
    await page.getByPlaceholder('输入单位名称或文件名').fill('民政')
    await expect.poll(() => matrixRows(page).count()).toBe(1)
    const target = await button(page)
    const [download] = await Promise.all([page.waitForEvent('download'), target.click()])
    return { page, download }
  }

  it('导出 Excel downloads the workbook for the filtered reports', async () => {
    const { page, download } = await exportFiltered(p =>
      p.getByRole('button', { name: '导出 Excel' })
    )
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
    const bytes = await fs.readFile(await download.path())
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK') // an OOXML zip
    const minzheng = CORPUS.find(a => a.name === '中卫市民政局')?.years.length
    await expect
      .poll(() => page.locator('.export-msg').textContent())
      .toContain(`已导出报告 ${minzheng} 份`)
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.close()
  })

  it('导出整改意见 downloads a Word document with one notice per filtered report that has findings', async () => {
    // 导出整改意见 opens its dialog (only-confirmed option, the office's details); 生成 writes it.
    const { page, download } = await exportFiltered(async p => {
      await p.getByTestId('open-notices').click()
      return p.getByTestId('notices-run')
    })
    expect(download.suggestedFilename()).toMatch(/^整改意见-.+\.docx$/)
    const read = await extractDocument(await fs.readFile(await download.path()), 'docx')
    if (!read.ok) throw new Error(read.reason)
    const titles = read.doc.lines.filter(l => /^关于.+的审查意见$/.test(l))
    const reports = await h.call<ApiPage<ReportSummary>>('listReports', {
      filter: { search: '民政' },
      page: { offset: 0, limit: 50 }
    })
    const withFindings = reports.items.filter(
      r => r.findings.error + r.findings.warning + r.findings.info > 0
    )
    expect(withFindings.length).toBeGreaterThan(0)
    expect(titles.sort()).toEqual(
      withFindings.map(r => `关于${r.agency}${r.year}年政府信息公开工作年度报告的审查意见`).sort()
    )
    await expect
      .poll(() => page.getByTestId('notices-dialog').getByRole('status').textContent())
      .toContain(`已生成 ${withFindings.length} 份整改意见`)
    await page
      .getByTestId('notices-dialog')
      .locator('.dialog-actions')
      .getByRole('button', { name: '关闭' })
      .click()
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.close()
  })

  it('writes a screenshot of each screen at 1366×768 and 1920×1080', async () => {
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 }
    ]) {
      const tag = `${size.width}x${size.height}`
      const page = await open('#/overview', size)
      await matrixRows(page).first().waitFor()
      await shot(page, `overview-${tag}`)
      await page.goto(`${h.url}#/agencies`)
      await page.locator('.vtable-row .agency-name').first().waitFor()
      await shot(page, `agencies-${tag}`)
      await page.goto(`${h.url}#/review`)
      await page.locator('.findings li[aria-selected="true"]').waitFor()
      await shot(page, `review-${tag}`)
      await page.goto(`${h.url}#/trends`)
      await expect
        .poll(() => page.locator('.chart-card .recharts-wrapper > svg.recharts-surface').count())
        .toBe(4)
      await shot(page, `trends-${tag}`)
      await page.close()
    }
    for (const s of ['overview', 'agencies', 'review', 'trends']) {
      expect(existsSync(path.join(SCREENSHOTS, `${s}-1920x1080.png`))).toBe(true)
    }
  })

  it('raised no console errors or CSP violations on any screen', () => {
    expect(problems).toEqual([])
  })
})
