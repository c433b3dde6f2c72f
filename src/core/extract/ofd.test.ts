import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { TableBlock } from '../../shared/document'
import { sniffDecoded } from '../ingest/sniff'
import { prepareFile } from '../pipeline/file'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import { evaluateReport } from '../rules/index'
import { extractDocument } from './index'
import { deltas } from './ofd'

const FIX = join(__dirname, '../../../test/fixtures/formats')
const PAIRS: [string, string][] = [
  ['000_051f95df41851f1c', 'samples'],
  ['001_0a6fcc7805cba63f', 'samples'],
  ['002_4dd3a57cffab60e6', 'samples'],
  ['003_af8fd19025225cb0', 'samples'],
  ['004_e6e4943c46b535d8', 'samples'],
  ['040_shuyang_fgj_2023', 'real']
]

/** What the parser and rules make of a file: the report's identity, its tables, its findings. */
async function reading(file: string) {
  const bytes = readFileSync(file)
  const p = await prepareFile({ path: file, size: bytes.length, mtimeMs: 0 }, bytes)
  const input = { path: 'x', format: p.format, mtimeMs: 0 }
  const findings = p.doc
    ? evaluateReport({
        report: p.parsed,
        doc: p.doc,
        file: input,
        level: 'department',
        settings: DEFAULT_RULE_SETTINGS
      })
    : []
  // Labels without spaces: the fixtures place glyphs evenly, so `(一) 予以公开` may lose its space.
  const tables = (p.doc?.blocks ?? [])
    .filter((b): b is TableBlock => b.kind === 'table')
    .map(t => t.rows.map(r => r.cells.map(c => c.replace(/\s+/g, ''))))
  const { agency, year, template, period, sections } = p.parsed
  return {
    format: p.format,
    unreadable: p.unreadable,
    agency,
    year,
    template,
    period: period?.year,
    sections: sections.map(s => s.id),
    tables,
    rules: findings
      .filter(f => f.rule !== 'M05')
      .map(f => f.rule)
      .sort()
  }
}

describe('OFD files read as the PDF they were laid out from', () => {
  for (const [name, dir] of PAIRS) {
    it(`${name}.ofd`, async () => {
      const ofd = await reading(join(FIX, 'ofd', `${name}.ofd`))
      const pdf = await reading(join(FIX, dir, `${name}.pdf`))
      expect(ofd.format).toBe('ofd')
      expect(ofd.agency).toBeTruthy()
      expect(ofd.tables.length).toBeGreaterThanOrEqual(3)
      expect({ ...ofd, format: 'pdf' }).toEqual(pdf)
    })
  }

  it('gives the page’s 公开日期 as the publication date, else the file’s creation date, marked so', async () => {
    const page = await extractDocument(
      readFileSync(join(FIX, 'ofd/040_shuyang_fgj_2023.ofd')),
      'ofd'
    )
    expect(page.ok && page.doc.meta.publicationDate).toBe('2024-01-17')
    const other = await extractDocument(
      readFileSync(join(FIX, 'ofd/001_0a6fcc7805cba63f.ofd')),
      'ofd'
    )
    expect(other.ok && other.doc.meta).toMatchObject({
      publicationDate: '2024-01-20',
      publicationDateSource: expect.stringContaining('仅供参考')
    })
  })
})

