/**
 * One parse worker kept for the files the app reads between full scans and for audits too small for
 * a pool: a report saved into a watched folder, a small rescan, the CLI on a folder of ten reports.
 * Every file goes to the worker, text and web pages too: a 900 KB page of unclosed tags held
 * `serve`'s thread for 42 s (issue #19), and in the app it would freeze the window. The worker is
 * also the wall around a hostile file (pool.ts): heap cap, timeout, replaced when it dies. pdfjs's
 * heap (~200 MB at its peak) is the worker's, collected apart from the main thread's and freed when
 * the worker stops (bench/, issue #8). Started ahead by a scan (`warm`) or on first use; after
 * `idleMs` without work it is stopped and a fresh one (our code only, tens of MB) waits instead; a
 * new one is started when the rule settings change, so its findings stay current. Without a worker
 * script (a custom build) it reads in this thread, like the pool.
 */
import { settingsKey } from './batch'
import {
  createPreparer,
  type Examined,
  type ExamineJob,
  type OcrPageHook,
  type PoolOptions,
  type Preparer
} from './pool'
import type { RuleSettings } from '../../shared/model'
import { type Logger } from '../logger'

export interface SpareWorker {
  /** Reads `job` in the worker. */
  examine(job: ExamineJob, settings: RuleSettings, onOcrPage?: OcrPageHook): Promise<Examined>
  /**
   * Starts the worker ahead of the first file (a scan of the folders does): a worker's start
   * (~1 s from source on a busy machine) is not paid by a report saved into a watched folder, which
   * must be readable within 2 s.
   */
  warm(settings: RuleSettings): Promise<void>
  /** Files handed to the worker so far (read here after all when there is no worker script). */
  readonly offThread: number
  close(): Promise<void>
}

export function createSpareWorker(
  logger: Logger,
  opts: { idleMs?: number; pool?: PoolOptions } = {}
): SpareWorker {
  const idleMs = opts.idleMs ?? 60_000
  let current: { key: string; preparer: Preparer } | null = null
  let busy = 0
  let offThread = 0
  let timer: NodeJS.Timeout | null = null
  let closed = false
  /** The settings of the last file or warm-up: a worker stopped when idle is replaced by a fresh one. */
  let lastSettings: RuleSettings | null = null

  const stop = (): Promise<void> => {
    const p = current?.preparer
    current = null
    return p ? p.close() : Promise.resolve()
  }
  const preparerFor = (settings: RuleSettings): Preparer => {
    const key = settingsKey(settings)
    // Only between files: closing a worker drops its jobs. A file read under the old settings has
    // its findings recomputed when written (pipeline-batch.ts), so it is never wrong, only slower.
    if (current && current.key !== key && busy === 0) void stop()
    current ??= { key, preparer: createPreparer(1, settings, logger, opts.pool) }
    return current.preparer
  }

  return {
    get offThread() {
      return offThread
    },
    async warm(settings) {
      if (closed) return
      lastSettings = settings
      await preparerFor(settings).ready?.()
    },
    async examine(job, settings, onOcrPage) {
      if (closed) {
        // A file still asked for while the app quits: a worker of its own, stopped after it.
        const once = createPreparer(1, settings, logger, opts.pool)
        try {
          return await once.examine(job, onOcrPage)
        } finally {
          await once.close()
        }
      }
      if (timer) clearTimeout(timer)
      lastSettings = settings
      const preparer = preparerFor(settings)
      busy++
      try {
        const out = await preparer.examine(job, onOcrPage)
        offThread++
        return out
      } finally {
        if (--busy === 0 && !closed) {
          // The worker that read (pdfjs's heap and all) goes; a fresh one waits for the next file.
          timer = setTimeout(() => {
            void stop().then(() => {
              if (!closed && busy === 0 && lastSettings) preparerFor(lastSettings)
            })
          }, idleMs)
          timer.unref()
        }
      }
    },
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      await stop()
    }
  }
}
