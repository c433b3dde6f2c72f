/**
 * Parse workers (src/core/pipeline/pool.ts): they store what this thread would, and a worker
 * that hangs on a file or never starts does not stall the ingest.
 */
import { appendFileSync, copyFileSync, readdirSync, utimesSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditFolder } from '../src/core/pipeline/index'
import { defaultWorkers } from '../src/core/pipeline/pool'
import { SAMPLES, sampleNames, sandbox, type Sandbox } from './helpers/temp-corpus'
import { type Logger } from '../src/core/logger'

let boxes: Sandbox[] = []
afterEach(async () => {
  for (const b of boxes) await b.cleanup()
  boxes = []
})

async function box(copySamples = true): Promise<Sandbox> {
  const b = await sandbox(copySamples)
  boxes.push(b)
  return b
}

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = []
  return {
    warnings,
    info: () => undefined,
    warn: m => void warnings.push(m),
    error: m => void warnings.push(m)
  }
}

const helper = (name: string) => ({ file: path.join(__dirname, 'helpers', name), ts: true })

/** What the CLI prints of a folder, without the run-dependent parts. */
async function stored(b: Sandbox) {
  return (await b.store.reportsJson(b.folder)).map(r => ({
    file: r.file,
    tables: r.tables,
    findings: r.findings
  }))
}

