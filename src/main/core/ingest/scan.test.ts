import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isIgnoredName, scanFolder } from './scan'

const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-scan-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('scanFolder', () => {
  it('walks subfolders, returns / paths with size and mtime, skips lock and hidden files', async () => {
    mkdirSync(path.join(dir, '2023', '民政'), { recursive: true })
    mkdirSync(path.join(dir, '.git'))
    writeFileSync(path.join(dir, 'a.txt'), 'abc')
    writeFileSync(path.join(dir, '2023', '民政', '报告.docx'), 'x'.repeat(10))
    writeFileSync(path.join(dir, '2023', '~$报告.docx'), 'lock')
    writeFileSync(path.join(dir, '2023', '.~lock.报告.docx#'), 'lock')
    writeFileSync(path.join(dir, '.DS_Store'), '')
    writeFileSync(path.join(dir, 'Thumbs.db'), '')
    writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref')
    const files = await scanFolder(dir)
    expect(files.map(f => f.path)).toEqual(['2023/民政/报告.docx', 'a.txt'])
    expect(files[0]!.size).toBe(10)
    expect(files[1]!.absPath).toBe(path.join(dir, 'a.txt'))
    expect(files[1]!.mtimeMs).toBeGreaterThan(0)
  })

  it('throws for a folder that does not exist or is a file', async () => {
    await expect(scanFolder(path.join(dir, 'nope'))).rejects.toThrow()
    await expect(scanFolder(path.join(dir, 'a.txt'))).rejects.toThrow()
  })

  it('knows the litter names', () => {
    expect(isIgnoredName('~$abc.docx')).toBe(true)
    expect(isIgnoredName('.~lock.abc.docx#')).toBe(true)
    expect(isIgnoredName('abc.docx')).toBe(false)
    expect(isIgnoredName('年报~终稿.txt')).toBe(false)
  })
})
