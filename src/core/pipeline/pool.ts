/**
 * Reading and parsing files, in this thread or in worker threads. Parsing is CPU work (a couple of
 * ms per report) while the store's writes wait on SQLite's thread: with workers the parse of the
 * next files overlaps the writes of the last ones and uses every core (bench/, issue #8).
 *
 * Workers run workers/worker.ts. From source (tsx, vitest) workers/worker-tsx.mjs registers tsx
 * first. A worker is also the wall around a hostile file (issue #19): each has a heap cap and each
 * file a timeout counted from when its worker starts on it; a worker that runs out of memory, dies
 * or hangs is stopped and replaced, and the file it was reading gets an M03 saying so. That file is
 * never read again here: a .docx of 0.4 GB of paragraphs re-read on the main thread took the whole
 * process down. Only when no worker can be started at all (no worker script in a custom build, or
 * a worker that never comes up) are files read in this thread.
 */
import os from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { OcrPage } from '../extract/ocr/heartbeat'
import type { ScannedFile } from '../ingest/scan'
import { sha256 } from '../ingest/hash'
import { readPictures } from '../ingest/photo-folder'
import { prepareFile, readBytes, readBytesSync, tooLargeReason, unreadableFile } from './file'
import { toReady, type ReadyFile } from './batch'
import { startWorker, workerEntry, type WorkerEntry } from './workers/entry'
import type { RuleSettings } from '../../shared/model'
import { type Logger } from '../logger'

export type Examined =
  { kind: 'unchanged' } | { kind: 'unreadable-again' } | { kind: 'ready'; file: ReadyFile }

/** What the caller knows of the file: its stored hash (null for a new file). */
export interface ExamineJob {
  file: ScannedFile
  knownHash: string | null
  /** Read scans and pictures by OCR (PipelineOptions.ocr; absent: not). */
  ocr?: boolean
}

/** Told each page of a file read by OCR in a worker (the progress shown while a scan is read). */
export type OcrPageHook = (page: OcrPage) => void

export interface Preparer {
  examine(job: ExamineJob, onOcrPage?: OcrPageHook): Promise<Examined>
  /** Files that may usefully be in flight at once. */
  readonly window: number
  /** Resolves once a worker has started (or none can): a file sent then waits for no start. */
  ready?(): Promise<void>
  close(): Promise<void>
}

/** Read → hash → (changed only) sniff, extract, parse, rules, serialise. Never throws. */
export async function examineHere(
  job: ExamineJob,
  settings: RuleSettings,
  logger: Logger,
  opts: { syncRead?: boolean; onHashed?: (hash: string) => void } = {}
): Promise<Examined> {
  const problem = job.file.problem ?? tooLargeReason(job.file.size, job.file.path)
  const at =
    job.file.rawPath === undefined ? job.file.absPath : Buffer.from(job.file.rawPath, 'latin1')
  // A photo folder (ingest/photo-folder.ts): its pictures in page order, hashed as such.
  const pictures = job.file.pictures
  const read: { bytes: Buffer; hash?: string } | { reason: string } = problem
    ? { reason: problem }
    : pictures
      ? await readPictures(pictures, opts.syncRead)
      : opts.syncRead
        ? readBytesSync(at)
        : await readBytes(at)
  if ('reason' in read) {
    if (job.knownHash === '') return { kind: 'unreadable-again' }
    return { kind: 'ready', file: toReady(unreadableFile(job.file, read.reason), settings, logger) }
  }
  const hash = read.hash ?? sha256(read.bytes)
  if (job.knownHash === hash) return { kind: 'unchanged' }
  opts.onHashed?.(hash)
  return {
    kind: 'ready',
    file: toReady(await prepareFile(job.file, read.bytes, hash, { ocr: job.ocr }), settings, logger)
  }
}

function inThread(settings: RuleSettings, logger: Logger): Preparer {
  return {
    examine: job => examineHere(job, settings, logger),
    window: 4,
    close: async () => undefined
  }
}

/**
 * PDF, OFD, Word and WPS files, web archives and pictures (by the file name): their readers take
 * milliseconds a file, a picture read by OCR seconds.
 */
export const HEAVY_FORMAT = /\.(pdf|ofd|docx?|wps|xml|mht|mhtml|png|jpe?g|tiff?)$/i
const PICTURE_FILE = /\.(png|jpe?g|tiff?)$/i