describe('parse workers', () => {
  it('start for a folder of 200 text reports, or for a few dozen PDFs; not for fewer', () => {
    const named = (n: number, ext: string) =>
      Array.from({ length: n }, (_, i) => `单位${i}/2024年报.${ext}`)
    expect(defaultWorkers(named(150, 'txt'))).toBe(0)
    expect(defaultWorkers(named(150, 'docx'))).toBe(0)
    expect(defaultWorkers(named(10, 'pdf'))).toBe(0)
    expect(defaultWorkers(named(200, 'txt'))).toBeGreaterThanOrEqual(1)
    // ~40 ms a PDF (bench/pdf-stages.ts): about fifty make the ~2 s that pays for a worker's start.
    expect(defaultWorkers(named(40, 'pdf'))).toBe(0)
    expect(defaultWorkers(named(60, 'PDF'))).toBeGreaterThanOrEqual(1)
    expect(defaultWorkers([...named(20, 'pdf'), ...named(100, 'html')])).toBe(0)
    expect(defaultWorkers([...named(50, 'pdf'), ...named(100, 'html')])).toBeGreaterThanOrEqual(1)
  })

  it('store the same reports and findings as this thread', async () => {
    const [inThread, pooled] = [await box(), await box()]
    await auditFolder(inThread.folder, inThread.store, { workers: 0 })
    await auditFolder(pooled.folder, pooled.store, { workers: 2 })
    const expected = await stored(inThread)
    expect(expected).toHaveLength(sampleNames().length)
    expect(await stored(pooled)).toEqual(expected)
  })

  it('read every format as this thread does: Word, WPS, PDF, OFD, web page, web archive and Word XML', async () => {
    // Workers run from source here. The Word and PDF readers are imported on first use, which a
    // worker with only tsx's require() hook could not do: every such file got an M03.
    const formats = path.join(__dirname, 'fixtures/formats/samples')
    const files = [
      ...readdirSync(formats).map(f => path.join(formats, f)),
      path.join(__dirname, 'fixtures/formats/hand/chrome-040_shuyang_fgj_2023.mhtml'),
      path.join(__dirname, 'fixtures/formats/ofd/001_0a6fcc7805cba63f.ofd')
    ]
    const [inThread, pooled] = [await box(false), await box(false)]
    for (const b of [inThread, pooled]) {
      for (const f of files) {
        const to = path.join(b.folder, path.basename(f))
        copyFileSync(f, to)
        // Same times in both folders: M02 lists a sample's copies newest first.
        utimesSync(to, 1_700_000_000, 1_700_000_000)
      }
    }
    await auditFolder(inThread.folder, inThread.store, { workers: 0 })
    await auditFolder(pooled.folder, pooled.store, { workers: 2 })
    const expected = await stored(inThread)
    expect(new Set(expected.map(r => path.extname(r.file)))).toEqual(
      new Set(['.doc', '.docx', '.html', '.mhtml', '.ofd', '.pdf', '.wps', '.xml'])
    )
    expect(expected.filter(r => r.findings.some(f => f.rule === 'M03'))).toEqual([])
    expect(await stored(pooled)).toEqual(expected)
  }, 60_000)

  it('give up a file that never finishes: M03, the rest parsed, the ingest completes', async () => {
    const [ref, b] = [await box(), await box()]
    copyFileSync(path.join(SAMPLES, sampleNames()[1]!), path.join(b.folder, 'hang.txt'))
    const logger = recorder()
    const t = performance.now()
    const result = await auditFolder(b.folder, b.store, {
      workers: 2,
      logger,
      pool: { entry: helper('stuck-worker.ts'), jobTimeoutMs: 1500 }
    })
    expect(performance.now() - t).toBeLessThan(30_000)
    expect(result).toMatchObject({
      files: sampleNames().length + 1,
      parsed: sampleNames().length + 1,
      unreadable: 1
    })
    const all = await stored(b)
    const hang = all.find(r => r.file === 'hang.txt')!
    expect(hang.findings).toEqual([
      expect.objectContaining({ rule: 'M03', message: expect.stringContaining('解析超时') })
    ])
    await auditFolder(ref.folder, ref.store, { workers: 0 })
    expect(all.filter(r => r.file !== 'hang.txt')).toEqual(await stored(ref))
    expect(logger.warnings.some(w => w.includes('解析超时') && w.includes('hang.txt'))).toBe(true)
  }, 60_000)

  it('read a line of many comma-separated digits before a word within the job timeout', async () => {
    // The row pattern once backtracked exponentially on `1,1,1…x`: 28 repetitions took 4 s, 60
    // would run for days. In a worker the watchdog ends it (M03 解析超时); in this thread it would
    // hang the test run, so it is read by a worker here.
    const b = await box(false)
    const file = path.join(b.folder, 'long.txt')
    copyFileSync(path.join(SAMPLES, sampleNames()[0]!), file)
    appendFileSync(
      file,
      `\n六、其他需要报告的事项\n第${'1,'.repeat(60)}项已办结\n合计 ${'1,'.repeat(60)}x\n`
    )
    const result = await auditFolder(b.folder, b.store, {
      workers: 1,
      pool: { jobTimeoutMs: 10_000 }
    })
    expect(result).toMatchObject({ files: 1, parsed: 1, unreadable: 0 })
    const [r] = await stored(b)
    expect(r!.findings.filter(f => f.rule === 'M03')).toEqual([])
  }, 60_000)

  it('do without a worker that never starts', async () => {
    const [ref, b] = [await box(), await box()]
    const logger = recorder()
    await auditFolder(b.folder, b.store, {
      workers: 2,
      logger,
      pool: { entry: helper('silent-worker.ts'), startupTimeoutMs: 1000 }
    })
    await auditFolder(ref.folder, ref.store, { workers: 0 })
    expect(await stored(b)).toEqual(await stored(ref))
    expect(logger.warnings.filter(w => w.includes('未能启动'))).toHaveLength(2)
  }, 60_000)

  it('replace a worker whose PDFium memory has grown, once it has answered; the results are the same', async () => {
    // WebAssembly memory never shrinks: a worker that read a very large PDF would keep it. With
    // the limit at one byte every worker that has read a PDF is replaced after it.
    const pdfs = [
      'samples/000_051f95df41851f1c.pdf',
      'samples/001_0a6fcc7805cba63f.pdf',
      'real/040_shuyang_fgj_2023.pdf',
      'hand/chrome-002.pdf'
    ]
    const [ref, b] = [await box(), await box()]
    for (const d of [ref, b]) {
      for (const f of pdfs) {
        const to = path.join(d.folder, path.basename(f))
        copyFileSync(path.join(__dirname, 'fixtures/formats', f), to)
        utimesSync(to, 1_700_000_000, 1_700_000_000)
      }
    }
    const recycled: number[] = []
    await auditFolder(b.folder, b.store, {
      workers: 1,
      pool: { recycleWasmBytes: 1, onRecycle: id => void recycled.push(id) }
    })
    await auditFolder(ref.folder, ref.store, { workers: 0 })
    expect(new Set(recycled).size).toBe(recycled.length)
    expect(recycled.length).toBeGreaterThanOrEqual(1)
    const expected = await stored(ref)
    expect(expected.filter(r => r.file.endsWith('.pdf'))).toHaveLength(pdfs.length)
    expect(await stored(b)).toEqual(expected)
  }, 120_000)
})
