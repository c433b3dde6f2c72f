import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERR_PASSWORD, PdfiumDoc, pdfiumMemory, unpackedPath, wasmPath } from './pdfium'

const FIX = join(__dirname, '../../../test/fixtures/formats')

describe('PDFium', () => {
  it('finds its .wasm by path: from node_modules here, beside app.asar in the packaged app', () => {
    expect(wasmPath()).toMatch(/node_modules[\\/]@embedpdf[\\/]pdfium[\\/]dist[\\/]pdfium\.wasm$/)
    expect(existsSync(wasmPath())).toBe(true)
    const inAsar =
      '/opt/年报审查台/resources/app.asar/node_modules/@embedpdf/pdfium/dist/pdfium.wasm'
    const unpacked =
      '/opt/年报审查台/resources/app.asar.unpacked/node_modules/@embedpdf/pdfium/dist/pdfium.wasm'
    expect(unpackedPath(inAsar, p => p === unpacked)).toBe(unpacked)
    expect(unpackedPath(inAsar, () => false)).toBe(inAsar)
    const win =
      'C:\\Program Files\\nianbao\\resources\\app.asar\\node_modules\\@embedpdf\\pdfium\\dist\\pdfium.wasm'
    expect(unpackedPath(win, p => p.includes('app.asar.unpacked\\node_modules'))).toContain(
      'app.asar.unpacked\\'
    )
    expect(unpackedPath(wasmPath(), () => true)).toBe(wasmPath())
  })

  it('reads a page: text runs, ruling segments, metadata; says why it cannot open a file', async () => {
    const doc = await PdfiumDoc.open(readFileSync(join(FIX, 'samples/000_051f95df41851f1c.pdf')))
    if ('error' in doc) throw new Error(`PDFium error ${doc.error}`)
    try {
      expect(doc.pageCount).toBeGreaterThan(1)
      const pages = Array.from({ length: doc.pageCount }, (_, i) => doc.page(i))
      const page = pages[0]!
      expect(page.chars).toBeGreaterThan(100)
      expect(
        page.items.every(it => it.str !== '' && it.size > 5 && it.size < 40 && it.turn === 0)
      ).toBe(true)
      expect(page.items.map(it => it.str).join('')).toContain('政府信息公开')
      // The tables' cell borders (Writer draws each as a stroked line).
      expect(Math.max(...pages.map(p => p.segs.length))).toBeGreaterThan(50)
      expect(pages.every(p => p.images === 0)).toBe(true)
      expect(doc.meta('Producer')).toMatch(/LibreOffice/)
      expect(doc.meta('NoSuchKey')).toBe('')
    } finally {
      doc.close()
    }
    expect(pdfiumMemory()).toBeGreaterThan(0)
    expect(await PdfiumDoc.open(readFileSync(join(FIX, 'broken/encrypted.pdf')))).toEqual({
      error: ERR_PASSWORD
    })
    expect(await PdfiumDoc.open(Buffer.from('not a pdf'))).toEqual({ error: expect.any(Number) })
  })
})
