/**
 * FolderWatcher over a real folder and the system's own change notifications (@parcel/watcher):
 * which jobs reach the queue, and when.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FolderWatch } from './watcher'
import { FolderWatcher } from './watcher'
import type { IngestQueue, Job } from './queue'

const SAMPLES = path.resolve(__dirname, '../../../../shared/corpus/samples')
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

/**
 * The quiet period. Tests that assert nothing is queued *during* a sequence of writes use a long one
 * (SLOW_MS), so a loaded CI machine stalling between two writes cannot pass for stillness.
 */
const STABLE_MS = 150
const SLOW_MS = 1_000

async function setup(
  opts: { polling?: 'on' | 'off'; pollIntervalMs?: number; stableMs?: number } = {}
) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-watcher-'))
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }))
  const root = path.join(dir, 'reports')
  await fs.mkdir(root)
  const jobs: Job[] = []
  const queue = {
    push: (j: Job) => void jobs.push(j),
    dropRoot: () => undefined
  } as unknown as IngestQueue
  const seen: FolderWatch[][] = []
  const watcher = new FolderWatcher(queue, f => void seen.push(f), {
    stabilityMs: opts.stableMs ?? STABLE_MS,
    ...(opts.pollIntervalMs ? { pollIntervalMs: opts.pollIntervalMs } : {})
  })
  cleanup.push(() => watcher.close())
  await watcher.add(root, opts.polling ?? 'off')
  // The start-up rescan every added folder gets.
  expect(jobs.splice(0)).toEqual([{ type: 'rescan', root }])
  return { dir, root, jobs, watcher, seen }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

async function until(what: () => boolean, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; !what(); await sleep(20))
    if (Date.now() > end) throw new Error('timed out')
}

describe('FolderWatcher', () => {
  it('queues a file once it is still, however many writes it took', async () => {
    const { root, jobs } = await setup({ stableMs: SLOW_MS })
    const bytes = await fs.readFile(path.join(SAMPLES, (await fs.readdir(SAMPLES)).sort()[0]!))
    const file = path.join(root, '2024', 'a.txt')
    await fs.mkdir(path.dirname(file))
    // Written in pieces closer together than the quiet period: nothing is queued meanwhile.
    await fs.writeFile(file, bytes.subarray(0, 1000))
    for (let at = 1000; at < bytes.length; at += 1000) {
      await sleep(100)
      await fs.appendFile(file, bytes.subarray(at, at + 1000))
      expect(jobs.filter(j => j.type === 'file')).toEqual([])
    }
    await until(() => jobs.some(j => j.type === 'file'))
    await sleep(300)
    expect(jobs.filter(j => j.type === 'file')).toEqual([
      { type: 'file', root, rel: '2024/a.txt', kind: 'ingest' }
    ])
    expect((await fs.stat(file)).size).toBe(bytes.length)
  })

  it('queues a deleted file as a removal, and skips lock files and hidden folders', async () => {
    const { root, jobs } = await setup()
    await fs.writeFile(path.join(root, 'b.txt'), 'x')
    await until(() => jobs.length > 0)
    jobs.length = 0
    await fs.unlink(path.join(root, 'b.txt'))
    await fs.writeFile(path.join(root, '~$报告.docx'), 'lock')
    await fs.mkdir(path.join(root, '.cache'))
    await fs.writeFile(path.join(root, '.cache', 'c.txt'), 'x')
    await until(() => jobs.length > 0)
    await sleep(STABLE_MS * 2)
    expect(jobs).toEqual([{ type: 'file', root, rel: 'b.txt', kind: 'remove' }])
  })

  it('skips the images and scripts a page saved whole writes beside it, not a document there', async () => {
    const { root, jobs } = await setup()
    await fs.writeFile(path.join(root, '报告.html'), '<html></html>')
    await fs.mkdir(path.join(root, '报告_files'))
    await until(() => jobs.some(j => j.type === 'rescan'))
    await sleep(STABLE_MS * 2)
    jobs.length = 0
    for (const f of ['style.css', 'jquery.min.js', 'logo.png', '附件.pdf'])
      await fs.writeFile(path.join(root, '报告_files', f), 'x')
    await until(() => jobs.length > 0)
    await sleep(STABLE_MS * 3)
    expect(jobs).toEqual([{ type: 'file', root, rel: '报告_files/附件.pdf', kind: 'ingest' }])
  })

  it('sees a Word-style save (temp file, delete, rename) as one change of the report', async () => {
    const { root, jobs } = await setup({ stableMs: SLOW_MS })
    const file = path.join(root, '报告.docx')
    await fs.writeFile(file, 'v1')
    await until(() => jobs.length > 0)
    jobs.length = 0
    await fs.writeFile(path.join(root, '~WRL0001.tmp'), 'v2')
    await fs.unlink(file)
    await fs.rename(path.join(root, '~WRL0001.tmp'), file)
    await until(() => jobs.length > 0)
    await sleep(300)
    expect(jobs).toEqual([{ type: 'file', root, rel: '报告.docx', kind: 'ingest' }])
  })

  it('rescans the folder when a whole subfolder arrives', async () => {
    const { dir, root, jobs } = await setup()
    const outside = path.join(dir, 'incoming')
    await fs.mkdir(outside)
    for (const f of (await fs.readdir(SAMPLES)).slice(0, 3))
      await fs.copyFile(path.join(SAMPLES, f), path.join(outside, f))
    // Moved in: one event for the folder, none for the files in it.
    await fs.rename(outside, path.join(root, '2023'))
    await until(() => jobs.length > 0)
    await sleep(STABLE_MS * 2)
    expect(jobs).toContainEqual({ type: 'rescan', root })
  })

  it('says so when the folder itself is deleted', async () => {
    const { root, watcher } = await setup()
    await fs.rm(root, { recursive: true })
    await until(() => watcher.list()[0]?.state === 'unavailable')
    expect(watcher.list()[0]).toMatchObject({
      root,
      state: 'unavailable',
      error: '文件夹已被删除或移走'
    })
  })

  it('rescans a polled folder (a network share) an interval after its last rescan, instead of watching it', async () => {
    const { root, jobs, watcher } = await setup({ polling: 'on', pollIntervalMs: 100 })
    expect(watcher.list()[0]).toMatchObject({ usingPolling: true })
    await fs.writeFile(path.join(root, 'c.txt'), 'x')
    // The start-up rescan is still running: nothing more is queued meanwhile.
    await sleep(350)
    expect(jobs).toEqual([])
    // It ends (the runner says so); an interval later the next one is queued, and so on.
    const ended = Date.now()
    watcher.setState(root, 'watching')
    await until(() => jobs.length > 0)
    expect(Date.now() - ended).toBeGreaterThanOrEqual(95)
    expect(jobs).toEqual([{ type: 'rescan', root }])
    watcher.setState(root, 'scanning')
    watcher.setState(root, 'watching')
    await until(() => jobs.length > 1)
    expect(jobs.every(j => j.type === 'rescan' && j.root === root)).toBe(true)
    // Removed: no more rescans.
    await watcher.remove(root)
    const n = jobs.length
    await sleep(250)
    expect(jobs.length).toBe(n)
  })
})
