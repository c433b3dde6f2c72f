import http from 'node:http'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createService, type Service } from '../../service/index'
import { startServer, type RunningServer } from './server'
import { resolveStatic } from './static'

/** Raw request with a chosen Host header (fetch does not allow setting it). */
function get(
  port: number,
  p: string,
  host: string
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, headers: { host } }, res => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('HTTP server', () => {
  let dir: string
  let service: Service
  let server: RunningServer

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-srv-'))
    const ui = path.join(dir, 'ui')
    await fs.mkdir(path.join(ui, 'assets'), { recursive: true })
    await fs.writeFile(path.join(ui, 'index.html'), '<!doctype html><title>年报审查台</title>')
    await fs.writeFile(path.join(ui, 'assets', 'app.js'), 'console.log(1)')
    await fs.writeFile(path.join(dir, 'secret.txt'), 'secret')
    const exportDir = path.join(dir, 'db', 'exports')
    service = createService({
      dbPath: path.join(dir, 'db', 'n.sqlite'),
      transport: 'http',
      exportDir
    })
    server = await startServer({ service, staticDir: ui, exportDir })
  })
  afterAll(async () => {
    await server.close()
    await service.close()
    await fs.rm(dir, { recursive: true, force: true })
  })

  it('serves the renderer with the CSP, and client routes fall back to index.html', async () => {
    const host = `127.0.0.1:${server.port}`
    const index = await get(server.port, '/', host)
    expect(index.status).toBe(200)
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await get(server.port, '/reports/12', host)).body).toContain('年报审查台')
    const js = await get(server.port, '/assets/app.js', host)
    expect(js.headers['content-type']).toContain('javascript')
  })

  it('never serves files outside the renderer folder', async () => {
    const host = `127.0.0.1:${server.port}`
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00'
    ]) {
      const r = await get(server.port, p, host)
      expect(r.body).not.toContain('secret')
    }
    expect(await resolveStatic(path.join(dir, 'ui'), '/../secret.txt')).toBeNull()
    expect(await resolveStatic(path.join(dir, 'ui'), '/..%2fsecret.txt')).toBeNull()
  })

  it('refuses foreign Host headers (DNS rebinding) and calls without the token', async () => {
    expect((await get(server.port, '/', 'evil.example')).status).toBe(403)
    expect((await get(server.port, '/', `evil.example:${server.port}`)).status).toBe(403)
    const noToken = await fetch(`http://127.0.0.1:${server.port}/api/getSettings`, {
      method: 'POST'
    })
    expect(noToken.status).toBe(403)
    const wrong = await fetch(`http://127.0.0.1:${server.port}/api/getSettings`, {
      method: 'POST',
      headers: { 'x-nianbao-token': `${server.token}x` }
    })
    expect(wrong.status).toBe(403)
  })

  it('answers with errors as data: bad JSON, unknown method, bad argument', async () => {
    const call = async (name: string, body: string): Promise<unknown> =>
      (
        await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
          method: 'POST',
          headers: { 'x-nianbao-token': server.token },
          body
        })
      ).json()
    expect(await call('getReport', '{')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' }
    })
    expect(await call('dropTables', '{}')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' }
    })
    expect(await call('getReport', '{"id":"1"}')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' }
    })
    expect(await call('getReport', '{"id":99}')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
    expect(await call('pickFolder', '')).toMatchObject({
      ok: false,
      error: { code: 'NOT_AVAILABLE' }
    })
    expect(await call('getSettings', '')).toMatchObject({ ok: true })
  })

  it('exports into its exports folder and serves the file for download with the token', async () => {
    const r = (await (
      await fetch(`http://127.0.0.1:${server.port}/api/exportXlsx`, {
        method: 'POST',
        headers: { 'x-nianbao-token': server.token },
        body: '{}'
      })
    ).json()) as { ok: boolean; value: { downloadUrl: string | null; path: string } }
    expect(r.ok).toBe(true)
    // A ticket for that one file: the token itself never goes into a URL.
    expect(r.value.downloadUrl).toMatch(/^\/api\/download\/.+\.xlsx\?ticket=/)
    expect(r.value.downloadUrl).not.toContain(server.token)
    const file = await fetch(`http://127.0.0.1:${server.port}${r.value.downloadUrl}`)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toContain('spreadsheetml')
    const bytes = Buffer.from(await file.arrayBuffer())
    expect(bytes.subarray(0, 2).toString()).toBe('PK')
    expect(bytes.length).toBe((await fs.stat(r.value.path)).size)
    const noTicket = await fetch(
      `http://127.0.0.1:${server.port}${r.value.downloadUrl!.replace(/\?ticket=.*/, '')}`
    )
    expect(noTicket.status).toBe(403)
    const ticket = r.value.downloadUrl!.replace(/.*\?ticket=/, '')
    const otherFile = await fetch(
      `http://127.0.0.1:${server.port}/api/download/other.xlsx?ticket=${ticket}`
    )
    expect(otherFile.status).toBe(403)
    const escape = await fetch(`http://127.0.0.1:${server.port}/api/download/..%2Fn.sqlite`, {
      headers: { 'x-nianbao-token': server.token }
    })
    expect(escape.status).toBe(404)
  })

  // Issue #19: a leaked URL let any web page make calls; exports overwrote any .xlsx on the disk.
  it('takes the token only in a header, and refuses a call from another site whatever it carries', async () => {
    const base = `http://127.0.0.1:${server.port}`
    const inQuery = await fetch(
      `${base}/api/getSettings?token=${encodeURIComponent(server.token)}`,
      { method: 'POST' }
    )
    expect(inQuery.status).toBe(403)
    const events = await fetch(`${base}/api/events?token=${encodeURIComponent(server.token)}`)
    expect(events.status).toBe(403)
    const headers = { 'x-nianbao-token': server.token }
    const crossOrigin = await fetch(`${base}/api/getSettings`, {
      method: 'POST',
      headers: { ...headers, origin: 'https://evil.example' }
    })
    expect(crossOrigin.status).toBe(403)
    const crossSite = await fetch(`${base}/api/getSettings`, {
      method: 'POST',
      headers: { ...headers, 'sec-fetch-site': 'cross-site' }
    })
    expect(crossSite.status).toBe(403)
    const same = await fetch(`${base}/api/getSettings`, {
      method: 'POST',
      headers: { ...headers, origin: base, 'sec-fetch-site': 'same-origin' }
    })
    expect(same.status).toBe(200)
  })

  it('writes an export only into the exports folder', async () => {
    const outside = path.join(dir, 'overwritten.xlsx')
    await fs.writeFile(outside, 'keep')
    for (const [name, file] of [
      ['exportXlsx', outside],
      ['exportNotices', path.join(dir, 'n.docx')]
    ] as const) {
      const r = await (
        await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
          method: 'POST',
          headers: { 'x-nianbao-token': server.token },
          body: JSON.stringify({ path: file })
        })
      ).json()
      expect(r).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } })
    }
    expect(await fs.readFile(outside, 'utf8')).toBe('keep')
    await expect(fs.stat(path.join(dir, 'n.docx'))).rejects.toThrow()
  })
})
