import { describe, expect, it } from 'vitest'
import { isOpenableDocument } from './open-file'

describe('isOpenableDocument', () => {
  it('opens the documents reports come in, whatever the case of the extension', () => {
    for (const f of [
      'D:\\年报\\2023\\民政局.PDF',
      '/home/z/年报/a.docx',
      'a.ofd',
      'b.wps',
      'c.html',
      'd.mht',
      'e.txt',
      'f.xml',
      'g.doc'
    ])
      expect(isOpenableDocument(f), f).toBe(true)
  })

  it('never runs what a folder may also hold', () => {
    for (const f of [
      'setup.exe',
      '安装.bat',
      'x.cmd',
      'x.ps1',
      '快捷方式.lnk',
      'a.vbs',
      'a.js',
      'a.hta',
      'a.scr',
      'a.msi',
      'a.pdf.exe',
      'noext',
      'a.zip',
      'a.jar'
    ])
      expect(isOpenableDocument(f), f).toBe(false)
  })
})
