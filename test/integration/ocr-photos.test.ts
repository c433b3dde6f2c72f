/**
 * A report sent as photos (issue #24): a folder of page pictures is ONE report, read by OCR like a
 * scanned PDF. The pictures are the pages of the degraded scan fixture (scan/040-scan.pdf, made
 * from real/040_shuyang_fgj_2023.pdf by test/fixtures/formats/make-scan.ts) rendered to JPEG and
 * PNG under names whose text order is not their page order (10.jpg before 2.jpg), plus one
 * picture that cannot be decoded. Read through the CLI (`audit <folder> --json -`, in process),
 * the folder must come out as one report with the original's agency, year and tables, four
 * pages, and an M03 naming the lost page; a picture alone in another folder stays its own file.
 * The original itself (text layer) is in the collection too: the agency name the OCR misreads by
 * one look-alike character (沭 → 沐) is matched to it.
 *
 * OCR costs ~7 CPU-s a page: the folder is read once (beforeAll).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportJson } from '../../src/shared/model'
import { PdfiumDoc } from '../../src/core/extract/pdfium'
import { decodePicture, encodeJpeg, encodePng } from '../../src/core/extract/ocr/image'
import { renderPdfPagePng } from '../../src/core/extract/ocr/render'
import { picturesHash } from '../../src/core/ingest/photo-folder'
import type { ParseNote } from '../../src/shared/model'
import { OCR_NAME_NOTE } from '../../src/core/rules/ocr-names'
import { openStore } from '../../src/core/store/index'
import { runCli } from '../helpers/cli-io'

const FIX = join(__dirname, '../fixtures/formats')
const SCAN = join(FIX, 'scan/040-scan.pdf')
const ORIGINAL = join(FIX, 'real/040_shuyang_fgj_2023.pdf')
const FOLDER = '沭阳县发改局2023年报告'
/** Scan page → picture name: text order 10, 2, 9; page order 2, 9, 10. */
const NAMES = ['2.jpg', '9.png', '10.jpg']
const BROKEN = '11.jpg'

/** The CLI's tables as `table.row.column` → value. */
function flat(v: unknown, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) flat(x, at ? `${at}.${k}` : k, out)
  else out.set(at, v)
  return out
}

async function audit(folder: string, db: string): Promise<ReportJson[]> {
  const { code, io } = await runCli(['audit', folder, '--db', db, '--json', '-'])
  expect(io.stderr.filter(l => /出错|失败/.test(l))).toEqual([])
  expect(code).toBeLessThanOrEqual(1)
  return (JSON.parse(io.stdout) as { reports: ReportJson[] }).reports
}

