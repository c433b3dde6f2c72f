import { describe, expect, it } from 'vitest'
import { BURST, IngestQueue, type Job } from './queue'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>(r => (resolve = r))
  return { promise, resolve }
}

describe('IngestQueue', () => {
  it('runs jobs one at a time and coalesces repeated events for a file', async () => {
    const ran: string[] = []
    let active = 0
    let maxActive = 0
    const gate = deferred()
    const q = new IngestQueue({
      run: async (j: Job) => {
        active++
        maxActive = Math.max(maxActive, active)
        if (j.type === 'rescan') await gate.promise
        ran.push(j.type === 'file' ? `${j.kind}:${j.rel}` : `rescan:${j.root}`)
        active--
      }
    })
    q.push({ type: 'rescan', root: '/r' })
    // While the rescan runs, a burst of events for a.txt and one for b.txt arrive.
    q.push({ type: 'file', root: '/r', rel: 'a.txt', kind: 'ingest' })
    q.push({ type: 'file', root: '/r', rel: 'b.txt', kind: 'ingest' })
    q.push({ type: 'file', root: '/r', rel: 'a.txt', kind: 'ingest' })
    q.push({ type: 'file', root: '/r', rel: 'a.txt', kind: 'remove' })
    expect(q.progress).toMatchObject({ total: 3, done: 0, idle: false })
    gate.resolve()
    await q.whenIdle()
    expect(ran).toEqual(['rescan:/r', 'ingest:b.txt', 'remove:a.txt'])
    expect(maxActive).toBe(1)
  })

  /** A queue held on its first job (/a/first.txt) while more are pushed; `ran` lists what ran. */
  async function heldQueue(): Promise<{ q: IngestQueue; ran: string[]; release: () => void }> {
    const ran: string[] = []
    const gate = deferred()
    const q = new IngestQueue({
      run: async (j: Job) => {
        if (j.type === 'file' && j.rel === 'first.txt') await gate.promise
        ran.push(j.type === 'file' ? `${j.kind}:${j.root}/${j.rel}` : `rescan:${j.root}`)
      }
    })
    q.push({ type: 'file', root: '/a', rel: 'first.txt', kind: 'ingest' })
    await Promise.resolve()
    return { q, ran, release: gate.resolve }
  }

  it('turns many files of one folder into one rescan of it, and leaves other folders alone', async () => {
    const { q, ran, release } = await heldQueue()
    // While first.txt runs, a copy of a whole collection lands in /a, and two files in /b.
    for (let i = 0; i < BURST + 5; i++)
      q.push({ type: 'file', root: '/a', rel: `r${i}.txt`, kind: i === 3 ? 'remove' : 'ingest' })
    q.push({ type: 'file', root: '/b', rel: 'x.txt', kind: 'ingest' })
    q.push({ type: 'file', root: '/b', rel: 'y.txt', kind: 'remove' })
    release()
    await q.whenIdle()
    expect(ran).toEqual(['ingest:/a/first.txt', 'ingest:/b/x.txt', 'remove:/b/y.txt', 'rescan:/a'])
  })

  it('keeps files one by one below the burst size', async () => {
    const { q, ran, release } = await heldQueue()
    for (let i = 0; i < BURST - 2; i++)
      q.push({ type: 'file', root: '/a', rel: `r${i}.txt`, kind: 'ingest' })
    release()
    await q.whenIdle()
    expect(ran).toHaveLength(BURST - 1)
    expect(ran).not.toContain('rescan:/a')
  })

  it('runs a file again when an event arrives while it is being processed', async () => {
    const ran: string[] = []
    const gate = deferred()
    let first = true
    const q = new IngestQueue({
      run: async (j: Job) => {
        if (first) {
          first = false
          await gate.promise
        }
        if (j.type === 'file') ran.push(`${j.kind}:${j.rel}`)
      }
    })
    q.push({ type: 'file', root: '/r', rel: 'a.txt', kind: 'ingest' })
    await Promise.resolve()
    q.push({ type: 'file', root: '/r', rel: 'a.txt', kind: 'ingest' })
    gate.resolve()
    await q.whenIdle()
    expect(ran).toEqual(['ingest:a.txt', 'ingest:a.txt'])
  })

  it('reports idle with the count of jobs done, and survives a throwing job', async () => {
    const idles: number[] = []
    const errors: unknown[] = []
    const q = new IngestQueue({
      run: async (j: Job) => {
        if (j.type === 'file' && j.rel === 'bad') throw new Error('bad file')
      },
      onIdle: n => idles.push(n),
      onError: (_j, e) => errors.push(e)
    })
    q.push({ type: 'file', root: '/r', rel: 'bad', kind: 'ingest' })
    q.push({ type: 'file', root: '/r', rel: 'good', kind: 'ingest' })
    await q.whenIdle()
    expect(idles).toEqual([2])
    expect(errors).toHaveLength(1)
    expect(q.progress).toEqual({ done: 0, total: 0, current: null, idle: true })
  })

  it('drops queued jobs of a folder no longer watched', async () => {
    const ran: string[] = []
    const gate = deferred()
    const q = new IngestQueue({
      run: async (j: Job) => {
        if (j.type === 'file' && j.rel === 'first') await gate.promise
        if (j.type === 'file') ran.push(`${j.root}/${j.rel}`)
      }
    })
    q.push({ type: 'file', root: '/a', rel: 'first', kind: 'ingest' })
    q.push({ type: 'file', root: '/a', rel: 'x', kind: 'ingest' })
    q.push({ type: 'file', root: '/b', rel: 'y', kind: 'ingest' })
    q.dropRoot('/a')
    gate.resolve()
    await q.whenIdle()
    expect(ran).toEqual(['/a/first', '/b/y'])
  })
})
