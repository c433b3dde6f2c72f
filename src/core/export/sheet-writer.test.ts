/**
 * SheetOut.flush is the export's only backpressure: ExcelJS hands sheet XML to archiver without
 * waiting, so the export must see (through library internals) how much is still queued. These tests
 * fail if an ExcelJS/archiver upgrade hides that queue, which would silently bring back the 500 MB
 * of pending Buffers measured at 100,000 reports.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { afterAll, describe, expect, it } from 'vitest'
import { addSheet, CELL_TEXT_MAX, FLUSH_LIMIT, pendingBytes } from './sheet-writer'

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-sheet-writer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SheetOut.flush', () => {
  it('sees the XML queued for deflate and waits until most of it is taken, rows intact', async () => {
    const file = path.join(dir, 'flush.xlsx')
    const stream = createWriteStream(file)
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false
    })
    const columns = Array.from({ length: 40 }, (_, i) => ({
      header: `列${i + 1}`,
      width: 10,
      kind: 'int' as const
    }))
    const sheet = addSheet(wb, '数据', columns)
    const rows = 6000
    // Written without yielding, as one page of the export is: nothing can drain meanwhile.
    for (let r = 0; r < rows; r++) sheet.add(columns.map((_, c) => r * 100 + c))
    const before = pendingBytes(sheet.ws)
    expect(before).toBeGreaterThan(FLUSH_LIMIT)
    await sheet.flush()
    expect(pendingBytes(sheet.ws)).toBeLessThanOrEqual(FLUSH_LIMIT)
    sheet.done()
    await wb.commit()

    const back = new ExcelJS.Workbook()
    await back.xlsx.readFile(file)
    const ws = back.getWorksheet('数据')!
    expect(ws.rowCount).toBe(rows + 1)
    expect(ws.getRow(2).getCell(1).value).toBe(0)
    expect(ws.getRow(rows + 1).getCell(40).value).toBe((rows - 1) * 100 + 39)
  })

  it('returns at once when little is queued', async () => {
    const stream = createWriteStream(path.join(dir, 'small.xlsx'))
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false
    })
    const sheet = addSheet(wb, '数据', [{ header: '列', width: 10, kind: 'int' }])
    sheet.add([1])
    expect(pendingBytes(sheet.ws)).toBeLessThan(FLUSH_LIMIT)
    await sheet.flush()
    sheet.done()
    await wb.commit()
  })
})

describe('SheetOut.add', () => {
  // Excel reports a workbook with a longer cell as damaged and drops the cell when repairing it.
  it('cuts text to the 32,767 characters a cell holds, never between a surrogate pair', async () => {
    const file = path.join(dir, 'long.xlsx')
    const stream = createWriteStream(file)
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false
    })
    const sheet = addSheet(wb, '数据', [
      { header: '问题描述', width: 60, kind: 'wrap' },
      { header: '位置', width: 10, kind: 'text' }
    ])
    sheet.add(['正'.repeat(50_000), '短'])
    sheet.add([`${'a'.repeat(CELL_TEXT_MAX - 2)}𠀀tail`, ''])
    sheet.done()
    await wb.commit()
    const ws = (await new ExcelJS.Workbook().xlsx.readFile(file)).getWorksheet('数据')!
    const long = String(ws.getRow(2).getCell(1).value)
    expect(long.length).toBe(CELL_TEXT_MAX)
    expect(long.endsWith('正…')).toBe(true)
    expect(ws.getRow(2).getCell(2).value).toBe('短')
    expect(String(ws.getRow(3).getCell(1).value)).toBe(`${'a'.repeat(CELL_TEXT_MAX - 2)}…`)
  })

  // Excel calls a workbook with U+FFFE in it damaged; ExcelJS drops C0 controls but not that.
  it('writes only characters XML allows: U+FFFE/U+FFFF and lone surrogates as U+FFFD', async () => {
    const file = path.join(dir, 'xml.xlsx')
    const stream = createWriteStream(file)
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false
    })
    const sheet = addSheet(wb, '数据', [{ header: '问题描述', width: 60, kind: 'wrap' }])
    sheet.add(['前\u0001\u0008\u000b\u001f\uFFFE\uFFFF\uD800中\uDC00𠀀后\t'])
    sheet.done()
    await wb.commit()
    const xml = await (
      await JSZip.loadAsync(await readFile(file))
    )
      .file('xl/worksheets/sheet1.xml')!
      .async('string')
    // eslint-disable-next-line no-control-regex -- the test's point: no control character written
    expect(xml).not.toMatch(/[\uFFFE\uFFFF\u0001]/)
    const ws = (await new ExcelJS.Workbook().xlsx.readFile(file)).getWorksheet('数据')!
    expect(ws.getRow(2).getCell(1).value).toBe('前\uFFFD\uFFFD\uFFFD中\uFFFD𠀀后\t')
  })
})
