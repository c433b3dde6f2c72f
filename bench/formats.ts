/**
 * Per-format throughput of extraction (file bytes → DocumentModel) and of extraction plus the
 * template parse, over the committed format fixtures (test/fixtures/formats: the five samples as
 * .html/.docx/.pdf/.doc/.xml and .ofd, plus the corpus pages as .docx/.pdf). Prints figures; asserts
 * nothing. Run: npx tsx bench/formats.ts [rounds=5]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FileFormat } from '../src/shared/document'
import { extractDocument } from '../src/core/extract/index'
import { parseReport } from '../src/core/parse/index'

const FIX = join(__dirname, '../test/fixtures/formats')
const SAMPLES = join(__dirname, '../../shared/corpus/samples')
const FORMATS: FileFormat[] = ['txt', 'html', 'docx', 'pdf', 'ofd', 'doc', 'xml']

function files(format: FileFormat): { name: string; bytes: Buffer }[] {
  if (format === 'txt') {
    return readdirSync(SAMPLES)
      .filter(f => f.endsWith('.txt'))
      .map(f => ({ name: f, bytes: readFileSync(join(SAMPLES, f)) }))
  }
  return ['samples', 'real', 'ofd'].flatMap(dir =>
    readdirSync(join(FIX, dir))
      .filter(f => f.endsWith(`.${format}`))
      .map(f => ({ name: `${dir}/${f}`, bytes: readFileSync(join(FIX, dir, f)) }))
  )
}

async function main(): Promise<void> {
  const rounds = Math.max(1, parseInt(process.argv[2] ?? '5', 10) || 5)
  console.log(
    `format throughput over test/fixtures/formats, ${rounds} rounds (first round is warm-up, not counted)`
  )
  console.log(
    'format  files  avg KB   extract files/s   extract MB/s   +parse files/s   ms/file (p50)'
  )
  for (const format of FORMATS) {
    const set = files(format)
    if (set.length === 0) continue
    const bytes = set.reduce((n, f) => n + f.bytes.length, 0)
    const times: number[] = []
    let extractMs = 0
    let totalMs = 0
    for (let round = 0; round <= rounds; round++) {
      for (const f of set) {
        const t0 = performance.now()
        const res = await extractDocument(f.bytes, format)
        const t1 = performance.now()
        if (!res.ok) throw new Error(`${f.name}: ${res.reason}`)
        parseReport(res.doc)
        const t2 = performance.now()
        if (round === 0) continue
        extractMs += t1 - t0
        totalMs += t2 - t0
        times.push(t2 - t0)
      }
    }
    const n = set.length * rounds
    times.sort((a, b) => a - b)
    const p50 = times[Math.floor(times.length / 2)] ?? 0
    console.log(
      [
        format.padEnd(6),
        String(set.length).padStart(5),
        (bytes / set.length / 1024).toFixed(1).padStart(7),
        (n / (extractMs / 1000)).toFixed(1).padStart(17),
        ((bytes * rounds) / 1024 / 1024 / (extractMs / 1000)).toFixed(2).padStart(14),
        (n / (totalMs / 1000)).toFixed(1).padStart(16),
        p50.toFixed(1).padStart(15)
      ].join('  ')
    )
  }
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
