import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { TableBlock } from '../../shared/document'
import { extractHtml } from './html'
import { extractDocument } from './index'
import { sniffDecoded } from '../ingest/sniff'
import { sniffFormat } from '../ingest/sniff-bytes'
import { prepareFile } from '../pipeline/file'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import { evaluateReport } from '../rules/index'

const FIX = join(__dirname, '../../../test/fixtures/formats')
const SAMPLES = [
  '000_051f95df41851f1c',
  '001_0a6fcc7805cba63f',
  '002_4dd3a57cffab60e6',
  '003_af8fd19025225cb0',
  '004_e6e4943c46b535d8'
]
const tables = (blocks: { kind: string }[]): string[][][] =>
  blocks.filter((b): b is TableBlock => b.kind === 'table').map(t => t.rows.map(r => r.cells))

describe('Word formats render the same grid as the page they were saved from', () => {
  for (const name of SAMPLES) {
    const want = tables(extractHtml(readFileSync(join(FIX, 'samples', `${name}.html`))).doc.blocks)
    // Not .xml: LibreOffice's WordML export drops the vMerge continuation cells (the rows below a
    // rowspan lose their leading cell), so its grid is not the page's; it still parses the same
    // (test/integration/formats.test.ts). The WordML reader's merges are tested below.
    for (const format of ['docx', 'doc'] as const) {
      it(`${name}.${format}: merged cells come back as empty covered cells, row for row`, async () => {
        const res = await extractDocument(
          readFileSync(join(FIX, 'samples', `${name}.${format}`)),
          format
        )
        if (!res.ok) throw new Error(res.reason)
        expect(tables(res.doc.blocks)).toEqual(want)
        for (const b of res.doc.blocks) {
          if (b.kind === 'table')
            for (const r of b.rows) expect(res.doc.lines[r.line - 1]).toBe(r.cells.join('\t'))
          else expect(res.doc.lines[b.line - 1]).toBe(b.text)
        }
      })
    }
  }
})

describe('WordML as Word and WPS write it', () => {
  it('w:gridSpan is a colspan and a continued w:vMerge an empty covered cell', async () => {
    const tc = (text: string, pr = ''): string =>
      `<w:tc><w:tcPr>${pr}</w:tcPr><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:tc>`
    const xml = `<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body><wx:sect xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint">
<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>
<w:tbl>
<w:tr>${tc('三、本年度办理结果', '<w:vMerge w:val="restart"/>')}${tc('（一）予以公开', '<w:gridSpan w:val="2"/>')}${tc('6')}</w:tr>
<w:tr>${tc('', '<w:vMerge/>')}${tc('（三）不予公开', '<w:vMerge w:val="restart"/>')}${tc('1.属于国家秘密')}${tc('')}</w:tr>
<w:tr>${tc('', '<w:vMerge/>')}${tc('', '<w:vMerge/>')}${tc('2.其他法律行政法规禁止公开')}${tc('2')}</w:tr>
</w:tbl>
<w:p><w:r><w:t>四、政府信息公开行政复议、</w:t></w:r><w:r><w:tab/><w:t>行政诉讼情况</w:t></w:r></w:p>
</wx:sect></w:body></w:wordDocument>`
    const res = await extractDocument(Buffer.from(xml), 'xml')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual([
      '三、收到和处理政府信息公开申请情况',
      '三、本年度办理结果\t（一）予以公开\t\t6',
      '\t（三）不予公开\t1.属于国家秘密\t',
      '\t\t2.其他法律行政法规禁止公开\t2',
      '四、政府信息公开行政复议、 行政诉讼情况'
    ])
    expect(res.doc.blocks.map(b => [b.kind, b.line])).toEqual([
      ['paragraph', 1],
      ['table', 2],
      ['paragraph', 5]
    ])
  })
})