/**
 * Rough single-thread cost of reading one file, in milliseconds, by its name (bench/: a PDF
 * ~40 ms of CPU with PDFium, read to rules, bench/pdf-stages.ts; a Word or WPS file 2–5, a text
 * report or web page under 1; a picture, a page read by OCR, ~7 s: bench/RESULTS.md, issue #24).
 * A scanned PDF is known only once opened.
 */
export function readCostMs(file: string): number {
  if (PICTURE_FILE.test(file)) return 7000
  if (/\.pdf$/i.test(file)) return 40
  return HEAVY_FORMAT.test(file) ? 4 : 0.6
}

/**
 * Default worker count: every core (up to four), none when there is little to parse. Little is
 * under 200 files or, when they are PDF and Word files, under ~2 s of reading (about fifty PDFs): a
 * worker must load its modules and compile PDFium before its first PDF, so a handful of PDFs is
 * read sooner by the one kept worker (pipeline-spare.ts), but a county's collection of 100 PDFs
 * was 20 % faster with two workers than with it, on two cores (bench/RESULTS.md, with pdfjs), and
 * more so with more cores.
 */
export function defaultWorkers(files: readonly string[]): number {
  let cost = 0
  for (const f of files) cost += readCostMs(f)
  return files.length < 200 && cost < 2_000 ? 0 : Math.min(4, Math.max(0, os.cpus().length))
}

/**
 * Limits of each parse worker. Young generation capped at 32 MB (V8's default here allows 48 MB): a
 * worker allocates fast and keeps little (one file at a time). A 12 MB cap kept its heap ~25 MB
 * smaller but cost 1.2 s of a 10,000-report ingest in scavenges; at 32 MB the 100,000-report bench
 * peaks at 420 MB RSS, under the 500 MB target (bench/RESULTS.md, issue #8). The old generation is
 * capped so that one file cannot take the machine: pdfjs peaks at ~200 MB on a long report, and a
 * worker that reaches the cap is ended by V8 (ERR_WORKER_OUT_OF_MEMORY) and replaced (issue #19).
 */
export const WORKER_HEAP_MB = 640
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: WORKER_HEAP_MB }

interface Pending {
  resolve(v: Examined): void
  job: ExamineJob
  /** When the worker started on the job (ms, performance.now()); null while it waits its turn. */
  startedAt: number | null
  /** The file's hash, once the worker has read it. */
  hash: string | null
  onOcrPage?: OcrPageHook
}

/** One worker and what it is doing. */
interface Slot {
  worker: Worker
  /** When it was started (ms, performance.now()). */
  startedAt: number
  /** It said it has started. */
  ready: boolean
  /** Takes jobs; false once it died or was given up. */
  live: boolean
  /** Grown too large (PDFium memory): takes no new jobs, replaced once it has answered the last. */
  draining?: boolean
  /** Its jobs not answered yet, by id, in the order sent (a worker reads one file at a time). */
  jobs: Map<number, Pending>
}

export interface PoolOptions {
  /**
   * A job a worker has not answered this long after it started on it is given up: the worker is
   * stopped and replaced, the file gets an M03 saying so and the worker's other jobs go elsewhere
   * (default 120 s: a large PDF takes seconds, a hung one forever).
   */
  jobTimeoutMs?: number
  /** A worker that has not started after this long is stopped and its jobs go elsewhere (default 30 s). */
  startupTimeoutMs?: number
  /** Old-generation heap cap of each worker in MB (default WORKER_HEAP_MB; tests set less). */
  heapMb?: number
  /**
   * A worker whose PDFium memory has grown past this many bytes is replaced once its jobs are
   * answered (default RECYCLE_WASM_BYTES).
   */
  recycleWasmBytes?: number
  /** Called with each replaced worker's thread id (tests). */
  onRecycle?: (threadId: number) => void
  /** The worker script (tests, custom builds); default: pipeline-worker beside this file. */
  entry?: WorkerEntry
}

/**
 * PDFium's WebAssembly memory grows to hold the largest file a worker has read and never shrinks
 * (a WebAssembly memory cannot): ~19 MB after ordinary reports, several times a file's size after
 * a large one. Past 160 MB the worker is replaced by a fresh one, which gives it all back.
 */
export const RECYCLE_WASM_BYTES = 160 * 1024 * 1024

