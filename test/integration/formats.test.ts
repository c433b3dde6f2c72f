/**
 * Every format a supervisor collects parses to the same tables as the text of the same report.
 * Fixtures: test/fixtures/formats (made by make-fixtures.ts with LibreOffice from the five samples
 * and the corpus web pages), a hand-written government page with its text twin, and pages printed
 * to PDF by Chrome (hand/chrome-*).
 */
import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FileFormat } from '../../src/shared/document'
import { extractDocument } from '../../src/core/extract/index'
import { extractHtmlString } from '../../src/core/extract/html'
import { extractText } from '../../src/core/extract/text'
import { parseReport } from '../../src/core/parse/index'
import { evaluateReport } from '../../src/core/rules/index'
import { DEFAULT_RULE_SETTINGS } from '../../src/core/rules/context'

const SHARED = join(__dirname, '../../../shared/corpus')
const FIX = join(__dirname, '../fixtures/formats')
const SAMPLES = [
  '000_051f95df41851f1c',
  '001_0a6fcc7805cba63f',
  '002_4dd3a57cffab60e6',
  '003_af8fd19025225cb0',
  '004_e6e4943c46b535d8'
]

const parseTxt = (text: string) => parseReport(extractText(text))

async function parseFile(path: string, format: FileFormat) {
  const res = await extractDocument(readFileSync(path), format)
  if (!res.ok) throw new Error(`${path}: ${res.reason}`)
  return { report: parseReport(res.doc), doc: res.doc }
}

describe('the five samples in every format parse like their text', () => {
  for (const name of SAMPLES) {
    const ref = parseTxt(readFileSync(join(SHARED, 'samples', `${name}.txt`), 'utf8'))
    for (const format of ['html', 'docx', 'pdf', 'doc', 'xml'] as const) {
      it(`${name}.${format}`, async () => {
        expect(ref.tables.applications).not.toBeNull()
        const { report } = await parseFile(join(FIX, 'samples', `${name}.${format}`), format)
        expect(report.tables).toEqual(ref.tables)
        expect([report.agency, report.year, report.template]).toEqual([
          ref.agency,
          ref.year,
          ref.template
        ])
      })
    }
    // OFD written from the sample's PDF (make-ofd.ts): glyph by glyph or in runs.
    it(`${name}.ofd`, async () => {
      const { report } = await parseFile(join(FIX, 'ofd', `${name}.ofd`), 'ofd')
      expect(report.tables).toEqual(ref.tables)
      expect([report.agency, report.year, report.template]).toEqual([
        ref.agency,
        ref.year,
        ref.template
      ])
    })
  }

  // Text exported from Word, WPS or LibreOffice puts every table cell on a line of its own; the
  // review table's 24 header lines pushed its 15 numbers out of reach (T01 for every report).
  for (const name of SAMPLES) {
    it(`${name}: the text export (one cell a line) reads like the .docx`, async () => {
      const { report: docx } = await parseFile(join(FIX, 'samples', `${name}.docx`), 'docx')
      const exported = parseTxt(readFileSync(join(FIX, 'exported', `${name}.txt`), 'utf8'))
      expect([exported.agency, exported.year, exported.template]).toEqual([
        docx.agency,
        docx.year,
        docx.template
      ])
      if (name.startsWith('004')) {
        // Its 行政复议 cells are empty: exported as blank lines, their places are gone. Unreadable
        // (T01, with the reason), not five cells 未填写 next to ten misplaced zeros.
        expect(exported.tables.reviewLitigation).toBeNull()
        expect(exported.notes.find(n => n.table === 'reviewLitigation')?.message).toContain(
          '列位置无法确定'
        )
      } else {
        expect(exported.tables.reviewLitigation).toEqual(docx.tables.reviewLitigation)
      }
      expect(exported.tables.proactive).toEqual(docx.tables.proactive)
      // 004's mislabelled row (3.申请 for 3.其他) is not recognised once its cells stand on lines
      // of their own: that row stays empty (T03 says it is missing), the rest is the same.
      const rows = (t: typeof docx.tables.applications): Record<string, unknown> =>
        Object.fromEntries(
          Object.entries(t ?? {}).filter(([k]) => !(name.startsWith('004') && k === 'other.other'))
        )
      expect(rows(exported.tables.applications)).toEqual(rows(docx.tables.applications))
    })
  }

  it('a WPS .wps (OLE2) reads like the .doc it is', async () => {
    const name = SAMPLES[0]!
    const { report } = await parseFile(join(FIX, 'samples', `${name}.wps`), 'wps')
    expect(report.tables).toEqual(
      parseTxt(readFileSync(join(SHARED, 'samples', `${name}.txt`), 'utf8')).tables
    )
  })
})

