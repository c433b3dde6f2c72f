/**
 * Reading and parsing files, in this thread or in worker threads. Parsing is CPU work (a couple of
 * ms per report) while the store's writes wait on SQLite's thread: with workers the parse of the
 * next files overlaps the writes of the last ones and uses every core (bench/, issue #8).
 *
 * Workers run pipeline-worker.ts. From source (tsx, vitest) pipeline-worker-tsx.mjs registers tsx
 * first; in a bundled build without the worker script, or when a worker fails to start, everything
 * runs here: workers are an optimisation, never a requirement.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ScannedFile } from '../ingest/scan'
import { sha256 } from '../ingest/hash'
import { prepareFile, readBytes, readBytesSync, tooLargeReason, unreadableFile } from './file'
import { toReady, type ReadyFile } from './batch'
import type { RuleSettings } from '../../shared/model'
import { type Logger } from '../logger'

export type Examined = { kind: 'unchanged' } | { kind: 'unreadable-again' } | { kind: 'ready'; file: ReadyFile }

/** What the caller knows of the file: its stored hash (null for a new file). */
export interface ExamineJob {
  file: ScannedFile
  knownHash: string | null
}

export interface Preparer {
  examine(job: ExamineJob): Promise<Examined>
  /** Files that may usefully be in flight at once. */
  readonly window: number
  close(): Promise<void>
}

/** Read → hash → (changed only) sniff, extract, parse, rules, serialise. Never throws. */
export async function examineHere(
  job: ExamineJob,
  settings: RuleSettings,
  logger: Logger,
  opts: { syncRead?: boolean } = {}
): Promise<Examined> {
  const problem = job.file.problem ?? tooLargeReason(job.file.size, job.file.path)
  const at = job.file.rawPath === undefined ? job.file.absPath : Buffer.from(job.file.rawPath, 'latin1')
  const read = problem ? { reason: problem } : opts.syncRead ? readBytesSync(at) : await readBytes(at)
  if ('reason' in read) {
    if (job.knownHash === '') return { kind: 'unreadable-again' }
    return { kind: 'ready', file: toReady(unreadableFile(job.file, read.reason), settings, logger) }
  }
  const hash = sha256(read.bytes)
  if (job.knownHash === hash) return { kind: 'unchanged' }
  return { kind: 'ready', file: toReady(await prepareFile(job.file, read.bytes, hash), settings, logger) }
}

function inThread(settings: RuleSettings, logger: Logger): Preparer {
  return { examine: job => examineHere(job, settings, logger), window: 4, close: async () => undefined }
}

/**
 * From source: the .ts beside this file. Bundled (electron-vite builds pipeline-worker.js as a
 * second main entry, electron.vite.config.ts): beside the bundle, which may be one folder up when
 * this code sits in a shared chunk.
 */
function workerEntry(): { file: string; ts: boolean } | null {
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    const js = path.join(dir, 'pipeline-worker.js')
    if (existsSync(js)) return { file: js, ts: false }
  }
  const ts = path.join(__dirname, 'workers', 'worker.ts')
  return existsSync(ts) ? { file: ts, ts: true } : null
}

/** PDF, OFD, Word and WPS files and web archives (by the file name): their readers take milliseconds a file. */
export const HEAVY_FORMAT = /\.(pdf|ofd|docx?|wps|xml|mht|mhtml)$/i

/**
 * Rough single-thread cost of reading one file, in milliseconds, by its name (bench/: a PDF
 * ~65 ms, a Word or WPS file 2–5, a text report or web page under 1).
 */
export function readCostMs(file: string): number {
  if (/\.pdf$/i.test(file)) return 65
  return HEAVY_FORMAT.test(file) ? 4 : 0.6
}

/**
 * Default worker count: every core (up to four), none when there is little to parse. Little is
 * under 200 files or, when they are PDF and Word files, under ~2 s of reading: a worker must load
 * pdfjs before its first PDF, so a handful of PDFs is read sooner by the one kept worker
 * (pipeline-spare.ts), but a county's collection of 100 PDFs was 20 % faster with two workers
 * than with it, on two cores (bench/RESULTS.md), and more so with more cores.
 */