/** What the worker posts: a result, a log line, that it has started, started or hashed a file. */
type WorkerMessage =
  | { id: number; result: Examined; wasmBytes?: number }
  | { log: { level: keyof Logger; message: string } }
  | { ready: true }
  | { started: number; ocrPage?: OcrPage }
  | { hashed: number; hash: string }

/** The M03 reason of a file whose worker died while reading it. */
export function deathReason(err: unknown, heapMb: number): string {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `文件过大：解析时所需内存超过 ${heapMb} MB 的上限，未能读完；年度报告通常只有几 MB，文件可能已损坏或并非年度报告`
  }
  const what =
    err instanceof Error ? err.message : err === undefined ? '解析线程意外退出' : String(err)
  return `解析程序异常（${what.slice(0, 200)}），未能读完此文件，文件可能已损坏`
}

export function timeoutReason(ms: number): string {
  return `解析超时：超过 ${Math.round(ms / 1000)} 秒仍未读完，文件可能过大或已损坏`
}

/**
 * A pool of `n` workers (0: this thread). A watchdog stops a worker that does not start or does not
 * answer (see PoolOptions), so one bad file or a stuck thread never stalls an ingest; a worker that
 * dies or is stopped while reading a file is replaced and the file gets an M03.
 */
export function createPreparer(
  n: number,
  settings: RuleSettings,
  logger: Logger,
  opts: PoolOptions = {}
): Preparer {
  // Built: pipeline-worker.js (electron.vite.config.ts); from source: workers/worker.ts.
  const entry = n > 0 ? (opts.entry ?? workerEntry('pipeline-worker.js', 'worker.ts')) : null
  if (!entry) return inThread(settings, logger)
  const here = inThread(settings, logger)
  const jobTimeout = opts.jobTimeoutMs ?? 120_000
  const startupTimeout = opts.startupTimeoutMs ?? 30_000
  const heapMb = opts.heapMb ?? WORKER_HEAP_MB
  const recycleAt = opts.recycleWasmBytes ?? RECYCLE_WASM_BYTES
  const limits = { ...WORKER_LIMITS, maxOldGenerationSizeMb: heapMb }
  let seq = 0
  let closed = false
  let barren = 0
  const slots: Slot[] = []
  let started!: () => void
  const startedOnce = new Promise<void>(resolve => (started = resolve))

  const dispatch = (
    job: ExamineJob,
    resolve: (v: Examined) => void,
    onOcrPage?: OcrPageHook
  ): void => {
    let slot: Slot | undefined
    for (const s of slots)
      if (s.live && !s.draining && (!slot || s.jobs.size < slot.jobs.size)) slot = s
    if (!slot) {
      // No worker could be started at all (never after one died on a file: it is replaced).
      void here.examine(job).then(resolve)
      return
    }
    const id = ++seq
    slot.jobs.set(id, {
      resolve,
      job,
      startedAt: null,
      hash: null,
      ...(onOcrPage ? { onOcrPage } : {})
    })
    slot.worker.postMessage({ id, job })
  }

  /** The file a worker was reading when it died or was stopped: an M03 that says what happened. */
  const answerFailed = (p: Pending, reason: string): void => {
    const f = unreadableFile(p.job.file, reason)
    // With its hash the row is current: an unchanged file is not read again at the next scan, so
    // a file that kills its worker costs one worker, not one at every start (issue #19).
    if (p.hash) f.sha256 = p.hash
    p.resolve({ kind: 'ready', file: toReady(f, settings, logger) })
  }

  /**
   * A worker is gone or given up: new jobs avoid it; the file it was reading (if any) gets
   * `reason`, its other jobs go elsewhere; a worker that had started is replaced.
   */
  const retire = (slot: Slot, reason: string | null): void => {
    if (!slot.live) return
    slot.live = false
    const jobs = [...slot.jobs.values()]
    slot.jobs.clear()
    const blamed = jobs.some(p => p.startedAt !== null) && reason !== null
    // A worker that keeps dying with no file to blame would be replaced for ever: a few times only.
    barren = blamed ? 0 : barren + 1
    if (slot.ready && !closed && barren <= 3) {
      const fresh = spawn()
      if (fresh) slots[slots.indexOf(slot)] = fresh
    }
    for (const p of jobs) {
      if (p.startedAt !== null && reason !== null) {
        logger.warn(`${reason}：${p.job.file.path}`)
        answerFailed(p, reason)
      } else {
        dispatch(p.job, p.resolve, p.onOcrPage)
      }
    }
  }

  /** A drained worker grown too large: stopped and replaced by a fresh one (not a death). */
  function recycle(slot: Slot): void {
    slot.live = false
    slot.worker.removeAllListeners('exit')
    const id = slot.worker.threadId
    void slot.worker.terminate()
    const fresh = spawn()
    const at = slots.indexOf(slot)
    if (fresh && at >= 0) slots[at] = fresh
    opts.onRecycle?.(id)
  }

  function spawn(): Slot | null {
    let w: Worker
    try {
      w = startWorker(entry!, { settings }, limits)
    } catch (err) {
      logger.warn(`无法启动解析线程：${err instanceof Error ? err.message : String(err)}`)
      return null
    }
    w.unref()
    const slot: Slot = {
      worker: w,
      startedAt: performance.now(),
      ready: false,
      live: true,
      jobs: new Map()
    }
    let death: unknown
    w.on('message', (msg: WorkerMessage) => {
      if ('ready' in msg) {
        slot.ready = true
        return started()
      }
      if ('log' in msg) return logger[msg.log.level](msg.log.message)
      if ('started' in msg) {
        const p = slot.jobs.get(msg.started)
        if (p) p.startedAt = performance.now()
        if (p && msg.ocrPage) p.onOcrPage?.(msg.ocrPage)
        return
      }
      if ('hashed' in msg) {
        const p = slot.jobs.get(msg.hashed)
        if (p) p.hash = msg.hash
        return
      }
      const p = slot.jobs.get(msg.id)
      if (!p) return
      const r = msg.result
      // Buffers arrive as plain Uint8Arrays; sqlite3 binds only Buffers as blobs.
      if (r.kind === 'ready' && r.file.doc) {
        const u = r.file.doc.blob as Uint8Array
        r.file.doc.blob = Buffer.from(u.buffer, u.byteOffset, u.byteLength)
      }
      slot.jobs.delete(msg.id)
      if ((msg.wasmBytes ?? 0) > recycleAt) slot.draining = true
      p.resolve(msg.result)
      if (slot.draining && slot.jobs.size === 0 && slot.live && !closed) recycle(slot)
    })
    w.on('error', err => {
      death = err
      logger.warn(`解析线程出错：${err instanceof Error ? err.message : String(err)}`)
    })
    w.on('exit', () => retire(slot, deathReason(death, heapMb)))
    return slot
  }

  for (let i = 0; i < n; i++) {
    const slot = spawn()
    if (!slot) break
    slots.push(slot)
  }
  if (slots.length === 0) return here

  const watchdog = setInterval(
    () => {
      const now = performance.now()
      for (const slot of [...slots]) {
        if (!slot.live) continue
        if (!slot.ready) {
          if (now - slot.startedAt < startupTimeout) continue
          logger.warn(
            `解析线程 ${Math.round(startupTimeout / 1000)} 秒内未能启动，已停止，改由其他线程解析`
          )
          retire(slot, null)
          void slot.worker.terminate()
          continue
        }
        let stuck = false
        for (const p of slot.jobs.values())
          if (p.startedAt !== null && now - p.startedAt >= jobTimeout) stuck = true
        if (!stuck) continue
        // Retired before terminate() so that the exit event finds it done and the reason is the timeout.
        retire(slot, timeoutReason(jobTimeout))
        void slot.worker.terminate()
      }
    },
    Math.min(5_000, Math.max(50, Math.min(jobTimeout, startupTimeout) / 4))
  )
  watchdog.unref()

  return {
    window: slots.length * 3,
    examine(job, onOcrPage) {
      return new Promise<Examined>(resolve => dispatch(job, resolve, onOcrPage))
    },
    ready() {
      // Or once none is live (never started): then files are read as dispatch decides.
      const gaveUp = new Promise<void>(resolve => {
        const check = setInterval(() => {
          if (!slots.some(s => s.live)) {
            clearInterval(check)
            resolve()
          }
        }, 200)
        check.unref()
        void startedOnce.then(() => clearInterval(check))
      })
      return Promise.race([startedOnce, gaveUp])
    },
    async close() {
      closed = true
      clearInterval(watchdog)
      for (const { worker } of slots) {
        worker.removeAllListeners('exit')
        await worker.terminate()
      }
    }
  }
}
