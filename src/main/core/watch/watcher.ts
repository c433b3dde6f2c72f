/**
 * Watches several folders with chokidar 4 and turns its events into queue jobs. chokidar only
 * tells us what changed while it was running, and network shares drop events, so every folder also
 * gets a full hash-keyed rescan when it starts being watched and on demand: a missed event costs a
 * delay, never a report.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { FolderState, PollingMode } from '../../../shared/api'
import { isIgnoredName } from '../ingest/scan'
import { isPathInside, isUncPath, relativePath } from './path-guard'
import type { IngestQueue } from './queue'

export interface WatchOptions {
  /** ms a file's size must stay put before it is read (copying over SMB can stall). */
  stabilityMs?: number
  /** Polling interval for network shares. */
  pollIntervalMs?: number
}

export interface FolderWatch {
  root: string
  polling: PollingMode
  usingPolling: boolean
  state: FolderState
  error: string | null
  lastScanAt: string | null
}

export function shouldPoll(root: string, mode: PollingMode): boolean {
  return mode === 'on' || (mode === 'auto' && isUncPath(root))
}

/** Office/WPS lock files and editor temp files are not reports and vanish on their own. */
export function isIgnoredPath(p: string): boolean {
  return isIgnoredName(path.basename(p))
}

export class FolderWatcher {
  private readonly folders = new Map<string, { info: FolderWatch; watcher: FSWatcher | null }>()

  constructor(
    private readonly queue: IngestQueue,
    private readonly onChange: (folders: FolderWatch[]) => void,
    private readonly opts: WatchOptions = {}
  ) {}

  list(): FolderWatch[] {
    return [...this.folders.values()].map((f) => ({ ...f.info }))
  }

  has(root: string): boolean {
    return this.folders.has(root)
  }

  /** Starts watching `root` (absolute, normalised) and queues its full rescan. */
  async add(root: string, polling: PollingMode): Promise<FolderWatch> {
    const existing = this.folders.get(root)
    if (existing && existing.info.polling === polling && existing.watcher) return { ...existing.info }
    if (existing) await this.remove(root)
    const usingPolling = shouldPoll(root, polling)
    const info: FolderWatch = {
      root,
      polling,
      usingPolling,
      state: 'scanning',
      error: null,
      lastScanAt: null
    }
    const entry: { info: FolderWatch; watcher: FSWatcher | null } = { info, watcher: null }
    this.folders.set(root, entry)
    const ok = await fs
      .stat(root)
      .then((s) => s.isDirectory())
      .catch(() => false)
    if (!ok) {
      info.state = 'unavailable'
      info.error = '文件夹不存在或无法访问'
      this.changed()
      return { ...info }
    }
    // The watcher starts before the rescan: a file arriving during the scan is caught by one or
    // the other (and the queue serialises them, so it is read once).
    entry.watcher = this.startWatcher(root, usingPolling, info)
    this.changed()
    this.queue.push({ type: 'rescan', root })
    return { ...info }
  }

  async remove(root: string): Promise<void> {
    const entry = this.folders.get(root)
    if (!entry) return
    this.folders.delete(root)
    this.queue.dropRoot(root)
    await entry.watcher?.close()
    this.changed()
  }

  /** Queues a full rescan of one folder, or all. Unavailable folders are retried. */
  async rescan(root?: string): Promise<void> {
    const roots = root ? [root] : [...this.folders.keys()]
    for (const r of roots) {
      const entry = this.folders.get(r)
      if (!entry) continue
      if (!entry.watcher) {
        await this.add(r, entry.info.polling)
        continue
      }
      this.queue.push({ type: 'rescan', root: r })
    }
  }

  /** Called by the queue runner around a rescan. */
  setState(root: string, state: FolderState, error: string | null = null): void {
    const entry = this.folders.get(root)
    if (!entry) return
    entry.info.state = state
    entry.info.error = error
    if (state === 'watching') entry.info.lastScanAt = new Date().toISOString()
    this.changed()
  }

  async close(): Promise<void> {
    const all = [...this.folders.values()]
    this.folders.clear()
    await Promise.all(all.map((e) => e.watcher?.close()))
  }

  private changed(): void {
    this.onChange(this.list())
  }

  private startWatcher(root: string, usePolling: boolean, info: FolderWatch): FSWatcher {
    const w = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      usePolling,
      interval: this.opts.pollIntervalMs ?? 2000,
      binaryInterval: this.opts.pollIntervalMs ?? 2000,
      // Word saves via a temp file and rename: let chokidar fold that into one change.
      atomic: true,
      awaitWriteFinish: {
        stabilityThreshold: this.opts.stabilityMs ?? 400,
        pollInterval: 100
      },
      ignored: (p: string) => p !== root && isIgnoredPath(p)
    })
    const onFile = (kind: 'ingest' | 'remove') => (abs: string) => {
      // Never act on a path outside the folder (a symlink target, a rename across folders).
      if (!isPathInside(abs, root)) return
      this.queue.push({ type: 'file', root, rel: relativePath(root, abs), kind })
    }
    w.on('add', onFile('ingest'))
    w.on('change', onFile('ingest'))
    w.on('unlink', onFile('remove'))
    // chokidar reports each file of a deleted subfolder as its own unlink; only the loss of the
    // folder itself needs handling here.
    w.on('unlinkDir', (abs: string) => {
      if (abs !== root) return
      info.state = 'unavailable'
      info.error = '文件夹已被删除或移走'
      this.changed()
    })
    w.on('error', (err: unknown) => {
      info.error = err instanceof Error ? err.message : String(err)
      this.changed()
    })
    return w
  }
}
