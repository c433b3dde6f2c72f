/**
 * The review screen of a report read by OCR (issue #24), in chromium over HTTP: the 文字识别核对
 * panel lists the uncertain cells, shows the page image cropped around the selected cell with its
 * box, and a correction typed there changes the report's findings.
 *
 * No OCR runs here (that is the engine's, issue #24a): 046 (a real text-layer PDF) gets synthetic
 * reads with boxes (src/core/rules/ocr-test-support.ts), one misread (its 3 read as 8), and the
 * "page images" are drawn by chromium from the cells' own texts at their boxes, so the box drawn
 * over the crop must frame the printed 3.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentModel, TableBlock } from '../../src/shared/document'
import { asOcr, HUAIAN, readDoc, setRead } from '../../src/core/rules/ocr-test-support'
import { createService, type Service } from '../../src/core/service/index'
import { openStore } from '../../src/core/store/index'
import { startServer, type RunningServer } from '../../src/core/transport/http/server'
import { existsSync } from 'node:fs'
import { buildRenderer, CHROMIUM, shot } from './harness'
import { storeAsRead } from '../helpers/store-as-read'

const SLIP = 'applications.granted.otherOrg'
const NAME = '淮安市人民政府2024.pdf'

let dir = ''
let service: Service | null = null
let server: RunningServer | null = null
let browser: Browser | null = null
let context: BrowserContext | null = null
let reportId = 0
const problems: string[] = []

/** A page image: every cell of the page's table printed at its box (the text layer's own text). */
async function pageImage(b: Browser, doc: DocumentModel, truth: DocumentModel, page: number) {
  const size = doc.meta.ocr!.pageSizes[page - 1]!
  const cells: string[] = []
  const tables = truth.blocks.filter((x): x is TableBlock => x.kind === 'table')
  const ocrTables = doc.blocks.filter((x): x is TableBlock => x.kind === 'table')
  ocrTables.forEach((t, ti) =>
    t.rows.forEach((r, ri) =>
      r.ocr?.forEach((read, ci) => {
        if (!read || read.box.page !== page) return
        const { x, y, w, h } = read.box
        const text = (tables[ti]!.rows[ri]!.cells[ci] ?? '')
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
        cells.push(
          `<div style="position:absolute;left:${x * 100}%;top:${y * 100}%;width:${w * 100}%;height:${h * 100}%;border:1px solid #333;box-sizing:border-box;display:flex;align-items:center;justify-content:center;font-size:${Math.min(13, (h * size.height) / 4.4)}px;overflow:hidden;text-align:center;line-height:1.1">${text}</div>`
        )
      })
    )
  )
  // Half the 200 dpi size: enough for a crop, and quick to draw on a busy machine.
  const p = await b.newPage({
    viewport: { width: Math.round(size.width / 2), height: Math.round(size.height / 2) }
  })
  await p.setContent(
    `<html><body style="margin:0;background:#f7f5ef;font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif"><div style="position:relative;width:${size.width / 2}px;height:${size.height / 2}px">${cells.join('')}</div></body></html>`
  )
  const png = await p.screenshot({ type: 'png' })
  await p.close()
  return png
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-ocr-e2e-'))
  const folder = path.join(dir, 'reports')
  const staticDir = path.join(dir, 'static')
  await buildRenderer(staticDir)
  const { mkdirSync } = await import('node:fs')
  mkdirSync(folder)
  copyFileSync(HUAIAN, path.join(folder, NAME))
  const truth = await readDoc()
  let doc = setRead(asOcr(truth), SLIP, '8', 0.58)
  doc = setRead(doc, 'reviewLitigation.litigationDirect.upheld', '')

  // Stored as the pipeline stores a file it read.
  const dbPath = path.join(dir, 'db.sqlite')
  const store = await openStore(dbPath)
  await storeAsRead(store, folder, NAME, doc)
  await store.setSetting('watchedFolders', [folder])
  await store.close()

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run']
  })
  // Drawn before the server starts: the Api answers at once, as a cached render would.
  const images = new Map<number, Buffer>()
  for (let pg = 1; pg <= doc.meta.ocr!.pages; pg++)
    images.set(pg, await pageImage(browser, doc, truth, pg))
  service = createService({
    dbPath,
    autoWatch: false,
    transport: 'http',
    renderPage: (_abs, page) => {
      const png = images.get(page)
      return png ? Promise.resolve(png) : Promise.reject(new Error(`no page ${page}`))
    }
  })
  expect((await service.ready()).ok).toBe(true)
  server = await startServer({ service, staticDir })
  const list = await service.listReports({ page: { offset: 0, limit: 5 } })
  if (!list.ok) throw new Error(list.error.message)
  reportId = list.value.items[0]!.id
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
}, 240_000)

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.close()
  await service?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// Skipped, as the other browser tests are, on a machine without Debian's chromium (.ci/run installs it).
describe.skipIf(!existsSync(CHROMIUM))('文字识别核对 on the review screen', () => {
  it('lists the uncertain cells, crops the page around the cell, and a correction updates the findings', async () => {
    const page = await context!.newPage()
    page.on('console', m => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', e => problems.push(e.message))
    await page.goto(`${server!.url}#/review/${reportId}`)
    const panel = page.getByTestId('ocr-panel')
    await panel.waitFor()
    await expect.poll(() => panel.locator('.ocr-item').count()).toBeGreaterThan(2)
    // The misread cell: listed, its crop loaded with the box drawn.
    const slip = panel
      .locator('.ocr-item', { hasText: '予以公开' })
      .filter({ hasText: '疑似识别错误' })
    await slip.first().click()
    await panel
      .locator('.ocr-crop img')
      .waitFor()
      .catch(async (err: unknown) => {
        await shot(page, 'ocr-debug')
        throw new Error(`${String(err)}\n${await panel.innerText()}`)
      })
    await expect
      .poll(() =>
        panel
          .locator('.ocr-crop img')
          .evaluate(i => (i as unknown as { naturalWidth: number }).naturalWidth)
      )
      .toBeGreaterThan(0)
    await expect.poll(() => panel.locator('.ocr-facts').innerText()).toContain('表内合计推算应为 3')
    const input = panel.locator('.ocr-form input')
    expect(await input.inputValue()).toBe('3')
    await shot(page, 'ocr-review')

    // No arithmetic finding rests on the misread; the unread cell's T02 says OCR did not read it.
    const findings = page.locator('.findings')
    await expect.poll(() => findings.innerText()).toContain('文字识别未能读出该单元格')
    expect(await findings.innerText()).not.toMatch(/A0[12]/)

    // Keyboard: Enter in the field saves the value shown on the image.
    await input.focus()
    await input.press('Enter')
    await expect.poll(() => panel.locator('.ocr-status-line').innerText()).toContain('已更正为 3')
    // And it stays: the save's new data once cleared it as soon as it was drawn.
    await page.waitForTimeout(500)
    expect(await panel.locator('.ocr-status-line').innerText()).toContain('已更正为 3')
    await expect.poll(() => panel.locator('.ocr-item.is-active').innerText()).toContain('已更正')
    await shot(page, 'ocr-review-corrected')
    await page.close()
    expect(problems).toEqual([])
  }, 120_000)
})
