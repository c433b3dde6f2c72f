/**
 * `npm run serve -- [--port <n>] [--db <file>] [--folder <dir>] [--static <dir>]`: the real core
 * and the same Api over HTTP on 127.0.0.1, serving the built renderer. Prints the URL (with its
 * random token) as the first line of stdout, so scripts and the browser tests can read it.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../core/transport/http/server'
import { createService } from '../core/service/index'
import { parseArgs, UsageError } from './args'
import { processIo, type CliIo } from './io'

export const SERVE_USAGE =
  'npm run serve -- [--port <端口>] [--db <file.sqlite>] [--folder <报告文件夹>] [--static <界面目录>]'

const PROJECT_ROOT = path.resolve(__dirname, '..', '..')

function defaultDb(): string {
  return process.env.NIANBAO_DB ?? path.join(os.homedir(), '.nianbao', 'nianbao.sqlite')
}

/** Resolves with the exit status once the server has been stopped (SIGINT/SIGTERM or `stop`). */
export async function serveCommand(
  argv: string[],
  io: CliIo,
  stop: Promise<void> = signalled()
): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['port', 'db', 'folder', 'static'])
  if (positionals.length > 0)
    throw new UsageError(`多余的参数：${positionals.join(' ')}。用法：${SERVE_USAGE}`)
  const port = Number(options.get('port') ?? '0')
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port 须为 0–65535 的整数')
  const dbPath = path.resolve(options.get('db') ?? defaultDb())
  const staticDir = path.resolve(
    options.get('static') ?? path.join(PROJECT_ROOT, 'out', 'renderer')
  )
  const exportDir = path.join(path.dirname(dbPath), 'exports')

  const service = createService({
    dbPath,
    exportDir,
    transport: 'http',
    version: process.env.npm_package_version ?? '0.1.0',
    logger: { info: () => undefined, warn: m => io.err(m), error: m => io.err(m) }
  })
  const ready = await service.ready()
  if (!ready.ok) throw new UsageError(ready.error.message)
  const folder = options.get('folder')
  if (folder) {
    const r = await service.addWatchedFolder({ path: path.resolve(folder) })
    if (!r.ok) {
      await service.close()
      throw new UsageError(r.error.message)
    }
  }
  if (!(await fs.stat(path.join(staticDir, 'index.html')).catch(() => null))) {
    io.err(`提示：界面文件不存在（${staticDir}），请先运行 npm run build；接口仍可使用。`)
  }
  const server = await startServer({ service, port, staticDir, exportDir })
  io.out(`${server.url}\n`)
  io.err(`年报审查台已在 ${server.url} 启动（数据库：${dbPath}）。按 Ctrl+C 停止。`)
  await stop
  await server.close()
  await service.close()
  return 0
}

function signalled(): Promise<void> {
  return new Promise(resolve => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

if (require.main === module) {
  serveCommand(process.argv.slice(2), processIo).then(
    code => {
      process.exitCode = code
    },
    (err: unknown) => {
      processIo.err(err instanceof UsageError ? `错误：${err.message}` : String(err))
      process.exitCode = err instanceof UsageError ? 2 : 1
    }
  )
}
