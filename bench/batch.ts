/**
 * A folder of one format at scale: N copies of the format fixtures (test/fixtures/formats, samples
 * and real pages; each copy made distinct by a trailing comment, so each is read and stored), then
 * a full ingest into a new database with the pipeline's workers. Prints one JSON object: time,
 * files/s, peak RSS of this process (its workers included), and how many came out unreadable (M03;
 * should be 0). For the formats the synthetic corpus does not make (PDF above all, whose reader is
 * the slowest and the largest in memory); Word files are in the corpus (`npm run bench --
 * --layouts docx=…`).
 *
 *   npx tsx bench/batch.ts --format pdf --files 1000 [--workers W]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { auditFolder } from '../src/core/pipeline/index'
import { openStore } from '../src/core/store/index'

/** A trailing comment each format's reader ignores. */
const NONCE: Record<string, (i: number) => string> = {
  pdf: i => `\n%copy ${i}\n`,
  html: i => `\n<!-- copy ${i} -->\n`,
  xml: i => `\n<!-- copy ${i} -->\n`,
  // Past the compound file's last sector, which its readers never reach.
  doc: i => `copy ${i}`
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const format = arg('--format') ?? 'pdf'
  const files = Number(arg('--files') ?? 1000)
  const workers = arg('--workers') === undefined ? undefined : Number(arg('--workers'))
  const nonce = NONCE[format]
  if (!nonce || !Number.isInteger(files) || files < 1) {
    console.error(`用法：npx tsx bench/batch.ts --format ${Object.keys(NONCE).join('|')} --files N [--workers W]`)
    process.exit(2)
  }
  const fixtures = ['samples', 'real'].flatMap(d => {
    const dir = join(__dirname, '../test/fixtures/formats', d)
    return readdirSync(dir)
      .filter(f => f.endsWith(`.${format}`))
      .map(f => ({ name: f, bytes: readFileSync(join(dir, f)) }))
  })
  const dir = mkdtempSync(join(os.tmpdir(), 'nianbao-batch-'))
  try {
    const root = join(dir, 'reports')
    mkdirSync(root)
    let bytes = 0
    for (let i = 0; i < files; i++) {
      const f = fixtures[i % fixtures.length]!
      const copy = Buffer.concat([f.bytes, Buffer.from(nonce(i))])
      writeFileSync(join(root, `${String(i).padStart(6, '0')}_${f.name}`), copy)
      bytes += copy.length
    }
    const store = await openStore(join(dir, 'batch.sqlite'))
    const t = performance.now()
    const r = await auditFolder(root, store, workers === undefined ? {} : { workers })
    const sec = (performance.now() - t) / 1000
    await store.close()
    console.log(
      JSON.stringify({
        format,
        files: r.files,
        fixtures: fixtures.length,
        corpusMB: Math.round(bytes / 1e5) / 10,
        workers: workers ?? 'default',
        sec: Math.round(sec * 10) / 10,
        filesPerSec: Math.round(r.files / sec),
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        unreadable: r.unreadable
      })
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
