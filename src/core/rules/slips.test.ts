/**
 * S06 on real text: the two slips of corpus/real found where they are, silence on every other
 * corpus file and every format fixture (through the real readers), and edits of real reports that
 * must and must not fire.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_RULE_SETTINGS } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { prepareFile, reportFindings } from '../pipeline/file'
import { silentLogger } from '../logger'
import { CORPUS, evaluateText, readCorpus, replaceOnce } from './test-support'
import { extractText } from '../extract/text'
import { parseReport } from '../parse/index'
import { evaluateReport } from './index'

const FORMATS = join(__dirname, '../../../test/fixtures/formats')

const s06 = (text: string): Finding[] => evaluateText(text).findings.filter(f => f.rule === 'S06')
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex(l => l.includes(needle)) + 1

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap(n => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}

/** S06 findings of a file read by the real readers (any format), as the pipeline computes them. */
async function s06OfFile(path: string): Promise<Finding[]> {
  const bytes = readFileSync(path)
  const p = await prepareFile({ path, size: bytes.length, mtimeMs: 0 }, bytes)
  return reportFindings(p, 'department', DEFAULT_RULE_SETTINGS, silentLogger).filter(
    f => f.rule === 'S06'
  )
}

describe('S06 on the real slips', () => {
  it('012 平潭 2021: 规范审核审核发布机制, in 总体情况, on its line (crawler text and re-celled)', () => {
    for (const f of ['real/012_pingtan_2021.txt', 'real/012_pingtan_2021_cells.txt']) {
      const text = readCorpus(f)
      const found = s06(text)
      expect(found, f).toEqual([
        expect.objectContaining({
          section: 1,
          lines: [lineOf(text, '审核审核')],
          expected: '二是规范审核发布机制',
          actual: '二是规范审核审核发布机制'
        })
      ])
      expect(found[0]!.message).toContain('“审核”重复')
    }
  })

  it('042 上海市科委 2024: 上海市科技计划资金资金 (a PDF converted to markdown)', () => {
    const text = readCorpus('real/042_shanghai_kewei_2024_pdf2md.txt')
    const found = s06(text)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ lines: [lineOf(text, '资金资金')] })
    expect(found[0]!.actual).toContain('科技计划资金资金')
    expect(found[0]!.expected).toContain('科技计划资金')
    expect(String(found[0]!.expected)).not.toContain('资金资金')
  })

  it('is silent on every other corpus file and every format fixture', async () => {
    const slips = new Set([
      '012_pingtan_2021.txt',
      '012_pingtan_2021_cells.txt',
      '042_shanghai_kewei_2024_pdf2md.txt'
    ])
    const files = [...walk(CORPUS), ...walk(FORMATS)].filter(f => !/\.(ts|tsv|md)$/.test(f))
    expect(files.length).toBeGreaterThan(80)
    const noisy: string[] = []
    for (const f of files) {
      const found = await s06OfFile(f)
      const name = f.split('/').pop()!
      if (slips.has(name) ? found.length !== 1 : found.length > 0)
        noisy.push(`${name}: ${found.map(x => x.message).join(' | ')}`)
    }
    expect(noisy).toEqual([])
  }, 120_000)
})