export function defaultWorkers(files: readonly string[]): number {
  let cost = 0
  for (const f of files) cost += readCostMs(f)
  return files.length < 200 && cost < 2_000 ? 0 : Math.min(4, Math.max(0, os.cpus().length))
}

/**
 * Young generation of each parse worker capped at 32 MB (V8's default here allows 48 MB): a worker
 * allocates fast and keeps little (one file at a time). A 12 MB cap kept its heap ~25 MB smaller
 * but cost 1.2 s of a 10,000-report ingest in scavenges; at 32 MB the 100,000-report bench peaks at
 * 420 MB RSS, under the 500 MB target (bench/RESULTS.md, issue #8).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 32 }

/** Starts a worker run from source (tsx, vitest): see pipeline-worker-tsx.mjs. */
const TSX_BOOT = path.join(__dirname, 'workers', 'worker-tsx.mjs')

interface Pending {
  resolve(v: Examined): void
  job: ExamineJob
  /** When the job was handed to its worker (ms, performance.now()). */
  since: number
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
  /** Its jobs not answered yet, by id. */
  jobs: Map<number, Pending>
}

export interface PoolOptions {
  /**
   * A job a worker has not answered after this long is given up: the worker is stopped, the file
   * gets an M03 saying so and the worker's other jobs go elsewhere (default 120 s: a large PDF
   * takes seconds, a hung one forever).
   */
  jobTimeoutMs?: number
  /** A worker that has not started after this long is stopped and its jobs go elsewhere (default 30 s). */
  startupTimeoutMs?: number
  /** The worker script (tests, custom builds); default: pipeline-worker beside this file. */
  entry?: { file: string; ts: boolean }
  /**
   * A worker whose PDFium memory has grown past this many bytes is replaced once its jobs are
   * answered (default RECYCLE_WASM_BYTES).
   */
  recycleWasmBytes?: number
  /** Called with each replaced worker's thread id (tests). */
  onRecycle?: (threadId: number) => void
}

/**
 * PDFium's WebAssembly memory grows to hold the largest file a worker has read and never shrinks
 * (a WebAssembly memory cannot): ~19 MB after ordinary reports, several times a file's size after
 * a large one. Past 160 MB the worker is replaced by a fresh one, which gives it all back.
 */
export const RECYCLE_WASM_BYTES = 160 * 1024 * 1024

/** What the worker posts: a result, a log line, or that it has started. */
type WorkerMessage =
  | { id: number; result: Examined; wasmBytes?: number }
  | { log: { level: keyof Logger; message: string } }
  | { ready: true }

/**
 * A pool of `n` workers (0: this thread). Falls back to this thread for any job whose worker died,
 * and altogether when no worker script can be found. A watchdog stops a worker that does not start
 * or does not answer (see PoolOptions), so one bad file or a stuck thread never stalls an ingest.
 */
