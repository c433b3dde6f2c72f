import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { prepareFile, reportFindings } from '../pipeline/file'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import { extractDocument } from './index'
import { formatNumber } from './word-numbering'
import { silentLogger } from '../logger'

const SAMPLES = join(__dirname, '../../../../shared/corpus/samples')
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Word's own list: level 0 一、 (chineseCounting), level 1 （一）, level 2 1. (decimal). */
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ${W}>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`

/** A heading style carrying the list at level 0, and one based on it (as Word's heading styles are). */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W}>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ReportHeading"><w:name w:val="报告标题"/><w:basedOn w:val="1"/><w:pPr><w:jc w:val="left"/></w:pPr></w:style>
</w:styles>`

async function docx(body: string): Promise<Buffer> {
  const zip = new JSZip()
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
  )
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`
  )
  zip.file('word/numbering.xml', NUMBERING)
  zip.file('word/styles.xml', STYLES)
  return zip.generateAsync({ type: 'nodebuffer' })
}

const run = (text: string): string =>
  `<w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`
const heading = (text: string, style = '1'): string =>
  `<w:p><w:pPr><w:pStyle w:val="${style}"/><w:spacing w:line="560"/></w:pPr>${run(text)}</w:p>`
const item = (text: string, numId: number, ilvl = 0): string =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${run(text)}</w:p>`
const para = (text: string): string =>
  `<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr>${run(text)}</w:p>`
const cell = (content: string): string => `<w:tc><w:tcPr/>${content}</w:tc>`

describe('Word automatic numbering', () => {
  it('numbers as Word shows it: by style, by level, restarting where a list says so, bullets left out', async () => {
    const body = [
      heading('总体情况'),
      item('主动公开情况', 1, 1),
      item('依申请公开情况', 1, 1),
      heading('主动公开政府信息情况', 'ReportHeading'),
      item('新闻发布', 1, 1),
      item('规章', 1, 2),
      item('规范性文件', 1, 2),
      item('要点', 2),
      para('正文不编号'),
      `<w:tbl><w:tr>${cell(item('属于国家秘密', 3))}${cell(para('0'))}</w:tr><w:tr>${cell(item('其他法律行政法规禁止公开', 3))}${cell(para('1'))}</w:tr></w:tbl>`,
      item('重新开始', 4),
      `<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>${run('标题样式但取消编号')}</w:p>`
    ].join('')
    const res = await extractDocument(await docx(body), 'docx')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual([
      '一、总体情况',
      '（一）主动公开情况',
      '（二）依申请公开情况',
      '二、主动公开政府信息情况',
      '（一）新闻发布',
      '1. 规章',
      '2. 规范性文件',
      '要点',
      '正文不编号',
      '1.属于国家秘密\t0',
      '2.其他法律行政法规禁止公开\t1',
      '1.重新开始',
      '标题样式但取消编号'
    ])
  })

  it('a report whose section headings Word numbers reads as the same report typed out', async () => {
    // The first sample, as a Word file whose six headings are typed without 一、…六、 and numbered
    // by a heading style: it must parse and check exactly as the text does (no missing sections).
    const name = readdirSync(SAMPLES)
      .filter(f => f.endsWith('.txt'))
      .sort()[0]!
    const text = readFileSync(join(SAMPLES, name), 'utf8').replace(/\r\n?/g, '\n')
    const blocks: string[] = []
    let rows: string[] = []
    const flush = (): void => {
      if (rows.length > 0) blocks.push(`<w:tbl>${rows.join('')}</w:tbl>`)
      rows = []
    }
    let headings = 0
    for (const line of text.split('\n')) {
      if (line.includes('\t')) {
        rows.push(
          `<w:tr>${line
            .split('\t')
            .map(c => cell(para(c)))
            .join('')}</w:tr>`
        )
        continue
      }
      flush()
      const m = /^([一二三四五六])、(.*)$/.exec(line.trim())
      if (m && /情况|事项|问题/.test(m[2]!) && m[2]!.length < 30) {
        headings++
        blocks.push(heading(m[2]!))
      } else if (line.trim() !== '') blocks.push(para(line))
    }
    flush()
    expect(headings).toBe(6)
    const level = 'department'
    const rules = async (bytes: Buffer, file: string): Promise<string[]> => {
      const p = await prepareFile({ path: file, size: bytes.length, mtimeMs: 0 }, bytes)
      expect(p.unreadable).toBeNull()
      return reportFindings(p, level, DEFAULT_RULE_SETTINGS, silentLogger)
        .map(f => `${f.rule} ${f.table ?? ''} ${f.row ?? ''} ${f.column ?? ''}`)
        .sort()
    }
    const fromText = await rules(readFileSync(join(SAMPLES, name)), name)
    const fromWord = await rules(await docx(blocks.join('')), name.replace(/\.txt$/, '.docx'))
    expect(fromWord.filter(r => r.startsWith('S01'))).toEqual([])
    expect(fromWord).toEqual(fromText)
  })

  it('numbers a report laid out inside a one-cell table once, not once per reading', async () => {
    const body = `<w:tbl><w:tr>${cell(heading('总体情况') + para('正文') + heading('主动公开政府信息情况'))}</w:tr></w:tbl>${heading('收到和处理政府信息公开申请情况')}`
    const res = await extractDocument(await docx(body), 'docx')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual([
      '一、总体情况',
      '正文',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况'
    ])
  })

  it('numbers flat Word XML (.xml) from the list part it holds', async () => {
    const part = (name: string, xml: string): string =>
      `<pkg:part pkg:name="${name}"><pkg:xmlData>${xml.replace(/^<\?xml[^>]*\?>\s*/, '')}</pkg:xmlData></pkg:part>`
    const xml = `<?xml version="1.0" standalone="yes"?><?mso-application progid="Word.Document"?>
<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">
${part('/word/document.xml', `<w:document ${W}><w:body>${heading('总体情况')}${para('正文')}${heading('主动公开政府信息情况')}</w:body></w:document>`)}
${part('/word/numbering.xml', NUMBERING)}${part('/word/styles.xml', STYLES)}</pkg:package>`
    const res = await extractDocument(Buffer.from(xml), 'xml')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual(['一、总体情况', '正文', '二、主动公开政府信息情况'])
  })

  it('writes counters in the formats Chinese reports use', () => {
    expect(
      [1, 2, 10, 11, 19, 20, 21, 99, 100, 105, 110].map(n => formatNumber('chineseCounting', n))
    ).toEqual([
      '一',
      '二',
      '十',
      '十一',
      '十九',
      '二十',
      '二十一',
      '九十九',
      '一百',
      '一百零五',
      '一百一十'
    ])
    expect(formatNumber('ideographTraditional', 3)).toBe('丙')
    expect(formatNumber('decimalEnclosedCircle', 3)).toBe('③')
    expect(formatNumber('decimalFullWidth', 12)).toBe('１２')
    expect(formatNumber('upperRoman', 14)).toBe('XIV')
    expect(formatNumber('lowerLetter', 28)).toBe('ab')
    expect(formatNumber('somethingNew', 7)).toBe('7')
  })
})
