import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEvent, FolderState } from '../../shared/api'
import { openStore, type Store } from '../store/index'
import { setSetting } from '../store/settings'
import { createRunner, type Runner } from './runner'
import type { FolderWatcher } from './watcher'

const SAMPLES = path.resolve(__dirname, '../../../../shared/corpus/samples')
const FORMATS = path.resolve(__dirname, '../../../test/fixtures/formats/samples')
const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function setup(): Promise<{
  dir: string
  root: string
  store: Store
  events: AppEvent[]
  states: FolderState[]
  run: Runner['run']
  runner: Runner
}> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-runner-'))
  cleanup.push(() => fs.rm(dir, { recursive: true, force: true }))
  const root = path.join(dir, 'share')
  await fs.mkdir(root)
  const sample = (await fs.readdir(SAMPLES)).sort()[0]!
  await fs.copyFile(path.join(SAMPLES, sample), path.join(root, 'a.txt'))
  const store = await openStore(path.join(dir, 'n.sqlite'))
  cleanup.push(() => store.close())
  const events: AppEvent[] = []
  const states: FolderState[] = []
  const watcher = {
    has: () => true,
    setState: (_root: string, state: FolderState) => void states.push(state)
  } as unknown as FolderWatcher
  const runner = createRunner({
    store,
    watcher,
    emit: e => events.push(e),
    now: () => new Date(),
    logger: console
  })
  cleanup.push(() => runner.close())
  const run = runner.run
  await run({ type: 'rescan', root })
  return { dir, root, store, events, states, run, runner }
}

async function status(store: Store, rel: string): Promise<string | undefined> {
  const r = await store.db.get<{ status: string }>('SELECT status FROM files WHERE path = ?', [rel])
  return r?.status
}

