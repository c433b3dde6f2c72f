/** `audit <folder> --bulletin f.docx [--year Y]`: the 通报 of one year; bad year arguments refused. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/index'
import { fakeIo } from './helpers/cli-io'
import { extractDocument } from '../src/core/extract/index'
import { SAMPLES } from './helpers/temp-corpus'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-bulletin-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('cli audit --bulletin', () => {
  it('writes the 通报 of the latest year by default and of --year when given; the JSON is unchanged', async () => {
    const plain = fakeIo()
    expect(await main(['audit', SAMPLES, '--json', '-'], plain)).toBe(0)
    const reports = (
      JSON.parse(plain.stdout) as { reports: Array<{ agency: string; year: number }> }
    ).reports
    const years = [...new Set(reports.map(r => r.year))].sort()
    const latest = years.at(-1)!
    const file = path.join(tmp, 'latest.docx')
    const io = fakeIo()
    expect(await main(['audit', SAMPLES, '--json', '-', '--bulletin', file], io)).toBe(0)
    expect(io.stdout).toBe(plain.stdout)
    const read = await extractDocument(readFileSync(file), 'docx')
    if (!read.ok) throw new Error(read.reason)
    const text = read.doc.lines.join('\n')
    const units = new Set(reports.filter(r => r.year === latest).map(r => r.agency))
    expect(text).toContain(`关于${latest}年度政府信息公开工作年度报告审查情况的通报`)
    expect(text).toContain(`应报送年度报告的单位 ${units.size} 家，已报送 ${units.size} 家`)
    expect(io.stderr.some(l => l.startsWith(`通报：${latest} 年度，${units.size} 家单位`))).toBe(
      true
    )

    const older = years[0]!
    expect(older).not.toBe(latest)
    const f2 = path.join(tmp, 'older.docx')
    expect(
      await main(['audit', SAMPLES, '--bulletin', f2, '--year', String(older)], fakeIo())
    ).toBe(0)
    const r2 = await extractDocument(readFileSync(f2), 'docx')
    if (!r2.ok) throw new Error(r2.reason)
    expect(r2.doc.lines.join('\n')).toContain(
      `关于${older}年度政府信息公开工作年度报告审查情况的通报`
    )
  })

  it('refuses a bad year, a year without --bulletin, a year with no reports, and a non-.docx file', async () => {
    for (const argv of [
      ['audit', SAMPLES, '--bulletin', path.join(tmp, 'b.docx'), '--year', '23'],
      ['audit', SAMPLES, '--year', '2023'],
      ['audit', SAMPLES, '--bulletin', path.join(tmp, 'b.docx'), '--year', '1999'],
      ['audit', SAMPLES, '--bulletin', path.join(tmp, 'b.txt')],
      ['audit', SAMPLES, '--bulletin', path.join(SAMPLES, 'inside.docx')]
    ]) {
      const io = fakeIo()
      expect(await main(argv, io), argv.join(' ')).toBe(2)
      expect(io.stderr.join('\n'), argv.join(' ')).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})
