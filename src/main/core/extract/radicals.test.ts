import { describe, expect, it } from 'vitest'
import { extractText } from './text'
import { unifyDocumentRadicals, unifyRadicals } from './radicals'

describe('CJK radicals read as the characters they stand for', () => {
  it('Kangxi radicals and the Supplement: ⼀ ⼈ ⼯ ⽉ ⽇ and ⺠ ⻬ ⻅', () => {
    expect(unifyRadicals('⼀、总体情况')).toBe('一、总体情况')
    expect(unifyRadicals('中华⼈⺠共和国政府信息公开⼯作')).toBe('中华人民共和国政府信息公开工作')
    expect(unifyRadicals('2024年1⽉15⽇，⻬抓共管，意⻅建议')).toBe('2024年1月15日，齐抓共管，意见建议')
  })

  it('leaves other text alone, and a radical with no equivalent (⺀, a repeat mark)', () => {
    const plain = '中卫市民政局 2023年 | Ｔ ① ㊀'
    expect(unifyRadicals(plain)).toBe(plain)
    expect(unifyRadicals('⺀')).toBe('⺀')
  })

  it('in a document: lines, paragraphs and table cells alike, so evidence lines still match', () => {
    const doc = extractText('中卫市⺠政局2023年政府信息公开⼯作年度报告\n⼀、总体情况\n⾏政许可\t0\t\t')
    const out = unifyDocumentRadicals(doc)
    expect(out.lines).toEqual(['中卫市民政局2023年政府信息公开工作年度报告', '一、总体情况', '行政许可\t0\t\t'])
    const cells = out.blocks.flatMap(b => (b.kind === 'table' ? b.rows.flatMap(r => r.cells) : [b.text]))
    expect(cells).toContain('行政许可')
    expect(cells.join('')).not.toMatch(/[\u2e80-\u2fdf]/)
    const clean = extractText('一、总体情况')
    expect(unifyDocumentRadicals(clean)).toBe(clean)
  })
})
