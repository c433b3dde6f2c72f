/**
 * 报告 on 总览 and 报告数 on 单位 say one number on the real corpus (issue #22), where most
 * agency-years have two files (a web page beside its text, a crawler text beside its re-celled
 * copy): the card counts every report file and says how many are such duplicates, and the column
 * sums to the card, each row saying its own duplicates.
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AgencySummary, Overview, Page as ApiPage } from '../../src/shared/api'
import { CHROMIUM, openPage, shot, startHarness, type Harness } from './harness'

const REAL = path.resolve(__dirname, '../../../shared/corpus/real')
const haveChromium = existsSync(CHROMIUM)

let h: Harness
const problems: string[] = []

describe.skipIf(!haveChromium)('report counts in chromium', () => {
  beforeAll(async () => {
    // INDEX.tsv is not a report: every other file is.
    const reports = (await fs.readdir(REAL)).filter(f => f !== 'INDEX.tsv').length
    h = await startHarness(reports, { fill: dir => fs.cp(REAL, dir, { recursive: true }) })
  }, 300_000)
  afterAll(async () => {
    await h?.close()
  })

  it('the 报告 card says its duplicates, and 单位’s 报告数 sums to it', async () => {
    const ov = await h.call<Overview>('getOverview', {})
    expect(ov.counts.duplicates).toBeGreaterThan(0)
    const page = await openPage(h, problems, '#/overview')
    const card = page.getByTestId('count-reports')
    await card.waitFor()
    expect(await card.locator('.card-value').textContent()).toBe(String(ov.counts.reports))
    expect(await card.locator('.card-sub').textContent()).toBe(
      `其中重复 ${ov.counts.duplicates} 份`
    )
    await shot(page, 'counts-overview-1366x768')
    await page.getByRole('tab', { name: '单位' }).click()
    await page.getByTestId('agency-table').waitFor()
    const agencies = await h.call<ApiPage<AgencySummary>>('listAgencies', {
      filter: {},
      page: { offset: 0, limit: 100 }
    })
    await expect.poll(() => page.getByTestId('agency-reports').count()).toBe(agencies.total)
    const cells = await page.getByTestId('agency-reports').allTextContents()
    const sum = cells.reduce((n, t) => n + Number(/^\d+/.exec(t)![0]), 0)
    expect(sum).toBe(ov.counts.reports)
    const dups = cells.reduce((n, t) => n + Number(/重复 (\d+)/.exec(t)?.[1] ?? 0), 0)
    expect(dups).toBe(ov.counts.duplicates)
    await shot(page, 'counts-agencies-1366x768')
    await page.close()
  })

  it('raised no console errors', () => {
    expect(problems).toEqual([])
  })
})
