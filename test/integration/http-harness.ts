/**
 * Starts `npm run serve` (src/cli/serve.ts) as a child process on 127.0.0.1 with a temp database
 * and watched folder, and talks to it only through HTTP: the renderer's shared Api client
 * (src/shared/http-client.ts) for calls,
 * a small Server-Sent Events reader for events.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Api, AppEvent } from '../../src/shared/api'
import { createHttpClient } from '../../src/shared/http-client'

const ROOT = path.resolve(__dirname, '..', '..')
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')

export interface Served {
  dir: string
  folder: string
  dbPath: string
  url: string
  base: string
  token: string
  api: Api
  events: AppEvent[]
  /** Resolves with the first event (already received or future) matching `pred`. */
  waitFor(pred: (e: AppEvent) => boolean, timeoutMs?: number): Promise<AppEvent>
  close(): Promise<void>
}

export async function serve(
  opts: { files?: Array<[string, Buffer | string]> } = {}
): Promise<Served> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-http-'))
  const folder = path.join(dir, 'reports')
  await fs.mkdir(folder)
  for (const [name, content] of opts.files ?? [])
    await fs.writeFile(path.join(folder, name), content)
  const dbPath = path.join(dir, 'data', 'nianbao.sqlite')
  const child: ChildProcess = spawn(
    process.execPath,
    [
      TSX,
      'src/cli/serve.ts',
      '--db',
      dbPath,
      '--folder',
      folder,
      '--static',
      path.join(dir, 'no-ui')
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n')[0]
      if (out.includes('\n') && line) {
        clearTimeout(timer)
        resolve(line.trim())
      }
    })
    child.once('exit', code => reject(new Error(`serve exited ${code}: ${stderr}`)))
  })
  const u = new URL(url)
  const token = u.searchParams.get('token')!
  const base = u.origin
  const api = createHttpClient({ baseUrl: base, token, fetch: (url, init) => fetch(url, init) })

  const events: AppEvent[] = []
  const waiters: Array<{ pred: (e: AppEvent) => boolean; resolve: (e: AppEvent) => void }> = []
  const abort = new AbortController()
  const res = await fetch(`${base}/api/events`, {
    headers: { 'x-nianbao-token': token },
    signal: abort.signal
  })
  const reader = res.body!.getReader()
  void (async () => {
    const dec = new TextDecoder()
    let buf = ''
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buf += dec.decode(value, { stream: true })
        let i: number
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i)
          buf = buf.slice(i + 2)
          for (const line of chunk.split('\n')) {
            if (!line.startsWith('data: ')) continue
            const e = JSON.parse(line.slice(6)) as AppEvent
            events.push(e)
            for (const w of [...waiters]) {
              if (w.pred(e)) {
                waiters.splice(waiters.indexOf(w), 1)
                w.resolve(e)
              }
            }
          }
        }
      }
    } catch {
      // aborted on close
    }
  })()

  return {
    dir,
    folder,
    dbPath,
    url,
    base,
    token,
    api,
    events,
    waitFor(pred, timeoutMs = 10_000) {
      const seen = events.find(pred)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for event')), timeoutMs)
        waiters.push({
          pred,
          resolve: e => {
            clearTimeout(t)
            resolve(e)
          }
        })
      })
    },
    async close() {
      abort.abort()
      const exited = new Promise(r => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      await fs.rm(dir, { recursive: true, force: true })
    }
  }
}

/** Polls `fn` until it returns a non-undefined value or the time runs out. */
export async function until<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  stepMs = 50
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise(r => setTimeout(r, stepMs))
  }
}
