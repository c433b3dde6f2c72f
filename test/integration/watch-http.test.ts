/**
 * The desktop app's job end to end, through the HTTP Api against the real core (`npm run serve` in a
 * child process): files dropped into the watched folder are ingested and readable within 2 s,
 * re-parsed when modified, marked removed when deleted, and a 1,000-file copy is ingested exactly
 * once per file. Expected findings come from the batch pipeline (auditFolder) run on the same
 * files in a separate database — the watcher path must agree with it.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEvent, ReportSummary } from '../../src/shared/api'
import type { ReportJson } from '../../src/shared/model'
import { auditFolder } from '../../src/core/pipeline/index'
import { openStore } from '../../src/core/store/index'
import { serve, until, type Served } from './http-harness'

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'samples')

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex')
const ruleList = (fs_: Array<{ rule: string }>): string[] => fs_.map(f => f.rule).sort()

/** What the batch pipeline says about each sample (agency, findings), keyed by file name. */
async function batchAudit(files: string[]): Promise<Map<string, ReportJson>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-oracle-'))
  const folder = path.join(dir, 'in')
  await fs.mkdir(folder)
  for (const f of files) await fs.copyFile(path.join(SAMPLES, f), path.join(folder, f))
  const store = await openStore(path.join(dir, 'db.sqlite'))
  try {
    await auditFolder(folder, store)
    return new Map((await store.reportsJson(folder)).map(r => [r.file, r]))
  } finally {
    await store.close()
    await fs.rm(dir, { recursive: true, force: true })
  }
}

function ingestedOf(s: Served, file: string): AppEvent[] {
  return s.events.filter(e => e.type === 'ingested' && e.file === file)
}

async function currentReport(s: Served, file: string): Promise<ReportSummary | undefined> {
  const r = await s.api.listReports({ filter: { search: file }, page: { offset: 0, limit: 10 } })
  if (!r.ok) throw new Error(r.error.message)
  return r.value.items.find(x => x.file === file)
}

