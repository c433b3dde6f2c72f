/**
 * One parse worker kept for the few files the app reads between full scans: a report saved into a
 * watched folder, a small rescan. Text and web pages take a millisecond and are read in this
 * thread; PDF, OFD and Word files, and any file of 1 MB or more, go to the worker, so that the
 * window's requests are not held up behind pdfjs (~85 ms for a typical PDF, seconds for a long
 * one) or a page with its images inline, and pdfjs's heap (~200 MB at
 * its peak) is the worker's, collected apart from the main thread's and freed when the worker
 * stops (bench/, issue #8). Started on first use, stopped after `idleMs`
 * without work; a new one is started when the rule settings change, so its findings stay current.
 * Without a worker script (a custom build) it reads in this thread, like the pool.
 */
import { settingsKey } from './batch'
import { createPreparer, examineHere, HEAVY_FORMAT, type Examined, type ExamineJob, type PoolOptions, type Preparer } from './pool'
import type { RuleSettings } from '../../shared/model'
import { type Logger } from '../logger'

export interface SpareWorker {
  /** Reads `job`: heavy formats in the worker, the rest here. */
  examine(job: ExamineJob, settings: RuleSettings): Promise<Examined>
  /** Files handed to the worker so far (read here after all when there is no worker script). */
  readonly offThread: number
  close(): Promise<void>
}

/** Files from this size are read in the worker whatever their format. */
export const OFF_THREAD_BYTES = 1024 * 1024

export function createSpareWorker(logger: Logger, opts: { idleMs?: number; pool?: PoolOptions } = {}): SpareWorker {
  const idleMs = opts.idleMs ?? 60_000
  let current: { key: string; preparer: Preparer } | null = null
  let busy = 0
  let offThread = 0
  let timer: NodeJS.Timeout | null = null
  let closed = false

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
    async examine(job, settings) {
      // Big text and web pages too (a page with its images inline runs to tens of MB): parsing
      // them here would hold up the window for seconds.
      if (closed || (!HEAVY_FORMAT.test(job.file.path) && job.file.size < OFF_THREAD_BYTES)) return examineHere(job, settings, logger)
      if (timer) clearTimeout(timer)
      const preparer = preparerFor(settings)
      busy++
      try {
        const out = await preparer.examine(job)
        offThread++
        return out
      } finally {
        if (--busy === 0 && !closed) {
          timer = setTimeout(() => void stop(), idleMs)
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
