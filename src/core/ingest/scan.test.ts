import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isIgnoredName, isPageAssetPath, LINK_LOOP, photoFolderAt, scanFolder } from './scan'

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

  it('skips the images, styles and scripts of a web page saved whole, not its documents', async () => {
    const root = path.join(dir, 'saved')
    const put = (rel: string, text = 'x'): void => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
      writeFileSync(path.join(root, rel), text)
    }
    // A browser's 网页，全部: 报告.html + 报告_files. Word's 另存为网页: 年报.htm + 年报.files.
    put('报告.html')
    for (const f of [
      'style.css',
      'jquery.min.js',
      'logo.png',
      'a/b/icon.gif',
      'frame.htm',
      '附件.pdf'
    ])
      put(`报告_files/${f}`)
    put('年报.htm')
    for (const f of [
      'filelist.xml',
      'colorschememapping.xml',
      'header.htm',
      'image001.png',
      'themedata.thmx'
    ])
      put(`年报.files/${f}`)
    // A folder named like one without its page is just a folder.
    put('其他_files/style.css')
    const files = (await scanFolder(root)).map(f => f.path)
    expect(files).toEqual([
      '其他_files/style.css',
      '年报.htm',
      '报告.html',
      '报告_files/frame.htm',
      '报告_files/附件.pdf'
    ])
    // The watcher's check of one path agrees.
    const exists = (rel: string): boolean => ['报告.html', '年报.htm'].includes(rel)
    expect(isPageAssetPath('报告_files/a/b/icon.gif', exists)).toBe(true)
    expect(isPageAssetPath('年报.files/filelist.xml', exists)).toBe(true)
    expect(isPageAssetPath('报告_files/附件.pdf', exists)).toBe(false)
    expect(isPageAssetPath('其他_files/style.css', exists)).toBe(false)
  })

  // Issue #19: a symlinked (or junction) folder holding reports, and links to a FIFO or a device,
  // got no entry at all.
  it.skipIf(process.platform === 'win32')(
    'follows a linked folder once, and gives every link it does not follow an entry saying why',
    async () => {
      const root = path.join(dir, 'links')
      const elsewhere = path.join(dir, 'elsewhere')
      mkdirSync(path.join(root, 'own'), { recursive: true })
      mkdirSync(elsewhere, { recursive: true })
      writeFileSync(path.join(root, 'own', 'a.txt'), 'a')
      writeFileSync(path.join(elsewhere, 'b.txt'), 'bb')
      symlinkSync(elsewhere, path.join(root, '共享'))
      symlinkSync(root, path.join(root, 'own', 'up'))
      symlinkSync(elsewhere, path.join(root, '重复'))
      execFileSync('mkfifo', [path.join(elsewhere, 'pipe.txt')])
      symlinkSync(path.join(elsewhere, 'pipe.txt'), path.join(root, 'pipe-link.txt'))
      symlinkSync('/dev/null', path.join(root, 'null.txt'))
      const files = await scanFolder(root)
      expect(files.map(f => [f.path, f.problem ?? f.size])).toEqual([
        ['null.txt', '快捷方式（符号链接）指向设备文件，不是普通文件，未读取'],
        ['own/a.txt', 1],
        ['own/up', LINK_LOOP],
        ['pipe-link.txt', '快捷方式（符号链接）指向命名管道（FIFO），不是普通文件，未读取'],
        ['共享/b.txt', 2],
        ['共享/pipe.txt', '这是命名管道（FIFO），不是普通文件，未读取'],
        ['重复', LINK_LOOP]
      ])
    }
  )
})

describe('photo folders (issue #24)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nianbao-photos-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const put = (rel: string, body = 'x'): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
    writeFileSync(path.join(root, rel), body)
  }

  it('lists a folder of page pictures as one entry, its pictures in page order', async () => {
    for (const n of ['10.jpg', '2.jpg', '1.jpg']) put(`某某局2023年报告/${n}`, n)
    put('某某局2023年报告/Thumbs.db')
    // A report with its pictures under its own name, an attachments folder, a lone picture, a
    // saved page's images: each picture stays its own file, as before.
    put('乙局.docx')
    put('乙局/1.png')
    put('乙局/2.png')
    put('丙局/报告.pdf')
    put('丙局/附件/1.jpg')
    put('丙局/附件/2.jpg')
    put('丁局/1.jpg')
    put('网页.html')
    put('网页_files/1.jpg')
    put('网页_files/2.jpg')
    const files = await scanFolder(root)
    expect(files.map(f => f.path)).toEqual([
      '丁局/1.jpg',
      '丙局/报告.pdf',
      '丙局/附件/1.jpg',
      '丙局/附件/2.jpg',
      '乙局.docx',
      '乙局/1.png',
      '乙局/2.png',
      '某某局2023年报告',
      '网页.html'
    ])
    const photos = files.find(f => f.path === '某某局2023年报告')!
    expect(photos.pictures!.map(p => p.name)).toEqual(['1.jpg', '2.jpg', '10.jpg'])
    expect(photos.size).toBe('1.jpg2.jpg10.jpg'.length)
    expect(photos.absPath).toBe(path.join(root, '某某局2023年报告'))
    expect(files.filter(f => f.pictures).length).toBe(1)
  })

  it('the scanned folder itself is never one (its pictures keep their paths)', async () => {
    const only = path.join(root, '某某局2023年报告')
    expect((await scanFolder(only)).map(f => f.path)).toEqual(['1.jpg', '10.jpg', '2.jpg'])
  })

  it('photoFolderAt gives the entry the scan gives, and null for other folders', async () => {
    const scanned = (await scanFolder(root)).find(f => f.path === '某某局2023年报告')
    expect(await photoFolderAt(root, '某某局2023年报告')).toEqual(scanned)
    expect(await photoFolderAt(root, '乙局')).toBeNull()
    expect(await photoFolderAt(root, '网页_files')).toBeNull()
    expect(await photoFolderAt(root, '丁局')).toBeNull()
  })
})
