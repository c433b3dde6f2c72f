/**
 * The first-run and failure screens in chromium: a fresh database watching no folder shows what to
 * do next in plain Chinese on every screen, and a server that has gone away shows an error with a
 * retry button instead of a blank page.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, startHarness, type Harness } from './harness'

let h: Harness

describe.skipIf(!existsSync(CHROMIUM))('first run and errors in chromium', () => {
  beforeAll(async () => {
    h = await startHarness(null)
  }, 240_000)
  afterAll(async () => {
    await h?.close()
  })

  it('explains the empty screens and how to start', async () => {
    const page = await h.context.newPage()
    await page.goto(`${h.url}#/overview`)
    await expect
      .poll(() => page.locator('.matrix-panel .state-title').textContent())
      .toBe('还没有报告')
    expect(await page.locator('.folders-panel').textContent()).toContain('尚未添加监控文件夹')
    // Nothing is watched: the header does not say 导入完成，正在监控文件夹 / 监控中 (issue #22).
    await expect.poll(() => page.locator('.app-header').textContent()).toContain('未监控文件夹')
    expect(await page.locator('body').textContent()).not.toContain('正在监控文件夹')
    expect(await page.locator('.app-header').textContent()).not.toContain('监控中')
    await page.goto(`${h.url}#/agencies`)
    await expect.poll(() => page.locator('.state-title').textContent()).toBe('还没有单位')
    await page.goto(`${h.url}#/review`)
    await expect.poll(() => page.locator('.state-title').textContent()).toBe('还没有报告')
    await page.goto(`${h.url}#/trends`)
    await expect
      .poll(() => page.locator('.state-title').textContent())
      .toBe('没有可以绘制的年度数据')
    // Over HTTP there is no native folder dialog: the path is typed instead.
    await page.goto(`${h.url}#/overview`)
    await page.getByRole('button', { name: '添加文件夹' }).click()
    await page.getByLabel('文件夹路径').fill('/这个/文件夹/不存在')
    await page.getByRole('button', { name: '添加', exact: true }).click()
    await expect.poll(() => page.locator('.folders-panel .inline-error').count()).toBe(1)
    await page.close()
  })

  it('shows an error with a retry button when the service is gone', async () => {
    const page = await h.context.newPage()
    await page.goto(`${h.url}#/overview`)
    await page.locator('.matrix-panel .state-title').waitFor()
    await h.stopServer()
    await page.getByRole('tab', { name: '单位' }).click()
    const alert = page.getByRole('alert')
    await expect
      .poll(() => alert.locator('.state-title').textContent())
      .toMatch(/^出错了：无法连接/)
    expect(await alert.getByRole('button', { name: '重试' }).count()).toBe(1)
    await page.close()
  })
})
