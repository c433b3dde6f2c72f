/**
 * YearData → the text of a report, in one of the layouts supervisors collect: TAB-separated cells
 * (the samples), pipe tables (PDF-to-markdown tools, corpus/real 041), cells separated by single
 * spaces, the TAB layout encoded in GB18030, a web page (corpus/real 040), or a Word .docx (tables
 * as Word writes them: w:tbl rows with a w:tcPr per cell, runs with properties). Render-level defects
 * (a missing section, an empty cell, an altered label, a contradicting sentence) are applied here.
 */
import iconv from 'iconv-lite'
import { crc32, deflateRawSync } from 'node:zlib'
import { APPLICATION_ROWS_2019, APPLICATION_ROWS_2021, REVIEW_GROUPS } from '../src/shared/template'
import type { YearData } from './corpus-data'
import { adapt, type SampleNarrative } from './narrative'

export const LAYOUTS = ['tab', 'pipe', 'space', 'gb18030', 'html', 'docx'] as const
export type Layout = (typeof LAYOUTS)[number]

export const DEFECTS = ['A01', 'A02', 'A03', 'A04', 'Y01', 'S01', 'T02', 'T03', 'N01'] as const
export type Defect = (typeof DEFECTS)[number]

type Line = { p: string } | { row: string[] }
const P = (p: string): Line => ({ p })
const R = (...row: (string | number)[]): Line => ({ row: row.map(String) })

export interface RenderInput {
  data: YearData
  layout: Layout
  defect: Defect | null
  /** Narrative sources for sections 1 and 5/6 (different samples in consecutive years: no Y03). */
  overview: SampleNarrative
  problems: SampleNarrative
}

function proactiveRows(d: YearData): Line[] {
  const t = (s: string): Line => R(s, '', '', '')
  if (d.proactive21) {
    const p = d.proactive21
    return [
      t('第二十条第（一）项'),
      R('信息内容', '本年制发件数', '本年废止件数', '现行有效件数'),
      R('规章', ...p.regulations),
      R('行政规范性文件', ...p.normativeDocs),
      t('第二十条第（五）项'),
      R('信息内容', '本年处理决定数量'),
      R('行政许可', p.licensing),
      t('第二十条第（六）项'),
      R('信息内容', '本年处理决定数量'),
      R('行政处罚', p.penalty),
      R('行政强制', p.enforcement),
      t('第二十条第（八）项'),
      R('信息内容', '本年收费金额（单位：万元）'),
      R('行政事业性收费', p.fees)
    ]
  }
  const p = d.proactive19!
  const trio = R('信息内容', '上一年项目数量', '本年增/减', '处理决定数量')
  return [
    t('第二十条第（一）项'),
    R('信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'),
    R('规章', ...p.regulations),
    R('规范性文件', ...p.normativeDocs),
    t('第二十条第（五）项'),
    trio,
    R('行政许可', ...p.licensing),
    R('其他对外管理服务事项', ...p.otherServices),
    t('第二十条第（六）项'),
    trio,
    R('行政处罚', ...p.penalty),
    R('行政强制', ...p.enforcement),
    t('第二十条第（八）项'),
    R('信息内容', '上一年项目数量', '本年增/减'),
    R('行政事业性收费', ...p.fees),
    t('第二十条第（九）项'),
    R('信息内容', '采购项目数量', '采购总金额'),
    R('政府集中采购', ...p.procurement)
  ]
}

const TOP = new Set(['received', 'carriedOver', 'carriedForward'])
const SECOND = new Set(['granted', 'partiallyGranted', 'other', 'outcomeTotal'])

function applicationRows(d: YearData, defect: Defect | null): Line[] {
  const rows = d.template === '2019' ? APPLICATION_ROWS_2019 : APPLICATION_ROWS_2021
  const out: Line[] = [
    R(
      '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
      '',
      '',
      '申请人情况',
      '',
      '',
      '',
      '',
      '',
      ''
    ),
    R('', '', '', '自然人', '法人或其他组织', '', '', '', '', '总计'),
    R('', '', '', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '')
  ]
  for (const row of rows) {
    const v = d.apps[row.key]!
    const group = 'group' in row ? row.group : ''
    // T03: the label the template's own example names (`3.申请` where it says `3.其他`, sample 003).
    const label = defect === 'T03' && row.key === 'other.other' ? '3.申请' : row.label
    const labels = TOP.has(row.key)
      ? [label, '', '']
      : SECOND.has(row.key)
        ? [row.key === 'granted' ? '三、本年度办理结果' : '', label, '']
        : ['', group ?? '', label]
    out.push(R(...labels, ...v))
  }
  return out
}

