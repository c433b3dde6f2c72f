import { describe, expect, it } from 'vitest'
import {
  dottedRules,
  layoutPage,
  splitAtColumns,
  uprightPage,
  type PageBlock,
  type Segment,
  type TextItem
} from './pdf-layout'
import { render } from './pdf'

const item = (str: string, x: number, y: number, size = 10): TextItem => ({
  str,
  x,
  y,
  w: [...str].length * size,
  size
})
const h = (at: number, a: number, b: number): Segment => ({ dir: 'h', at, a, b })
const v = (at: number, a: number, b: number): Segment => ({ dir: 'v', at, a, b })

describe('ruled tables', () => {
  it('a missing rule is a merged cell: text in the top-left unit, covered units empty', () => {
    // cols 50|150|250|350, rows 600|580|560|540. Column 0 is one cell over three rows (a group
    // label, printed in the middle row), columns 1–2 are one cell in the first row.
    const segs = [
      h(600, 50, 350),
      h(540, 50, 350),
      h(580, 150, 350),
      h(560, 150, 350),
      v(50, 540, 600),
      v(150, 540, 600),
      v(350, 540, 600),
      v(250, 540, 580)
    ]
    const items = [
      item('三、办理结果', 55, 566),
      item('予以公开', 190, 585),
      item('1', 160, 565),
      item('2', 260, 565),
      item('3', 160, 545),
      item('4', 260, 545)
    ]
    const blocks = layoutPage(items, segs)
    expect(blocks).toHaveLength(1)
    expect(blocks[0]!.kind === 'table' && blocks[0]!.rows).toEqual([
      ['三、办理结果', '予以公开', ''],
      ['', '1', '2'],
      ['', '3', '4']
    ])
  })

  it('a table continued without a rule above its first row (Chrome) keeps that row', () => {
    // The column rules run up to 620, the first horizontal rule is at 600: the row above it is
    // the continuation's first, not loose text. A single stray rule past the edge is not.
    const segs = [
      h(600, 50, 250),
      h(580, 50, 250),
      v(50, 580, 620),
      v(150, 580, 620),
      v(250, 580, 620)
    ]
    const items = [
      item('5.要求确认', 55, 606),
      item('0', 160, 606),
      item('6.其他', 55, 585),
      item('1', 160, 585)
    ]
    const blocks = layoutPage(items, segs)
    expect(blocks.map(b => (b.kind === 'table' ? b.rows : b.text))).toEqual([
      [
        ['5.要求确认', '0'],
        ['6.其他', '1']
      ]
    ])
    const stray = layoutPage(items, [
      h(600, 50, 250),
      h(580, 50, 250),
      v(50, 580, 620),
      v(150, 580, 600),
      v(250, 580, 600)
    ])
    expect(stray.map(b => (b.kind === 'table' ? b.rows : b.text))).toEqual([
      '5.要求确认 0',
      [['6.其他', '1']]
    ])
  })

  it('cells each in a box of their own (border="1" printed by Chrome: rules 2.25 pt apart) are one grid', () => {
    const box = (x1: number, y1: number, x2: number, y2: number): Segment[] => [
      h(y1, x1, x2),
      h(y2, x1, x2),
      v(x1, y2, y1),
      v(x2, y2, y1)
    ]
    const segs = [
      ...box(48, 622, 252, 578), // the table's own border
      ...box(50.25, 620, 149, 601),
      ...box(151.25, 620, 250, 601),
      ...box(50.25, 598.75, 149, 580),
      ...box(151.25, 598.75, 250, 580)
    ]
    const items = [
      item('行政许可', 55, 606),
      item('3', 160, 606),
      item('行政处罚', 55, 585),
      item('4', 160, 585)
    ]
    expect(layoutPage(items, segs).map(b => (b.kind === 'table' ? b.rows : b.text))).toEqual([
      [
        ['行政许可', '3'],
        ['行政处罚', '4']
      ]
    ])
  })

  it('an item pdfjs merged across a column rule is split at the rule', () => {
    const parts = splitAtColumns([item('本年制发件数 本年', 100, 500)], [100, 165, 300])
    expect(parts.map(p => p.str)).toEqual(['本年制发件数', '本年'])
  })

  it('a label that ends just past a rule (its full-width ） half blank) is not split there', () => {
    // 10 characters of 10 pt from x=77 end at 177; the rule at 175 is 2 pt before the end.
    const parts = splitAtColumns([item('情形，不计其他情形）', 77, 60)], [70, 175, 300])
    expect(parts.map(p => p.str)).toEqual(['情形，不计其他情形）'])
  })

  it('text outside the rules stays lines, top to bottom', () => {
    const blocks = layoutPage(
      [item('二、主动公开政府信息情况', 50, 700), item('甲', 60, 585), item('乙', 160, 585)],
      [h(600, 50, 250), h(580, 50, 250), v(50, 580, 600), v(150, 580, 600), v(250, 580, 600)]
    )
    expect(blocks.map(b => b.kind)).toEqual(['line', 'table'])
  })

  it('a text layer laid over a scan (OCR: each word placed apart) reads as lines, not a table', () => {
    // Words of one or two characters, a gap of about one character after each, at positions
    // that differ from line to line but for the margin (tesseract's layout of a scanned page).
    const words = [
      ['根据', '《中', '华人民', '共和国政', '府信息', '公开条', '例》规定和'],
      ['于', '印发', '《中', '华人民', '共和国政', '府信息', '公开', '工作'],
      ['号)', '要', '求，现', '发布《中卫', '市', '民政', '局'],
      ['2023', '年', '1', '月', '1', '日', '至12月', '31', '日。']
    ]
    const items = words.flatMap((line, k) => {
      let x = 50
      return line.map(w => {
        const it = item(w, x, 700 - 18 * k, 12)
        x += it.w + 8 + ((k * 7 + w.length * 3) % 6)
        return it
      })
    })
    const blocks = layoutPage(items, [])
    expect(blocks.map(b => (b.kind === 'table' ? b.rows : b.text))).toEqual([
      '根据《中华人民共和国政府信息公开条例》规定和',
      '于印发《中华人民共和国政府信息公开工作',
      '号) 要求，现发布《中卫市民政局',
      '2023 年 1 月 1 日至12月 31 日。'
    ])
  })

  it('a table drawn without rules is found from aligned cell starts', () => {
    const items = [
      item('索引号', 50, 700),
      item('0143/2024-00002', 120, 700),
      item('分类', 300, 700),
      item('年报', 360, 700),
      item('发布机构', 50, 685),
      item('某某局', 120, 685),
      item('公开日期', 300, 685),
      item('2024-01-17', 360, 685)
    ]
    const blocks = layoutPage(items, [])
    expect(blocks.map(b => (b.kind === 'table' ? b.rows : b.text))).toEqual([
      [
        ['索引号', '0143/2024-00002', '分类', '年报'],
        ['发布机构', '某某局', '公开日期', '2024-01-17']
      ]
    ])
  })
})