describe('corpus web pages and their Word/PDF copies parse like the provided text conversions', () => {
  for (const name of ['001_shanghai_szfbgt_2019', '040_shuyang_fgj_2023']) {
    const ref = parseTxt(readFileSync(join(SHARED, 'real', `${name}.txt`), 'utf8'))
    const printed = name.startsWith('040')
      ? [['pdf', join(FIX, 'hand', `chrome-${name}.pdf`), 'printed by Chrome'] as const]
      : []
    for (const [format, path, how = ''] of [
      ['html', join(SHARED, 'real', `${name}.html`)],
      ['docx', join(FIX, 'real', `${name}.docx`)],
      ['pdf', join(FIX, 'real', `${name}.pdf`)],
      // The page as a browser prints it (`chromium --headless --print-to-pdf`, with its header and
      // footer): every cell is its own box (border="1"), so each rule is drawn twice, 2.25 pt apart.
      ...printed
    ] as const) {
      it(`${name}.${format} ${how}`.trim(), async () => {
        expect(ref.tables.applications).not.toBeNull()
        const { report } = await parseFile(path, format)
        expect(report.tables).toEqual(ref.tables)
        expect([report.agency, report.year, report.template]).toEqual([
          ref.agency,
          ref.year,
          ref.template
        ])
      })
    }
  }
})

describe('a hand-written government page (chrome, layout table, th/thead, rowspan/colspan, &nbsp;)', () => {
  const html = readFileSync(join(FIX, 'hand/gov-page.html'), 'utf8')
  const text = readFileSync(join(FIX, 'hand/gov-page.txt'), 'utf8')
  const ref = parseTxt(text)

  it('parses to the tables of its text twin', () => {
    const doc = extractHtmlString(html)
    const r = parseReport(doc)
    expect(r.tables).toEqual(ref.tables)
    // Figures as printed on the page: &nbsp; cells stay empty (null), not 0.
    expect(r.tables.applications?.received).toEqual({
      natural: 10,
      commercial: 1,
      research: null,
      nonprofit: null,
      legal: null,
      otherOrg: 1,
      total: 12
    })
    expect(r.tables.applications?.['denied.processInfo']?.total).toBe(1)
    expect(r.agency).toBe(ref.agency)
    expect(r.year).toBe(2023)
  })

  it('keeps the page 发布日期 and ignores the one in the site footer', () => {
    const doc = extractHtmlString(html)
    expect(doc.meta.publicationDate).toBe('2024-01-25')
    expect(doc.lines.join('\n')).not.toContain('网站标识码')
    expect(doc.lines.join('\n')).not.toContain('分享到微信')
    expect(doc.lines.join('\n')).not.toContain('首页')
  })

  // The same rows written the way other sites and converters print them.
  const tabRows = text.split('\n')
  const asPipe = (cells: string[], empty: string): string =>
    `| ${cells.map(c => c || empty).join(' | ')} |`
  const page = (lines: string[]): string =>
    `<html><body>${lines.map(l => `<p>${l}</p>`).join('\n')}</body></html>`

  // Tables drawn in text: box drawing (text-mode tools), an ASCII grid, the full-width ｜ of a
  // Chinese input method. Each rule line was a paragraph that split the table; │ and ｜ no cells.
  it('tables drawn with │ ├─┼─┤, +---+ or ｜ parse like the TAB text', () => {
    const ref = parseTxt(text)
    const rule = (cells: string[], ruler: string): string => {
      const [l, m, r, d] = Array.from(ruler) as [string, string, string, string]
      return l + cells.map(() => d.repeat(6)).join(m) + r
    }
    const drawn = (bar: string, ruler: string | null): string =>
      tabRows
        .flatMap(l =>
          l.includes('\t')
            ? [...(ruler ? [rule(l.split('\t'), ruler)] : []), bar + l.split('\t').join(bar) + bar]
            : [l]
        )
        .join('\n')
    for (const [bar, ruler] of [
      ['│', '├┼┤─'],
      ['|', '+++-'],
      ['｜', null],
      ['║', '╠╬╣═']
    ] as const) {
      const report = parseTxt(drawn(bar, ruler))
      expect(report.tables, `${bar} ${ruler}`).toEqual(ref.tables)
      expect(report.tables.applications?.outcomeTotal?.total).toBe(13)
    }
  })

  it('pipe-style rows in paragraphs parse like the same pipe text', () => {
    const pipeText = tabRows.map(l => (l.includes('\t') ? asPipe(l.split('\t'), '') : l))
    const pipeHtml = tabRows.map(l => (l.includes('\t') ? asPipe(l.split('\t'), '&nbsp;') : l))
    const fromText = parseTxt(pipeText.join('\n'))
    const fromHtml = parseReport(extractHtmlString(page(pipeHtml)))
    expect(fromHtml.tables).toEqual(fromText.tables)
    expect(fromHtml.tables.applications?.outcomeTotal?.total).toBe(13)
  })

  it('one cell per line (each cell its own paragraph) parses like the same text', () => {
    // Dropped empty cells would be ambiguous on paper too: this layout is read when every cell
    // of the applications table is printed, so empty ones are written as 0 here.
    const from = tabRows.findIndex(l => l.startsWith('一、本年新收'))
    const to = tabRows.findIndex(l => l.startsWith('四、结转下年度'))
    const filled = tabRows.map((l, i) =>
      i >= from && i <= to
        ? l
            .split('\t')
            .map((c, k) => (k >= 3 && c === '' ? '0' : c))
            .join('\t')
        : l
    )
    const oneCell = filled.flatMap((l, i) =>
      i >= from && i <= to ? l.split('\t').filter(c => c !== '') : [l]
    )
    // The page: the other tables stay <table>s, the applications table is one <p> per cell.
    const html: string[] = []
    let rows: string[] = []
    for (const l of [...oneCell, '']) {
      if (l.includes('\t')) {
        rows.push(
          `<tr>${l
            .split('\t')
            .map(c => `<td>${c || '&nbsp;'}</td>`)
            .join('')}</tr>`
        )
        continue
      }
      if (rows.length) html.push(`<table>${rows.join('')}</table>`)
      rows = []
      if (l !== '') html.push(`<p>${l}</p>`)
    }
    const fromText = parseTxt(oneCell.join('\n'))
    const fromHtml = parseReport(extractHtmlString(`<html><body>${html.join('\n')}</body></html>`))
    expect(fromText.tables.applications?.granted?.total).toBe(8)
    expect(fromHtml.tables).toEqual(fromText.tables)
  })
})

