/**
 * One test per layout quirk, each named after the sample or corpus file that forced it. Inputs
 * are the real files, edited where a quirk must be shown with non-zero numbers (the samples'
 * tables are mostly zeros, which would hide a shifted cell).
 */
import { describe, expect, it } from 'vitest'
import { extractText } from '../extract/text'
import { parseReport } from './index'
import { CORPUS_SAMPLES as S, parseText, sample, real } from './parse-test-helpers'
import { sectionText } from '../../shared/report-text'

describe('tab layouts from PDF/Word copy-outs', () => {
  it('sample 003: a row shifted one cell left ((七) 总计) keeps its columns', () => {
    const text = sample(S.chuanhui).replace(
      '(七) 总计\t0\t0\t0\t0\t0\t0\t0\t\t',
      '(七) 总计\t1\t2\t3\t4\t5\t6\t21\t\t'
    )
    const r = parseText(text)
    expect(r.tables.applications!.outcomeTotal).toEqual({
      natural: 1,
      commercial: 2,
      research: 3,
      nonprofit: 4,
      legal: 5,
      otherOrg: 6,
      total: 21
    })
  })

  it('sample 003: a row whose label sits one cell right (1.属于国家秘密) keeps its columns', () => {
    const text = sample(S.chuanhui).replace(
      '1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0',
      '1.属于国家秘密\t7\t0\t0\t0\t0\t1\t8'
    )
    const row = parseText(text).tables.applications!['denied.stateSecret']!
    expect([row.natural, row.otherOrg, row.total]).toEqual([7, 1, 8])
  })

  it('sample 004: empty 行政复议 cells stay null and the litigation groups are not shifted', () => {
    const text = sample(S.xingren).replace(
      '\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0',
      '\t\t\t\t\t1\t2\t3\t4\t10\t5\t6\t7\t8\t26'
    )
    const t = parseText(text).tables.reviewLitigation!
    expect(t.review).toEqual({
      upheld: null,
      corrected: null,
      other: null,
      pending: null,
      total: null
    })
    expect(t.litigationDirect).toEqual({ upheld: 1, corrected: 2, other: 3, pending: 4, total: 10 })
    expect(t.litigationAfterReview).toEqual({
      upheld: 5,
      corrected: 6,
      other: 7,
      pending: 8,
      total: 26
    })
  })

  it('sample 004: an altered label (3.申请 for 3.其他) keeps its slot and is reported', () => {
    const r = parseText(sample(S.xingren))
    expect(r.tables.applications!['other.other']!.total).toBe(0)
    expect(r.labelIssues).toContainEqual(
      expect.objectContaining({ kind: 'altered', row: 'other.other', found: '3.申请' })
    )
  })

  it('sample 002: spaces inside labels (三、本 年度 办理 结果) and truncated labels (行政规范性)', () => {
    const text = sample(S.shapotouZhengwu)
      .replace('行政规范性\t0\t0\t0', '行政规范性\t3\t1\t12')
      .replace('（一）予以公开\t0\t0\t0\t0\t0\t0\t0', '（一）予以公开\t2\t0\t0\t0\t0\t0\t2')
    const r = parseText(text)
    expect(r.tables.proactive).toMatchObject({
      normativeDocs: { issued: 3, repealed: 1, inForce: 12 }
    })
    expect(r.tables.applications!.granted!.total).toBe(2)
    expect(r.labelIssues).toContainEqual(
      expect.objectContaining({ row: 'normativeDocs', found: '行政规范性' })
    )
    expect(r.labelIssues).toContainEqual(
      expect.objectContaining({ row: 'fees', found: '行政事业性' })
    )
  })

  it('sample 001: a blank line inside the table and a row that lost its leading tabs', () => {
    const text = sample(S.zhongweiMinzheng)
      .replace(
        '5.属于三类内部事务信息\t\t0\t0\t0\t0\t0\t0\t0\t',
        '5.属于三类内部事务信息\t\t4\t0\t0\t0\t0\t0\t4\t'
      )
      .replace(
        '\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t0\t0',
        '\t\t6.属于四类过程性信息\t0\t0\t0\t0\t0\t3\t3'
      )
    const a = parseText(text).tables.applications!
    expect(a['denied.internalAffairs']).toMatchObject({ natural: 4, total: 4 })
    expect(a['denied.processInfo']).toMatchObject({ otherOrg: 3, total: 3 })
  })
})