function reviewRows(d: YearData, defect: Defect | null): Line[] {
  const nums: string[] = REVIEW_GROUPS.flatMap(g => d.review[g].map(String))
  // T02: the first cell left empty, as in sample 003's reviewLitigation row.
  if (defect === 'T02') nums[0] = ''
  return [
    R('行政复议', '', '', '', '', '行政诉讼', '', '', '', '', '', '', '', '', ''),
    R(
      '结果维持',
      '结果纠正',
      '其他结果',
      '尚未审结',
      '总计',
      '未经复议直接起诉',
      '',
      '',
      '',
      '',
      '复议后起诉',
      '',
      '',
      '',
      ''
    ),
    R(
      '',
      '',
      '',
      '',
      '',
      '结果维持',
      '结果纠正',
      '其他结果',
      '尚未审结',
      '总计',
      '结果维持',
      '结果纠正',
      '其他结果',
      '尚未审结',
      '总计'
    ),
    { row: nums }
  ]
}

function zh(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** The report as lines (paragraphs and table rows), defects applied. */
export function reportLines(inp: RenderInput): Line[] {
  const { data: d, defect } = inp
  const y = d.year
  const is19 = d.template === '2019'
  const received = d.apps['received']![6]!
  const claimNone = defect === 'N01' || received === 0
  const applied = claimNone
    ? `（二）依申请公开情况。${y}年，${d.agency}未收到政府信息公开申请。`
    : `（二）依申请公开情况。${y}年，${d.agency}共收到政府信息公开申请${received}件，均在法定期限内予以答复。`
  const ov = inp.overview.overview.map(p => adapt(p, inp.overview, d.agency, y))
  const pr = inp.problems.problems.map(p => adapt(p, inp.problems, d.agency, y))
  const other = inp.problems.other.slice(0, 2).map(p => adapt(p, inp.problems, d.agency, y))
  const lines: Line[] = [
    P(d.agency),
    P(`${y}年政府信息公开工作年度报告`),
    P(
      `本年度报告根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（${is19 ? '国办公开办函〔2019〕60号' : '国办公开办函〔2021〕30号'}）要求编制，本报告统计数据从${y}年1月1日至12月31日。`
    ),
    P('一、总体情况'),
    ...ov.slice(0, 2).map(P),
    P(applied),
    ...ov.slice(2).map(P),
    P('二、主动公开政府信息情况'),
    ...proactiveRows(d),
    P('三、收到和处理政府信息公开申请情况'),
    ...applicationRows(d, defect),
    P(
      is19
        ? '四、因政府信息公开申请行政复议、提起行政诉讼的情况'
        : '四、政府信息公开行政复议、行政诉讼情况'
    ),
    ...reviewRows(d, defect)
  ]
  if (defect !== 'S01') {
    lines.push(
      P(is19 ? '五、政府信息公开工作存在的主要问题及改进情况' : '五、存在的主要问题及改进情况'),
      ...pr.map(P)
    )
  }
  lines.push(
    P('六、其他需要报告的事项'),
    P(
      `（一）${y}年政务公开工作要点落实情况。${other[0] ?? '按照年度政务公开工作要点要求，逐项落实各项任务。'}`
    ),
    ...other.slice(1).map(P),
    P('（二）收取信息处理费情况。本年度未收取信息处理费。'),
    P(d.agency),
    P(zh(d.published))
  )
  return lines
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function toText(lines: Line[], layout: 'tab' | 'pipe' | 'space'): string {
  const out: string[] = []
  let inTable = false
  for (const l of lines) {
    if ('p' in l) {
      if (inTable) out.push('')
      inTable = false
      out.push(l.p, '')
      continue
    }
    inTable = true
    if (layout === 'tab') out.push(l.row.join('\t'))
    else if (layout === 'pipe') out.push(`| ${l.row.join(' | ')} |`)
    else out.push(l.row.filter(c => c !== '').join(' '))
  }
  return `\n\n${out.join('\n')}\n`
}

function toHtml(lines: Line[], d: YearData): string {
  const body: string[] = []
  let table: string[] | null = null
  for (const l of lines) {
    if ('row' in l) {
      table ??= []
      table.push(`<tr>${l.row.map(c => `<td>${c === '' ? '&nbsp;' : esc(c)}</td>`).join('')}</tr>`)
      continue
    }
    if (table) body.push(`<table border="1">${table.join('')}</table>`)
    table = null
    body.push(`<p>${esc(l.p)}</p>`)
  }
  const title = `${d.agency}${d.year}年政府信息公开工作年度报告`
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
<div class="info"><span>发布日期：${d.published}</span></div>
<div class="article">${body.join('\n')}</div></body></html>
`
}

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

function toDocumentXml(lines: Line[]): string {
  const run = (t: string): string =>
    `<w:r><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">${esc(t)}</w:t></w:r>`
  const para = (t: string): string =>
    `<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLine="640"/></w:pPr>${run(t)}</w:p>`
  const cell = (t: string): string =>
    `<w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>${t === '' ? '' : run(t)}</w:p></w:tc>`
  const body: string[] = []
  let table: string[] | null = null
  for (const l of lines) {
    if ('row' in l) {
      ;(table ??= []).push(`<w:tr>${l.row.map(cell).join('')}</w:tr>`)
      continue
    }
    if (table)
      body.push(
        `<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>${table.join('')}</w:tbl>`
      )
    table = null
    body.push(para(l.p))
  }
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W_NS}"><w:body>${body.join('')}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`
}

/** A zip of deflated members, as Word writes a .docx (hand-made: generation must be synchronous). */
function zip(members: [string, string][]): Buffer {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, text] of members) {
    const raw = Buffer.from(text, 'utf8')
    const data = deflateRawSync(raw)
    const fileName = Buffer.from(name, 'utf8')
    const head = Buffer.alloc(30)
    head.writeUInt32LE(0x04034b50, 0)
    head.writeUInt16LE(20, 4)
    head.writeUInt16LE(0x0800, 6) // UTF-8 names
    head.writeUInt16LE(8, 8) // deflate
    head.writeUInt32LE(crc32(raw), 14)
    head.writeUInt32LE(data.length, 18)
    head.writeUInt32LE(raw.length, 22)
    head.writeUInt16LE(fileName.length, 26)
    const dir = Buffer.alloc(46)
    dir.writeUInt32LE(0x02014b50, 0)
    dir.writeUInt16LE(20, 4)
    dir.writeUInt16LE(20, 6)
    head.copy(dir, 8, 6, 28) // flags … name length, as in the local header
    dir.writeUInt32LE(offset, 42)
    locals.push(head, fileName, data)
    central.push(dir, fileName)
    offset += head.length + fileName.length + data.length
  }
  const size = central.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(members.length, 8)
  end.writeUInt16LE(members.length, 10)
  end.writeUInt32LE(size, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...central, end])
}

function toDocx(lines: Line[], d: YearData): Buffer {
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ],
    ['word/document.xml', toDocumentXml(lines)],
    [
      'docProps/core.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">${d.published}T01:00:00Z</dcterms:created></cp:coreProperties>`
    ]
  ])
}

export function fileExtension(layout: Layout): string {
  return layout === 'html' || layout === 'docx' ? layout : 'txt'
}

/** The file's bytes. */
export function renderReport(inp: RenderInput): Buffer {
  const lines = reportLines(inp)
  switch (inp.layout) {
    case 'html':
      return Buffer.from(toHtml(lines, inp.data), 'utf8')
    case 'docx':
      return toDocx(lines, inp.data)
    case 'gb18030':
      return iconv.encode(toText(lines, 'tab'), 'gb18030')
    default:
      return Buffer.from(toText(lines, inp.layout), 'utf8')
  }
}
