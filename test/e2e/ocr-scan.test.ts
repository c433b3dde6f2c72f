/**
 * A real scan through the whole app (issue #24): `npm run serve` watching a folder with the
 * degraded image-only PDF of real 040 (test/fixtures/formats/scan), read by the OCR process the
 * pool starts; the review screen then shows the 文字识别核对 panel with the page image rendered
 * by PDFium and the cell's box on it. (ocr-review.test.ts checks the panel's behaviour on
 * synthetic reads; this one that the parts are wired in the app.)
 */
import { copyFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page as ApiPage, ReportSummary } from '../../src/shared/api'
import { CHROMIUM, openPage, ROOT, shot, startHarness, type Harness } from './harness'

const SCAN = path.join(ROOT, 'test/fixtures/formats/scan/040-scan.pdf')
const problems: string[] = []
let h: Harness

describe.skipIf(!existsSync(CHROMIUM))('a scanned report in the app', () => {
  beforeAll(async () => {
    h = await startHarness(1, {
      fill: async dir => copyFileSync(SCAN, path.join(dir, '040-scan.pdf'))
    })
  }, 300_000)
  afterAll(async () => {
    await h?.close()
  })

  it('is read by OCR and its uncertain cells are shown on the page image', async () => {
    const list = await h.call<ApiPage<ReportSummary>>('listReports', {
      page: { offset: 0, limit: 5 }
    })
    const report = list.items.find(r => r.file === '040-scan.pdf')
    expect(report?.year).toBe(2023)
    const ocr = await h.call<{ pages: number; uncertain: string[] } | null>('getOcrCells', {
      reportId: report!.id
    })
    expect(ocr?.pages).toBe(3)

    const page = await openPage(h, problems, `#/review/${report!.id}`)
    const panel = page.locator('.ocr-panel')
    await expect
      .poll(() => panel.locator('.ocr-item').count(), { timeout: 30_000 })
      .toBeGreaterThan(0)
    await panel.locator('.ocr-item').first().click()
    const img = panel.locator('.ocr-crop img')
    // The page rendered by PDFium through getOcrPage, decoded by the browser.
    await expect
      .poll(() => img.evaluate(e => (e as unknown as { naturalWidth: number }).naturalWidth), {
        timeout: 30_000
      })
      .toBeGreaterThan(100)
    await shot(page, 'ocr-scan-review')
    expect(problems).toEqual([])
  }, 120_000)
})
