/**
 * npx tsx bench/screens.ts <database> [--rounds R]
 *
 * The screens as a supervisor sees them, over a database a bench run kept (`npm run bench --
 * --reports N --keep`): the built renderer (`npm run build` first) served by `npm run serve` with
 * the real core, in Debian's chromium through playwright-core. Prints one JSON object: ms from
 * navigation to content for each screen, the review screen's N (next report) and typing a search.
 * Measured, never asserted (issue #8: "keep every screen instant").
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'

const ROOT = path.resolve(__dirname, '..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0
}

async function main(): Promise<void> {
  const [dbPath, ...rest] = process.argv.slice(2)
  if (!dbPath) throw new Error('用法：npx tsx bench/screens.ts <bench.sqlite> [--rounds R]')
  if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html')))
    throw new Error('先运行 npm run build（需要 out/renderer）')
  const i = rest.indexOf('--rounds')
  const rounds = i >= 0 ? Number(rest[i + 1]) : 10

  const server = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), 'src/cli/serve.ts', '--db', path.resolve(dbPath)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
  })
  try {
    // serve prints a line with the URL and its token first.
    const url = await new Promise<string>((resolve, reject) => {
      server.once('exit', code => reject(new Error(`serve exited (${code})`)))
      server.stdout!.once('data', (d: Buffer) => resolve(/http:\/\/\S+/.exec(String(d))?.[0] ?? ''))
    })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    const problems: string[] = []
    page.on('pageerror', e => problems.push(e.message))
    const open = async (hash: string, ready: string): Promise<number> => {
      const t = performance.now()
      await page.goto(`${url}${hash}`)
      await shown(page, ready)
      return Math.round(performance.now() - t)
    }
    const screens = {
      overview: await open(
        '#/overview',
        '.matrix [role=row] + [role=row], .matrix-scroll [role=row]'
      ),
      agencies: await open('#/agencies', '[data-testid=agency-table] .vtable-scroll [role=row]'),
      review: await open('#/review', '[data-testid=source] .ln'),
      trends: await open('#/trends', '.trend-grid .recharts-surface')
    }
    await open('#/review', '[data-testid=source] .ln')
    const next = await nextReport(page, rounds)
    await open('#/agencies', '[data-testid=agency-table] .vtable-scroll [role=row]')
    const t = performance.now()
    await page.fill(
      '.filter-bar input[type=search], .filter-bar input[placeholder^="输入单位名称"]',
      '民政局'
    )
    // The bar waits 300 ms after the last key, then the table refills.
    await shown(page, '.vtable-scroll [role=row]', '民政局')
    const searchMs = Math.round(performance.now() - t)
    console.log(
      JSON.stringify(
        {
          screensMs: screens,
          nextReportMs: {
            n: next.length,
            p50: percentile(next, 50),
            p95: percentile(next, 95),
            first: next[0] ?? null
          },
          searchTypedToRowsMs: searchMs,
          pageErrors: problems
        },
        null,
        2
      )
    )
  } finally {
    await browser.close()
    server.kill()
  }
}

/** The page's document, as seen from this file (type-checked without DOM types). */
interface PageDocument {
  querySelector(s: string): { textContent: string | null } | null
  querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>
}

/**
 * Waits until an element matching `selector` (holding `text`, if given) is on the page, checked at
 * every frame. Playwright's own waits poll at 0, 20, 50, 100, 100, then every 500 ms: a screen that
 * took 400 ms was timed at ~800.
 */
async function shown(page: Page, selector: string, text?: string): Promise<void> {
  await page.waitForFunction(
    // Runs in the page: only what is written inside reaches it.
    ([sel, t]) =>
      Array.from(
        (globalThis as unknown as { document: PageDocument }).document.querySelectorAll(sel)
      ).some(el => t === undefined || (el.textContent ?? '').includes(t)),
    [selector, text] as const,
    { polling: 'raf', timeout: 120_000 }
  )
}

/** N in the review screen, `rounds` times: ms from the key to the next report's title. */
async function nextReport(page: Page, rounds: number): Promise<number[]> {
  const out: number[] = []
  for (let k = 0; k < rounds; k++) {
    const before = await page.locator('[data-testid=report-title]').textContent()
    const t = performance.now()
    await page.keyboard.press('n')
    await page.waitForFunction(
      b => {
        const doc = (globalThis as unknown as { document: PageDocument }).document
        const title = doc.querySelector('[data-testid=report-title]')?.textContent ?? ''
        return title !== '' && title !== b && doc.querySelector('[data-testid=source] .ln') !== null
      },
      before ?? '',
      { polling: 'raf', timeout: 60_000 }
    )
    out.push(Math.round(performance.now() - t))
  }
  return out
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err))
  process.exit(1)
})