describe('a folder of page photos is one report', () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'nianbao-photos-'))
  const pictures: Buffer[] = []
  let photos: ReportJson[]
  let text: ReportJson
  let notes: ParseNote[]
  beforeAll(async () => {
    const doc = await PdfiumDoc.open(readFileSync(SCAN))
    if ('error' in doc) throw new Error('cannot open the scan fixture')
    const root = join(dir, 'collection')
    mkdirSync(join(root, FOLDER), { recursive: true })
    mkdirSync(join(root, '其他'))
    NAMES.forEach((name, i) => {
      const img = doc.render(i, 200)
      const bytes = name.endsWith('.png') ? encodePng(img) : encodeJpeg(img, 85)
      pictures.push(bytes)
      writeFileSync(join(root, FOLDER, name), bytes)
    })
    // A photo that cannot be decoded: a JPEG cut short after its header.
    const broken = pictures[0]!.subarray(0, 300)
    pictures.push(broken)
    writeFileSync(join(root, FOLDER, BROKEN), broken)
    // A single picture elsewhere (the title strip of page 1): read on its own, as always.
    const page = doc.render(0, 200)
    const strip = { width: page.width, height: 500, data: page.data.subarray(0, page.width * 500) }
    writeFileSync(join(root, '其他', '单页.png'), encodePng(strip))
    doc.close()
    // The original, read from its text layer, is another report of the collection: the name the
    // OCR misreads (沭 → 沐) is matched to it (rules/ocr-names.ts).
    mkdirSync(join(root, '原件'))
    writeFileSync(join(root, '原件', '040.pdf'), readFileSync(ORIGINAL))
    photos = await audit(root, join(dir, 'audit.sqlite'))
    text = photos.find(r => r.file === '原件/040.pdf')!
    const db = await openStore(join(dir, 'audit.sqlite'))
    try {
      const row = await db.db.get<{ json: string }>(
        `SELECT r.report_json AS json FROM reports r JOIN files f ON f.id = r.file_id WHERE f.path = ?`,
        [FOLDER]
      )
      notes = (JSON.parse(row!.json) as { notes: ParseNote[] }).notes
    } finally {
      await db.close()
    }
  }, 900_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const report = (): ReportJson => photos.find(r => r.file === FOLDER)!

  it('gives one entry for the folder, none for its pictures; the lone picture keeps its own', () => {
    expect(photos.map(r => r.file).sort()).toEqual([FOLDER, '其他/单页.png', '原件/040.pdf'].sort())
  })

  it('reads the pages in natural order: the original’s agency, year and template', () => {
    const r = report()
    expect(r.year).toBe(2023)
    expect(r.year).toBe(text.year)
    expect(r.template).toBe(text.template)
    expect(r.agency).toBe(text.agency)
  })

  it('takes the other report’s 沭 for the 沐 the OCR reads, and says so in the notes', () => {
    // PP-OCRv4 reads the rare 沭 of 沭阳县 as 沐 (test/integration/ocr.test.ts, the scanned PDF).
    const matched = notes.filter(n => n.code === OCR_NAME_NOTE)
    expect(matched).toHaveLength(1)
    expect(matched[0]!.message).toContain(`“${text.agency!.replace('沭', '沐')}”`)
    expect(matched[0]!.message).toContain(`其他报告中的“${text.agency!}”`)
  })

  it('reads the statistics tables (continued across pages) as from the scanned PDF', () => {
    const want = flat(text.tables)
    const got = flat(report().tables)
    const numbers = [...want].filter(([, v]) => typeof v === 'number')
    expect(numbers.length).toBeGreaterThan(60)
    const same = numbers.filter(([k, v]) => got.get(k) === v).length
    // The scanned PDF of the same pages: ≥ 0.95 (ocr.test.ts); pages out of order would lose tables.
    expect(same / numbers.length).toBeGreaterThanOrEqual(0.95)
  })

  it('counts four pages, hashes the pictures in page order, and names the lost page in an M03', () => {
    const r = report()
    expect(r.ocr?.pages).toBe(4)
    expect(r.format).toBe('unknown')
    expect(r.sha256).toBe(picturesHash(pictures.map(bytes => ({ bytes, error: null }))))
    const m03 = r.findings.filter(f => f.rule === 'M03')
    expect(m03).toHaveLength(1)
    expect(m03[0]!.message).toContain(`第 4 页（“${BROKEN}”）`)
    expect(m03[0]!.message).toContain('图片已损坏')
  })

  it('shows page n as the picture’s own pixels', async () => {
    const png = await renderPdfPagePng(join(dir, 'collection', FOLDER), 2)
    const shown = decodePicture(png)[0]!
    // Page 2 is 9.png; its gray pixels as shown (decoded, then PNG-encoded, as any page shown).
    const own = decodePicture(encodePng(decodePicture(pictures[1]!)[0]!))[0]!
    expect([shown.width, shown.height]).toEqual([own.width, own.height])
    expect(Buffer.from(shown.data).equals(Buffer.from(own.data))).toBe(true)
    await expect(renderPdfPagePng(join(dir, 'collection', FOLDER), 4)).rejects.toThrow()
    await expect(renderPdfPagePng(join(dir, 'collection', FOLDER), 5)).rejects.toThrow('第 5 页')
  })
})
