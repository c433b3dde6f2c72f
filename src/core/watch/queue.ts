/**
 * The ingest queue between the folder watcher and the pipeline. One job at a time: the pipeline
 * writes through one SQLite connection, and a rescan must not race a per-file ingest of the same
 * file (both would parse it and report it twice).
 *
 * Jobs for the same file coalesce: a burst of add/change/unlink events for one path runs once,
 * with the latest kind. A file whose job is running when a new event arrives is queued again, so
 * the last write always gets read.
 *
 * Many files of one folder at once (a copy of a whole collection) become one rescan of the folder:
 * the batched pipeline reads them on every core and writes them in batches, ~10× the rate of
 * one file at a time (bench/, issue #8). The rescan skips files whose size and modification time
 * it already knows, as every rescan does.
 */
import type { IngestProgress } from '../../shared/api'

export const BURST = 20

export type FileJobKind = 'ingest' | 'remove'

export type Job =
  { type: 'file'; root: string; rel: string; kind: FileJobKind } | { type: 'rescan'; root: string }

export interface QueueHooks {
  run(job: Job): Promise<void>
  onProgress?(p: IngestProgress): void
  onIdle?(done: number): void
  /** A job threw (run should not; this is the net). */
  onError?(job: Job, err: unknown): void
}

function jobKey(j: Job): string {
  return j.type === 'file' ? `f\0${j.root}\0${j.rel}` : `r\0${j.root}`
}

export class IngestQueue {
  private pending = new Map<string, Job>()
  private running: Job | null = null
  private runningKey: string | null = null
  private done = 0
  private closed = false
  private idleWaiters: Array<() => void> = []

  constructor(private readonly hooks: QueueHooks) {}

  push(job: Job): void {
    if (this.closed) return
    const key = jobKey(job)
    // Re-inserting moves the job to the back: the newest event decides the kind.
    this.pending.delete(key)
    this.pending.set(key, job)
    this.emitProgress()
    if (!this.running) void this.pump()
  }

  /** Drops queued jobs of a folder (it is no longer watched). The running job finishes. */
  dropRoot(root: string): void {
    for (const [k, j] of this.pending) if (j.root === root) this.pending.delete(k)
    this.emitProgress()
  }

  get progress(): IngestProgress {
    const total = this.done + this.pending.size + (this.running ? 1 : 0)
    return {
      done: this.done,
      total,
      current: this.running
        ? this.running.type === 'file'
          ? this.running.rel
          : this.running.root
        : null,
      idle: !this.running && this.pending.size === 0
    }
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.progress.idle) return Promise.resolve()
    return new Promise(resolve => this.idleWaiters.push(resolve))
  }

  /** Stops taking jobs; resolves when the running job (if any) has finished. */
  async close(): Promise<void> {
    this.closed = true
    this.pending.clear()
    await this.whenIdle()
  }

  private emitProgress(): void {
    this.hooks.onProgress?.(this.progress)
  }

  /** BURST or more file jobs queued for one folder: replaced by one rescan of it. */
  private coalesceBursts(): void {
    if (this.pending.size < BURST) return
    const count = new Map<string, number>()
    for (const j of this.pending.values())
      if (j.type === 'file') count.set(j.root, (count.get(j.root) ?? 0) + 1)
    for (const [root, n] of count) {
      if (n < BURST) continue
      for (const [k, j] of this.pending)
        if (j.type === 'file' && j.root === root) this.pending.delete(k)
      const rescan: Job = { type: 'rescan', root }
      this.pending.delete(jobKey(rescan))
      this.pending.set(jobKey(rescan), rescan)
    }
  }

  private async pump(): Promise<void> {
    while (!this.running) {
      this.coalesceBursts()
      const next = this.pending.entries().next()
      if (next.done) break
      const [key, job] = next.value
      this.pending.delete(key)
      this.running = job
      this.runningKey = key
      this.emitProgress()
      try {
        await this.hooks.run(job)
      } catch (err) {
        this.hooks.onError?.(job, err)
      }
      this.running = null
      this.runningKey = null
      this.done++
      this.emitProgress()
    }
    if (this.pending.size === 0 && !this.running) {
      const done = this.done
      this.done = 0
      this.hooks.onIdle?.(done)
      const waiters = this.idleWaiters
      this.idleWaiters = []
      for (const w of waiters) w()
    }
  }

  /** For tests: the key of the running job. */
  get runningJobKey(): string | null {
    return this.runningKey
  }
}
