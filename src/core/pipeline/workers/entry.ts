/**
 * Where a worker thread's script is, and starting it. Bundled, electron-vite builds each worker as
 * a main entry of its own (electron.vite.config.ts), found beside the bundle or one folder up when
 * this code sits in a shared chunk. From source (tsx, vitest, the CLI and bench) it is the .ts in
 * this folder, started through worker-tsx.mjs.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'

export interface WorkerEntry {
  file: string
  ts: boolean
}

/** `bundled` (a built entry's file name) beside the bundle, else `source` in this folder. */
export function workerEntry(bundled: string, source: string): WorkerEntry | null {
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    const js = path.join(dir, bundled)
    if (existsSync(js)) return { file: js, ts: false }
  }
  const ts = path.join(__dirname, source)
  return existsSync(ts) ? { file: ts, ts: true } : null
}

/** Starts a worker run from source (tsx, vitest): see worker-tsx.mjs. */
const TSX_BOOT = path.join(__dirname, 'worker-tsx.mjs')

/** A worker on `entry` with `data` as its workerData. Throws when it cannot be started. */
export function startWorker(
  entry: WorkerEntry,
  data: Record<string, unknown>,
  resourceLimits?: ResourceLimits
): Worker {
  const limits = resourceLimits ? { resourceLimits } : {}
  return entry.ts
    ? new Worker(TSX_BOOT, {
        workerData: { ...data, tsEntry: entry.file },
        execArgv: [],
        ...limits
      })
    : new Worker(entry.file, { workerData: data, ...limits })
}