describe('runner', () => {
  // A full disk said "处理失败：SQLITE_FULL: database or disk is full" and marked the folder
  // unavailable, as if the folder were the problem.
  it('says a full disk in words, and keeps the folder watched', async () => {
    const { root, store, events, states, run } = await setup()
    const pages = (await store.db.get<{ page_count: number }>('PRAGMA page_count'))!.page_count
    await store.db.exec(`PRAGMA max_page_count = ${pages}`)
    for (const [i, f] of (await fs.readdir(SAMPLES)).sort().entries())
      await fs.copyFile(path.join(SAMPLES, f), path.join(root, `n${i}.txt`))
    await run({ type: 'rescan', root })
    const error = events.filter(e => e.type === 'error').at(-1)
    expect(error).toMatchObject({
      code: 'DB_ERROR',
      message: expect.stringContaining('磁盘空间不足')
    })
    expect(states.at(-1)).toBe('watching')
  })

  // A GBK name (a zip from Windows unpacked on Linux) reaches the watcher as U+FFFD; it opens only
  // by its bytes, which the scan knows: the event is a rescan, and the report is keyed 报告.txt.
  it.skipIf(process.platform !== 'linux')(
    'reads a file whose name is GBK bytes, and marks it removed, by rescanning',
    async () => {
      const { root, store, run } = await setup()
      const gbk = Buffer.concat([
        Buffer.from(`${root}/`),
        Buffer.from([0xb1, 0xa8, 0xb8, 0xe6]),
        Buffer.from('.txt')
      ])
      await fs.copyFile(path.join(SAMPLES, (await fs.readdir(SAMPLES)).sort()[1]!), gbk)
      await run({ type: 'file', root, rel: '\uFFFD\uFFFD\uFFFD\uFFFD.txt', kind: 'ingest' })
      expect(await status(store, '报告.txt')).toBe('current')
      await fs.unlink(gbk)
      await run({ type: 'file', root, rel: '\uFFFD\uFFFD\uFFFD\uFFFD.txt', kind: 'remove' })
      expect(await status(store, '报告.txt')).toBe('removed')
    }
  )

  it('reports what a rescan ingested, then marks a deleted file removed', async () => {
    const { root, store, events, run } = await setup()
    expect(
      events.filter(e => e.type === 'ingested').map(e => e.type === 'ingested' && e.file)
    ).toEqual(['a.txt'])
    await fs.unlink(path.join(root, 'a.txt'))
    await run({ type: 'file', root, rel: 'a.txt', kind: 'remove' })
    expect(await status(store, 'a.txt')).toBe('removed')
    expect(events.at(-1)).toMatchObject({ type: 'removed', file: 'a.txt' })
  })

  it('does not mark files removed while their folder is unreachable (a dropped network share)', async () => {
    const { dir, root, store, events, states, run } = await setup()
    await fs.rename(root, path.join(dir, 'share-offline'))
    await run({ type: 'file', root, rel: 'a.txt', kind: 'remove' })
    expect(await status(store, 'a.txt')).toBe('current')
    expect(events.some(e => e.type === 'removed')).toBe(false)
    expect(states.at(-1)).toBe('unavailable')
    // A rescan of the missing folder is an error event, not a mass removal.
    await run({ type: 'rescan', root })
    expect(await status(store, 'a.txt')).toBe('current')
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'FOLDER_UNAVAILABLE' })
  })

  it('marks the files of a folder moved away removed, from the one event for the folder', async () => {
    const { dir, root, store, events, run } = await setup()
    await fs.mkdir(path.join(root, '2023'))
    await fs.copyFile(path.join(root, 'a.txt'), path.join(root, '2023', 'b.txt'))
    await run({ type: 'rescan', root })
    expect(await status(store, '2023/b.txt')).toBe('current')
    await fs.rename(path.join(root, '2023'), path.join(dir, 'elsewhere'))
    await run({ type: 'file', root, rel: '2023', kind: 'remove' })
    expect(await status(store, '2023/b.txt')).toBe('removed')
    expect(await status(store, 'a.txt')).toBe('current')
    expect(events.at(-1)).toMatchObject({ type: 'removed', file: '2023/b.txt' })
  })

  // A broken link saved into the folder was taken for a deletion: no entry (the scan gives it M03),
  // or, once the scan had recorded it, marked removed.
  it.skipIf(process.platform === 'win32')(
    'gives a broken link an M03 on its event, as the scan does',
    async () => {
      const { dir, root, store, run } = await setup()
      await fs.symlink(path.join(dir, 'gone.pdf'), path.join(root, 'link.pdf'))
      await run({ type: 'file', root, rel: 'link.pdf', kind: 'ingest' })
      const m03 = async (): Promise<unknown> =>
        store.db.get(
          `SELECT f.status, (SELECT count(*) FROM findings WHERE report_id = r.id AND rule = 'M03') AS m03
         FROM files f JOIN reports r ON r.file_id = f.id WHERE f.path = 'link.pdf'`
        )
      expect(await m03()).toEqual({ status: 'current', m03: 1 })
      await run({ type: 'rescan', root })
      await run({ type: 'file', root, rel: 'link.pdf', kind: 'ingest' })
      expect(await m03()).toEqual({ status: 'current', m03: 1 })
    }
  )

  it('reads every file saved into the folder in its kept worker, a text file too', async () => {
    const { root, store, events, run, runner } = await setup()
    const before = runner.offThread
    for (const ext of ['pdf', 'docx'])
      await fs.copyFile(
        path.join(FORMATS, `001_0a6fcc7805cba63f.${ext}`),
        path.join(root, `b.${ext}`)
      )
    await fs.copyFile(path.join(root, 'a.txt'), path.join(root, 'c.txt'))
    for (const rel of ['b.pdf', 'b.docx', 'c.txt'])
      await run({ type: 'file', root, rel, kind: 'ingest' })
    // Text too (issue #19): a 900 KB page of unclosed tags parsed here held `serve` for 42 s.
    expect(runner.offThread - before).toBe(3)
    const rows = await store.db.all<{ path: string; agency: string | null; m03: number }>(
      `SELECT f.path, r.agency_name AS agency, (SELECT count(*) FROM findings WHERE report_id = r.id AND rule = 'M03') AS m03
       FROM files f JOIN reports r ON r.file_id = f.id WHERE f.path IN ('b.pdf', 'b.docx', 'c.txt') ORDER BY f.path`
    )
    expect(rows).toEqual([
      { path: 'b.docx', agency: '中卫市民政局', m03: 0 },
      { path: 'b.pdf', agency: '中卫市民政局', m03: 0 },
      { path: 'c.txt', agency: expect.any(String), m03: 0 }
    ])
    expect(
      events.filter(e => e.type === 'ingested').map(e => e.type === 'ingested' && e.file)
    ).toEqual(['a.txt', 'b.pdf', 'b.docx', 'c.txt'])
    const text = await fs.readFile(path.join(root, 'a.txt'), 'utf8')
    await fs.writeFile(
      path.join(root, 'big.txt'),
      text + '\n' + '本机关认真贯彻落实政府信息公开条例。'.repeat(40_000)
    )
    await run({ type: 'file', root, rel: 'big.txt', kind: 'ingest' })
    expect(runner.offThread - before).toBe(4)
    expect(await status(store, 'big.txt')).toBe('current')
  })

  it('reports every file a large rescan read, past one read-back page of 5,000', async () => {
    const { root, events, run } = await setup()
    const names = Array.from({ length: 5_002 }, (_, i) => `bulk/${String(i).padStart(5, '0')}.txt`)
    await fs.mkdir(path.join(root, 'bulk'))
    // Not reports (M03 each), which is quick to read and enough to be reported.
    await Promise.all(names.map(n => fs.writeFile(path.join(root, n), `第${n}号`)))
    events.length = 0
    await run({ type: 'rescan', root })
    const files = events.flatMap(e => (e.type === 'ingested' ? [e.file] : []))
    expect(files).toEqual(names)
  }, 60_000)
})