describe('Word 2007 flat XML (pkg:package)', () => {
  it('reads the body of word/document.xml', async () => {
    const xml = `<?xml version="1.0" standalone="yes"?><?mso-application progid="Word.Document"?>
<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">
<pkg:part pkg:name="/word/document.xml"><pkg:xmlData><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>行政许可</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>45</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document></pkg:xmlData></pkg:part></pkg:package>`
    const res = await extractDocument(Buffer.from(xml), 'xml')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual(['二、主动公开政府信息情况', '行政许可\t45\t\t'])
  })
})

describe('.docx markup as Word writes it', () => {
  /** A .docx holding `body` (the children of w:body), and a core.xml saved on `saved`. */
  async function docx(body: string, saved = '2024-03-01T02:00:00Z'): Promise<Buffer> {
    const zip = new JSZip()
    zip.file(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    )
    zip.file(
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>${body}<w:sectPr/></w:body></w:document>`
    )
    zip.file(
      'docProps/core.xml',
      `<cp:coreProperties xmlns:cp="x" xmlns:dcterms="y"><dcterms:created>${saved}</dcterms:created></cp:coreProperties>`
    )
    return zip.generateAsync({ type: 'nodebuffer' })
  }
  const p = (runs: string): string => `<w:p><w:pPr><w:jc w:val="both"/></w:pPr>${runs}</w:p>`
  const r = (text: string): string =>
    `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${text}</w:t></w:r>`
  const tc = (content: string, pr = ''): string => `<w:tc><w:tcPr>${pr}</w:tcPr>${content}</w:tc>`
  const lines = async (body: string): Promise<string[]> => {
    const res = await extractDocument(await docx(body), 'docx')
    if (!res.ok) throw new Error(res.reason)
    return res.doc.lines
  }

  it('a line break ends a paragraph; a page break does not', async () => {
    expect(
      await lines(
        p(
          `${r('一、总体情况')}<w:r><w:br/></w:r>${r('本年度')}<w:r><w:br w:type="page"/></w:r>${r('工作')}`
        )
      )
    ).toEqual(['一、总体情况', '本年度工作'])
  })

  it('deleted and moved-away text, field codes and the modern copy of alternate content are not text', async () => {
    const field = `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${r('3')}<w:r><w:fldChar w:fldCharType="end"/></w:r>`
    const alt = `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>${p(r('文本框'))}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>${p(r('文本框'))}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
    expect(
      await lines(
        p(
          `${r('共收到申请')}<w:del><w:r><w:delText>12</w:delText></w:r></w:del><w:ins>${r('15')}</w:ins><w:moveFrom>${r('旧')}</w:moveFrom>${r('件，见第')}${field}${r('页')}${alt}`
        )
      )
    ).toEqual(['共收到申请15件，见第3页', '文本框'])
  })

  it('tracked formatting changes (properties inside properties) do not hide the text after them', async () => {
    const changed = `<w:p><w:pPr><w:jc w:val="center"/><w:pPrChange w:id="2"><w:pPr><w:jc w:val="left"/></w:pPr></w:pPrChange><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/><w:rPrChange w:id="3"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>二、主动公开</w:t></w:r><w:r><w:t>政府信息情况</w:t></w:r></w:p>`
    expect(await lines(changed + p(r('三、收到和处理')))).toEqual([
      '二、主动公开政府信息情况',
      '三、收到和处理'
    ])
  })

  it("w:gridBefore shifts a row right; a deleted row is gone; a cell's paragraphs join without spaces", async () => {
    const body = `<w:tbl><w:tblPr/><w:tblGrid/>
<w:tr>${tc(p(r('二、主动公开')))}${tc(p(r('本年制发')))}${tc(p(r('本年废止')))}</w:tr>
<w:tr><w:trPr><w:del w:id="1"/></w:trPr>${tc(p(r('删除的行')))}${tc(p(r('9')))}${tc(p(r('9')))}</w:tr>
<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc(p(r('规章')) + p(r('（件）')))}${tc(p(r('0')))}</w:tr>
</w:tbl>`
    expect(await lines(body)).toEqual(['二、主动公开\t本年制发\t本年废止', '\t规章（件）\t0'])
  })

  it('a table laid out around the report is read as text, and the table inside it as a table', async () => {
    const inner = `<w:tbl><w:tr>${tc(p(r('行政许可')))}${tc(p(r('45')))}</w:tr></w:tbl>`
    const body = `<w:tbl><w:tr>${tc(p(r('二、主动公开政府信息情况')) + inner + p(r('三、收到和处理政府信息公开申请情况')))}</w:tr></w:tbl>`
    const res = await extractDocument(await docx(body), 'docx')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual([
      '二、主动公开政府信息情况',
      '行政许可\t45',
      '三、收到和处理政府信息公开申请情况'
    ])
    expect(res.doc.blocks.map(b => b.kind)).toEqual(['paragraph', 'table', 'paragraph'])
  })

  it('the main part is found through the package relationships when it is not word/document.xml', async () => {
    const zip = await JSZip.loadAsync(await docx(p(r('一、总体情况'))))
    const xml = await zip.file('word/document.xml')!.async('string')
    zip.remove('word/document.xml')
    zip.file('word/document2.xml', xml)
    zip.file(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>'
    )
    const bytes = await zip.generateAsync({ type: 'nodebuffer' })
    expect(sniffDecoded(bytes, '报告.docx').format).toBe('docx')
    const res = await extractDocument(bytes, 'docx')
    expect(res.ok && res.doc.lines).toEqual(['一、总体情况'])
  })

  it("the publication date: a 发布日期 line first, the file's creation time only without one", async () => {
    const dated = await extractDocument(
      await docx(p(r('发布日期：2024-01-15')) + p(r('一、总体情况'))),
      'docx'
    )
    const undated = await extractDocument(
      await docx(p(r('一、总体情况')), '2024-01-16T20:00:00Z'),
      'docx'
    )
    if (!dated.ok || !undated.ok) throw new Error('unread')
    expect(dated.doc.meta.publicationDate).toBe('2024-01-15')
    // Saved at 04:00 on the 17th in Beijing.
    expect(undated.doc.meta).toMatchObject({
      publicationDate: '2024-01-17',
      publicationDateSource: expect.stringContaining('仅供参考')
    })
  })
})

