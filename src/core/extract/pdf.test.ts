import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TableBlock } from '../../shared/document'
import { APPLICANT_COLUMNS } from '../../shared/template'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import { silentLogger } from '../logger'
import { parseReport } from '../parse/index'
import { reportFindings } from '../pipeline/file'
import { VARIANTS, values } from '../../../test/fixtures/make-pdf-table3'
import { extractHtml } from './html'
import { extractDocument } from './index'

const FIX = join(__dirname, '../../../test/fixtures/formats')
const SAMPLES = [
  '000_051f95df41851f1c',
  '001_0a6fcc7805cba63f',
  '002_4dd3a57cffab60e6',
  '003_af8fd19025225cb0',
  '004_e6e4943c46b535d8'
]
/** Cell text without the spaces that layout adds or drops (justification, wrapping). */
const squash = (rows: string[][]): string[][] => rows.map(r => r.map(c => c.replace(/\s+/g, '')))
const tables = (blocks: { kind: string }[]): TableBlock[] =>
  blocks.filter((b): b is TableBlock => b.kind === 'table')

describe('PDF extractor on LibreOffice PDFs of the five samples', () => {
  for (const name of SAMPLES) {
    it(`${name}: table cells equal the HTML the PDF was printed from`, async () => {
      const res = await extractDocument(readFileSync(join(FIX, 'samples', `${name}.pdf`)), 'pdf')
      if (!res.ok) throw new Error(res.reason)
      const want = tables(
        extractHtml(readFileSync(join(FIX, 'samples', `${name}.html`))).doc.blocks
      )
      const got = tables(res.doc.blocks)
      // The application table breaks over a page in every sample: it must come back as one table.
      expect(got.length).toBe(want.length)
      // Rows below the header rows: numbers and labels, cell by cell (header text may wrap across
      // a page break and is compared by the parser tests instead).
      got.forEach((t, k) => {
        const w = want[k]!
        expect(t.rows.length).toBe(w.rows.length)
        const body = (rows: string[][]): string[][] =>
          squash(rows).filter(r => r.some(c => /^\d/.test(c)))
        expect(body(t.rows.map(r => r.cells))).toEqual(body(w.rows.map(r => r.cells)))
      })
      for (const t of got)
        for (const r of t.rows) expect(res.doc.lines[r.line - 1]).toBe(r.cells.join('\t'))
    })
  }

  it('a scan (image only, no text layer) is reported as such; a blank PDF as one without text', async () => {
    // Images are dropped before decoding while the text is read; whether a PDF without text has
    // any is looked up afterwards, for this message.
    const res = await extractDocument(readFileSync(join(FIX, 'broken/scanned.pdf')), 'pdf')
    expect(res).toEqual({
      ok: false,
      reason: '扫描件，无文字层：PDF 只有图片，需先做文字识别（OCR）才能审查'
    })
    // broken/blank.pdf: an empty page printed by Chrome; broken/outlined.pdf: a title printed by
    // Chrome, its text turned into curves (`gs -sDEVICE=pdfwrite -dNoOutputFonts`), which is no scan.
    for (const f of ['broken/blank.pdf', 'broken/outlined.pdf']) {
      const none = await extractDocument(readFileSync(join(FIX, f)), 'pdf')
      expect(none, f).toEqual({
        ok: false,
        reason:
          '无文字层：PDF 中没有可读取的文字（空白，或文字已转为曲线），需先做文字识别（OCR）才能审查'
      })
    }
  })

  // hand/chrome-040 re-distilled by Ghostscript (`gs -sDEVICE=pdfwrite`): it shows 年度报告 and its
  // text layer says 度ç告. Read as text it gave every section missing and 40 table findings.
  it('a PDF whose text layer is mojibake says so instead of reporting what it cannot read', async () => {
    const res = await extractDocument(readFileSync(join(FIX, 'broken/garbled-gs.pdf')), 'pdf')
    expect(res).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^文字层编码有误：读出的文字是乱码（如“[^”\s]*[\u00c0-\u024f][^”]*”）/
      )
    })
  })

  it('a password-protected PDF says it is encrypted', async () => {
    const res = await extractDocument(readFileSync(join(FIX, 'broken/encrypted.pdf')), 'pdf')
    expect(res).toEqual({ ok: false, reason: expect.stringContaining('文件已加密') })
  })

  it('a truncated PDF is incomplete (fetch it again), a non-PDF is damaged', async () => {
    const cut = await extractDocument(readFileSync(join(FIX, 'broken/truncated.pdf')), 'pdf')
    expect(cut).toEqual({
      ok: false,
      reason: '文件不完整：结尾缺失，可能是下载或复制时中断；请重新获取该文件'
    })
    // Cut at 99 %: the catalog LibreOffice and Chrome write last is gone, so nothing can be read.
    const whole = readFileSync(join(FIX, 'hand/chrome-002.pdf'))
    const most = await extractDocument(whole.subarray(0, Math.floor(whole.length * 0.99)), 'pdf')
    expect(most).toEqual({ ok: false, reason: expect.stringContaining('文件不完整') })
    const junk = await extractDocument(Buffer.from('not a pdf at all'), 'pdf')
    expect(junk).toEqual({ ok: false, reason: expect.stringContaining('文件已损坏') })
  })

  // A WPS-made PDF (corpus/real/046): the merged cell down the left of table 3's disposal rows is
  // written one character a line, 三、 本 年 度 办 理 结 果, each drawn on its own. Read whole, the
  // row's label is the cell's text, so the 予以公开 row is found under its section.
  it('a WPS PDF: the vertical merged cell 三、本年度办理结果 comes back whole, its row with it', async () => {
    const res = await extractDocument(
      readFileSync(join(__dirname, '../../../../shared/corpus/real/046_huaian_szf_2024.pdf')),
      'pdf'
    )
    if (!res.ok) throw new Error(res.reason)
    const rows = tables(res.doc.blocks).flatMap(t => t.rows.map(r => r.cells))
    const row = rows.find(r => r[0] === '三、本年度办理结果')
    expect(row?.[1]).toBe('（一）予以公开')
    expect(row?.slice(3)).toEqual(['1288', '21', '0', '0', '50', '3', '1362'])
  })

  // PDFium gives characters; they are joined into runs as pdfjs made them, which the layout and
  // every PDF fixture's findings were written against. Chrome writes `2022 年` with the space in
  // the Latin font and the CJK glyphs in Type3 fonts of their own: a space glyph where the font
  // changes is no gap in a line (2022年), but stays in a cell (`1. 属于国家秘密`), as a bare gap
  // between two fonts does (`251000 元`: digits and unit in two fonts, LibreOffice).
  it('joins characters into runs as the layout expects: spaces where fonts change', async () => {
    const read = async (f: string): Promise<string[]> => {
      const res = await extractDocument(readFileSync(join(FIX, f)), 'pdf')
      if (!res.ok) throw new Error(res.reason)
      return res.doc.lines
    }
    const chrome = await read('hand/chrome-002.pdf')
    expect(chrome).toContain('2022年政府信息公开工作年度报告')
    expect(chrome.some(l => l.split('\t').includes('1. 属于国家秘密'))).toBe(true)
    const lo = await read('real/001_shanghai_szfbgt_2019.pdf')
    expect(lo.find(l => l.startsWith('政府集中采购'))?.split('\t')).toEqual([
      '政府集中采购',
      '6',
      '',
      '251000 元',
      ''
    ])
  })
})