describe('pages stitched', () => {
  const table = (rows: string[][], cols: number[], top: number): PageBlock => ({
    kind: 'table',
    rows,
    cols,
    top,
    bottom: top - 20 * rows.length
  })
  const line = (text: string, y: number, x = 50, right = 80): PageBlock => ({
    kind: 'line',
    text,
    x,
    right,
    y,
    size: 10
  })

  it('a table continued after a page number is one table; a row broken over the page is one row', () => {
    const cols = [50, 150, 250, 350]
    const doc = render([
      [
        line('三、收到和处理政府信息公开申请情况', 700, 50, 250),
        table(
          [
            ['', '3.要求提供公开出版物', '0'],
            ['', '4.无正当理由大量反复申', '0']
          ],
          cols,
          600
        ),
        line('— 3 —', 40, 280, 300)
      ],
      [
        line('- 4 -', 800, 280, 300),
        table(
          [
            ['', '请', ''],
            ['', '5.要求确认或重新出具已获取信息', '1']
          ],
          cols,
          780
        ),
        line('四、政府信息公开行政复议、行政诉讼情况', 700, 50, 250)
      ]
    ]).build({})
    expect(doc.lines).toEqual([
      '三、收到和处理政府信息公开申请情况',
      '\t3.要求提供公开出版物\t0',
      '\t4.无正当理由大量反复申请\t0',
      '\t5.要求确认或重新出具已获取信息\t1',
      '四、政府信息公开行政复议、行政诉讼情况'
    ])
    expect(doc.blocks.map(b => b.kind)).toEqual(['paragraph', 'table', 'paragraph'])
  })

  // LibreOffice with 标题行重复 (test/fixtures/pdf-table3/first-row-split.pdf): the header rows are
  // drawn again at the top of the next page, and the tail of the row broken over the page comes
  // after them. Joined to the repeated header, 一、 read `5申请人情况` and came out empty.
  it('header rows repeated on the next page are read once; the broken row joins its own tail', () => {
    const cols = [50, 150, 250, 350, 450]
    const header = [
      ['（本列数据的勾稽关系为：…）', '', '申请人情况', ''],
      ['', '', '自然人', '总计']
    ]
    const doc = render([
      [table([...header, ['一、本年新收政府信息公开申', '', '5', '27']], cols, 300)],
      [
        table(
          [...header, ['请数量', '', '', ''], ['二、上年结转政府信息公开申请数量', '', '1', '6']],
          cols,
          780
        )
      ]
    ]).build({})
    expect(doc.lines).toEqual([
      '（本列数据的勾稽关系为：…）\t\t申请人情况\t',
      '\t\t自然人\t总计',
      '一、本年新收政府信息公开申请数量\t\t5\t27',
      '二、上年结转政府信息公开申请数量\t\t1\t6'
    ])
  })

  // A cell merged down beside its group (三、本年度办理结果) breaks over the page with the row
  // beside it (test/fixtures/pdf-table3/merged-cell-split.pdf): the page's first row carries the
  // tails of both, and the merged cell's tail belongs to the row where that cell starts.
  it('the tail of a cell merged down goes to that cell, the row’s own tail to the row', () => {
    const cols = [50, 150, 250, 350]
    const doc = render([
      [
        table(
          [
            ['三、本年度办', '（一）予以公开', '4'],
            ['', '（二）部分公开（区分处理的，只计这一情', '0']
          ],
          cols,
          300
        )
      ],
      [
        table(
          [
            ['理结果', '形，不计其他情形）', ''],
            ['', '（三）不予公开', '0']
          ],
          cols,
          780
        )
      ]
    ]).build({})
    expect(doc.lines).toEqual([
      '三、本年度办理结果\t（一）予以公开\t4',
      '\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0',
      '\t（三）不予公开\t0'
    ])
  })

  // A page starting with a header row after a row of numbers is no tail: the cell above it is a
  // number, which a label never continues.
  it('a label below a column of numbers starts a row of its own', () => {
    const cols = [50, 150, 250]
    const doc = render([
      [table([['行政规范性文件', '0']], cols, 100)],
      [
        table(
          [
            ['信息内容', '本年处理决定数量'],
            ['行政许可', '0']
          ],
          cols,
          780
        )
      ]
    ]).build({})
    expect(doc.lines).toEqual(['行政规范性文件\t0', '信息内容\t本年处理决定数量', '行政许可\t0'])
  })

  it('a page that starts with a row of its own (第二十条第（六）项) does not continue the row above', () => {
    const cols = [50, 150, 250]
    const doc = render([
      [
        table(
          [
            ['第二十条第（五）项', ''],
            ['行政许可', '0']
          ],
          cols,
          100
        )
      ],
      [
        table(
          [
            ['第二十条第（六）项', ''],
            ['行政处罚', '0']
          ],
          cols,
          780
        )
      ]
    ]).build({})
    expect(doc.lines).toEqual([
      '第二十条第（五）项\t',
      '行政许可\t0',
      '第二十条第（六）项\t',
      '行政处罚\t0'
    ])
  })

  it('running headers and footers (a browser prints the time, the address and 2/3) are dropped', () => {
    const page = (n: number, body: PageBlock[]): PageBlock[] => [
      line(`11/24/26, 3:${30 + n} AM`, 820, 20, 120),
      line('2023年政府信息公开工作年度报告', 820, 250, 450),
      ...body,
      line(`https://www.example.gov.cn/zwgk/t2024_${n}.html ${n}/3`, 20, 20, 560)
    ]
    const doc = render([
      page(1, [
        line('一、总体情况', 780, 50, 150),
        line('一是加强组织领导，坚持一把手牵头抓总，班子成员分工负责，形成上', 40, 50, 500)
      ]),
      page(2, [
        line('下联动的工作格局。', 780, 50, 200),
        line('二、主动公开政府信息情况', 760, 50, 250)
      ]),
      page(3, [line('三、收到和处理政府信息公开申请情况', 780, 50, 300)])
    ]).build({})
    expect(doc.lines).toEqual([
      '一、总体情况',
      '一是加强组织领导，坚持一把手牵头抓总，班子成员分工负责，形成上下联动的工作格局。',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况'
    ])
  })

  it('wrapped lines join into one paragraph; a short line ends it', () => {
    const doc = render([
      [
        line('一是加强组织领导，坚持一把手', 700, 50, 500),
        line('牵头抓总。', 685, 50, 100),
        line('二是规范信息审核发布机制。', 660, 50, 300)
      ]
    ]).build({})
    expect(doc.lines).toEqual([
      '一是加强组织领导，坚持一把手牵头抓总。',
      '二是规范信息审核发布机制。'
    ])
  })
})