// Statistics tables pasted as screenshots leave pictures and no tables: T01 says it may be that.
describe('a Word report whose tables are pictures', () => {
  it('counts its pictures, and T01 says the tables may be pictures', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(FIX, 'samples/001_0a6fcc7805cba63f.docx')))
    const xml = await zip.file('word/document.xml')!.async('string')
    const picture = '<w:p><w:r><w:drawing><wp:inline xmlns:wp="x"/></w:drawing></w:r></w:p>'
    zip.file('word/document.xml', xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, picture))
    const bytes = await zip.generateAsync({ type: 'nodebuffer' })
    const p = await prepareFile({ path: 'a.docx', size: bytes.length, mtimeMs: 0 }, bytes)
    expect(p.doc!.meta.images).toBe(3)
    const input = { path: 'a.docx', format: p.format, mtimeMs: 0 }
    const t01 = evaluateReport({
      report: p.parsed,
      doc: p.doc!,
      file: input,
      level: 'department',
      settings: DEFAULT_RULE_SETTINGS
    }).filter(f => f.rule === 'T01')
    expect(t01.map(f => f.message)).toEqual([
      expect.stringContaining(
        '（文件中有 3 张图片：如统计表是以图片或截图插入的，其中的数字无法读取，请核对原文件）'
      ),
      expect.stringContaining('文件中有 3 张图片'),
      expect.stringContaining('文件中有 3 张图片')
    ])
    // The same report with its tables: no picture, no count.
    const whole = await extractDocument(
      readFileSync(join(FIX, 'samples/001_0a6fcc7805cba63f.docx')),
      'docx'
    )
    expect(whole.ok && whole.doc.meta.images).toBeUndefined()
  })
})

