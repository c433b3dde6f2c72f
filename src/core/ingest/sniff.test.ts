import { readFileSync } from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { sniffFormat } from './sniff'

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus')
const sampleTxt = readFileSync(path.join(CORPUS, 'samples/001_0a6fcc7805cba63f.txt'))
const realHtml = readFileSync(path.join(CORPUS, 'real/040_shuyang_fgj_2023.html'))
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])

describe('sniffFormat', () => {
  it('recognises text whatever the extension says', () => {
    expect(sniffFormat(sampleTxt, 'a.txt')).toBe('txt')
    expect(sniffFormat(sampleTxt, 'a.doc')).toBe('txt')
    expect(sniffFormat(iconv.encode(sampleTxt.toString('utf8'), 'gb18030'), 'a.txt')).toBe('txt')
  })

  it('recognises HTML pages, also in GB18030 and without a doctype', () => {
    expect(sniffFormat(realHtml, 'x.txt')).toBe('html')
    expect(sniffFormat(iconv.encode(realHtml.toString('utf8'), 'gb18030'), 'x.doc')).toBe('html')
    expect(sniffFormat(Buffer.from('\n  <div class="a">报告</div><p>正文</p>'), 'x.txt')).toBe(
      'html'
    )
  })

  it('recognises a web archive (.mht/.mhtml) whatever its name, and not a page that quotes MIME headers', () => {
    const mhtml = readFileSync(
      path.join(__dirname, '../../../test/fixtures/formats/hand/chrome-040_shuyang_fgj_2023.mhtml')
    )
    expect(sniffFormat(mhtml, 'a.mhtml')).toBe('mht')
    expect(sniffFormat(mhtml, 'a.txt')).toBe('mht')
    expect(
      sniffFormat(
        Buffer.from('<p>MIME-Version: 1.0</p><p>Content-Type: multipart/related</p>'),
        'a.html'
      )
    ).toBe('html')
  })

  it('recognises PDF, also after leading junk', () => {
    expect(sniffFormat(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'x.txt')).toBe('pdf')
    expect(sniffFormat(Buffer.from('\r\n\r\n%PDF-1.4\n'), 'x')).toBe('pdf')
  })

  it('tells a Word zip from other zips', () => {
    const docx = Buffer.concat([
      Buffer.from('PK\x03\x04'),
      Buffer.alloc(40),
      Buffer.from('[Content_Types].xml word/document.xml')
    ])
    const xlsx = Buffer.concat([
      Buffer.from('PK\x03\x04'),
      Buffer.alloc(40),
      Buffer.from('xl/workbook.xml')
    ])
    expect(sniffFormat(docx, 'a.pdf')).toBe('docx')
    expect(sniffFormat(xlsx, 'a.docx')).toBe('unknown')
  })

  it('calls OLE2 files doc, or wps by extension, and spreadsheets unknown', () => {
    expect(sniffFormat(OLE2, 'a.doc')).toBe('doc')
    expect(sniffFormat(OLE2, 'dir/报告.WPS')).toBe('wps')
    expect(sniffFormat(OLE2, 'a.xls')).toBe('unknown')
  })

  it('recognises Word 2003 XML and flat OPC packages', () => {
    expect(
      sniffFormat(Buffer.from('<?xml version="1.0"?>\n<w:wordDocument xmlns:w="x">'), 'a.doc')
    ).toBe('xml')
    expect(
      sniffFormat(Buffer.from('<?xml version="1.0"?><?mso-application?><pkg:package>'), 'a.xml')
    ).toBe('xml')
  })

  it('calls binary garbage and empty files unknown', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(500)
    ])
    expect(sniffFormat(png, 'a.txt')).toBe('unknown')
    expect(sniffFormat(Buffer.alloc(0), 'a.txt')).toBe('unknown')
  })
})