describe('watched folder over the HTTP Api', () => {
  let s: Served
  let samples: string[]
  let oracle: Map<string, ReportJson>

  beforeAll(async () => {
    samples = (await fs.readdir(SAMPLES)).filter(f => f.endsWith('.txt')).sort()
    oracle = await batchAudit(samples)
    s = await serve()
    // The start-up rescan of the (empty) folder has finished once the folder reports 'watching'.
    await until(async () => {
      const w = await s.api.getWatchStatus()
      return w.ok && w.value.folders[0]?.state === 'watching' && w.value.progress.idle
        ? true
        : undefined
    }, 20_000)
  }, 120_000)

  afterAll(async () => {
    await s?.close()
  })

  it('ingests a dropped file and serves its findings within 2 s', async () => {
    const name = samples[0]!
    const bytes = await fs.readFile(path.join(SAMPLES, name))
    const expected = oracle.get(name)!
    const t0 = Date.now()
    await fs.writeFile(path.join(s.folder, 'dropped.txt'), bytes)
    const detail = await until(async () => {
      const summary = await currentReport(s, 'dropped.txt')
      if (!summary) return undefined
      const d = await s.api.getReport({ id: summary.id })
      return d.ok ? d.value : undefined
    }, 2000)
    const elapsed = Date.now() - t0
    expect(elapsed).toBeLessThan(2000)

    expect(detail.summary.sha256).toBe(sha(bytes))
    expect(detail.summary.agency).toBe(expected.agency)
    expect(detail.summary.year).toBe(expected.year)
    expect(ruleList(detail.findings)).toEqual(ruleList(expected.findings))
    expect(detail.lines.join('\n')).toContain(expected.agency!)
    // Every finding's evidence lines point into the source text the screen shows.
    for (const f of detail.findings)
      for (const l of f.lines ?? []) expect(l).toBeLessThanOrEqual(detail.lines.length)

    const ev = await s.waitFor(e => e.type === 'ingested' && e.file === 'dropped.txt')
    expect(ev).toMatchObject({ reportId: detail.summary.id, findings: expected.findings.length })
  })

  it('re-parses a modified file', async () => {
    const name = samples[0]!
    const agency = oracle.get(name)!.agency!
    const renamed = `${agency.slice(0, 2)}新区${agency.slice(2)}`
    const text = (await fs.readFile(path.join(SAMPLES, name), 'utf8')).split(agency).join(renamed)
    const before = await currentReport(s, 'dropped.txt')
    await fs.writeFile(path.join(s.folder, 'dropped.txt'), text)
    const after = await until(async () => {
      const r = await currentReport(s, 'dropped.txt')
      return r && r.sha256 === sha(text) ? r : undefined
    }, 5000)
    expect(after.agency).toBe(renamed)
    expect(before!.sha256).not.toBe(after.sha256)
    expect(after.parsedAt >= before!.parsedAt).toBe(true)
    await until(async () => (ingestedOf(s, 'dropped.txt').length === 2 ? true : undefined), 2000)
    // Still one report for the file, not two.
    const all = await s.api.listReports({
      filter: { search: 'dropped.txt', includeRemoved: true },
      page: { offset: 0, limit: 10 }
    })
    expect(all.ok && all.value.total).toBe(1)
  })

  it('marks a deleted file removed and keeps its history', async () => {
    const before = (await currentReport(s, 'dropped.txt'))!
    await fs.unlink(path.join(s.folder, 'dropped.txt'))
    const ev = await s.waitFor(e => e.type === 'removed' && e.file === 'dropped.txt', 5000)
    expect(ev).toMatchObject({ reportId: before.id })
    expect(await currentReport(s, 'dropped.txt')).toBeUndefined()
    const hist = await s.api.listReports({
      filter: { search: 'dropped.txt', includeRemoved: true },
      page: { offset: 0, limit: 10 }
    })
    expect(hist.ok && hist.value.items.map(r => [r.id, r.status])).toEqual([[before.id, 'removed']])
    const detail = await s.api.getReport({ id: before.id })
    expect(detail.ok && detail.value.summary.removedAt).toBeTruthy()
  })

  it('ingests 1,000 files copied at once exactly once each', async () => {
    const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-batch-'))
    const names: string[] = []
    const texts = await Promise.all(samples.map(f => fs.readFile(path.join(SAMPLES, f), 'utf8')))
    for (let i = 0; i < 1000; i++) {
      const k = i % samples.length
      const agency = oracle.get(samples[k]!)!.agency!
      // A distinct agency per copy (like 1,000 real agencies), and a distinct hash in any case.
      const text = `${texts[k]!.split(agency).join(`试点${i}${agency}`)}\n（编号 ${i}）\n`
      const name = `r${String(i).padStart(4, '0')}.txt`
      names.push(`batch/${name}`)
      await fs.writeFile(path.join(staging, name), text)
    }
    const t0 = Date.now()
    await fs.cp(staging, path.join(s.folder, 'batch'), { recursive: true })
    await until(
      async () => {
        const n = s.events.filter(e => e.type === 'ingested' && e.file.startsWith('batch/')).length
        return n >= 1000 ? true : undefined
      },
      240_000,
      250
    )
    const elapsed = Date.now() - t0
    // Let any late duplicate event arrive before counting.
    await until(async () => {
      const w = await s.api.getWatchStatus()
      return w.ok && w.value.progress.idle ? true : undefined
    }, 30_000)
    await new Promise(r => setTimeout(r, 1500))

    const counts = new Map<string, number>()
    for (const e of s.events)
      if (e.type === 'ingested' && e.file.startsWith('batch/'))
        counts.set(e.file, (counts.get(e.file) ?? 0) + 1)
    expect([...counts.keys()].sort()).toEqual(names)
    expect([...counts.values()].every(n => n === 1)).toBe(true)

    const listed = await s.api.listReports({
      filter: { search: 'batch/' },
      page: { offset: 0, limit: 1 }
    })
    expect(listed.ok && listed.value.total).toBe(1000)
    const agencies = await s.api.listAgencies({
      filter: { search: '试点' },
      page: { offset: 0, limit: 1 }
    })
    expect(agencies.ok && agencies.value.total).toBe(1000)
    console.log(`1,000 files ingested in ${elapsed} ms`)
    await fs.rm(staging, { recursive: true, force: true })
  }, 300_000)

  it('openFile gives a download of the report’s own file, never inline, and none for a deleted file', async () => {
    const list = await s.api.listReports({
      sort: { key: 'file', dir: 'asc' },
      page: { offset: 0, limit: 1 }
    })
    if (!list.ok) throw new Error(list.error.message)
    const r = list.value.items[0]!
    const opened = await s.api.openFile({ reportId: r.id })
    if (!opened.ok) throw new Error(opened.error.message)
    const res = await fetch(`${s.base}${opened.value.downloadUrl}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(r.file))}`
    )
    expect(res.headers.get('content-security-policy')).toBe('sandbox')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(
      await fs.readFile(path.join(s.folder, r.file))
    )
    // A report whose file was deleted (marked removed above) has nothing to give.
    const hist = await s.api.listReports({
      filter: { search: 'dropped.txt', includeRemoved: true },
      page: { offset: 0, limit: 1 }
    })
    const gone = hist.ok ? hist.value.items[0] : undefined
    expect(gone?.status).toBe('removed')
    const none = await fetch(`${s.base}/api/source/${gone!.id}`, {
      headers: { 'x-nianbao-token': s.token }
    })
    expect(none.status).toBe(404)
    expect(await s.api.openFile({ reportId: 999999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' }
    })
  })

  it('refuses a call without the token and a rescan of a folder not watched', async () => {
    const res = await fetch(`${s.base}/api/getSettings`, { method: 'POST' })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const r = await s.api.rescan({ path: os.tmpdir() })
    expect(r).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } })
    const bad = await s.api.getReport({ id: -1 })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })
})
