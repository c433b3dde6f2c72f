/**
 * The supervisor's settings in a real browser: reviewer name, M05 deadlines by agency level,
 * an agency's level, and merging two spellings of one agency. Runs on its own server and database
 * (these tests change data the other e2e files count on). Besides the e2e corpus, one report with
 * a known publication date is written: 中卫市审计局 (a renamed copy of sample 001, a department)
 * for 2024, dated 2025-03-15 — after the departments' default deadline (31 January), before the
 * people's governments' (31 March).
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AppInfo,
  AgencySummary,
  Page as ApiPage,
  ReportDetail,
  ReportSummary,
  Settings,
  WatchStatus
} from '../../src/shared/api'
import { CORPUS, CORPUS_AGENCIES, CORPUS_REPORTS, SAMPLES_DIR, shiftYears } from './corpus'
import { CHROMIUM, openPage, shot, startHarness, type Harness } from './harness'

const haveChromium = existsSync(CHROMIUM)

const LATE = { agency: '中卫市审计局', year: 2024, date: '2025-03-15' }

let h: Harness
let lateId = 0
const problems: string[] = []

const open = (hash: string): Promise<Page> => openPage(h, problems, hash)

/** The rule ids on a report's review screen, once its findings list (or 未发现问题) is drawn. */
async function reviewRules(page: Page, id: number): Promise<string[]> {
  await page.goto(`${h.url}#/review/${id}`)
  await page.getByTestId('report-title').filter({ hasText: LATE.agency }).waitFor()
  await page.locator('.pane-findings .findings li, .pane-findings .state-empty').first().waitFor()
  return page.locator('.findings li').evaluateAll(els => els.map(e => e.getAttribute('data-rule')))
}

const agencyRow = (page: Page, name: string) =>
  page.locator('.vtable-row', {
    has: page.locator('.agency-name .link-button', { hasText: new RegExp(`^${name}$`) })
  })
const rowNames = (page: Page) =>
  page.locator('.vtable-row .agency-name .link-button:not(.alias-count)').allTextContents()

