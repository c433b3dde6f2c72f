import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { prepareFile } from '../pipeline/file'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import { evaluateReport } from '../rules/index'
import { extractText } from './text'
import { joinLetterSpaced, unifyDocumentText, unifyLookalikes } from './lookalikes'

describe('CJK radicals read as the characters they stand for', () => {
  it('Kangxi radicals and the Supplement: ⼀ ⼈ ⼯ ⽉ ⽇ and ⺠ ⻬ ⻅', () => {
    expect(unifyLookalikes('⼀、总体情况')).toBe('一、总体情况')
    expect(unifyLookalikes('中华⼈⺠共和国政府信息公开⼯作')).toBe('中华人民共和国政府信息公开工作')
    expect(unifyLookalikes('2024年1⽉15⽇，⻬抓共管，意⻅建议')).toBe(
      '2024年1月15日，齐抓共管，意见建议'
    )
  })

  it('leaves other text alone, and a radical with no equivalent (⺀, a repeat mark)', () => {
    const plain = '中卫市民政局 2023年 | Ｔ ① ㊀'
    expect(unifyLookalikes(plain)).toBe(plain)
    expect(unifyLookalikes('⺀')).toBe('⺀')
  })

  it('in a document: lines, paragraphs and table cells alike, so evidence lines still match', () => {
    const doc = extractText(
      '中卫市⺠政局2023年政府信息公开⼯作年度报告\n⼀、总体情况\n⾏政许可\t0\t\t'
    )
    const out = unifyDocumentText(doc)
    expect(out.lines).toEqual([
      '中卫市民政局2023年政府信息公开工作年度报告',
      '一、总体情况',
      '行政许可\t0\t\t'
    ])
    const cells = out.blocks.flatMap(b =>
      b.kind === 'table' ? b.rows.flatMap(r => r.cells) : [b.text]
    )
    expect(cells).toContain('行政许可')
    expect(cells.join('')).not.toMatch(/[\u2e80-\u2fdf]/)
    const clean = extractText('一、总体情况')
    expect(unifyDocumentText(clean)).toBe(clean)
  })
})

describe('full-width digits and letter-spaced text read as the ordinary text', () => {
  const SAMPLES = join(__dirname, '../../../../shared/corpus/samples')
  const FULL = (s: string): string =>
    s.replace(/[0-9]/g, d => String.fromCharCode(0xff10 + Number(d)))

  it('unifies ０–９ only: the template’s full-width （一） and letters stay', () => {
    expect(unifyLookalikes('２０２３年１月１日（一）Ａ')).toBe('2023年1月1日（一）Ａ')
  })

  // ２０２３年政府信息公开工作年度报告 matched no title pattern: agency and year were lost (M03).
  for (const name of readdirSync(SAMPLES).sort()) {
    it(`${name} typed with full-width digits reads as the original`, async () => {
      const text = readFileSync(join(SAMPLES, name), 'utf8')
      const read = async (s: string) => {
        const bytes = Buffer.from(s)
        const p = await prepareFile({ path: name, size: bytes.length, mtimeMs: 0 }, bytes)
        const findings = evaluateReport({
          report: p.parsed,
          doc: p.doc!,
          file: { path: name, format: p.format, mtimeMs: 0 },
          level: 'department',
          settings: DEFAULT_RULE_SETTINGS
        })
        const { agency, year, template, period } = p.parsed
        return {
          unreadable: p.unreadable,
          agency,
          year,
          template,
          period,
          findings: findings.map(f => `${f.rule} ${f.message}`)
        }
      }
      expect(await read(FULL(text))).toEqual(await read(text))
    })

    // 政 府 信 息 公 开: title, period and headings were lost; the tables were read.
    it(`${name} letter-spaced reads as the original`, async () => {
      const text = readFileSync(join(SAMPLES, name), 'utf8')
      const spaced = text.replace(/(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])/g, ' ')
      const read = async (s: string) => {
        const bytes = Buffer.from(s)
        const p = await prepareFile({ path: name, size: bytes.length, mtimeMs: 0 }, bytes)
        const input = { path: name, format: p.format, mtimeMs: 0 }
        const findings = evaluateReport({
          report: p.parsed,
          doc: p.doc!,
          file: input,
          level: 'department',
          settings: DEFAULT_RULE_SETTINGS
        })
        const { agency, year, template, period, sections } = p.parsed
        // Rules, not messages, and the period's year, not its text: a run of fewer than four
        // keeps its space (申 请, 日 至) and is quoted so.
        return {
          unreadable: p.unreadable,
          agency,
          year,
          template,
          period: period && { year: period.year, line: period.line },
          sections: sections.map(x => x.id),
          rules: findings.map(f => f.rule)
        }
      }
      expect(await read(spaced)).toEqual(await read(text))
    })
  }

  it('joins runs of four or more spaced ideographs only: words a space apart stay apart', () => {
    expect(joinLetterSpaced('二 〇 二 三 年 度 报 告')).toBe('二〇二三年度报告')
    expect(joinLetterSpaced('行政许可 行政处罚 其他')).toBe('行政许可 行政处罚 其他')
    expect(joinLetterSpaced('申 请 人')).toBe('申 请 人')
  })
})
