/**
 * The workbook opens in LibreOffice and prints: converted headless to PDF, every sheet yields
 * pages and its title. Runs only where `soffice` is installed (not needed by CI); the figures
 * and layout are checked by export.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandbox, type Sandbox } from '../../../test/helpers/temp-corpus'
import { auditFolder } from '../pipeline/index'
import { exportWorkbook, SHEET_NAMES } from './index'

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0
const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0

let sb: Sandbox
beforeAll(async () => {
  sb = await sandbox(true)
  await auditFolder(sb.folder, sb.store)
})
afterAll(async () => {
  await sb.cleanup()
})

describe.skipIf(!hasSoffice)('LibreOffice', () => {
  it('converts the workbook to a PDF with every sheet in it', async () => {
    const file = path.join(sb.dir, 'audit.xlsx')
    await exportWorkbook(sb.store, { file })
    // A private profile: a second soffice (another engineer's, the desktop's) must not collide.
    const profile = pathToFileURL(path.join(sb.dir, 'lo-profile')).href
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        sb.dir,
        file
      ],
      { stdio: 'ignore', timeout: 120_000 }
    )
    const pdf = path.join(sb.dir, 'audit.pdf')
    expect(existsSync(pdf)).toBe(true)
    const bytes = readFileSync(pdf)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    if (hasPdftotext) {
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
      // Each sheet's name is printed in its page header.
      for (const name of SHEET_NAMES) expect(text, name).toContain(name)
      expect(text).toContain('中卫市民政局')
    }
  }, 180_000)
})