// Issue #18 item 5: table 3 as agencies build it in Word (merged header, narrow label column, the
// labels over two to six lines, numbers centred or at the bottom), converted by LibreOffice, broken
// over a page (test/fixtures/make-pdf-table3.ts). Every number of the table is non-zero where the
// generator put a value, so a cell lost shows as null and a row lost as a T02/T03.
describe('table 3 broken over a page in LibreOffice PDFs', () => {
  const keys: Record<string, keyof ReturnType<typeof values>> = {
    received: 'received',
    carriedOver: 'carriedOver',
    granted: 'granted',
    'other.overdueFee': 'fee',
    outcomeTotal: 'total',
    carriedForward: 'next'
  }
  for (const v of VARIANTS) {
    it(`${v.name}: every cell read, no table finding`, async () => {
      const path = `pdf-table3/${v.name}.pdf`
      const res = await extractDocument(readFileSync(join(FIX, '..', path)), 'pdf')
      if (!res.ok) throw new Error(res.reason)
      const parsed = parseReport(res.doc)
      const table = parsed.tables.applications
      expect(table).not.toBeNull()
      const want = values()
      for (const [row, cells] of Object.entries(table!)) {
        const key = keys[row]
        const expected = APPLICANT_COLUMNS.map((_, i) => (key ? want[key]![i] : 0))
        expect(
          APPLICANT_COLUMNS.map(c => cells[c]),
          row
        ).toEqual(expected)
      }
      const findings = reportFindings(
        { path, format: 'pdf', mtimeMs: 0, parsed, doc: res.doc, unreadable: null },
        'department',
        DEFAULT_RULE_SETTINGS,
        silentLogger
      )
      expect(findings.filter(f => /^T0[23]$/.test(f.rule)).map(f => f.message)).toEqual([])
    })
  }
})
