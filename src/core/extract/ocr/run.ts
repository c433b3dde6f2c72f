/**
 * Runs OCR on one file in a process of its own (worker.ts): the models take 1.5–2 GB and seconds
 * of CPU a page, a crash in the native runtime must not take the app down, and a page that goes
 * wrong must not leave that memory behind. From Node (CLI, tests, bench) a child process (tsx
 * from source, ocr-worker.js when built); inside Electron a worker thread, since the packaged
 * binary cannot be started as Node (runAsNode fuse off). The memory is watched: past the cap the
 * process is ended and the file gets an M03 saying so. Never throws.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { DocumentModel } from '../../../shared/document'
import type { OcrMessage, OcrRequest } from './worker'

/** Same as worker.ts OCR_WORKER_FLAG (not imported: that module is the process's own entry). */
const OCR_WORKER_FLAG = '--nianbao-ocr-worker'

/** Memory cap of the OCR process (resident set, bytes): a 6-page report peaked at ~1.6 GB. */
export const OCR_MEMORY_CAP = 2.5 * 1024 ** 3
/**
 * Silence this long (no page done, no sign of life within a page) and the OCR is given up. A page
 * takes 7–12 CPU-seconds, but a busy machine stretched one to over 3 minutes (bench/ocr.ts with
 * other work on two cores); the process says it is alive every 20 boxes.
 */
export const OCR_PAGE_TIMEOUT_MS = 300_000

export interface OcrRunOptions {
  /** After each page: pages read so far, of how many. */
  onPage?: (page: number, pages: number) => void
  /** Signs of life within a page (the parse pool's file timeout restarts on them). */
  onBeat?: () => void
  memoryCap?: number
  pageTimeoutMs?: number
  /** The worker script (tests); default: ocr-worker.js beside the bundle or worker.ts from source. */
  entry?: { file: string; ts: boolean }
}

export type OcrRunResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

function workerEntry(): { file: string; ts: boolean } | null {
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    const js = path.join(dir, 'ocr-worker.js')
    if (existsSync(js)) return { file: js, ts: false }
  }
  const ts = path.join(__dirname, 'worker.ts')
  return existsSync(ts) ? { file: ts, ts: true } : null
}

/** tsx's loader by absolute URL: `--import tsx` would resolve it from the working folder. */
function tsxLoader(): string {
  const req = createRequire(
    typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'x.js')
  )
  return pathToFileURL(
    path.join(path.dirname(req.resolve('tsx/package.json')), 'dist', 'loader.mjs')
  ).href
}

const gb = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GB`

/** Resident memory of a child process (Linux /proc; elsewhere null: the child's reports decide). */
function childRss(pid: number | undefined): number | null {
  if (!pid || process.platform !== 'linux') return null
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])
    return pages * 4096
  } catch {
    return null
  }
}

export function runOcr(
  bytes: Uint8Array,
  kind: OcrRequest['kind'],
  opts: OcrRunOptions = {}
): Promise<OcrRunResult> {
  const entry = opts.entry ?? workerEntry()
  if (!entry)
    return Promise.resolve({ ok: false, reason: '文字识别（OCR）组件缺失，无法识别扫描件' })
  const cap = opts.memoryCap ?? OCR_MEMORY_CAP
  const pageTimeout = opts.pageTimeoutMs ?? OCR_PAGE_TIMEOUT_MS
  const inElectron = typeof process.versions.electron === 'string'
  return new Promise(resolve => {
    let settled = false
    let child: ChildProcess | undefined
    let worker: Worker | undefined
    // Inside Electron the worker shares this process: its growth is what is capped.
    const baseRss = process.memoryUsage.rss()
    let lastBeat = performance.now()
    let stderr = ''
    const finish = (r: OcrRunResult): void => {
      if (settled) return
      settled = true
      clearInterval(watch)
      child?.kill('SIGKILL')
      void worker?.terminate()
      resolve(r)
    }
    const onMessage = (m: OcrMessage): void => {
      if ('beat' in m) {
        lastBeat = performance.now()
        opts.onBeat?.()
      } else if ('progress' in m) {
        lastBeat = performance.now()
        opts.onPage?.(m.progress.page, m.progress.pages)
        const used = inElectron ? m.progress.rss - baseRss : m.progress.rss
        if (used > cap) finish({ ok: false, reason: overCap(cap) })
      } else if ('doc' in m) finish({ ok: true, doc: m.doc })
      else finish({ ok: false, reason: `文字识别（OCR）失败：${m.error}` })
    }
    const onExit = (code: number | null, signal?: string | null): void =>
      finish({
        ok: false,
        reason: `文字识别（OCR）进程意外退出（${signal ?? `代码 ${code}`}），扫描件未能识别${
          stderr.trim() ? `：${stderr.trim().split('\n').pop()}` : ''
        }`
      })
    const onError = (err: Error): void =>
      finish({ ok: false, reason: `文字识别（OCR）无法启动：${err.message}` })
    const req: OcrRequest = { bytes, kind }
    try {
      if (inElectron) {
        worker = new Worker(entry.file, {
          workerData: { ocrWorker: true },
          resourceLimits: { maxOldGenerationSizeMb: 1024 }
        })
        worker.on('message', onMessage)
        worker.on('error', onError)
        worker.on('exit', code => onExit(code))
        worker.postMessage(req)
      } else {
        child = fork(entry.file, [OCR_WORKER_FLAG], {
          execArgv: entry.ts ? ['--import', tsxLoader()] : [],
          serialization: 'advanced',
          stdio: ['ignore', 'ignore', 'pipe', 'ipc']
        })
        // Drained, its end kept for the reason if the process dies (onnxruntime's own words).
        child.stderr?.on('data', (d: Buffer) => {
          stderr = (stderr + d.toString('utf8')).slice(-600)
        })
        child.on('message', m => onMessage(m as OcrMessage))
        child.on('error', onError)
        child.on('exit', (code, signal) => onExit(code, signal))
        child.send(req)
      }
    } catch (err) {
      onError(err instanceof Error ? err : new Error(String(err)))
      return
    }
    const watch = setInterval(() => {
      const rss = inElectron ? process.memoryUsage.rss() - baseRss : childRss(child?.pid)
      if (rss !== null && rss > cap) finish({ ok: false, reason: overCap(cap) })
      else if (performance.now() - lastBeat > pageTimeout)
        finish({
          ok: false,
          reason: `文字识别（OCR）超时：超过 ${Math.round(pageTimeout / 1000)} 秒没有进展，扫描件未能识别`
        })
    }, 250)
  })
}

const overCap = (cap: number): string =>
  `文字识别（OCR）所需内存超过 ${gb(cap)} 的上限，已停止；扫描件未能识别，请人工核对`
