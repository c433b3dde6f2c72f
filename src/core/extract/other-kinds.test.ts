import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { prepareFile } from '../pipeline/file'
import { otherKind } from './other-kinds'

const zip = async (names: string[]): Promise<Buffer> => {
  const z = new JSZip()
  for (const n of names) z.file(n, '<x/>')
  return z.generateAsync({ type: 'nodebuffer' })
}
const magic = (...b: number[]): Buffer => Buffer.concat([Buffer.from(b), Buffer.alloc(64, 7)])

describe('files that are no report say what they are', () => {
  it('archives, pictures, spreadsheets and slides', async () => {
    expect(otherKind(await zip(['各单位年报/民政局.pdf', '各单位年报/教育局.docx']))).toContain(
      '压缩包'
    )
    expect(otherKind(magic(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00))).toContain('压缩包')
    expect(otherKind(magic(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c))).toContain('压缩包')
    expect(otherKind(magic(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toContain('图片')
    expect(otherKind(magic(0xff, 0xd8, 0xff, 0xe0))).toContain('图片')
    expect(otherKind(await zip(['[Content_Types].xml', 'xl/workbook.xml']))).toContain('电子表格')
    expect(otherKind(await zip(['[Content_Types].xml', 'ppt/presentation.xml']))).toContain(
      '演示文稿'
    )
    const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect(
      otherKind(Buffer.concat([ole2, Buffer.alloc(500), Buffer.from('Workbook', 'utf16le')]))
    ).toContain('电子表格')
  })

  it('leaves reports and damaged Word files to their readers', async () => {
    const fixtures = join(__dirname, '../../../test/fixtures/formats')
    for (const f of [
      'samples/000_051f95df41851f1c.docx',
      'samples/000_051f95df41851f1c.doc',
      'broken/truncated.docx',
      'samples/000_051f95df41851f1c.pdf'
    ]) {
      expect(otherKind(readFileSync(join(fixtures, f)))).toBeNull()
    }
    expect(otherKind(Buffer.from('中卫市民政局2023年政府信息公开工作年度报告'))).toBeNull()
  })

  // An .odt said 压缩包 (unpack it); an .rtf was read as text, {\rtf1\ansi… and all.
  it('an OpenDocument text or an RTF file says to save it as .docx or PDF', async () => {
    const odt = new JSZip()
    odt.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' })
    odt.file('content.xml', '<office:document-content/>')
    const odtBytes = await odt.generateAsync({ type: 'nodebuffer' })
    const rtf = Buffer.from(
      '{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 \\u20013?\\u21355?\\par}'
    )
    for (const [name, bytes, kind] of [
      ['报告.odt', odtBytes, 'OpenDocument 文本'],
      ['报告.rtf', rtf, 'RTF 格式文件']
    ] as const) {
      const p = await prepareFile({ path: name, size: bytes.length, mtimeMs: 0 }, bytes)
      expect(p.unreadable, name).toMatch(new RegExp(`^${kind}.*另存为 \\.docx 或 PDF`))
    }
  })

  it('the M03 of a zip in the folder says to unpack it', async () => {
    const bytes = await zip(['各单位年报/民政局.pdf'])
    const p = await prepareFile({ path: '各单位年报.zip', size: bytes.length, mtimeMs: 0 }, bytes)
    expect(p.unreadable).toBe('压缩包（zip、rar、7z）：请先解压到文件夹中，其中的报告会逐一审查')
  })
})