describe('OFD structure', () => {
  it('reads DeltaX with its g n d shorthand', () => {
    expect(deltas('3.5 g 3 4 1')).toEqual([3.5, 4, 4, 4, 1])
    expect(deltas(undefined)).toEqual([])
  })

  it('is told from a .docx by its OFD.xml, whatever the file is called', async () => {
    const bytes = readFileSync(join(FIX, 'ofd/001_0a6fcc7805cba63f.ofd'))
    expect(sniffDecoded(bytes, '报告.zip').format).toBe('ofd')
    expect(
      sniffDecoded(readFileSync(join(FIX, 'samples/001_0a6fcc7805cba63f.docx')), 'a.ofd').format
    ).toBe('docx')
  })

  async function ofdWith(content: string, template?: string): Promise<Buffer> {
    const ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    const layer = (c: string): string =>
      `<ofd:Content><ofd:Layer ID="1">${c}</ofd:Layer></ofd:Content>`
    const zip = new JSZip()
    zip.file(
      'OFD.xml',
      `<ofd:OFD ${ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`
    )
    zip.file(
      'Doc_0/Document.xml',
      `<ofd:Document ${ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>` +
        (template ? '<ofd:TemplatePage ID="7" BaseLoc="Tpls/Tpl_0/Content.xml"/>' : '') +
        '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>'
    )
    if (template)
      zip.file('Doc_0/Tpls/Tpl_0/Content.xml', `<ofd:Page ${ns}>${layer(template)}</ofd:Page>`)
    const uses = template ? '<ofd:Template TemplateID="7" ZOrder="Background"/>' : ''
    zip.file(
      'Doc_0/Pages/Page_0/Content.xml',
      `<ofd:Page ${ns}>${uses}${layer(content)}</ofd:Page>`
    )
    return zip.generateAsync({ type: 'nodebuffer' })
  }

  it('draws a page’s template under it: a letterhead’s agency name is read', async () => {
    const run = (y: number, s: string): string =>
      `<ofd:TextObject ID="9" Boundary="20 ${y} 100 5" Size="5"><ofd:TextCode X="0" Y="4.4" DeltaX="g ${Array.from(s).length - 1} 5">${s}</ofd:TextCode></ofd:TextObject>`
    const r = await extractDocument(
      await ofdWith(run(40, '2023年政府信息公开工作年度报告'), run(20, '中卫市民政局')),
      'ofd'
    )
    expect(r.ok && r.doc.lines).toEqual(['中卫市民政局', '2023年政府信息公开工作年度报告'])
  })

  it('a page of images only is a scan; a damaged or foreign package says so', async () => {
    const scan = await extractDocument(
      await ofdWith('<ofd:ImageObject ID="2" Boundary="0 0 210 297" ResourceID="3"/>'),
      'ofd'
    )
    expect(scan).toEqual({ ok: false, reason: expect.stringContaining('OFD 只有图片') })
    const zip = new JSZip()
    zip.file('OFD.xml', '<notofd/>')
    const foreign = await extractDocument(await zip.generateAsync({ type: 'nodebuffer' }), 'ofd')
    expect(foreign).toEqual({ ok: false, reason: expect.stringContaining('不是 OFD 文件') })
    const whole = readFileSync(join(FIX, 'ofd/001_0a6fcc7805cba63f.ofd'))
    expect(await extractDocument(whole.subarray(0, whole.length >> 1), 'ofd')).toEqual({
      ok: false,
      reason: expect.stringContaining('文件不完整')
    })
  })

  it('a text object scaled by its CTM, and a ruled table of stroked paths', async () => {
    // Two rows of two cells: 11 mm wide columns, glyphs 3.5 mm (Size 70 × CTM 0.05).
    const glyph = (x: number, y: number, s: string): string =>
      `<ofd:TextObject ID="9" Boundary="${x} ${y} 3.5 3.5" Size="70" CTM="0.05 0 0 0.05 0 0"><ofd:TextCode X="0" Y="60">${s}</ofd:TextCode></ofd:TextObject>`
    const rule = (x: number, y: number, abbr: string): string =>
      `<ofd:PathObject ID="8" Boundary="${x} ${y} 30 30" LineWidth="0.25"><ofd:AbbreviatedData>${abbr}</ofd:AbbreviatedData></ofd:PathObject>`
    const content = [
      glyph(20, 15, '中'),
      glyph(23.5, 15, '卫'),
      glyph(27, 15, '市'),
      glyph(30.5, 15, '局'),
      rule(
        20,
        30,
        'M 0 0 L 30 0 M 0 10 L 30 10 M 0 20 L 30 20 M 0 0 L 0 20 M 15 0 L 15 20 M 30 0 L 30 20'
      ),
      glyph(22, 33, '甲'),
      glyph(37, 33, '1'),
      glyph(22, 43, '乙'),
      glyph(37, 43, '2')
    ].join('')
    const r = await extractDocument(await ofdWith(content), 'ofd')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.doc.lines[0]).toBe('中卫市局')
    const table = r.doc.blocks.find((b): b is TableBlock => b.kind === 'table')
    expect(table?.rows.map(x => x.cells)).toEqual([
      ['甲', '1'],
      ['乙', '2']
    ])
  })
})