describe('unreadable Word files say why', () => {
  // An interrupted download or copy: the reader's "cannot unzip" does not say to fetch it again.
  it('a truncated .docx or .doc is incomplete; a whole one with a damaged body is damaged', async () => {
    const res = await extractDocument(readFileSync(join(FIX, 'broken/truncated.docx')), 'docx')
    expect(res).toEqual({
      ok: false,
      reason: '文件不完整：结尾缺失，可能是下载或复制时中断；请重新获取该文件'
    })
    const doc = readFileSync(join(FIX, 'samples/000_051f95df41851f1c.doc'))
    const cut = await extractDocument(doc.subarray(0, Math.floor(doc.length * 0.7)), 'doc')
    expect(cut).toEqual({ ok: false, reason: expect.stringContaining('文件不完整') })
    // The same .docx whole, its compressed body overwritten: the zip's end is there.
    const docx = Buffer.from(readFileSync(join(FIX, 'samples/000_051f95df41851f1c.docx')))
    const at = docx.indexOf('word/document.xml') + 40
    docx.fill(0x41, at, at + 2000)
    const damaged = await extractDocument(docx, 'docx')
    expect(damaged).toEqual({ ok: false, reason: expect.stringContaining('文件已损坏') })
  })

  it('a text file named .doc is not a Word document', async () => {
    const res = await extractDocument(readFileSync(join(FIX, 'broken/not-a-report.doc')), 'doc')
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.reason).toMatch(/Word/)
  })

  it('an XML file that is not WordML is refused', async () => {
    const res = await extractDocument(
      Buffer.from('<?xml version="1.0"?><rss><channel/></rss>'),
      'xml'
    )
    expect(res).toEqual({ ok: false, reason: expect.stringContaining('WordML') })
  })

  it('tables nested thousands deep are refused in words, not with the stack overflow', async () => {
    const wrap = (n: number): Buffer =>
      Buffer.from(
        '<?mso-application progid="Word.Document"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body>' +
          '<w:tbl><w:tr><w:tc>'.repeat(n) +
          '<w:p><w:r><w:t>2023年政府信息公开工作年度报告</w:t></w:r></w:p>' +
          '</w:tc></w:tr></w:tbl>'.repeat(n) +
          '</w:body></w:wordDocument>'
      )
    const shallow = await extractDocument(wrap(50), 'xml')
    expect(shallow.ok && shallow.doc.lines).toEqual(['2023年政府信息公开工作年度报告'])
    expect(await extractDocument(wrap(20_000), 'xml')).toEqual({
      ok: false,
      reason: '读取文件时出错：文件的结构嵌套过深，可能已损坏'
    })
  })

  it('a zip without word/document.xml (a spreadsheet named .docx) is refused', async () => {
    // The first 30 bytes of a zip local header are enough for the sniffer; JSZip then rejects it.
    const res = await extractDocument(
      readFileSync(join(FIX, 'broken/truncated.docx')).subarray(0, 40),
      'docx'
    )
    expect(res.ok).toBe(false)
  })
})

describe('the bytes decide between binary containers', () => {
  it('recognises PDF, zip and OLE2 whatever the file was called', async () => {
    expect(sniffFormat(readFileSync(join(FIX, 'samples', `${SAMPLES[0]}.pdf`)))).toBe('pdf')
    expect(sniffFormat(readFileSync(join(FIX, 'samples', `${SAMPLES[0]}.docx`)))).toBe('docx')
    expect(sniffFormat(readFileSync(join(FIX, 'samples', `${SAMPLES[0]}.doc`)))).toBe('doc')
    expect(sniffFormat(readFileSync(join(FIX, 'samples', `${SAMPLES[0]}.html`)))).toBeUndefined()
    // A .doc saved with a .docx name still reads.
    const res = await extractDocument(
      readFileSync(join(FIX, 'samples', `${SAMPLES[0]}.doc`)),
      'docx'
    )
    expect(res.ok).toBe(true)
  })
})
