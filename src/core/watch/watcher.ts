/**
 * Watches several folders and turns their changes into queue jobs. Each folder has one native
 * watch (@parcel/watcher: inotify, FSEvents, ReadDirectoryChangesW): chokidar watched every file
 * on its own, which at 100,000 reports took 8 s of CPU and ~380 MB before the first event
 * (bench/, issue #8). Network shares drop or never send events, so a polled folder is rescanned on
 * an interval instead; and every folder gets a full rescan when it starts being watched and on
 * demand. A missed event costs a delay, never a report.
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import parcel from '@parcel/watcher'
import type { FolderState, PollingMode } from '../../shared/api'
import { isIgnoredName, isPageAssetPath } from '../ingest/scan'
import { isPathInside, isUncPath, relativePath } from '../fs/path-guard'
import type { IngestQueue } from './queue'

export interface WatchOptions {
  /** ms a file must go without events, its size and time unchanged, before it is read. */
  stabilityMs?: number
  /** How often a polled folder (a network share) is rescanned (default 30 s). */
  pollIntervalMs?: number
}

/** After the quiet period, how long apart the two looks at a file's size and time are. */
const RECHECK_MS = 100

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

/** Stops a folder's watch (native subscription or poll timer). */
type Stop = () => Promise<void>

/** A file with recent events, waiting to be still before it is queued. */
interface Settling {
  root: string
  timer: NodeJS.Timeout
  /** Size and time at the last look; null right after an event. */
  seen: string | null
}

export class FolderWatcher {
  private readonly folders = new Map<string, { info: FolderWatch; stop: Stop | null }>()
  private readonly settling = new Map<string, Settling>()

  constructor(
    private readonly queue: IngestQueue,
    private readonly onChange: (folders: FolderWatch[]) => void,
    private readonly opts: WatchOptions = {}
  ) {}

  list(): FolderWatch[] {
    return [...this.folders.values()].map(f => ({ ...f.info }))
  }

  has(root: string): boolean {
    return this.folders.has(root)
  }

  /** Starts watching `root` (absolute, normalised) and queues its full rescan. */
  async add(root: string, polling: PollingMode): Promise<FolderWatch> {
    const existing = this.folders.get(root)
    if (existing && existing.info.polling === polling && existing.stop) return { ...existing.info }
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
    const entry: { info: FolderWatch; stop: Stop | null } = { info, stop: null }
    this.folders.set(root, entry)
    const ok = await fs
      .stat(root)
      .then(s => s.isDirectory())
      .catch(() => false)
    if (!ok) {
      info.state = 'unavailable'
      info.error = '文件夹不存在或无法访问'
      this.changed()
      return { ...info }
    }
    // The watcher starts before the rescan: a file arriving during the scan is caught by one or
    // the other (and the queue serialises them, so it is read once).
    entry.stop = await this.startWatch(root, info)
    // Removed while the watch was starting.
    if (this.folders.get(root) !== entry) {
      await entry.stop()
      return { ...info }
    }
    this.changed()
    this.queue.push({ type: 'rescan', root })
    return { ...info }
  }

  async remove(root: string): Promise<void> {
    const entry = this.folders.get(root)
    if (!entry) return
    this.folders.delete(root)
    this.queue.dropRoot(root)
    this.dropSettling(root)
    await entry.stop?.()
    this.changed()
  }

  /** Queues a full rescan of one folder, or all. Unavailable folders are retried. */
  async rescan(root?: string): Promise<void> {
    const roots = root ? [root] : [...this.folders.keys()]
    for (const r of roots) {
      const entry = this.folders.get(r)
      if (!entry) continue
      if (!entry.stop) {
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
    for (const root of new Set([...this.settling.values()].map(f => f.root)))
      this.dropSettling(root)
    await Promise.all(all.map(e => e.stop?.()))
  }

  private changed(): void {
    this.onChange(this.list())
  }

  /**
   * A native watch of the folder tree, or a poll timer for a network share (and for a folder the
   * system will not watch, e.g. past the inotify limit: it is polled and says why).
   */
  private async startWatch(root: string, info: FolderWatch): Promise<Stop> {
    if (!info.usingPolling) {
      try {
        const sub = await parcel.subscribe(root, (err, events) => {
          if (err) {
            info.error = err.message
            this.changed()
            return
          }
          for (const e of events) this.onEvent(root, info, e)
        })
        return () => sub.unsubscribe()
      } catch (err) {
        info.usingPolling = true
        info.error = `无法实时监控，改为定时扫描：${err instanceof Error ? err.message : String(err)}`
      }
    }
    // The next rescan comes an interval after the last one ended: a share slow to list (100,000
    // files over SMB can take minutes) is not rescanned back to back.
    const interval = this.opts.pollIntervalMs ?? 30_000
    const timer = setInterval(
      () => {
        if (info.state === 'scanning') return
        const last = info.lastScanAt ? Date.parse(info.lastScanAt) : 0
        if (Date.now() - last >= interval) this.queue.push({ type: 'rescan', root })
      },
      Math.min(interval, 5_000)
    )
    timer.unref()
    return async () => clearInterval(timer)
  }

  private onEvent(root: string, info: FolderWatch, e: parcel.Event): void {
    if (e.path === root) {
      if (e.type === 'delete') {
        info.state = 'unavailable'
        info.error = '文件夹已被删除或移走'
        this.changed()
      }
      return
    }
    // Never act on a path outside the folder (a symlink target, a rename across folders).
    if (!isPathInside(e.path, root)) return
    // Lock files, and anything inside a folder the scan skips (scan.ts), are not reports.
    const rel = relativePath(root, e.path)
    if (rel.split('/').some(isIgnoredName)) return
    if (isPageAssetPath(rel, r => existsSync(path.join(root, r)))) return
    this.settle(root, e.path)
  }

  /**
   * Queues a changed path once it is still: no event for stabilityMs, then the same size and
   * modification time twice RECHECK_MS apart (a copy over SMB can stall without events). A path
   * that is gone is queued as a removal, a folder (copied or moved in whole) as a rescan.
   */
  private settle(root: string, abs: string): void {
    const known = this.settling.get(abs)
    if (known) clearTimeout(known.timer)
    const entry: Settling = known ?? {
      root,
      timer: undefined as unknown as NodeJS.Timeout,
      seen: null
    }
    entry.seen = null
    const look = async (): Promise<void> => {
      if (this.settling.get(abs) !== entry) return
      const st = await fs.stat(abs).catch(() => null)
      if (this.settling.get(abs) !== entry) return
      if (st?.isFile()) {
        const seen = `${st.size}:${st.mtimeMs}`
        if (entry.seen !== seen) {
          entry.seen = seen
          entry.timer = setTimeout(() => void look(), RECHECK_MS)
          return
        }
      }
      this.settling.delete(abs)
      if (st?.isDirectory()) this.queue.push({ type: 'rescan', root })
      else
        this.queue.push({
          type: 'file',
          root,
          rel: relativePath(root, abs),
          kind: st ? 'ingest' : 'remove'
        })
    }
    entry.timer = setTimeout(() => void look(), this.opts.stabilityMs ?? 400)
    this.settling.set(abs, entry)
  }

  /** Forgets the paths of a folder that were waiting to be still. */
  private dropSettling(root: string): void {
    for (const [abs, f] of this.settling) {
      if (f.root !== root) continue
      clearTimeout(f.timer)
      this.settling.delete(abs)
    }
  }
}