// Sample 002's PDF drawn a quarter turn round on landscape sheets (Ghostscript: `-c "<</BeginPage
// {90 rotate 0 -842 translate}>> setpagedevice"`), as a landscape page printed sideways comes out.
// Read as drawn, every line was a column of single characters: no title, sections or tables.
describe('a PDF whose text is drawn turned', () => {
  it('reads like the upright PDF', async () => {
    const upright = await parseFile(join(FIX, 'samples/002_4dd3a57cffab60e6.pdf'), 'pdf')
    const sideways = await parseFile(join(FIX, 'hand/sideways-002.pdf'), 'pdf')
    expect(sideways.report.tables).toEqual(upright.report.tables)
    expect([
      sideways.report.agency,
      sideways.report.year,
      sideways.report.sections.map(s => s.id)
    ]).toEqual([upright.report.agency, upright.report.year, upright.report.sections.map(s => s.id)])
  })
})

describe('text set in CJK radicals (⼀、总体情况, 中华⼈⺠共和国) reads as the characters shown', () => {
  it('a page printed to PDF by Chrome: the radicals its fonts map to become the characters', async () => {
    // hand/chrome-radicals.pdf: hand/chrome-radicals.html printed by `chromium --headless
    // --print-to-pdf` (fonts-noto-cjk; qpdf recompressed). Its fonts map 一 人 民 工 月 日 至 to
    // radicals: pdfjs and pdftotext give 中卫市⺠政局…⼯作, ⼀、总体情况.
    const res = await extractDocument(readFileSync(join(FIX, 'hand/chrome-radicals.pdf')), 'pdf')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines).toEqual([
      '中卫市民政局2023年政府信息公开工作年度报告',
      '一、总体情况',
      '根据《中华人民共和国政府信息公开条例》，本报告统计数据从2023年1月1日至12月31日。'
    ])
  })

  it('a sample web page printed to PDF by Chrome parses like the sample', async () => {
    // hand/chrome-002.pdf: samples/002….html printed the same way. Besides the radicals, Chrome
    // draws no rule above the first row of a table continued on a new page (page 3), and page 2
    // starts with 第二十条第（六）项 right under 行政许可 | 0 at the foot of page 1.
    const name = SAMPLES[2]!
    const ref = parseTxt(readFileSync(join(SHARED, 'samples', `${name}.txt`), 'utf8'))
    const { report, doc } = await parseFile(join(FIX, 'hand/chrome-002.pdf'), 'pdf')
    expect(ref.tables.applications).not.toBeNull()
    expect(report.tables).toEqual(ref.tables)
    // Its file dates are when it was printed (Skia/PDF): not taken for the publication date.
    expect(doc.meta.publicationDate).toBeUndefined()
    expect([report.agency, report.year, report.template]).toEqual([
      ref.agency,
      ref.year,
      ref.template
    ])
    expect(report.headings.map(h => h.heading)).toEqual(ref.headings.map(h => h.heading))
  })

  it('a table with dotted borders (drawn dot by dot) printed by Chrome reads as the page does', async () => {
    const page = extractHtmlString(readFileSync(join(FIX, 'hand/chrome-dotted.html'), 'utf8'))
    const res = await extractDocument(readFileSync(join(FIX, 'hand/chrome-dotted.pdf')), 'pdf')
    if (!res.ok) throw new Error(res.reason)
    expect(page.lines).toHaveLength(15)
    expect(res.doc.lines).toEqual(page.lines)
  })

  it('a sample report whose text came that way parses as the sample does', async () => {
    const text = readFileSync(join(SHARED, 'samples', `${SAMPLES[1]}.txt`), 'utf8')
    const RADICAL: Record<string, string> = {
      一: '⼀',
      二: '⼆',
      十: '⼗',
      人: '⼈',
      民: '⺠',
      工: '⼯',
      行: '⾏',
      月: '⽉',
      日: '⽇',
      见: '⻅',
      长: '⻓'
    }
    const radical = text.replace(/[一二十人民工行月日见长]/g, c => RADICAL[c]!)
    expect(radical).not.toBe(text)
    const ref = parseTxt(text)
    const res = await extractDocument(Buffer.from(radical, 'utf8'), 'txt')
    if (!res.ok) throw new Error(res.reason)
    const r = parseReport(res.doc)
    expect(ref.tables.applications).not.toBeNull()
    expect(r.tables).toEqual(ref.tables)
    expect([r.agency, r.year, r.headings.map(h => h.heading)]).toEqual([
      ref.agency,
      ref.year,
      ref.headings.map(h => h.heading)
    ])
    expect(res.doc.lines).toEqual(extractText(text).lines)
  })
})

