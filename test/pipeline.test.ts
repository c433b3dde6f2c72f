import { appendFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditFolder, ingestFile, removeFile } from '../src/core/pipeline/index'
import { sampleNames, sandbox, steppingClock, type Sandbox } from './helpers/temp-corpus'

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

describe('auditFolder', () => {
  it('gives every file an entry, then parses nothing when nothing changed', async () => {
    sb = await sandbox()
    const names = sampleNames()
    const first = await auditFolder(sb.folder, sb.store, { now: steppingClock() })
    expect(first).toMatchObject({
      files: names.length,
      parsed: names.length,
      unchanged: 0,
      removed: 0
    })
    const before = await sb.store.db.all<{ id: number; parsed_at: string }>(
      'SELECT id, parsed_at FROM reports ORDER BY id'
    )

    const second = await auditFolder(sb.folder, sb.store, {
      now: steppingClock(Date.UTC(2030, 0, 1))
    })
    expect(second).toMatchObject({ files: names.length, parsed: 0, unchanged: names.length })
    const after = await sb.store.db.all<{ id: number; parsed_at: string }>(
      'SELECT id, parsed_at FROM reports ORDER BY id'
    )
    expect(after).toEqual(before)
    const json = await sb.store.reportsJson(first.root)
    expect(json.map(r => r.file)).toEqual(names)
  })

  it('re-reads only the file whose content changed', async () => {
    sb = await sandbox()
    const [a, b] = sampleNames()
    await auditFolder(sb.folder, sb.store, { now: steppingClock() })
    const stamp = (name: string) =>
      sb!.store.db.get<{ parsed_at: string }>(
        'SELECT r.parsed_at FROM reports r JOIN files f ON f.id = r.file_id WHERE f.path = ?',
        [name]
      )
    const bBefore = await stamp(b!)
    appendFileSync(path.join(sb.folder, a!), '\n补充说明。\n')
    const res = await auditFolder(sb.folder, sb.store, { now: steppingClock(Date.UTC(2031, 0, 1)) })
    expect(res).toMatchObject({ parsed: 1, unchanged: sampleNames().length - 1 })
    expect((await stamp(a!))?.parsed_at.startsWith('2031')).toBe(true)
    expect(await stamp(b!)).toEqual(bBefore)
  })

  it('marks a deleted file removed, keeps its history, and leaves it out of the JSON', async () => {
    sb = await sandbox()
    const [a] = sampleNames()
    const { root } = await auditFolder(sb.folder, sb.store)
    rmSync(path.join(sb.folder, a!))
    const res = await auditFolder(sb.folder, sb.store)
    expect(res.removed).toBe(1)
    const file = await sb.store.db.get<{ status: string; removed_at: string | null }>(
      'SELECT status, removed_at FROM files WHERE path = ?',
      [a!]
    )
    expect(file?.status).toBe('removed')
    expect(file?.removed_at).not.toBeNull()
    const removed = await sb.store.db.all<{ path: string }>(
      `SELECT f.path FROM reports r JOIN files f ON f.id = r.file_id WHERE r.status = 'removed'`
    )
    expect(removed.map(r => r.path)).toEqual([a])
    expect((await sb.store.reportsJson(root)).map(r => r.file)).not.toContain(a)
  })

  it('raises one M03 per unreadable or non-report file, saying why', async () => {
    sb = await sandbox(false)
    writeFileSync(path.join(sb.folder, 'empty.txt'), '')
    writeFileSync(
      path.join(sb.folder, 'binary.docx'),
      Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0, 0, 0, 1, 2, 3])
    )
    writeFileSync(
      path.join(sb.folder, 'notice.txt'),
      '关于召开会议的通知\n请各单位于下周一参加会议。\n'
    )
    writeFileSync(
      path.join(sb.folder, 'sheet.xls'),
      Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(600)
      ])
    )
    const res = await auditFolder(sb.folder, sb.store)
    expect(res).toMatchObject({ files: 4, parsed: 4, unreadable: 4 })
    const json = await sb.store.reportsJson(res.root)
    expect(json.map(r => r.file)).toEqual(['binary.docx', 'empty.txt', 'notice.txt', 'sheet.xls'])
    for (const r of json) {
      const m03 = r.findings.filter(f => f.rule === 'M03')
      expect(m03, r.file).toHaveLength(1)
      expect(m03[0]!.severity).toBe('error')
      expect(m03[0]!.message.length).toBeGreaterThan(12)
    }
    expect(json.find(r => r.file === 'empty.txt')!.findings[0]!.message).toContain('空')
    expect(json.find(r => r.file === 'binary.docx')!.format).toBe('unknown')
  })

  it('flags two files claiming one agency and year (M02) on both, newest current', async () => {
    sb = await sandbox()
    const [a] = sampleNames()
    const { root } = await auditFolder(sb.folder, sb.store, { now: steppingClock() })
    const copy = `重发-${a}`
    writeFileSync(path.join(sb.folder, copy), readFileSync(path.join(sb.folder, a!)))
    await auditFolder(sb.folder, sb.store, { now: steppingClock() })
    const json = await sb.store.reportsJson(root)
    const claimed = json.filter(r => r.findings.some(f => f.rule === 'M02')).map(r => r.file)
    expect(claimed.sort()).toEqual([a, copy].sort())
    const sup = await sb.store.db.all<{ path: string; superseded: number }>(
      'SELECT f.path, r.superseded FROM reports r JOIN files f ON f.id = r.file_id WHERE r.superseded = 1'
    )
    expect(sup).toHaveLength(1)
    // Removing the copy clears M02 from the other.
    rmSync(path.join(sb.folder, copy))
    await auditFolder(sb.folder, sb.store)
    const after = await sb.store.reportsJson(root)
    expect(after.flatMap(r => r.findings).filter(f => f.rule === 'M02')).toEqual([])
  })

  it('names the newest copy as current, and past six copies counts the rest instead of naming them', async () => {
    sb = await sandbox()
    const [a] = sampleNames()
    const bytes = readFileSync(path.join(sb.folder, a!))
    const copies = Array.from({ length: 8 }, (_, i) => `副本${i + 1}-${a}`)
    copies.forEach((c, i) => {
      writeFileSync(path.join(sb!.folder, c), bytes)
      // 副本8 is the newest: written last.
      utimesSync(path.join(sb!.folder, c), 1_700_000_000 + i, 1_700_000_000 + i)
    })
    utimesSync(path.join(sb.folder, a!), 1_600_000_000, 1_600_000_000)
    const { root } = await auditFolder(sb.folder, sb.store)
    const m02 = (await sb.store.reportsJson(root)).flatMap(r =>
      r.findings.filter(f => f.rule === 'M02').map(f => ({ file: r.file, f }))
    )
    expect(m02).toHaveLength(9)
    for (const { file, f } of m02) {
      expect(f.actual).toBe(9)
      expect(f.message).toContain(`“${file}”`)
      expect(f.message).toContain('等共 9 份')
      expect(f.message).toContain(`以最新的“${copies[7]}”为准`)
      expect(f.message.match(/“[^”]+”/g)!.length).toBeLessThanOrEqual(7)
    }
  })

  it('serves the folder watcher: ingestFile and removeFile', async () => {
    sb = await sandbox()
    const [a] = sampleNames()
    const { root } = await auditFolder(sb.folder, sb.store)
    expect(await ingestFile(sb.folder, a!, sb.store)).toBe(false)
    writeFileSync(
      path.join(sb.folder, 'new.txt'),
      readFileSync(path.join(sb.folder, a!), 'utf8') + '\n附件。\n'
    )
    expect(await ingestFile(sb.folder, path.join(sb.folder, 'new.txt'), sb.store)).toBe(true)
    expect((await sb.store.reportsJson(root)).map(r => r.file)).toContain('new.txt')
    await removeFile(sb.folder, 'new.txt', sb.store)
    expect((await sb.store.reportsJson(root)).map(r => r.file)).not.toContain('new.txt')
  })
})