export function createPreparer(n: number, settings: RuleSettings, logger: Logger, opts: PoolOptions = {}): Preparer {
  const entry = n > 0 ? (opts.entry ?? workerEntry()) : null
  if (!entry) return inThread(settings, logger)
  const here = inThread(settings, logger)
  const jobTimeout = opts.jobTimeoutMs ?? 120_000
  const startupTimeout = opts.startupTimeoutMs ?? 30_000
  let seq = 0
  const slots: Slot[] = []

  const dispatch = (job: ExamineJob, resolve: (v: Examined) => void): void => {
    let slot: Slot | undefined
    for (const s of slots) if (s.live && (!slot || s.jobs.size < slot.jobs.size)) slot = s
    if (!slot) {
      void here.examine(job).then(resolve)
      return
    }
    const id = ++seq
    slot.jobs.set(id, { resolve, job, since: performance.now() })
    slot.worker.postMessage({ id, job })
  }

  /** A worker is gone or given up: new jobs avoid it, its unanswered jobs go elsewhere. */
  const retire = (slot: Slot): void => {
    if (!slot.live) return
    slot.live = false
    const jobs = [...slot.jobs.values()]
    slot.jobs.clear()
    for (const p of jobs) dispatch(p.job, p.resolve)
  }

  const recycleAt = opts.recycleWasmBytes ?? RECYCLE_WASM_BYTES
  /** Starts a worker into slots[at] (a new slot when at is past the end); false when it cannot. */
  const start = (at: number): boolean => {
    let w: Worker
    try {
      w = entry.ts
        ? new Worker(TSX_BOOT, { workerData: { settings, tsEntry: entry.file }, resourceLimits: WORKER_LIMITS, execArgv: [] })
        : new Worker(entry.file, { workerData: { settings }, resourceLimits: WORKER_LIMITS })
    } catch (err) {
      logger.warn(`无法启动解析线程，改为单线程：${err instanceof Error ? err.message : String(err)}`)
      return false
    }
    w.unref()
    const slot: Slot = { worker: w, startedAt: performance.now(), ready: false, live: true, jobs: new Map() }
    slots[at] = slot
    /** A worker grown too large takes no new jobs and is replaced once it has answered the last. */
    let draining = false
    const replace = (): void => {
      if (!draining || slot.jobs.size > 0 || closed) return
      w.removeAllListeners('exit')
      const id = w.threadId
      void w.terminate()
      if (!start(at)) retire(slot)
      opts.onRecycle?.(id)
    }
    w.on('message', (msg: WorkerMessage) => {
      if ('ready' in msg) return void (slot.ready = true)
      if ('log' in msg) return logger[msg.log.level](msg.log.message)
      const p = slot.jobs.get(msg.id)
      if (!p) return
      const r = msg.result
      // Buffers arrive as plain Uint8Arrays; sqlite3 binds only Buffers as blobs.
      if (r.kind === 'ready' && r.file.doc) {
        const u = r.file.doc.blob as Uint8Array
        r.file.doc.blob = Buffer.from(u.buffer, u.byteOffset, u.byteLength)
      }
      slot.jobs.delete(msg.id)
      if (!draining && (msg.wasmBytes ?? 0) > recycleAt) {
        draining = true
        slot.live = false
      }
      p.resolve(msg.result)
      replace()
    })
    w.on('error', err => {
      logger.warn(`解析线程出错，改在其他线程解析：${err instanceof Error ? err.message : String(err)}`)
      retire(slot)
    })
    w.on('exit', () => retire(slot))
    return true
  }
  let closed = false
  for (let i = 0; i < n; i++) if (!start(i)) break
  if (slots.length === 0) return here

  const watchdog = setInterval(() => {
    const now = performance.now()
    for (const slot of slots) {
      if (!slot.live) continue
      if (!slot.ready) {
        if (now - slot.startedAt < startupTimeout) continue
        logger.warn(`解析线程 ${Math.round(startupTimeout / 1000)} 秒内未能启动，已停止，改由其他线程解析`)
        retire(slot)
        void slot.worker.terminate()
        continue
      }
      let oldest: [number, Pending] | undefined
      for (const e of slot.jobs) if (!oldest || e[1].since < oldest[1].since) oldest = e
      if (!oldest || now - oldest[1].since < jobTimeout) continue
      const [id, p] = oldest
      const seconds = Math.round(jobTimeout / 1000)
      logger.warn(`解析超时（超过 ${seconds} 秒）：${p.job.file.path}`)
      // The stuck job is answered here; retire hands the worker's other jobs on.
      slot.jobs.delete(id)
      retire(slot)
      void slot.worker.terminate()
      p.resolve({ kind: 'ready', file: toReady(unreadableFile(p.job.file, `解析超时：超过 ${seconds} 秒仍未读完，文件可能过大或已损坏`), settings, logger) })
    }
  }, Math.min(5_000, Math.max(50, Math.min(jobTimeout, startupTimeout) / 4)))
  watchdog.unref()

  return {
    window: slots.length * 3,
    examine(job) {
      return new Promise<Examined>(resolve => dispatch(job, resolve))
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