describe('dotted borders', () => {
  it('dots in a row (td {border: 1px dotted} printed by Chrome) are one rule; a gap ends it', () => {
    const dot = (x: number, y: number) => ({ x, y, r: 0.375 })
    // A row of dots at y≈100 (float noise in y), 1.5 pt apart from x=10 to 40, a gap, 50 to 60;
    // a column at x=10 from y=100 to 130; two stray dots.
    const row = [
      ...Array.from({ length: 21 }, (_, i) => dot(10 + 1.5 * i, 100 + (i % 2) * 1e-9)),
      ...Array.from({ length: 7 }, (_, i) => dot(50 + 1.5 * i, 100))
    ]
    const col = Array.from({ length: 21 }, (_, i) => dot(10, 100 + 1.5 * i))
    const rules = dottedRules([...row, ...col, dot(200, 200), dot(203, 200)])
    const round = (n: number) => Math.round(n * 10) / 10
    expect(rules.map(r => [r.dir, round(r.at), round(r.a), round(r.b)])).toEqual([
      ['h', 100, 9.6, 40.4],
      ['h', 100, 49.6, 59.4],
      ['v', 10, 99.6, 130.4]
    ])
  })
})

describe('uprightPage', () => {
  it('turns a page drawn a quarter turn round back, text and rules', () => {
    // Text running up the page (turn 1): 报告 then 年度 above it on one line; a rule beside them.
    const items = [
      { str: '年度', x: 100, y: 130, w: 20, size: 10, turn: 1 },
      { str: '报告', x: 100, y: 100, w: 20, size: 10, turn: 1 },
      { str: '3', x: 300, y: 20, w: 5, size: 8, turn: 0 }
    ]
    const { items: out, segs } = uprightPage(items, [{ dir: 'v', at: 90, a: 100, b: 150 }])
    const line = out
      .filter(i => i.y === -100)
      .sort((p, q) => p.x - q.x)
      .map(i => i.str)
    expect(line).toEqual(['报告', '年度'])
    expect(segs).toEqual([{ dir: 'h', at: -90, a: 100, b: 150 }])
    expect(out.every(i => !('turn' in i))).toBe(true)
  })

  it('leaves an upright page as it is', () => {
    const items = [{ str: '一、总体情况', x: 50, y: 700, w: 60, size: 10, turn: 0 }]
    const segs = [{ dir: 'h' as const, at: 600, a: 50, b: 500 }]
    expect(uprightPage(items, segs)).toEqual({
      items: [{ str: '一、总体情况', x: 50, y: 700, w: 60, size: 10 }],
      segs
    })
  })
})