describe('layouts from other tools', () => {
  const tabbed = sample(S.zhongweiMinzheng)
  const base = parseText(tabbed).tables

  it('pipe tables (PDF-to-markdown) read the same cells', () => {
    const piped = tabbed
      .split('\n')
      .map(l => (l.includes('\t') ? `| ${l.split('\t').join(' | ')} |` : l))
      .join('\n')
    expect(parseText(piped).tables).toEqual(base)
  })

  it('single-space-separated cells read the same cells', () => {
    const spaced = tabbed
      .split('\n')
      .map(l =>
        l.includes('\t')
          ? l
              .split('\t')
              .filter(c => c.trim() !== '')
              .join(' ')
          : l
      )
      .join('\n')
    expect(parseText(spaced).tables).toEqual(base)
  })

  it('one cell per line in the applications table reads the same cells', () => {
    const lines = tabbed.split('\n')
    const from = lines.findIndex(l => l.startsWith('一、本年新收'))
    const to = lines.findIndex(l => l.includes('结转下年度继续办理'))
    const out = lines.map((l, i) => {
      if (i < from || i > to || !l.includes('\t')) return l
      const cells = l.split('\t').filter(c => c.trim() !== '')
      return cells.join('\n')
    })
    expect(parseText(out.join('\n')).tables.applications).toEqual(base.applications)
  })

  it('a label broken over two lines (部分公开（区分处理的，只 / 计这一情形…）) still matches', () => {
    const text = tabbed.replace(
      '\t(二) 部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0\t',
      '（二）部分公开（区分处理的，只\n计这一情形，不计其他情形）\t5\t0\t0\t0\t0\t0\t5\t'
    )
    expect(text).not.toBe(tabbed)
    const a = parseText(text).tables.applications!
    expect(a.partiallyGranted).toMatchObject({ natural: 5, total: 5 })
    expect(a.granted!.total).toBe(0)
  })

  it('corpus/real 012: crawler text with cells run together is reported unreadable, not guessed', () => {
    const r = parseText(real('012_pingtan_2021.txt'))
    expect(r.tables.proactive).toBeNull()
    expect(r.tables.applications).toBeNull()
    expect(r.notes.map(n => n.code)).toContain('table-unreadable')
    // The section headings inside the one-line body are still found.
    expect(r.sections.map(s => s.id)).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('template, title, period and dates', () => {
  it('a web page box above the title (主题分类 政府信息公开年报) is not the first half of the title', () => {
    // hand/gov-page.html printed to PDF by Chrome: its 索引号/发布日期 box comes out as lines.
    const r = parseText(
      [
        '索引号 11321322MB1234567X/2024-00001发布机构某某县教育局',
        '发布日期2024-01-25 主题分类政府信息公开年报',
        '某某县教育局2023年政府信息公开工作年度报告',
        '一、总体情况'
      ].join('\n')
    )
    expect([r.agency, r.year, r.title?.line]).toEqual(['某某县教育局', 2023, 3])
  })

  it('corpus/real 010 cells: the 2019 trial format keys applications with a single `other` row', () => {
    const r = parseText(real('010_pingtan_2019_cells.txt'))
    expect(r.template).toBe('2019')
    expect(Object.keys(r.tables.applications!)).toContain('other')
    expect(Object.keys(r.tables.applications!)).not.toContain('other.other')
  })

  it('a 2023 report with the 2019 proactive table is a 2019 layout and mixed', () => {
    const shanghai = real('001_shanghai_szfbgt_2019.txt').split('\n')
    const p19 = shanghai.slice(
      shanghai.findIndex(l => l.startsWith('第二十条第（一）项')),
      shanghai.findIndex(l => l.startsWith('三、收到和处理'))
    )
    const lines = sample(S.zhongweiJiguan).split('\n')
    const from = lines.findIndex(l => l.startsWith('第二十条第（一）项'))
    const to = lines.findIndex(l => l.startsWith('行政事业性收费'))
    lines.splice(from, to - from + 1, ...p19)
    const r = parseText(lines.join('\n'))
    expect(r.year).toBe(2023)
    expect(r.template).toBe('2019')
    expect(r.mixedTemplate).toBe(true)
    expect(r.tables.proactive).toMatchObject({
      regulations: { newlyMade: 13, totalPublished: 524 }
    })
  })

  it('titles: agency on its own line (001), year first (real 001), broken over lines (real 042)', () => {
    expect(parseText(sample(S.zhongweiMinzheng))).toMatchObject({
      agency: '中卫市民政局',
      year: 2023
    })
    expect(parseText(real('001_shanghai_szfbgt_2019.txt'))).toMatchObject({
      agency: '上海市人民政府办公厅',
      year: 2019
    })
    expect(parseText(real('042_shanghai_kewei_2024_pdf2md.txt'))).toMatchObject({
      agency: '上海市科委',
      year: 2024
    })
  })

  it('titles: a report issued as a 文件 is titled by its cover notice (关于印发《…年度报告》的通知)', () => {
    const cover =
      '中卫市民政局文件\n卫民发〔2024〕5号\n关于印发《中卫市民政局2023年政府信息公开工作年度报告》的通知\n局属各单位：\n现将《中卫市民政局2023年政府信息公开工作年度报告》印发给你们。\n\n'
    const plain = parseText(sample(S.zhongweiMinzheng))
    const issued = parseText(cover + sample(S.zhongweiMinzheng))
    expect(issued).toMatchObject({ agency: '中卫市民政局', year: 2023 })
    expect(issued.tables).toEqual(plain.tables)
    expect(
      parseText('关于沙坡头区兴仁镇2023年政府信息公开工作年度报告整改情况的报告\n已整改。')
    ).toMatchObject({ agency: '沙坡头区兴仁镇' })
  })

  it('statistics period: present in 000, absent in 003', () => {
    expect(parseText(sample(S.zhongweiJiguan)).period?.year).toBe(2023)
    expect(parseText(sample(S.chuanhui)).period).toBeNull()
  })

  it('publication date: the closing date line, or a crawler header', () => {
    const signed = sample(S.zhongweiMinzheng) + '\n\n中卫市民政局\n\n2024 年 1 月 16 日\n'
    expect(parseText(signed).publicationDate).toMatchObject({ date: '2024-01-16' })
    expect(parseText(real('012_pingtan_2021_cells.txt')).publicationDate).toMatchObject({
      date: '2022-02-08'
    })
  })

  it('sections: a repeated heading and a reworded one are recorded (sample 003)', () => {
    const r = parseText(sample(S.chuanhui))
    expect(r.headings.filter(h => h.id === 1)).toHaveLength(2)
    expect(r.headings.find(h => h.id === 5 && h.reworded)?.heading).toBe('五、存在的问题及改进情况')
  })

  it("sample 000 with its headings auto-numbered (no 一、…六、 in a .doc's text): six sections, reworded", () => {
    const original = parseText(sample(S.zhongweiJiguan))
    // Only the six headings lose their numeral; table row labels (三、本年度办理结果) keep theirs.
    const bare = sample(S.zhongweiJiguan).replace(
      /^[一二三四五六]、(?=[^\t\n]*(?:情况|事项)\s*$)/gm,
      ''
    )
    const r = parseText(bare)
    expect(r.sections.map(x => [x.id, x.line, x.endLine])).toEqual(
      original.sections.map(x => [x.id, x.line, x.endLine])
    )
    expect(r.headings.every(h => h.reworded)).toBe(true)
    expect(r.tables).toEqual(original.tables)
    // A title inside a sentence or a table cell is not a heading.
    const inline = parseText(bare.replace(/^总体情况$/m, '本单位总体情况良好'))
    expect(inline.sections.map(x => x.id)).not.toContain(1)
    // A sub-heading of section 1 that repeats a title does not start that section early when the
    // section's numbered heading is there.
    const sub = sample(S.zhongweiJiguan).replace(/^(一、总体情况.*)$/m, '$1\n主动公开政府信息情况')
    expect(parseText(sub).sections).toEqual(
      parseText(sample(S.zhongweiJiguan).replace(/^(一、总体情况.*)$/m, '$1\n主动公开')).sections
    )
  })

  it('corpus/real 013: crawler text keeps every section on one line; each body is its own slice', () => {
    const doc = extractText(real('013_pingtan_2022.txt'))
    const r = parseReport(doc)
    // Its section 4 heading has a typo (行政法复议) and still counts as section 4.
    expect(r.sections.map(s => s.id)).toEqual([1, 2, 3, 4, 5, 6])
    expect(sectionText(doc, r, 6)).toBe('2022年，无收取信息处理费情况。')
    expect(sectionText(doc, r, 5)).toMatch(/^2022年，平潭综合实验区政府信息公开工作取得了一定成绩/)
    expect(sectionText(doc, r, 5)).not.toContain('六、')
  })

  it('a text that is not a report: no template, no tables, no agency', () => {
    const r = parseText('会议纪要\n\n今天开会讨论了三件事。\n一是……\n')
    expect(r).toMatchObject({ agency: null, year: null, template: null })
    expect(r.tables).toEqual({ proactive: null, applications: null, reviewLitigation: null })
  })
})

// A county's departments (or one agency's years) compiled into one file was read as its first
// report: the others were never checked, their headings came out as S02 (repeated).
describe('a compilation of reports in one file', () => {
  it('is noted with every report it holds', () => {
    const r = parseText([S.zhongweiJiguan, S.zhongweiMinzheng, S.xingren].map(sample).join('\n'))
    expect(r.notes.find(n => n.code === 'compilation')?.message).toBe(
      '文件中有 3 份年度报告（中卫市机关事务服务中心2023年、中卫市民政局2023年、沙坡头区兴仁镇2023年），只审查了第一份；请拆分为每份报告一个文件后再审查'
    )
    // One agency's two years, too.
    const twoYears = parseText(
      [sample(S.zhongweiMinzheng).replaceAll('2023', '2022'), sample(S.zhongweiMinzheng)].join('\n')
    )
    expect(twoYears.notes.find(n => n.code === 'compilation')?.message).toContain(
      '中卫市民政局2022年、中卫市民政局2023年'
    )
  })

  it('is not a report whose table of contents lists its headings, nor one report twice', () => {
    const text = sample(S.zhongweiMinzheng)
    const lines = text.split('\n')
    const at = lines.findIndex(l => l.startsWith('一、'))
    const toc = [
      '目录',
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项'
    ]
    const withToc = [...lines.slice(0, at), ...toc, ...lines.slice(at)].join('\n')
    expect(parseText(withToc).notes.filter(n => n.code === 'compilation')).toEqual([])
    expect(parseText(`${text}\n${text}`).notes.filter(n => n.code === 'compilation')).toEqual([])
  })
})

// Read as missing, 第一部分 总体情况 and the like gave six S01 errors; they are the sections, worded
// otherwise (S02).
describe('sections numbered otherwise', () => {
  const text = sample(S.zhongweiMinzheng)
  const renumber = (f: (n: number, cn: string) => string): string =>
    [...'一二三四五六'].reduce(
      // The headings only: 四、结转下年度继续办理 is a row of the applications table.
      (t, cn, i) =>
        t.replace(
          new RegExp(`^${cn}、(?=总体|主动|收到|政府信息公开行政|存在|其他)`, 'm'),
          f(i + 1, cn)
        ),
      text
    )
  for (const [name, f] of [
    ['第一部分', (_n: number, cn: string) => `第${cn}部分 `],
    ['1.', (n: number) => `${n}. `],
    ['1、', (n: number) => `${n}、`],
    ['（一）', (_n: number, cn: string) => `（${cn}）`]
  ] as const) {
    it(`${name} 总体情况 … are the six sections, reworded`, () => {
      const r = parseText(renumber(f))
      expect(r.sections.map(s => [s.id, s.reworded])).toEqual(
        [1, 2, 3, 4, 5, 6].map(id => [id, true])
      )
    })
  }

  it('（一）主动公开政府信息情况 under 总体情况 stays section 1’s sub-heading', () => {
    const r = parseText(text)
    expect(text).toMatch(/^（一）主动公开政府信息情况/m)
    expect(r.sections.map(s => [s.id, s.reworded])).toEqual(
      [1, 2, 3, 4, 5, 6].map(id => [id, false])
    )
  })
})
