/**
 * npx tsx bench/pdf-stages.ts [--rounds N]
 *
 * Where a PDF's CPU goes, in this thread (issue #18): the PDF fixtures of test/fixtures/formats
 * (samples and real) read N rounds each after a warm-up round, each stage timed with
 * process.cpuUsage: PDFium's open, then the whole read (pages, layout, stitching), parse, and the
 * rules (toReady, as the pipeline's workers run them). Prints CPU milliseconds per PDF by stage.
 * CPU time, not wall time: the machine is shared.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { extractPdf } from '../src/core/extract/pdf'
import { parseReport } from '../src/core/parse/index'
import { prepareFile } from '../src/core/pipeline/file'
import { toReady } from '../src/core/pipeline/batch'
import { DEFAULT_RULE_SETTINGS } from '../src/shared/model'
import { silentLogger } from '../src/core/logger'
import { arg, cpuMs } from './args'

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '20'))
  const files = ['samples', 'real'].flatMap(d => {
    const dir = join(__dirname, '../test/fixtures/formats', d)
    return readdirSync(dir)
      .filter(f => f.endsWith('.pdf'))
      .map(f => ({ path: `${d}/${f}`, bytes: readFileSync(join(dir, f)) }))
  })
  const t: Record<string, number> = { extract: 0, parse: 0, prepare: 0, rules: 0 }
  let n = 0
  for (let round = 0; round <= rounds; round++) {
    for (const f of files) {
      const warm = round === 0
      let c = process.cpuUsage()
      const ex = await extractPdf(f.bytes)
      if (!warm) t.extract! += cpuMs(c)
      if (!ex.ok) throw new Error(`${f.path}: ${ex.reason}`)
      c = process.cpuUsage()
      parseReport(ex.doc)
      if (!warm) t.parse! += cpuMs(c)
      // The worker's whole path: sniff, extract, parse, then the rules.
      c = process.cpuUsage()
      const file = { path: f.path, size: f.bytes.length, mtimeMs: 0 }
      const prepared = await prepareFile(file, f.bytes)
      if (!warm) t.prepare! += cpuMs(c)
      c = process.cpuUsage()
      toReady(prepared, DEFAULT_RULE_SETTINGS, silentLogger)
      if (!warm) t.rules! += cpuMs(c)
      if (!warm) n++
    }
  }
  const per = Object.fromEntries(
    Object.entries(t).map(([k, v]) => [k, Math.round((v / n) * 10) / 10])
  )
  console.log(
    JSON.stringify({
      pdfs: n,
      fixtures: files.length,
      cpuMsPerPdf: per,
      wholePath: Math.round(((t.prepare! + t.rules!) / n) * 10) / 10
    })
  )
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
