/**
 * A folder of one format at scale: N copies of the format fixtures (test/fixtures/formats, samples
 * and real pages; each copy made distinct by a trailing comment, so each is read and stored), then
 * a full ingest into a new database with the pipeline's workers. Prints one JSON object: time,
 * files/s, peak RSS of this process (its workers included), and how many came out unreadable (M03;
 * should be 0). For the formats the synthetic corpus does not make (PDF above all, whose reader is
 * the slowest and the largest in memory); Word files are in the corpus (`npm run bench --
 * --layouts docx=…`).
 *
 *   npx tsx bench/batch.ts --format pdf --files 1000 [--workers W] [--reader pdfium|pdftotext]
 *
 * `--reader` (PDF only, issue #18): pdfium is the app's reader; pdftotext runs Debian's
 * poppler-utils `pdftotext -bbox-layout` on the same files, `--workers` at a time (default 2), as
 * the reference for a C tool: its peak RSS is the largest child's, and a file it fails on or finds
 * no word in counts as unreadable. (`--reader pdfjs` ran the former reader until its figures were
 * recorded in RESULTS.md; commit 2fdc5fb has it.)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
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
    console.error(
      `用法：npx tsx bench/batch.ts --format ${Object.keys(NONCE).join('|')} --files N [--workers W]`
    )
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
    const reader = arg('--reader') ?? 'pdfium'
    if (reader === 'pdftotext')
      return console.log(
        JSON.stringify({ format, reader, ...(await pdftotext(root, workers ?? 2)) })
      )
    const store = await openStore(join(dir, 'batch.sqlite'))
    const cpu = process.cpuUsage()
    const t = performance.now()
    const r = await auditFolder(root, store, workers === undefined ? {} : { workers })
    const sec = (performance.now() - t) / 1000
    // CPU of the whole process, its worker threads included: the machine is shared, and CPU time
    // moves less than wall time with the load.
    const used = process.cpuUsage(cpu)
    await store.close()
    console.log(
      JSON.stringify({
        format,
        reader,
        files: r.files,
        fixtures: fixtures.length,
        corpusMB: Math.round(bytes / 1e5) / 10,
        workers: workers ?? 'default',
        sec: Math.round(sec * 10) / 10,
        filesPerSec: Math.round(r.files / sec),
        cpuSec: Math.round((used.user + used.system) / 1e5) / 10,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
        unreadable: r.unreadable
      })
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `pdftotext -bbox-layout` over every file of `root`, `parallel` at a time, each under GNU time. */
async function pdftotext(root: string, parallel: number): Promise<Record<string, number>> {
  const files = readdirSync(root).map(f => join(root, f))
  const out = join(root, '..', 'pdftotext')
  mkdirSync(out)
  let next = 0
  let peakKB = 0
  let cpuSec = 0
  let unreadable = 0
  const run = (file: string, to: string): Promise<void> =>
    new Promise(resolve => {
      execFile(
        '/usr/bin/time',
        ['-f', '%M %U %S', 'pdftotext', '-bbox-layout', file, to],
        (err, _o, stderr) => {
          const m = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr)
          peakKB = Math.max(peakKB, Number(m?.[1] ?? 0))
          cpuSec += Number(m?.[2] ?? 0) + Number(m?.[3] ?? 0)
          let words = false
          try {
            words = readFileSync(to, 'utf8').includes('<word ')
          } catch {
            words = false
          }
          if (err || !words) unreadable++
          rmSync(to, { force: true })
          resolve()
        }
      )
    })
  const t = performance.now()
  await Promise.all(
    Array.from({ length: parallel }, async (_, k) => {
      while (next < files.length) {
        const i = next++
        await run(files[i]!, join(out, `${k}.html`))
      }
    })
  )
  const sec = (performance.now() - t) / 1000
  return {
    files: files.length,
    parallel,
    sec: Math.round(sec * 10) / 10,
    filesPerSec: Math.round(files.length / sec),
    cpuSec: Math.round(cpuSec * 10) / 10,
    peakRssMB: Math.round(peakKB / 1024),
    unreadable
  }
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
