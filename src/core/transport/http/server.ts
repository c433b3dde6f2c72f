/**
 * The same Api over HTTP, for the browser tests and for users who cannot run the desktop build.
 * Plain node:http on 127.0.0.1 only:
 *   POST /api/<method>     body = the method's one argument as JSON (empty for none) → Result
 *   GET  /api/events       Server-Sent Events, one AppEvent per `data:` line
 *   GET  /api/download/<f> an export written into the exports folder
 *   GET  /*                the built renderer (SPA fallback to index.html)
 * Every /api request carries the random token printed with the URL, in the x-nianbao-token header
 * only: a token in a URL leaks (history, logs, a Referer), and a leaked URL let any web page make
 * calls (issue #19). The page reads it from its URL once and keeps it in memory. A request from
 * another origin (Origin, Sec-Fetch-Site) is refused whatever it carries. A download, which a
 * browser fetches without our header, goes by a ticket for that one file instead of the token.
 * The Host header must be ours, so a web page elsewhere cannot reach the server through DNS
 * rebinding. /api/source serves only a report's own file: a file in a watched folder that was read
 * as an annual report, a regular file (no link) still inside that folder; and exports are written
 * only into the exports folder.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, promises as fs, realpathSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {
  fail,
  ok,
  type ApiMethods,
  type AppEvent,
  type ExportResult,
  type Result
} from '../../../shared/api'
import type { Service } from '../../service/index'
import { dispatch } from '../dispatch'
import { isPathInside } from '../../fs/path-guard'
import { CSP } from './csp'
import { resolveStatic } from './static'

/** What an export writes, by extension: the workbook and the notices. */
const DOWNLOAD_TYPES: Record<string, string | undefined> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
}

export interface ServerOptions {
  service: Service
  /** 0 (default) picks a free port. */
  port?: number
  /** Built renderer (out/renderer); null serves the API only. */
  staticDir?: string | null
  /** Where exportXlsx without a path writes (must match the service's exportDir). */
  exportDir?: string
  token?: string
}

export interface RunningServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_BODY = 1 << 20
const HOST = '127.0.0.1'

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  type = 'application/json; charset=utf-8'
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff'
  })
  res.end(body)
}

