/**
 * npx tsx bench/ocr-photos.ts
 *
 * A report sent as photos (issue #24), for bench/RESULTS.md "OCR (issue #24)": the three pages of
 * the test scan (scan/040-scan.pdf) rendered at 200 dpi and saved as 2.jpg (q85), 9.png, 10.jpg,
 * then read as the app reads a photo folder: the pictures' container (ingest/photo-folder.ts) by
 * `picturesPages` + `ocrDocument` in this process (CPU seconds and resident memory per page), and
 * whole through the OCR process (run.ts, kind 'pictures'): wall time. Measured, never asserted;
 * the machine is shared, so CPU time is the figure to trust.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ocrDocument, picturesPages } from '../src/core/extract/ocr/document'
import { OcrEngine } from '../src/core/extract/ocr/engine'
import { encodeJpeg, encodePng } from '../src/core/extract/ocr/image'
import { runOcr } from '../src/core/extract/ocr/run'
import { PdfiumDoc } from '../src/core/extract/pdfium'
import { encodePictures } from '../src/core/ingest/photo-folder'

const SCAN = join(__dirname, '../test/fixtures/formats/scan/040-scan.pdf')

async function main(): Promise<void> {
  const doc = await PdfiumDoc.open(readFileSync(SCAN))
  if ('error' in doc) throw new Error('cannot open the scan')
  const names = ['2.jpg', '9.png', '10.jpg']
  const bytes = encodePictures(
    names.map((name, i) => {
      const img = doc.render(i, 200)
      return {
        name,
        bytes: name.endsWith('.png') ? encodePng(img) : encodeJpeg(img, 85),
        error: null
      }
    })
  )
  doc.close()
  const engine = await OcrEngine.load()
  const source = picturesPages(bytes)
  const perPage: { cpuS: number; rssMB: number }[] = []
  let last = process.cpuUsage()
  const start = process.cpuUsage()
  await ocrDocument(engine, source, () => {
    const c = process.cpuUsage(last)
    last = process.cpuUsage()
    perPage.push({
      cpuS: Math.round((c.user + c.system) / 1e5) / 10,
      rssMB: Math.round(process.memoryUsage.rss() / 1024 ** 2)
    })
  })
  const total = process.cpuUsage(start)
  // This process's peak: the models and the pages, as in the OCR process.
  const peakMB = Math.round(process.resourceUsage().maxRSS / 1024)
  await engine.close()
  const t = performance.now()
  const res = await runOcr(bytes, 'pictures')
  const wall = (performance.now() - t) / 1000
  console.log(
    JSON.stringify({
      input: '040 scan pages as 2.jpg, 9.png, 10.jpg (photo folder)',
      pages: source.pages,
      cpuSecondsPerPage: perPage.map(p => p.cpuS),
      cpuSecondsReport: Math.round((total.user + total.system) / 1e5) / 10,
      rssAfterPageMB: perPage.map(p => p.rssMB),
      peakRssMB: peakMB,
      processWallSeconds: Math.round(wall * 10) / 10,
      processOk: res.ok
    })
  )
}

void main()
