import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import type { Block, TableBlock } from '../../shared/document'
import { extractHtml, extractHtmlString } from './html'
import { expandGrid } from './html-table'
import { prepareFile, reportFindings } from '../pipeline/file'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import { silentLogger } from '../logger'

const REAL = join(__dirname, '../../../../shared/corpus/real')
const tables = (blocks: Block[]): TableBlock[] =>
  blocks.filter((b): b is TableBlock => b.kind === 'table')

describe('HTML extractor on the corpus pages', () => {
  for (const name of ['001_shanghai_szfbgt_2019', '040_shuyang_fgj_2023']) {
    it(`${name}: renders the same lines as the provided text conversion`, () => {
      const { doc, encoding } = extractHtml(readFileSync(join(REAL, `${name}.html`)))
      const txt = readFileSync(join(REAL, `${name}.txt`), 'utf8')
        .replace(/\n+$/, '')
        .split('\n')
      expect(encoding).toBe('utf-8')
      expect(doc.lines).toEqual(txt)
      // Every table row points at the line that shows it.
      for (const t of tables(doc.blocks)) {
        for (const r of t.rows) expect(doc.lines[r.line - 1]).toBe(r.cells.join('\t'))
        expect(t.endLine).toBe(t.rows[t.rows.length - 1]!.line)
      }
    })
  }

  it('001_shanghai: rowspan group label sits on the first row only, covered cells are empty', () => {
    const { doc } = extractHtml(readFileSync(join(REAL, '001_shanghai_szfbgt_2019.html')))
    const apps = tables(doc.blocks)[1]!
    const granted = apps.rows.find(r => r.cells[1] === '（一）予以公开')!
    expect(granted.cells[0]).toBe('三、本年度办理结果')
    const partial = apps.rows.find(r => r.cells[1]?.startsWith('（二）部分公开'))!
    expect(partial.cells[0]).toBe('')
    expect(apps.rows.every(r => r.cells.length === 10)).toBe(true)
  })

  it('takes the publication date and title from the page', () => {
    const { doc } = extractHtml(readFileSync(join(REAL, '040_shuyang_fgj_2023.html')))
    expect(doc.meta.publicationDate).toBe('2024-01-17')
    expect(doc.meta.publicationDateSource).toContain('公开日期')
    expect(doc.meta.title).toBe('沭阳县发展和改革局2023年政府信息公开年度报告')
  })

  it('decodes a GBK page declared by <meta charset>', () => {
    const utf8 = readFileSync(join(REAL, '001_shanghai_szfbgt_2019.html'), 'utf8')
    const gbk = iconv.encode(utf8.replace('<meta charset="utf-8">', '<meta charset="gbk">'), 'gbk')
    const { doc, encoding } = extractHtml(gbk)
    expect(encoding).toBe('gb18030')
    expect(doc.lines).toEqual(extractHtmlString(utf8).lines)
  })

  // A crawler that decoded the page and wrote it out as UTF-8, keeping charset=gb2312: was M03.
  it('reads a page saved as UTF-8 under an old GB2312 declaration as UTF-8', () => {
    const utf8 = readFileSync(join(REAL, '001_shanghai_szfbgt_2019.html'), 'utf8')
    const stale = utf8.replace(
      '<meta charset="utf-8">',
      '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    const { doc, encoding } = extractHtml(Buffer.from(stale))
    expect(encoding).toBe('utf-8')
    expect(doc.lines).toEqual(extractHtmlString(utf8).lines)
    // An ASCII-only page is valid UTF-8 too: its declaration stands.
    expect(extractHtml(Buffer.from('<meta charset="gbk"><p>abc</p>')).encoding).toBe('gb18030')
  })

  it('falls back to <meta name="PubDate"> when the page prints no date', () => {
    const doc = extractHtmlString(
      '<html><head><meta name="PubDate" content="2024-01-30 09:12"><title>t</title></head><body><p>正文</p></body></html>'
    )
    expect(doc.meta.publicationDate).toBe('2024-01-30')
    expect(doc.meta.publicationDateSource).toContain('PubDate')
  })

  it('decodes an undeclared GB2312 page by content', () => {
    const page =
      '<html><head><title>某某局2023年政府信息公开工作年度报告</title></head><body><p>发布时间：2024年1月20日</p></body></html>'
    const { doc, encoding } = extractHtml(iconv.encode(page, 'gb2312'))
    expect(encoding).toBe('gb18030')
    expect(doc.meta.title).toBe('某某局2023年政府信息公开工作年度报告')
    expect(doc.meta.publicationDate).toBe('2024-01-20')
  })
})

describe('a page whose tables are pictures', () => {
  // Sites often post a report's statistics tables as screenshots: corpus/real 040 with each
  // <table> replaced by one, and a print button beside the article.
  const page = readFileSync(join(REAL, '040_shuyang_fgj_2023.html'), 'utf8')
    .replace(/<table[\s\S]*?<\/table>/g, '<p><img src="biao.jpg" width="640" height="420"></p>')
    .replace('<body>', '<body><img src="print.png" width="16" height="16">')

  it('counts the pictures in the article, not the icons', () => {
    expect(page).not.toContain('<table')
    const doc = extractHtmlString(page)
    expect(doc.meta.images).toBe(4)
    expect(tables(doc.blocks)).toEqual([])
  })

  it('T01 then says the tables may be pictures', async () => {
    const prepared = await prepareFile(
      { path: 'a.html', size: page.length, mtimeMs: 0 },
      Buffer.from(page)
    )
    const t01 = reportFindings(prepared, 'department', DEFAULT_RULE_SETTINGS, silentLogger).filter(
      f => f.rule === 'T01'
    )
    expect(t01.map(f => f.message)).toEqual(
      [
        '二、主动公开政府信息情况',
        '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况'
      ].map(
        t =>
          `未找到或无法识别“${t}”统计表（文件中有 4 张图片：如统计表是以图片或截图插入的，其中的数字无法读取，请核对原文件）。`
      )
    )
  })
})

describe('HTML structure', () => {
  // A CMS that opens a tag per paragraph and never closes it nests the page as deep as it has tags;
  // at ~7,000 levels every recursive walk overflowed the stack and the page got an English M03.
  it('reads a page nested 20,000 tags deep (never closed) as the page itself', () => {
    const page = readFileSync(join(REAL, '040_shuyang_fgj_2023.html'), 'utf8')
    const plain = extractHtmlString(page)
    for (const open of ['<font size="3">', '<div>', '<span><div class="content">']) {
      const deep = extractHtmlString(page.replace(/<body[^>]*>/i, m => m + open.repeat(20_000)))
      expect(deep.lines, open).toEqual(plain.lines)
      expect(tables(deep.blocks), open).toEqual(tables(plain.blocks))
    }
  })

  it('expands rowspan and colspan into an exact grid', () => {
    expect(
      expandGrid([
        [
          { text: 'A', rowspan: 2, colspan: 2 },
          { text: 'B', rowspan: 1, colspan: 1 }
        ],
        [{ text: 'C', rowspan: 1, colspan: 1 }],
        [
          { text: 'D', rowspan: 1, colspan: 1 },
          { text: 'E', rowspan: 1, colspan: 2 }
        ]
      ])
    ).toEqual([
      ['A', '', 'B'],
      ['', '', 'C'],
      ['D', 'E', '']
    ])
  })

  it('keeps &nbsp; cells empty, skips navigation, scripts and share buttons, reads a layout table as flow', () => {
    const html = `<html><body>
      <div class="nav"><a href="/">首页</a> &gt; 政府信息公开</div>
      <script>var x = "一、总体情况";</script>
      <table width="100%"><tr><td>
        <p>一、总体情况</p><p>正文第一段。</p>
        <table border="1"><tr><td>行政许可</td><td>&nbsp;</td><td> 3 </td></tr></table>
      </td></tr></table>
      <div class="bdsharebuttonbox"><a class="bds_weixin">分享到微信</a></div>
      <div id="footer">版权所有</div>
    </body></html>`
    const doc = extractHtmlString(html)
    expect(doc.lines).toEqual(['一、总体情况', '正文第一段。', '行政许可\t\t3'])
    expect(doc.blocks.map(b => b.kind)).toEqual(['paragraph', 'paragraph', 'table'])
  })

  it('joins <br> inside a cell without a space and splits paragraphs at <br> outside tables', () => {
    const doc = extractHtmlString(
      '<body><p>甲<br/>乙</p><table><tr><td>本年新<br />制作数量</td><td>1</td></tr></table></body>'
    )
    expect(doc.lines).toEqual(['甲', '乙', '本年新制作数量\t1'])
  })
})