describe('S06 doubled words: what counts', () => {
  /** Sample 004 (沙坡头区兴仁镇): prose in 总体情况, tables in 二、. */
  const S4 = readCorpus('004')
  const SENTENCE = '逐步健全完善政府信息公开工作机制'

  it('a word written twice in the prose of any section', () => {
    const text = replaceOnce(S4, SENTENCE, '逐步健全完善政府信息公开工作工作机制')
    const found = s06(text)
    expect(found).toEqual([
      expect.objectContaining({ section: 1, lines: [lineOf(text, '工作工作机制')] })
    ])
    expect(found[0]!.actual).toMatch(/公开工作工作机制$/)
    expect(found[0]!.expected).toMatch(/公开工作机制$/)
  })

  it('not normal reduplication, numerals, 一项一项, or a word doubled into a compound', () => {
    for (const ok of [
      '常常健全人人参与年年完善政府信息公开工作机制',
      '一项一项健全完善政府信息公开工作机制',
      '逐步健全完善政府信息公开工作工作人员培训机制',
      '兴仁镇人民政府政府信息公开工作机制逐步健全完善',
      '组织干部学习学习强国平台，健全完善机制',
      '二〇二三二〇二三健全完善政府信息公开工作机制'
    ]) {
      expect(s06(replaceOnce(S4, SENTENCE, ok)), ok).toEqual([])
    }
  })

  it('not in a table, the title or a line without sentence punctuation (a label printed as text)', () => {
    expect(s06(replaceOnce(S4, '行政许可\t0', '行政许可许可\t0'))).toEqual([])
    expect(
      s06(
        replaceOnce(
          S4,
          '沙坡头区兴仁镇 2023 年 政府信息公开工作年度报告',
          '沙坡头区兴仁镇 2023 年 政府信息公开公开工作年度报告'
        )
      )
    ).toEqual([])
    expect(s06(replaceOnce(S4, '（三）政府信息管理：', '（三）政府信息管理管理\n'))).toEqual([])
  })

  it('switched off in the settings: nothing', () => {
    const text = replaceOnce(S4, SENTENCE, '逐步健全完善政府信息公开工作工作机制')
    const doc = extractText(text)
    const report = parseReport(doc)
    const run = (on: boolean): Finding[] =>
      evaluateReport({
        report,
        doc,
        file: { path: 'a.txt', format: 'txt', mtimeMs: 0 },
        level: 'township',
        settings: { ...DEFAULT_RULE_SETTINGS, checks: { ...DEFAULT_RULE_SETTINGS.checks, S06: on } }
      }).filter(f => f.rule === 'S06')
    expect(run(true)).toHaveLength(1)
    expect(run(false)).toEqual([])
  })
})

describe('S06 sub-headings out of sequence', () => {
  const S4 = readCorpus('004')

  it('（一）（二）（四）in 总体情况: the skipped number named, both lines cited', () => {
    const text = replaceOnce(S4, '（三）政府信息管理：', '（四）政府信息管理：')
    const found = s06(text)
    // One finding at the first break; the real （四） after the renumbered one is in its list.
    expect(found).toEqual([
      expect.objectContaining({
        section: 1,
        expected: '（三）',
        actual: '（四）',
        lines: [lineOf(text, '（二）依申请公开'), lineOf(text, '（四）政府信息管理')]
      })
    ])
    expect(found[0]!.message).toContain('（一）（二）（四）（四）（五）')
  })

  it('a list starting again at （一） is not a slip; a law quoted inline (第二十条第（三）项) is no sub-heading', () => {
    // 004's section 5 has （一） and （二）; a second list after them starts at （一）.
    const text = replaceOnce(
      S4,
      '（三）政府信息管理：',
      '（三）政府信息管理：依照《条例》第二十条第（九）项，'
    )
    expect(s06(text)).toEqual([])
    const s5 = readCorpus('real/012_pingtan_2021_cells.txt')
    expect(s06(replaceOnce(s5, '（二）改进措施：', '（二）改进措施：（一）整改。'))).toHaveLength(1)
    // …that one is the 审核审核 slip of the same file, not the restarted list.
    expect(
      s06(replaceOnce(s5, '（二）改进措施：', '（二）改进措施：（一）整改。')).every(
        f => f.section === 1
      )
    ).toBe(true)
  })

  it('in 012 (a whole report on one line) a dropped （二） is found from the inline sub-headings', () => {
    const text = readCorpus('real/012_pingtan_2021.txt')
    const found = s06(replaceOnce(text, '（二）依申请公开方面。', '（三）依申请公开方面。')).filter(
      f => f.actual === '（三）'
    )
    expect(found).toEqual([expect.objectContaining({ section: 1, expected: '（二）' })])
  })
})
