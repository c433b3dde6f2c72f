/**
 * The browser's token does not open the disk (issue #19): /api/source serves a report's own file
 * only — a file in a watched folder read as an annual report, still a regular file inside it. A
 * private key planted in a watched folder, a report swapped for a link to a file elsewhere, and a
 * report of a folder no longer watched are not served; through `npm run serve` in a child process.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, until, type Served } from './http-harness'

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'samples')

describe('/api/source over HTTP', () => {
  let s: Served
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    const sample = (await fs.readdir(SAMPLES)).filter(f => f.endsWith('.txt')).sort()
    s = await serve({
      files: [
        ['a.txt', await fs.readFile(path.join(SAMPLES, sample[0]!))],
        ['b.txt', await fs.readFile(path.join(SAMPLES, sample[1]!))],
        [
          'id_rsa',
          '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n'
        ]
      ]
    })
    await until(async () => {
      const r = await s.api.listReports({ page: { offset: 0, limit: 10 } })
      if (!r.ok || r.value.items.length < 3) return undefined
      for (const x of r.value.items) ids[x.file] = x.id
      return true
    }, 60_000)
  }, 90_000)
  afterAll(async () => {
    await s?.close()
  })

  const source = (id: number) =>
    fetch(`${s.base}/api/source/${id}`, { headers: { 'x-nianbao-token': s.token } })

  it('serves a report read as one, by a ticket for that file only', async () => {
    const opened = await s.api.openFile({ reportId: ids['a.txt']! })
    if (!opened.ok) throw new Error(opened.error.message)
    expect(opened.value.downloadUrl).toMatch(/^\/api\/source\/\d+\?ticket=/)
    expect(opened.value.downloadUrl).not.toContain(s.token)
    const res = await fetch(`${s.base}${opened.value.downloadUrl}`)
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer())).toEqual(
      await fs.readFile(path.join(s.folder, 'a.txt'))
    )
    // The ticket of a.txt does not open b.txt.
    const ticket = opened.value.downloadUrl!.replace(/.*\?ticket=/, '')
    expect((await fetch(`${s.base}/api/source/${ids['b.txt']!}?ticket=${ticket}`)).status).toBe(403)
  })

  it('does not serve a private key planted in a watched folder', async () => {
    expect(await s.api.openFile({ reportId: ids['id_rsa']! })).toMatchObject({
      ok: false,
      error: { code: 'PATH_NOT_ALLOWED' }
    })
    const res = await source(ids['id_rsa']!)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('PRIVATE KEY')
  })

  it.skipIf(process.platform === 'win32')(
    'does not serve a file elsewhere that a report was swapped for a link to',
    async () => {
      const outside = path.join(s.dir, 'outside-secret.txt')
      await fs.writeFile(outside, 'outside secret')
      await fs.rm(path.join(s.folder, 'b.txt'))
      await fs.symlink(outside, path.join(s.folder, 'b.txt'))
      const res = await source(ids['b.txt']!)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('outside secret')
    }
  )
})