function sendResult(res: http.ServerResponse, r: Result<unknown>, status = 200): void {
  send(res, status, JSON.stringify(r))
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req) {
    const b = c as Buffer
    size += b.length
    if (size > MAX_BODY) return null
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBuf = Buffer.from(token)
  const clients = new Set<http.ServerResponse>()
  let port = 0

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false
    const b = Buffer.from(given)
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf)
  }
  const hostOk = (host: string | undefined): boolean =>
    host === `${HOST}:${port}` || host === `localhost:${port}`
  /** Not a call from another site: browsers send Origin on a cross-origin POST, Sec-Fetch-Site on all. */
  const originOk = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin
    if (
      origin !== undefined &&
      origin !== `http://${HOST}:${port}` &&
      origin !== `http://localhost:${port}`
    )
      return false
    const site = req.headers['sec-fetch-site']
    return site === undefined || site === 'same-origin' || site === 'none'
  }

  /** Download tickets: one file each, for a few minutes, issued to a caller that had the token. */
  const tickets = new Map<string, { target: string; expires: number }>()
  const TICKET_MS = 5 * 60_000
  const issueTicket = (target: string): string => {
    const now = Date.now()
    for (const [t, e] of tickets) if (e.expires < now) tickets.delete(t)
    const t = randomBytes(18).toString('base64url')
    tickets.set(t, { target, expires: now + TICKET_MS })
    return t
  }
  const ticketOk = (target: string, t: string | null): boolean => {
    const e = t ? tickets.get(t) : undefined
    return e !== undefined && e.target === target && e.expires >= Date.now()
  }

  /** The report's file when it may be served (see the file comment), else null. */
  const servable = async (reportId: number): Promise<string | null> => {
    const file = await opts.service.reportFile(reportId)
    if (!file.ok) return null
    const report = await opts.service.getReport({ id: reportId })
    // Read as an annual report: a key or anything else planted in a watched folder is not one.
    if (
      !report.ok ||
      report.value.summary.status !== 'current' ||
      !report.value.summary.agency ||
      report.value.summary.year === null
    )
      return null
    const st = await fs.lstat(file.value).catch(() => null)
    if (!st?.isFile()) return null
    const root = report.value.summary.root
    try {
      // A folder on the way swapped for a link to elsewhere.
      if (!isPathInside(realpathSync(file.value), realpathSync(root))) return null
    } catch {
      return null
    }
    return file.value
  }

  const exportPathOk = (p: string): boolean =>
    opts.exportDir !== undefined && isPathInside(path.resolve(p), opts.exportDir)
  const exportRefused = (): Result<ExportResult> =>
    fail<ExportResult>('PATH_NOT_ALLOWED', '网页版只能导出到导出文件夹，导出后可直接下载')

  // What this transport adds to the service, as the desktop shell adds its dialogs: the core has no
  // program to open a file with, so a browser downloads it (source/ below).
  const methods: ApiMethods = {
    ...opts.service,
    async openFile({ reportId }) {
      const file = await opts.service.reportFile(reportId)
      if (!file.ok) return file
      if (!(await servable(reportId)))
        return fail('PATH_NOT_ALLOWED', '只能下载被监视文件夹中已识别为年度报告的原文件')
      return ok({
        downloadUrl: `/api/source/${reportId}?ticket=${issueTicket(`source/${reportId}`)}`
      })
    },
    // Over HTTP an export goes into the exports folder and is downloaded: a path chosen by the
    // caller let the token overwrite any .xlsx or .docx on the disk (issue #19).
    async exportXlsx(a) {
      return a?.path !== undefined && !exportPathOk(a.path)
        ? exportRefused()
        : opts.service.exportXlsx(a)
    },
    async exportNotices(a) {
      return a?.path !== undefined && !exportPathOk(a.path)
        ? exportRefused()
        : opts.service.exportNotices(a)
    }
  }

  const unsubscribe = opts.service.onEvent((e: AppEvent) => {
    const line = `data: ${JSON.stringify(e)}\n\n`
    for (const c of clients) c.write(line)
  })
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': ping\n\n')
  }, 15_000)

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (!originOk(req)) return sendResult(res, fail('FORBIDDEN', '拒绝来自其他网站的请求'), 403)
    const name = url.pathname.slice('/api/'.length)
    const download =
      req.method === 'GET' && (name.startsWith('source/') || name.startsWith('download/'))
    const ticketed = download && ticketOk(decodeURIComponent(name), url.searchParams.get('ticket'))
    if (!ticketed && !tokenOk(req.headers['x-nianbao-token'] as string | undefined)) {
      return sendResult(res, fail('FORBIDDEN', '访问令牌无效：请使用启动时打印的完整地址'), 403)
    }

    if (name === 'events' && req.method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff'
      })
      res.write('retry: 2000\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }

    // 打开原文件 in a browser: the report's own file, as a download. Never shown inline: a report
    // saved as a web page would run its scripts on this origin, next to the token.
    if (name.startsWith('source/') && req.method === 'GET') {
      const id = Number(name.slice('source/'.length))
      const file = Number.isInteger(id) && id > 0 ? await servable(id) : null
      const st = file ? await fs.stat(file).catch(() => null) : null
      if (!file || !st?.isFile())
        return sendResult(res, fail('NOT_FOUND', '找不到可下载的报告原文件'), 404)
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(file))}`,
        'content-length': st.size,
        'content-security-policy': 'sandbox',
        'cache-control': 'no-store'
      })
      createReadStream(file).pipe(res)
      return
    }

    if (name.startsWith('download/') && req.method === 'GET') {
      const file = decodeURIComponent(name.slice('download/'.length))
      const type = DOWNLOAD_TYPES[path.extname(file).toLowerCase()]
      if (!opts.exportDir || file !== path.basename(file) || !type) {
        return sendResult(res, fail('NOT_FOUND', '找不到导出文件'), 404)
      }
      const abs = path.join(opts.exportDir, file)
      const st = await fs.stat(abs).catch(() => null)
      if (!st?.isFile() || !isPathInside(abs, opts.exportDir)) {
        return sendResult(res, fail('NOT_FOUND', '找不到导出文件'), 404)
      }
      res.writeHead(200, {
        'content-type': type,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file)}`,
        'content-length': st.size,
        'cache-control': 'no-store'
      })
      createReadStream(abs).pipe(res)
      return
    }

    if (req.method !== 'POST')
      return sendResult(res, fail('INVALID_ARGUMENT', '接口只接受 POST 请求'), 405)
    const body = await readBody(req)
    if (body === null) return sendResult(res, fail('INVALID_ARGUMENT', '请求过大'), 413)
    let args: unknown = undefined
    if (body.trim() !== '') {
      try {
        args = JSON.parse(body)
      } catch {
        return sendResult(res, fail('INVALID_ARGUMENT', '请求内容不是有效的 JSON'))
      }
    }
    const out = await dispatch(methods, name, args)
    if (
      (name === 'exportXlsx' || name === 'exportNotices' || name === 'exportBulletin') &&
      out.ok
    ) {
      const v = out.value as ExportResult
      if (opts.exportDir && isPathInside(v.path, opts.exportDir)) {
        const file = path.basename(v.path)
        v.downloadUrl = `/api/download/${encodeURIComponent(file)}?ticket=${issueTicket(`download/${file}`)}`
      }
    }
    sendResult(res, out)
  }

  async function statics(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method Not Allowed', 'text/plain')
    if (!opts.staticDir) return send(res, 404, '未提供界面文件', 'text/plain; charset=utf-8')
    const file = await resolveStatic(opts.staticDir, url.pathname)
    if (!file) {
      const hint = (await fs.stat(path.join(opts.staticDir, 'index.html')).catch(() => null))
        ? '找不到该文件'
        : '界面尚未构建：请先运行 npm run build'
      return send(res, 404, hint, 'text/plain; charset=utf-8')
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.contentType.startsWith('text/html') ? 'no-store' : 'max-age=300'
    })
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file.absPath).pipe(res)
  }

  const server = http.createServer((req, res) => {
    if (!hostOk(req.headers.host)) return send(res, 403, 'Forbidden host', 'text/plain')
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`)
    const handler = url.pathname.startsWith('/api/') ? api : statics
    handler(req, res, url).catch((err: unknown) => {
      if (!res.headersSent)
        sendResult(
          res,
          fail('INTERNAL', `服务器内部错误：${err instanceof Error ? err.message : String(err)}`),
          500
        )
      else res.end()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, HOST, () => resolve())
  })
  port = (server.address() as { port: number }).port

  return {
    url: `http://${HOST}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    async close() {
      clearInterval(heartbeat)
      unsubscribe()
      for (const c of clients) c.end()
      clients.clear()
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    }
  }
}