describe('a photo folder under watch (issue #24)', () => {
  // OCR off: the folder is the one file either way, and nothing here waits seconds a page.
  const rows = async (store: Store): Promise<{ path: string; status: string; sha256: string }[]> =>
    store.db.all(`SELECT path, status, sha256 FROM files ORDER BY path`)
  const jpeg = (n: number): Buffer => Buffer.from([0xff, 0xd8, 0xff, 0xe0, n])

  it('re-reads the one report when a picture is added, changed or removed; swaps entries when it stops being one', async () => {
    const { root, store, events, run } = await setup()
    await setSetting(store.db, 'ocr', false)
    const dir = path.join(root, '某局2023年报告')
    await fs.mkdir(dir)
    await fs.writeFile(path.join(dir, '1.jpg'), jpeg(1))
    await fs.writeFile(path.join(dir, '2.jpg'), jpeg(2))
    // The second picture arrives: the folder becomes one report, its first picture's entry goes.
    await run({ type: 'file', root, rel: '某局2023年报告/1.jpg', kind: 'ingest' })
    await run({ type: 'file', root, rel: '某局2023年报告/2.jpg', kind: 'ingest' })
    const first = (await rows(store)).filter(r => r.path.startsWith('某局'))
    expect(first.map(r => [r.path, r.status])).toEqual([['某局2023年报告', 'current']])
    const m03 = await store.db.get<{ message: string }>(
      `SELECT fi.message FROM findings fi JOIN reports r ON r.id = fi.report_id
       JOIN files f ON f.id = r.file_id WHERE f.path = '某局2023年报告' AND fi.rule = 'M03'`
    )
    expect(m03?.message).toContain('由 2 张图片组成的扫描件或照片，需先做文字识别（OCR）')

    // A third picture: the same entry, read again with new content.
    await fs.writeFile(path.join(dir, '10.jpg'), jpeg(10))
    events.length = 0
    await run({ type: 'file', root, rel: '某局2023年报告/10.jpg', kind: 'ingest' })
    const second = (await rows(store)).filter(r => r.path.startsWith('某局'))
    expect(second.map(r => [r.path, r.status])).toEqual([['某局2023年报告', 'current']])
    expect(second[0]!.sha256).not.toBe(first[0]!.sha256)
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'ingested', file: '某局2023年报告' })
    )

    // One removed: still one report, read again.
    await fs.rm(path.join(dir, '2.jpg'))
    await run({ type: 'file', root, rel: '某局2023年报告/2.jpg', kind: 'remove' })
    const third = (await rows(store)).filter(r => r.path.startsWith('某局'))
    expect(third.map(r => [r.path, r.status])).toEqual([['某局2023年报告', 'current']])
    expect(third[0]!.sha256).not.toBe(second[0]!.sha256)

    // Down to one picture: it is a file of its own again, the folder's report removed.
    await fs.rm(path.join(dir, '10.jpg'))
    await run({ type: 'file', root, rel: '某局2023年报告/10.jpg', kind: 'remove' })
    expect(
      (await rows(store)).filter(r => r.path.startsWith('某局')).map(r => [r.path, r.status])
    ).toEqual([
      ['某局2023年报告', 'removed'],
      ['某局2023年报告/1.jpg', 'current']
    ])
  }, 120_000)
})
