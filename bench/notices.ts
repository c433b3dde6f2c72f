/**
 * `npx tsx bench/notices.ts <kept bench.sqlite> [--max N]`: times the 整改意见 export
 * (export/notices.ts) over a database a `npm run bench -- --keep` run left, and prints one JSON
 * object: notices, findings listed, seconds, peak RSS, file size. MAX_NOTICES was set from these
 * figures (bench/RESULTS.md).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { exportNotices } from '../src/core/export/notices'
import { openStore } from '../src/core/store/index'

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { max: { type: 'string' } }
  })
  const db = positionals[0]
  if (!db) throw new Error('usage: npx tsx bench/notices.ts <bench.sqlite> [--max N]')
  const store = await openStore(db)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-notices-'))
  const file = path.join(dir, 'notices.docx')
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t0 = performance.now()
  try {
    const r = await exportNotices(store, {
      file,
      ...(values.max ? { maxNotices: Number(values.max) } : {})
    })
    const sec = (performance.now() - t0) / 1000
    console.log(
      JSON.stringify({
        notices: r.reports,
        findings: r.findings,
        sec: Number(sec.toFixed(2)),
        peakRssMB: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
        fileKB: Math.round(statSync(file).size / 1024)
      })
    )
  } finally {
    clearInterval(sampler)
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
