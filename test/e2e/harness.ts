/**
 * Set-up for the browser tests: build the renderer (vite, into a temp folder), build the
 * multi-year corpus, start `npm run serve` on a temp database watching it, wait until everything
 * is ingested, and launch Debian's chromium through playwright-core with a fresh profile.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { buildCorpus } from './corpus'

export const ROOT = path.resolve(__dirname, '..', '..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOTS = path.join(__dirname, 'screenshots')

export interface Harness {
  url: string
  token: string
  staticDir: string
  origin: string
  corpusDir: string
  context: BrowserContext
  /** Stops the server only (the browser stays), to see the screens' error states. */
  stopServer: () => Promise<void>
  /** Calls the Api over HTTP (for checks and waiting), as the renderer does. */
  call: <T>(method: string, args?: unknown) => Promise<T>
  close: () => Promise<void>
}

/**
 * A new page at `hash`; console errors and uncaught exceptions go into `problems` (each test file
 * ends by expecting it empty).
 */
export async function openPage(
  h: Harness,
  problems: string[],
  hash: string,
  size = { width: 1366, height: 768 }
): Promise<Page> {
  const page = await h.context.newPage()
  await page.setViewportSize(size)
  page.on('console', m => {
    if (m.type() === 'error') problems.push(`${hash}: ${m.text()}`)
  })
  page.on('pageerror', e => problems.push(`${hash}: ${e.message}`))
  await page.goto(`${h.url}${hash}`)
  return page
}

/** Saves a screenshot in test/e2e/screenshots/ for a human to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) })
}

export async function buildRenderer(outDir: string): Promise<void> {
  // Imported lazily: vite is ESM-only and large; only the e2e tests need it.
  const { build } = await import('vite')
  const react = (await import('@vitejs/plugin-react')).default
  await build({
    configFile: false,
    root: path.join(ROOT, 'src', 'renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 }
  })
}

function startServe(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    // detached: its own process group, so close() can stop npm, tsx and node together.
    const proc = spawn('npm', ['run', '--silent', 'serve', '--', ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 60_000)
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve({ proc, url: m[1] })
      }
    })
    proc.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    proc.on('exit', code => {
      clearTimeout(timer)
      reject(new Error(`serve exited (${code}):\n${err}`))
    })
  })
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (proc.exitCode !== null || proc.pid === undefined) return resolve()
    const t = setTimeout(() => {
      try {
        process.kill(-(proc.pid as number), 'SIGKILL')
      } catch {
        /* already gone */
      }
      resolve()
    }, 5000)
    proc.once('exit', () => {
      clearTimeout(t)
      resolve()
    })
    try {
      process.kill(-proc.pid, 'SIGTERM')
    } catch {
      clearTimeout(t)
      resolve()
    }
  })
}

export interface HarnessOptions {
  /** Fills the watched folder instead of the multi-year corpus. */
  fill?: (dir: string) => Promise<void>
  /** A renderer already built (a second server in one test file), instead of building it again. */
  staticDir?: string
}

/** expectedReports null: a fresh database watching no folder (the first-run screens). */
export async function startHarness(
  expectedReports: number | null,
  opts: HarnessOptions = {}
): Promise<Harness> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-e2e-'))
  const corpusDir = path.join(tmp, 'reports')
  const staticDir = opts.staticDir ?? path.join(tmp, 'renderer')
  const profile = path.join(tmp, 'profile')
  const fill = async (): Promise<void> => {
    if (expectedReports === null) return
    if (!opts.fill) return void (await buildCorpus(corpusDir))
    await fs.mkdir(corpusDir, { recursive: true })
    await opts.fill(corpusDir)
  }
  await Promise.all([fill(), opts.staticDir ? Promise.resolve() : buildRenderer(staticDir)])
  const { proc, url } = await startServe([
    '--db',
    path.join(tmp, 'nianbao.sqlite'),
    ...(expectedReports === null ? [] : ['--folder', corpusDir]),
    '--static',
    staticDir,
    '--port',
    '0'
  ])
  const u = new URL(url)
  const token = u.searchParams.get('token') ?? ''
  const call = async <T>(method: string, args?: unknown): Promise<T> => {
    const res = await fetch(`${u.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nianbao-token': token },
      body: args === undefined ? null : JSON.stringify(args)
    })
    const r = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } }
    if (!r.ok) throw new Error(`${method}: ${r.error?.message}`)
    return r.value as T
  }
  // Wait until the whole corpus is in the database.
  const deadline = Date.now() + 120_000
  for (; expectedReports !== null;) {
    const ov = await call<{ counts: { reports: number } }>('getOverview', {})
    const ws = await call<{ progress: { idle: boolean } }>('getWatchStatus')
    if (ov.counts.reports >= expectedReports && ws.progress.idle) break
    if (Date.now() > deadline)
      throw new Error(`ingest incomplete: ${ov.counts.reports}/${expectedReports}`)
    await new Promise(r => setTimeout(r, 300))
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  })
  return {
    url,
    token,
    staticDir,
    origin: u.origin,
    corpusDir,
    context,
    call,
    stopServer: () => stop(proc),
    async close() {
      await context.close().catch(() => undefined)
      await stop(proc)
      await fs.rm(tmp, { recursive: true, force: true }).catch(() => undefined)
    }
  }
}
