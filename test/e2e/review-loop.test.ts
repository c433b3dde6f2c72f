/**
 * The review as work, in a real browser (issue #22), on the two real reports whose findings shared
 * keys (corpus/real 041: two T03 rows "数量"; 042: six S02 titles): open → J through every finding
 * → C/X with a note → the file edited on disk → the screen follows it → the history shows the
 * decisions → export → import into a second database, where a finding decided the other way is
 * listed as a conflict, not overwritten. Screenshots at 1366×768 of the queue, the history and the
 * import conflicts go to test/e2e/screenshots/.
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  Page as ApiPage,
  ReportDetail,
  ReportSummary,
  ReviewConflict,
  ReviewHistoryEntry
} from '../../src/shared/api'
import { CHROMIUM, openPage, shot, startHarness, type Harness } from './harness'

const REAL = path.resolve(__dirname, '../../../shared/corpus/real')
const F041 = '041_shuyang_xzf_2025_markdown.txt'
const F042 = '042_shanghai_kewei_2024_pdf2md.txt'

const haveChromium = existsSync(CHROMIUM)
const problems: string[] = []
let a: Harness
let b: Harness

async function reportOf(h: Harness, file: string): Promise<ReportDetail> {
  const list = await h.call<ApiPage<ReportSummary>>('listReports', {
    page: { offset: 0, limit: 50 }
  })
  const s = list.items.find(r => r.file === file)
  if (!s) throw new Error(`no report ${file}`)
  return h.call<ReportDetail>('getReport', { id: s.id })
}

const selectedKey = (page: Page): Promise<string | null> =>
  page.locator('[data-testid="findings"] [aria-selected="true"]').getAttribute('data-key')

describe.skipIf(!haveChromium)('the review loop in chromium', () => {
  beforeAll(async () => {
    a = await startHarness(2, {
      // INDEX.tsv: a file that is not a report (issue #22: it counted as one, with an error, and
      // opened first in 报告审阅).
      fill: async dir => {
        for (const f of [F041, F042, 'INDEX.tsv'])
          await fs.copyFile(path.join(REAL, f), path.join(dir, f))
      }
    })
    // The colleague keeps the same files under names of their own.
    b = await startHarness(2, {
      staticDir: a.staticDir,
      fill: async dir => {
        await fs.copyFile(path.join(REAL, F041), path.join(dir, '沭阳县政府2025.txt'))
        await fs.copyFile(path.join(REAL, F042), path.join(dir, '市科委2024.txt'))
      }
    })
    await a.call('updateSettings', { reviewerName: '张三' })
    await b.call('updateSettings', { reviewerName: '李四' })
  }, 300_000)
  afterAll(async () => {
    await a?.close()
    await b?.close()
  })

  it('keeps a file that is not a report out of 报告 and the error totals, last in 报告审阅, and one click away', async () => {
    const page = await openPage(a, problems, '#/overview')
    await expect
      .poll(() => page.getByTestId('count-reports').locator('.card-value').textContent())
      .toBe('2')
    const ov = await a.call<{ findings: { error: number }; counts: { unrecognised: number } }>(
      'getOverview',
      {}
    )
    const r41 = await reportOf(a, F041)
    const r42 = await reportOf(a, F042)
    expect(ov.counts.unrecognised).toBe(1)
    expect(ov.findings.error).toBe(r41.summary.findings.error + r42.summary.findings.error)
    // 报告审阅 opens a report, not INDEX.tsv.
    await page.getByRole('tab', { name: '报告审阅' }).click()
    await expect
      .poll(() => page.getByTestId('report-title').textContent())
      .toBe('上海市科委 · 2024年')
    // The 无法识别的文件 card opens the file, its year said as unknown (not "年度未知年").
    await page.getByRole('tab', { name: '总览' }).click()
    await page.getByTestId('count-unrecognised').click()
    await expect
      .poll(() => page.getByTestId('report-title').textContent())
      .toBe('（未识别单位） · 年度未知')
    expect(await page.locator('.report-file').textContent()).toContain('INDEX.tsv')
    // The filter is shown and cleared like any other; clicking the tab again opens the first report.
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.getByRole('tab', { name: '报告审阅' }).click()
    await expect
      .poll(() => page.getByTestId('report-title').textContent())
      .toBe('上海市科委 · 2024年')
    await page.close()
  }, 60_000)

  it('never leaves the review screen stuck when a filter excludes the open report', async () => {
    const r41 = await reportOf(a, F041)
    const r42 = await reportOf(a, F042)
    expect(r41.summary.findings.error).toBe(0)
    expect(r42.summary.findings.error).toBeGreaterThan(0)
    const page = await openPage(a, problems, `#/review/${r41.summary.id}`)
    await expect
      .poll(() => page.getByTestId('report-title').textContent(), { timeout: 15_000 })
      .toBe('沐阳县人民政府 · 2025年')
    // 含错误: 041 has none; the screen moves to the first report that matches (it sat at
    // 不在筛选结果中 with N/P disabled), and the select lets go of the keys.
    await page.getByRole('combobox').first().selectOption('error')
    await expect
      .poll(() => page.getByTestId('report-title').textContent(), { timeout: 10_000 })
      .toBe('上海市科委 · 2024年')
    // 042 and INDEX.tsv (its M03 is an error); the file that is not a report comes last.
    await expect.poll(() => page.locator('.nav-pos').textContent()).toBe('1 / 2')
    expect(await page.evaluate<string>('document.activeElement?.tagName ?? ""')).not.toBe('SELECT')
    await page.getByRole('button', { name: '清除筛选' }).click()
    await page.close()
  }, 60_000)

  it('walks every finding, decides with a note, follows the edited file, keeps the history, and shares it', async () => {
    const before = await reportOf(a, F042)
    const page = await openPage(a, problems, `#/review/${before.summary.id}`)
    await expect.poll(() => selectedKey(page)).toBe(before.findings[0]!.key)

    // J through every finding: each is reached once, errors first, and J at the end stays.
    const seen = [await selectedKey(page)]
    for (let i = 1; i < before.findings.length; i++) {
      await page.keyboard.press('j')
      await expect.poll(() => selectedKey(page)).toBe(before.findings[i]!.key)
      seen.push(await selectedKey(page))
    }
    expect(new Set(seen).size).toBe(before.findings.length)
    expect(before.findings.filter(f => f.rule === 'S02').length).toBe(6)
    expect(before.findings.slice(0, 2).map(f => f.severity)).toEqual(['error', 'error'])
    // Only the selected finding lights up.
    expect(await page.locator('.finding-on').count()).toBe(1)

    // Back to the first S02: X, then a note typed and left with Tab.
    const s02 = before.findings.filter(f => f.rule === 'S02')
    for (let i = before.findings.length - 1; i > before.findings.indexOf(s02[0]!); i--)
      await page.keyboard.press('k')
    await expect.poll(() => selectedKey(page)).toBe(s02[0]!.key)
    await page.keyboard.press('x')
    await expect.poll(() => page.getByTestId('key-status').textContent()).toContain('已忽略')
    await page.locator('.finding-on .review-note').click()
    await page.keyboard.type('目录编号与模板不同，内容相符')
    await page.keyboard.press('Tab')
    // Tab out of the note never lands in 在原文中查找, and the next J moves the selection.
    expect(
      await page.evaluate<string>("document.activeElement?.getAttribute('data-testid') ?? ''")
    ).not.toBe('source-find')
    await page.keyboard.press('j')
    await expect.poll(() => selectedKey(page)).toBe(s02[1]!.key)
    expect(await page.getByTestId('source-find').inputValue()).toBe('')
    // C confirms the second; C again says it changed nothing (it used to withdraw silently).
    await page.keyboard.press('c')
    await expect.poll(() => page.getByTestId('key-status').textContent()).toContain('已确认')
    await expect
      .poll(
        async () =>
          (await reportOf(a, F042)).findings.find(f => f.key === s02[1]!.key)?.review?.decision
      )
      .toBe('confirmed')
    // The second C is pressed once the screen shows the first as decided (on a loaded machine the
    // reload after the first can come later than the key).
    await expect.poll(() => page.locator('.finding-on .decision-confirmed').count()).toBe(1)
    await page.keyboard.press('c')
    await expect.poll(() => page.getByTestId('key-status').textContent()).toContain('未改动')
    const noted = (await reportOf(a, F042)).findings.find(f => f.key === s02[0]!.key)!
    expect(noted.review).toMatchObject({
      decision: 'dismissed',
      note: '目录编号与模板不同，内容相符',
      reviewer: '张三'
    })

    // The file edited on disk: its third section title put right, so one S02 goes. The screen
    // follows to the report read from the new content, and the old address leads there too.
    const file = path.join(a.corpusDir, F042)
    const text = await fs.readFile(file, 'utf8')
    expect(text).toContain('三、主动公开工作情况')
    await fs.writeFile(file, text.replace('三、主动公开工作情况', '二、主动公开政府信息情况'))
    await expect
      .poll(async () => (await reportOf(a, F042)).summary.sha256, { timeout: 20_000 })
      .not.toBe(before.summary.sha256)
    const after = await reportOf(a, F042)
    expect(after.findings.filter(f => f.rule === 'S02').length).toBe(5)
    await expect
      .poll(() => page.locator('[data-testid="findings"] [role="option"]').count(), {
        timeout: 20_000
      })
      .toBe(after.findings.length)
    await expect
      .poll(() => page.evaluate<string>('window.location.hash'))
      .toMatch(new RegExp(`^#/review/${after.summary.id}(/|$)`))
    // The old address (the report's id before the edit) opens the file's current report.
    const old = await openPage(a, problems, `#/review/${before.summary.id}`)
    await expect
      .poll(() => old.evaluate<string>('window.location.hash'), { timeout: 15_000 })
      .toMatch(new RegExp(`^#/review/${after.summary.id}(/|$)`))
    await old.close()
    // The confirmed title is still there and keeps its decision (made on the old content).
    expect(after.findings.find(f => f.key === s02[1]!.key)?.review).toMatchObject({
      decision: 'confirmed',
      stale: true
    })

    // The history shows both decisions and the note added to the first, newest first.
    const history = page.getByTestId('review-history')
    await history.locator('summary').click()
    await expect.poll(() => history.getByTestId('history-entry').count()).toBe(3)
    const entries = await history.getByTestId('history-entry').allTextContents()
    expect(entries[0]).toContain('确认问题')
    expect(entries[1]).toContain('忽略 · 修改备注')
    expect(entries[1]).toContain('目录编号与模板不同，内容相符')
    expect(entries[2]).toContain('忽略')
    for (const e of entries) expect(e).toContain('张三')
    // The Api answers the same history for the old id (the report before the edit) as for the new.
    const byOld = await a.call<ReviewHistoryEntry[]>('getReviewHistory', {
      reportId: before.summary.id
    })
    expect(byOld).toHaveLength(3)
    expect(byOld).toEqual(
      await a.call<ReviewHistoryEntry[]>('getReviewHistory', { reportId: after.summary.id })
    )
    await shot(page, 'review-history-1366')

    // The queue: 待审 keeps the reports with undecided errors or warnings; the overview counts them.
    await page.getByTestId('filter-pending').click()
    const pending = await a.call<ApiPage<ReportSummary>>('listReports', {
      filter: { pending: true },
      page: { offset: 0, limit: 50 }
    })
    // Both reports and INDEX.tsv (its M03 error undecided: a file nobody has looked at yet).
    expect(pending.items.map(r => r.file).sort()).toEqual([F041, F042, 'INDEX.tsv'].sort())
    await expect.poll(() => page.locator('.nav-pos').textContent()).toMatch(/ \/ 3$/)
    await shot(page, 'review-queue-1366')
    await page.getByTestId('filter-pending').click()
    await page.getByRole('tab', { name: '总览' }).click()
    await expect.poll(() => page.getByTestId('review-progress').textContent()).toContain('审阅进度')
    expect(await page.getByTestId('count-review').locator('.card-value').textContent()).toBe(
      '已审 0 · 待审 3'
    )
    await shot(page, 'review-progress-overview-1366')

    // Export from 设置.
    await page.goto(`${a.url}#/settings`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-review').click()
    ])
    const exported = path.join(a.corpusDir, '..', 'shared.json')
    await download.saveAs(exported)
    const shared = JSON.parse(await fs.readFile(exported, 'utf8')) as {
      decisions: Array<{ key: string; decision: string }>
    }
    expect(shared.decisions.map(d => [d.key, d.decision]).sort()).toEqual(
      [
        [s02[0]!.key, 'dismissed'],
        [s02[1]!.key, 'confirmed']
      ].sort()
    )

    // The colleague had confirmed the title this reviewer dismissed: a conflict, not overwritten.
    const theirs = await reportOf(b, '市科委2024.txt')
    await b.call('setReview', {
      reportId: theirs.summary.id,
      key: s02[0]!.key,
      decision: 'confirmed',
      note: '应按模板编号'
    })
    const pageB = await openPage(b, problems, '#/settings')
    await pageB.getByTestId('import-review').setInputFiles(exported)
    await expect
      .poll(() => pageB.getByTestId('import-result').textContent())
      .toContain('1 条与本机决定不同')
    await expect.poll(() => pageB.getByTestId('conflict').count()).toBe(1)
    const conflict = (await b.call<ReviewConflict[]>('listReviewConflicts'))[0]!
    expect(conflict).toMatchObject({
      mine: { decision: 'confirmed', reviewer: '李四' },
      theirs: { decision: 'dismissed', reviewer: '张三' }
    })
    await pageB.getByTestId('review-conflicts').scrollIntoViewIfNeeded()
    await shot(pageB, 'review-import-conflicts-1366')
    // The confirmation was taken in (the file had changed on A's side, its old content is B's).
    const inB = await reportOf(b, '市科委2024.txt')
    expect(inB.findings.find(f => f.key === s02[0]!.key)?.review).toMatchObject({
      decision: 'confirmed',
      reviewer: '李四'
    })
    await pageB.getByRole('button', { name: '采用张三的决定' }).click()
    await expect.poll(() => pageB.getByTestId('conflict').count()).toBe(0)
    const settled = await reportOf(b, '市科委2024.txt')
    expect(settled.findings.find(f => f.key === s02[0]!.key)?.review).toMatchObject({
      decision: 'dismissed',
      note: '目录编号与模板不同，内容相符',
      reviewer: '张三'
    })
    const hist = await b.call<ReviewHistoryEntry[]>('getReviewHistory', {
      reportId: settled.summary.id
    })
    expect(
      hist
        .filter(e => e.key === s02[0]!.key)
        .map(e => [e.oldDecision, e.newDecision, e.reviewer, e.origin])
    ).toEqual([
      [null, 'confirmed', '李四', 'app'],
      ['confirmed', 'dismissed', '张三', 'import']
    ])
    expect(problems).toEqual([])
  }, 180_000)
})