describe('a web page saved as one file (.mht/.mhtml, 网页，单个文件) reads as the page', () => {
  /** Quoted-printable (RFC 2045) with soft line breaks, as Internet Explorer writes it. */
  const qp = (bytes: Buffer): string => {
    let out = ''
    let line = ''
    for (const b of bytes) {
      const ch =
        b === 0x0a
          ? '\r\n'
          : b >= 33 && b <= 126 && b !== 61
            ? String.fromCharCode(b)
            : b === 0x20 || b === 0x09
              ? String.fromCharCode(b)
              : `=${b.toString(16).toUpperCase().padStart(2, '0')}`
      if (ch === '\r\n') {
        out += line + '\r\n'
        line = ''
        continue
      }
      if (line.length + ch.length > 75) {
        out += line + '=\r\n'
        line = ''
      }
      line += ch
    }
    return out + line
  }
  const ieArchive = (html: Buffer, parts = true): Buffer => {
    const boundary = '----=_NextPart_000_0000_01DA4F2B.8E1C2A30'
    const head = [
      'From: <由 Windows Internet Explorer 8 保存>',
      'Subject: =?gb2312?B?' + iconv.encode('年度报告', 'gb18030').toString('base64') + '?=',
      'Date: Thu, 25 Jan 2024 10:21:07 +0800',
      'MIME-Version: 1.0',
      `Content-Type: multipart/related; type="${parts ? 'text/html' : 'image/gif'}"; boundary="${boundary}"`,
      ''
    ]
    const page = parts
      ? [
          `--${boundary}`,
          'Content-Type: text/html; charset="gb2312"',
          'Content-Transfer-Encoding: quoted-printable',
          'Content-Location: http://www.example.gov.cn/zwgk/t20240125.html',
          '',
          qp(html)
        ]
      : []
    const image = [
      `--${boundary}`,
      'Content-Type: image/gif',
      'Content-Transfer-Encoding: base64',
      'Content-Location: http://www.example.gov.cn/images/logo.gif',
      '',
      'R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=',
      `--${boundary}--`,
      ''
    ]
    return Buffer.from([...head, ...page, ...image].join('\r\n'), 'latin1')
  }

  it('saved by Internet Explorer: GB2312, quoted-printable, with its images', async () => {
    const name = SAMPLES[0]!
    const html = readFileSync(join(FIX, 'samples', `${name}.html`), 'utf8').replace(
      /<meta[^>]*charset[^>]*>/i,
      ''
    )
    const bytes = ieArchive(
      iconv.encode(
        html.replace(
          '<head>',
          '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        ),
        'gb18030'
      )
    )
    const ref = parseTxt(readFileSync(join(SHARED, 'samples', `${name}.txt`), 'utf8'))
    const res = await extractDocument(bytes, 'txt')
    if (!res.ok) throw new Error(res.reason)
    const r = parseReport(res.doc)
    expect(ref.tables.applications).not.toBeNull()
    expect(r.tables).toEqual(ref.tables)
    expect([r.agency, r.year]).toEqual([ref.agency, ref.year])
  })

  it('printed by Chrome with its tables as pictures (hand/chrome-pictures-040.pdf): T01 says they may be', async () => {
    // corpus/real 040 with each <table> replaced by <img> of one page image (pdftoppm -r 60 of
    // samples/001….pdf page 3), printed by `chromium --headless --print-to-pdf`. Chrome writes the
    // one picture drawn four times as one image object.
    const { report, doc } = await parseFile(join(FIX, 'hand/chrome-pictures-040.pdf'), 'pdf')
    expect(doc.meta.images).toBe(1)
    expect(report.tables).toEqual({ proactive: null, applications: null, reviewLitigation: null })
    const t01 = evaluateReport({
      report,
      doc,
      file: { path: 'a.pdf', format: 'pdf', mtimeMs: 0 },
      level: 'department',
      settings: DEFAULT_RULE_SETTINGS
    }).filter(f => f.rule === 'T01')
    expect(t01).toHaveLength(3)
    for (const f of t01)
      expect(f.message).toContain(
        '（文件中有 1 张图片：如统计表是以图片或截图插入的，其中的数字无法读取，请核对原文件）'
      )
  })

  it('saved by Chrome (hand/chrome-040….mhtml): parses like the page itself', async () => {
    const name = '040_shuyang_fgj_2023'
    const ref = parseTxt(readFileSync(join(SHARED, 'real', `${name}.txt`), 'utf8'))
    const { report, doc } = await parseFile(join(FIX, 'hand', `chrome-${name}.mhtml`), 'txt')
    expect(report.tables).toEqual(ref.tables)
    expect([report.agency, report.year]).toEqual([ref.agency, ref.year])
    expect(doc.meta.publicationDate).toBe('2024-01-17')
  })

  it('an archive without a page says so (M03 reason)', async () => {
    const res = await extractDocument(ieArchive(Buffer.from(''), false), 'txt')
    expect(res).toEqual({ ok: false, reason: '网页存档（.mht）中没有网页正文' })
  })
})

describe('a scanned page with an OCR text layer', () => {
  it('reads as paragraphs, not as a table of its words', async () => {
    // hand/ocr-textonly.pdf: page 1 of samples/001….pdf rendered at 150 dpi (pdftoppm) and read by
    // tesseract (chi_sim, textonly_pdf=1: the text layer without the image). Every word is placed
    // on its own with a gap after it.
    const res = await extractDocument(readFileSync(join(FIX, 'hand/ocr-textonly.pdf')), 'pdf')
    if (!res.ok) throw new Error(res.reason)
    expect(res.doc.lines.slice(0, 2)).toEqual(['中卫市民政局', '2023 年政府信息公开工作年度报告'])
    expect(res.doc.lines).toContain('一、总体情况')
    expect(res.doc.lines.filter(l => l.includes('\t'))).toEqual([])
    expect(res.doc.blocks.every(b => b.kind === 'paragraph')).toBe(true)
  })
})