describe.skipIf(!haveChromium)('settings, agency levels and merges in chromium', () => {
  beforeAll(async () => {
    h = await startHarness(CORPUS_REPORTS)
    const sample = CORPUS.find(a => a.name === '中卫市民政局')
    let text = await fs.readFile(path.join(SAMPLES_DIR, sample?.sample ?? ''), 'utf8')
    text = shiftYears(text.split('中卫市民政局').join(LATE.agency).split('民政').join('审计'), 1)
    text += `\n\n${LATE.agency}\n\n2025年3月15日\n`
    await fs.writeFile(path.join(h.corpusDir, '2024', `${LATE.agency}.txt`), text, 'utf8')
    const deadline = Date.now() + 60_000
    for (;;) {
      const list = await h.call<ApiPage<ReportSummary>>('listReports', {
        filter: { search: LATE.agency },
        page: { offset: 0, limit: 5 }
      })
      const ws = await h.call<WatchStatus>('getWatchStatus')
      const r = list.items[0]
      if (r && ws.progress.idle) {
        lateId = r.id
        break
      }
      if (Date.now() > deadline) throw new Error('the late report was not ingested')
      await new Promise(res => setTimeout(res, 300))
    }
  }, 300_000)
  afterAll(async () => {
    await h?.close()
  })

  it('the extra report has the publication date it was written with', async () => {
    const d = await h.call<ReportDetail>('getReport', { id: lateId })
    expect(d.summary.publicationDate).toBe(LATE.date)
    expect(d.summary.year).toBe(LATE.year)
    expect(d.summary.level).toBe('department')
  })

  it('设置 is a tab; the reviewer name persists and is written on a new review decision', async () => {
    const page = await open('#/trends')
    await page.getByRole('tab', { name: '同比趋势' }).focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.url()).toContain('#/settings')
    const input = page.getByLabel('姓名')
    await input.fill('李审阅')
    await input.press('Enter')
    await expect
      .poll(() => page.locator('.save-ok').first().textContent())
      .toContain('之后的审阅决定将记录为“李审阅”')
    expect((await h.call<Settings>('getSettings')).reviewerName).toBe('李审阅')
    await page.reload()
    await expect.poll(() => page.getByLabel('姓名').inputValue()).toBe('李审阅')
    // 数据与备份 names the backup, which holds the name within a second of the change.
    const info = await h.call<AppInfo>('getAppInfo')
    await expect
      .poll(() => page.getByTestId('user-data-path').textContent())
      .toBe(info.userDataPath)
    await expect
      .poll(async () => {
        const saved = JSON.parse(
          await fs.readFile(info.userDataPath, 'utf8').catch(() => '{}')
        ) as { settings?: Array<{ key: string; value: string }> }
        return saved.settings?.find(x => x.key === 'reviewerName')?.value
      })
      .toBe(JSON.stringify('李审阅'))
    await shot(page, 'settings-1366x768')

    await page.goto(`${h.url}#/review/${lateId}`)
    const item = page.locator('.findings li').first()
    await item.click()
    await item.getByRole('button', { name: '确认问题' }).click()
    await expect.poll(() => item.locator('.review-meta').textContent()).toContain('李审阅')
    const d = await h.call<ReportDetail>('getReport', { id: lateId })
    expect(d.findings.find(f => f.review)?.review?.reviewer).toBe('李审阅')
    await page.close()
  })

  it('设置: a watched folder switches to polling and back, and links to 总览 for adding folders', async () => {
    const page = await open('#/settings')
    const mode = page.getByLabel(`监控方式：${h.corpusDir}`)
    await expect.poll(() => mode.inputValue()).toBe('auto')
    // A local temp folder: 'auto' means change events, not polling.
    expect(await page.locator('.polling-now').textContent()).toBe('当前：系统通知')
    await mode.selectOption('on')
    await expect.poll(() => page.locator('.polling-now').textContent()).toBe('当前：轮询')
    const ws = await h.call<WatchStatus>('getWatchStatus')
    expect(ws.folders.map(f => [f.polling, f.usingPolling])).toEqual([['on', true]])
    await page.reload()
    await expect.poll(() => page.getByLabel(`监控方式：${h.corpusDir}`).inputValue()).toBe('on')
    await page.getByLabel(`监控方式：${h.corpusDir}`).selectOption('auto')
    await expect.poll(() => page.locator('.polling-now').textContent()).toBe('当前：系统通知')
    await page.getByRole('button', { name: '总览 → 监控文件夹' }).click()
    await expect.poll(() => page.url()).toContain('#/overview')
    await page.locator('.folders-panel .folder-path').waitFor()
    await page.close()
  })

  it('a later department deadline clears M05 on the review screen; 恢复默认 brings it back', async () => {
    const page = await open('#/settings')
    expect(await reviewRules(page, lateId)).toContain('M05')

    await page.goto(`${h.url}#/settings`)
    const month = page.getByLabel('政府部门：月')
    const day = page.getByLabel('政府部门：日')
    await expect.poll(() => month.inputValue()).toBe('1')
    expect(await day.inputValue()).toBe('31')
    // An impossible date is refused in place, before anything is sent.
    await month.fill('2')
    await day.fill('30')
    await expect
      .poll(() => page.locator('.deadlines .inline-error').textContent())
      .toBe('2 月没有第 30 日')
    const save = page.locator('form[aria-labelledby="deadlines-title"] button[type="submit"]')
    expect(await save.isDisabled()).toBe(true)
    await month.fill('4')
    await day.fill('30')
    await save.click()
    await expect
      .poll(() => page.locator('form[aria-labelledby="deadlines-title"] .save-ok').textContent())
      .toContain('已保存')
    await shot(page, 'settings-saved-1366x768')
    expect((await h.call<Settings>('getSettings')).deadlines.department).toEqual({
      month: 4,
      day: 30
    })
    expect(await reviewRules(page, lateId)).not.toContain('M05')

    await page.goto(`${h.url}#/settings`)
    await expect.poll(() => page.getByLabel('政府部门：月').inputValue()).toBe('4')
    // 排名计分 has a 恢复默认 of its own (issue #21): the deadlines' one.
    await page
      .locator('form[aria-labelledby="deadlines-title"]')
      .getByRole('button', { name: '恢复默认' })
      .click()
    expect(await page.getByLabel('政府部门：月').inputValue()).toBe('1')
    expect(await page.getByLabel('人民政府：月').inputValue()).toBe('3')
    await page.locator('form[aria-labelledby="deadlines-title"] button[type="submit"]').click()
    await expect
      .poll(async () => (await h.call<Settings>('getSettings')).deadlines.department.month)
      .toBe(1)
    expect(await reviewRules(page, lateId)).toContain('M05')
    await page.close()
  })

  it('单位: a level changed in the list stays, and re-runs M05 with that level’s deadline', async () => {
    const page = await open('#/agencies')
    const select = page.getByLabel(`层级：${LATE.agency}`)
    await expect.poll(() => select.inputValue()).toBe('department')
    await select.selectOption('government')
    await expect
      .poll(() => page.locator('.agencies-notice[role="status"]').textContent())
      .toContain('人民政府')
    await page.reload()
    await expect.poll(() => page.getByLabel(`层级：${LATE.agency}`).inputValue()).toBe('government')
    expect(await page.getByLabel(`层级：${LATE.agency}`).getAttribute('class')).toContain(
      'level-user'
    )
    await shot(page, 'agencies-levels-1366x768')
    // 2025-03-15 is before a people's government's deadline (31 March).
    expect(await reviewRules(page, lateId)).not.toContain('M05')
    await page.goto(`${h.url}#/agencies`)
    await page.getByLabel(`层级：${LATE.agency}`).selectOption('department')
    await expect
      .poll(async () => {
        const a = await h.call<ApiPage<AgencySummary>>('listAgencies', {
          filter: { search: LATE.agency },
          page: { offset: 0, limit: 1 }
        })
        return a.items[0]?.level
      })
      .toBe('department')
    expect(await reviewRules(page, lateId)).toContain('M05')
    await page.close()
  })

  it('单位: merging the renamed copy makes one row with both names’ years; 取消合并 splits it again', async () => {
    const from = CORPUS.find(a => a.name === '中卫市教育局')
    const into = CORPUS.find(a => a.name === '中卫市民政局')
    const years = [...new Set([...(from?.years ?? []), ...(into?.years ?? [])].map(y => y.year))]
    const total = CORPUS_AGENCIES + 1 // with 中卫市审计局
    const page = await open('#/agencies')
    await expect.poll(async () => (await rowNames(page)).length).toBe(total)

    await agencyRow(page, '中卫市教育局')
      .getByRole('button', { name: /合并到…/ })
      .click()
    const dialog = page.getByTestId('merge-dialog')
    await dialog.getByRole('combobox').fill('民政')
    await expect.poll(() => dialog.getByRole('option').allTextContents()).toHaveLength(1)
    await shot(page, 'agencies-merge-pick-1366x768')
    await dialog.getByRole('combobox').press('Enter')
    await expect.poll(() => dialog.locator('h2').textContent()).toBe('确认合并')
    expect(await dialog.textContent()).toContain('跨年度规则')
    await shot(page, 'agencies-merge-confirm-1366x768')
    await dialog.getByRole('button', { name: '确认合并' }).click()

    await expect.poll(async () => (await rowNames(page)).length).toBe(total - 1)
    expect(await rowNames(page)).not.toContain('中卫市教育局')
    const row = agencyRow(page, '中卫市民政局')
    expect(await row.locator('.alias-count').textContent()).toBe('等2个名称')
    // 报告数 counts every report file, a shared year's second copy (M02) named as a duplicate
    // (issue #22: the column adds up to the 报告 card).
    const files = (from?.years.length ?? 0) + (into?.years.length ?? 0)
    expect(await row.locator('[role="cell"].num').first().textContent()).toBe(
      `${files}（重复 ${files - years.length}）`
    )
    const merged = await h.call<ApiPage<AgencySummary>>('listAgencies', {
      filter: { search: '民政局' },
      page: { offset: 0, limit: 5 }
    })
    expect(merged.items[0]?.years).toEqual(years.sort((a, b) => a - b))
    expect(merged.items[0]?.aliases).toEqual(['中卫市教育局'])

    await row.locator('.alias-count').click()
    const names = page.getByTestId('aliases-dialog')
    await names.getByRole('button', { name: '取消合并' }).click()
    await shot(page, 'agencies-unmerge-1366x768')
    await names.getByRole('button', { name: '确定取消合并' }).click()
    await expect.poll(async () => (await rowNames(page)).length).toBe(total)
    expect(await rowNames(page)).toContain('中卫市教育局')
    expect(await agencyRow(page, '中卫市民政局').locator('.alias-count').count()).toBe(0)
    await page.close()
  })

  it('报告审阅: a confirmed problem the agency then put right is listed as no longer found, and can be cleared', async () => {
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      filter: { rules: ['N01'] },
      page: { offset: 0, limit: 1 }
    })
    const summary = list.items[0]!
    const before = await h.call<ReportDetail>('getReport', { id: summary.id })
    const n01 = before.findings.find(f => f.rule === 'N01')!
    await h.call('setReview', {
      reportId: summary.id,
      key: n01.key,
      decision: 'confirmed',
      note: '已发整改通知'
    })
    // The agency corrects the sentence the finding quoted and sends the report again.
    const file = path.join(summary.root, summary.file)
    const lines = (await fs.readFile(file, 'utf8')).split('\n')
    const at = n01.lines![0]! - 1
    expect(lines[at]).toBe(before.lines[at])
    lines[at] = '本年度依法办理政府信息公开申请，具体数量见下表。'
    await fs.writeFile(file, lines.join('\n'))
    await expect
      .poll(
        async () =>
          (
            await h.call<ReportDetail>('getReport', {
              id: (
                await h.call<ApiPage<ReportSummary>>('listReports', {
                  filter: { search: summary.file },
                  page: { offset: 0, limit: 1 }
                })
              ).items[0]!.id
            })
          ).orphanReviews.length,
        { timeout: 15_000 }
      )
      .toBe(1)
    const now = (
      await h.call<ApiPage<ReportSummary>>('listReports', {
        filter: { search: summary.file },
        page: { offset: 0, limit: 1 }
      })
    ).items[0]!
    const page = await open(`#/review/${now.id}`)
    const resolved = page.getByTestId('resolved-reviews')
    await resolved.locator('summary').click()
    await expect
      .poll(() => resolved.locator('summary').textContent())
      .toContain('文件更新后不再出现的问题（1）')
    expect(await resolved.locator('li[data-rule="N01"] .finding-msg').textContent()).toBe(
      n01.message
    )
    expect(await resolved.locator('li[data-rule="N01"]').textContent()).toContain(
      '备注：已发整改通知'
    )
    await shot(page, 'review-resolved-1366x768')
    await resolved.getByRole('button', { name: '移除记录' }).click()
    await expect.poll(() => page.getByTestId('resolved-reviews').count()).toBe(0)
    expect((await h.call<ReportDetail>('getReport', { id: now.id })).orphanReviews).toEqual([])
    await page.close()
  })

  it('设置: 检查项目 switches Y05 off and on, saved at once and kept over a reload', async () => {
    const page = await open('#/settings')
    const y05 = page.getByLabel('Y05 与其他单位报告雷同')
    await expect.poll(() => y05.isChecked()).toBe(true)
    await y05.uncheck()
    await expect
      .poll(() => page.locator('.save-ok').first().textContent())
      .toContain('与其他单位报告雷同已关闭')
    expect((await h.call<Settings>('getSettings')).checks).toEqual({ S06: true, Y05: false })
    await page.reload()
    await expect.poll(() => page.getByLabel('Y05 与其他单位报告雷同').isChecked()).toBe(false)
    await page.getByLabel('Y05 与其他单位报告雷同').check()
    await expect.poll(async () => (await h.call<Settings>('getSettings')).checks.Y05).toBe(true)
    await page.close()
  })

  it("报告审阅: a Y05 shows this report's section beside the other unit's, the shared sentences marked", async () => {
    // 中卫市审计局 2024 is sample 001 renamed: its sections 1 and 5 are 中卫市民政局's and 中卫市教育局's.
    const d = await h.call<ReportDetail>('getReport', { id: lateId })
    const y05 = d.findings.find(f => f.rule === 'Y05')
    expect(y05, 'a Y05 on the renamed copy').toBeDefined()
    const page = await open(`#/review/${lateId}`)
    const item = page.locator(`.findings li[data-rule="Y05"]`).first()
    await item.click()
    const compare = item.getByTestId('copy-compare')
    await compare.waitFor()
    expect(await compare.locator('.copy-title').nth(1).textContent()).toContain(
      String(y05!.expected)
    )
    await expect
      .poll(() => compare.locator('.copy-passage').first().locator('mark').count())
      .toBeGreaterThan(0)
    await expect
      .poll(() => compare.locator('.copy-passage').nth(1).locator('mark').count())
      .toBeGreaterThan(0)
    await page.close()
  })

  it('raised no console errors', () => {
    expect(problems).toEqual([])
  })
})
