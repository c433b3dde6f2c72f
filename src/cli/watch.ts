/**
 * `watch <folder> [--db <file>]`: watches a folder with the desktop app's watcher and prints one
 * JSON line per event on stdout — {"event":"ingested","file":…,"findings":N,…}, "removed",
 * "error", and "idle" whenever the queue has drained — until interrupted.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AppEvent } from '../shared/api'
import { assertNever } from '../shared/assert'
import { createService } from '../core/service/index'
import { parseArgs, UsageError } from './args'
import type { CliIo } from './io'

export const WATCH_USAGE = 'npm run cli -- watch <folder> [--db <file.sqlite>]'

export function eventLine(e: AppEvent): string | null {
  switch (e.type) {
    case 'ingested':
      return JSON.stringify({
        event: 'ingested',
        file: e.file,
        findings: e.findings,
        errors: e.errors,
        warnings: e.warnings,
        agency: e.agency,
        year: e.year
      })
    case 'removed':
      return JSON.stringify({ event: 'removed', file: e.file })
    case 'error':
      return JSON.stringify({ event: 'error', file: e.file, code: e.code, message: e.message })
    case 'idle':
      return JSON.stringify({ event: 'idle', done: e.done })
    // Not lines of cli.md's watch output.
    case 'progress':
    case 'folders':
    case 'changed':
    case 'export-progress':
      return null
    default:
      return assertNever(e, 'unknown app event')
  }
}

export async function watchCommand(
  argv: string[],
  io: CliIo,
  stop: Promise<void> = new Promise(resolve => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['db'])
  if (positionals.length !== 1)
    throw new UsageError(`需要且只需要一个文件夹参数。用法：${WATCH_USAGE}`)
  const folder = path.resolve(positionals[0]!)
  const st = await fs.stat(folder).catch(() => null)
  if (!st?.isDirectory()) throw new UsageError(`文件夹不存在：${positionals[0]}`)
  let tmpDir: string | null = null
  let dbPath = options.get('db')
  if (!dbPath) {
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-watch-'))
    dbPath = path.join(tmpDir, 'nianbao.sqlite')
  }
  // Only the folder given is watched, whatever else this database was set to watch.
  const service = createService({
    dbPath: path.resolve(dbPath),
    autoWatch: false,
    transport: 'ipc'
  })
  const ready = await service.ready()
  if (!ready.ok) throw new UsageError(ready.error.message)
  const notice = service.startupNotice()
  if (notice) io.err(notice)
  service.onEvent(e => {
    const line = eventLine(e)
    if (line) io.out(`${line}\n`)
  })
  const added = await service.addWatchedFolder({ path: folder })
  if (!added.ok) {
    await service.close()
    throw new UsageError(added.error.message)
  }
  io.err(`正在监视 ${folder}，按 Ctrl+C 停止。`)
  await stop
  await service.close()
  if (tmpDir) await fs.rm(tmpDir, { recursive: true, force: true })
  return 0
}
