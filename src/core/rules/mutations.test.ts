/**
 * Every rule id fires on a defect built by editing a real sample (a number changed, a cell
 * emptied, a heading reworded…) and is asserted by rule id + location, not by message text.
 * CASES is a Record over RuleId, so adding a rule id without a case here fails the type check.
 * The clean samples staying silent is samples.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { RULE_IDS, type Finding, type RuleId } from '../../shared/rules'
import { evaluateYears } from './index'
import { duplicateFinding, unreadableFinding } from './collection'
import { QUOTE_MAX } from './messages'
import { copiedFinding, copyText, sharedShare } from './copies'
import { chineseCount } from '../../shared/chinese-numerals'
import {
  dropLines,
  evaluateText,
  readCorpus,
  replaceOnce,
  setCells,
  yearInput
} from './test-support'

/** 中卫市民政局 2023 (sample 001): a clean department report with all-zero tables. */
const S1 = readCorpus('001')
/** 沙坡头区兴仁镇 2023 (sample 004): a township. */
const S4 = readCorpus('004')
const PT2022 = readCorpus('real/013_pingtan_2022_cells.txt')
const PT2023 = readCorpus('real/014_pingtan_2023_cells.txt')

const ev = (text: string, path?: string): Finding[] => evaluateText(text, { path }).findings
const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex(l => l.includes(needle)) + 1
/** Seven applicant columns: natural … otherOrg, total. */
const row7 = (natural: string, total = natural): (string | undefined)[] => [
  natural,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  total
]
/** S1 moved to another year (every 2023 → year): a chain of one agency's reports. */
const asYear = (text: string, year: number): string => text.replaceAll('2023', String(year))

interface Case {
  /** The findings of the edited report(s). */
  run: () => Finding[]
  /** What the rule's finding must carry (one finding must match). */
  at: Partial<Finding>
}

const CASES: Record<RuleId, Case> = {
  S01: {
    run: () => ev(replaceOnce(S1, '五、存在的主要问题及改进情况', '')),
    at: { section: 5 }
  },
  S02: {
    run: () => ev(replaceOnce(S1, '五、存在的主要问题及改进情况', '五、存在的问题及改进情况')),
    at: {
      section: 5,
      lines: [lineOf(S1, '五、存在的主要问题及改进情况')],
      actual: '五、存在的问题及改进情况'
    }
  },
  S03: {
    run: () => ev(replaceOnce(S1, '统计数据从 2023 年', '统计数据从 2022 年')),
    // Lines are the parser's evidence for the period statement, passed through.
    at: { lines: [evaluateText(S1).report.period?.line ?? -1], expected: 2023, actual: 2022 }
  },
  S04: {
    run: () =>
      ev(
        replaceOnce(S1, '2023年，我单位未发生收取信息处理费情况。', '无。').replace(
          '（二）信息处理费情况',
          ''
        )
      ),
    at: { section: 6 }
  },
  S05: {
    run: () => ev(S1.replaceAll('要点', '安排')),
    at: { section: 6, lines: [lineOf(S1, '六、其他需要报告的事项')] }
  },
  T01: {
    run: () => {
      // Keep the heading, drop the review table's rows.
      const { report } = evaluateText(S1)
      const [first, last] = report.tableLines.reviewLitigation ?? [0, 0]
      return ev(dropLines(S1, first + 1, last))
    },
    at: { table: 'reviewLitigation' }
  },
  T02: {
    run: () => ev(setCells(S1, '(一) 予以公开', [''])),
    at: {
      table: 'applications',
      row: 'granted',
      column: 'natural',
      lines: [lineOf(S1, '(一) 予以公开')]
    }
  },
  T03: {
    run: () => ev(replaceOnce(S1, '3.要求提供公开出版物', '3.要求提供内部出版物资料')),
    at: {
      row: 'notProcessed.publication',
      lines: [lineOf(S1, '3.要求提供公开出版物')],
      actual: '3.要求提供内部出版物资料'
    }
  },
  T04: {
    run: () => ev(setCells(S1, '2.重复申请', ['1.5'])),
    at: {
      row: 'notProcessed.repeated',
      column: 'natural',
      actual: 1.5,
      lines: [lineOf(S1, '2.重复申请')]
    }
  },
  T05: {
    // A town reporting 规章 (only provincial and districted-city governments make them).
    run: () => ev(setCells(S4, '规章', ['2', '0', '2'])),
    at: {
      table: 'proactive',
      row: 'regulations',
      column: 'inForce',
      actual: 2,
      lines: [lineOf(S4, '规章\t')]
    }
  },
  A01: {
    run: () => ev(setCells(S1, '一、本年新收', ['1'])),
    at: {
      row: 'received',
      column: 'total',
      expected: 1,
      actual: 0,
      lines: [lineOf(S1, '一、本年新收')]
    }
  },
  A02: {
    run: () => ev(setCells(S1, '(七)总计', row7('2'))),
    at: {
      row: 'outcomeTotal',
      column: 'natural',
      expected: 0,
      actual: 2,
      lines: [lineOf(S1, '(七)总计')]
    }
  },
  A03: {
    // Rows add up across, but 1 new application is neither handled nor carried forward.
    run: () => ev(setCells(S1, '一、本年新收', row7('1'))),
    at: { column: 'natural', expected: 1, actual: 0 }
  },
  A04: {
    run: () => ev(setCells(S1, '0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0', ['1'])),
    at: { group: 'review', column: 'total', expected: 1, actual: 0 }
  },
  N01: {
    // The text says 未收到任何形式的政府信息公开申请 while the table now counts 2.
    run: () => ev(setCells(setCells(S1, '一、本年新收', row7('2')), '(一) 予以公开', row7('2'))),
    at: {
      row: 'received',
      column: 'total',
      expected: 2,
      lines: [lineOf(S1, '未收到任何形式'), lineOf(S1, '一、本年新收')]
    }
  },
  N02: {
    // 2023 text: 行政复议案件2件、行政诉讼案件7件 (table 2 and 5+2); the text now says 8.
    run: () => ev(replaceOnce(PT2023, '行政诉讼案件7件', '行政诉讼案件8件')),
    at: {
      group: 'litigationDirect,litigationAfterReview',
      expected: 7,
      actual: 8,
      lines: [lineOf(PT2023, '行政诉讼案件7件'), lineOf(PT2023, '4\t0\t0\t1\t5')]
    }
  },
  S06: {
    // A word written twice in sample 001's 总体情况 (the real slips are in slips.test.ts).
    run: () =>
      ev(
        replaceOnce(
          S1,
          '（一）主动公开政府信息情况。',
          '（一）主动公开政府信息情况。积极推进推进政务公开。'
        )
      ),
    at: {
      section: 1,
      lines: [lineOf(S1, '（一）主动公开政府信息情况。')],
      actual: '积极推进推进政务公开'
    }
  },
  Y01: {
    run: () =>
      evaluateYears(
        yearInput(asYear(S1, 2022)),
        yearInput(setCells(S1, '二、上年结转', row7('1')))
      ),
    at: {
      row: 'carriedOver',
      column: 'natural',
      expected: 0,
      actual: 1,
      lines: [lineOf(S1, '二、上年结转')]
    }
  },
  Y02: {
    run: () =>
      evaluateYears(
        yearInput(asYear(S1, 2022)),
        yearInput(setCells(S1, '行政规范性文件\t', ['3', '0', '0']))
      ),
    // 001 has 1 行政规范性文件 in force: 1 + 3 issued − 0 repealed should be 4, not 0.
    at: {
      row: 'normativeDocs',
      column: 'inForce',
      expected: 4,
      actual: 0,
      lines: [lineOf(S1, '行政规范性文件\t')]
    }
  },
  Y03: {
    // Same section 5 with only the years changed: copied.
    run: () => evaluateYears(yearInput(asYear(S1, 2022)), yearInput(S1)),
    at: { section: 5, lines: [lineOf(S1, '五、存在的主要问题及改进情况')] }
  },
  Y04: {
    run: () =>
      evaluateYears(
        yearInput(setCells(asYear(S1, 2022), '行政处罚\t', ['4'])),
        yearInput(setCells(S1, '行政处罚\t', ['60']))
      ),
    at: {
      table: 'proactive',
      row: 'penalty',
      expected: 4,
      actual: 60,
      lines: [lineOf(S1, '行政处罚\t')]
    }
  },
  Y05: {
    // Sample 004's 问题及改进 copied into sample 001 (another unit, same year): the pure comparison
    // (the index and settle are pipeline/copies.test.ts).
    run: () => {
      const s5 = (t: string): string =>
        t.slice(t.indexOf('五、存在的主要问题及改进情况'), t.indexOf('六、其他需要报告的事项'))
      const copied = replaceOnce(S1, s5(S1), s5(S4))
      const [a, b] = [evaluateText(copied).report, evaluateText(S4).report]
      const share = sharedShare(
        copyText(a, evaluateText(copied).doc)[5],
        copyText(b, evaluateText(S4).doc)[5]
      )!
      return [
        copiedFinding(
          5,
          a.sections.find(s => s.id === 5)?.line,
          { agency: b.agency!, year: b.year!, file: '004.txt' },
          share,
          0
        )
      ]
    },
    at: { section: 5, expected: '004.txt' }
  },
  M01: {
    run: () => ev(S1, '2022/中卫市民政局2022年报.txt'),
    at: {
      expected: 2023,
      actual: '标题2023/统计期限2023/文件名2022',
      lines: [evaluateText(S1).report.title?.line ?? -1, evaluateText(S1).report.period?.line ?? -1]
    }
  },
  M02: {
    run: () => [
      duplicateFinding({ file: 'a/中卫市民政局.txt' }, [{ file: 'b/中卫市民政局.pdf', mtimeMs: 2 }])
    ],
    at: { actual: 2 }
  },
  M03: {
    run: () => [unreadableFinding('文件为空')],
    at: {}
  },
  M04: {
    // Pingtan's 2020 report (2019 trial format) presented as a 2021 report.
    run: () => ev(readCorpus('real/011_pingtan_2020_cells.txt').replaceAll('2020', '2021')),
    at: { expected: '2021', actual: '2019' }
  },
  M05: {
    // A department's closing date in March: after 31 January.
    run: () => ev(`${S1}\n\n中卫市民政局\n2024年3月15日\n`),
    at: { expected: '2024-01-31', actual: '2024-03-15' }
  }
}

describe('each rule fires on its defect, at its location', () => {
  it.each([...RULE_IDS])('%s', id => {
    const c = CASES[id]
    const found = c.run().filter(f => f.rule === id)
    expect(found.length, `${id} did not fire`).toBeGreaterThan(0)
    expect(found).toContainEqual(expect.objectContaining(c.at))
    for (const f of found) expect(f.message).toMatch(/[\u4e00-\u9fff]/)
  })
})

describe('edits that must not fire', () => {
  it('T05 is silent for the same 规章 in a city government report', () => {
    const text = setCells(S4, '规章', ['2', '0', '2']).replaceAll(
      '沙坡头区兴仁镇',
      '中卫市人民政府'
    )
    expect(ev(text).filter(f => f.rule === 'T05')).toEqual([])
  })

  it('an empty cell is not read as zero: no A finding on a sum that involves it', () => {
    const fs = ev(
      setCells(S1, '一、本年新收', ['', undefined, undefined, undefined, undefined, undefined, '5'])
    )
    expect(fs.filter(f => f.rule === 'T02')).toHaveLength(1)
    expect(
      fs.filter(f => f.rule === 'A01' || (f.rule === 'A03' && f.column === 'natural'))
    ).toEqual([])
  })

  // A sentence without a 。 ran the whole paragraph into the message, and into its Excel cell.
  it('N01 quotes at most QUOTE_MAX characters of a run-on sentence', () => {
    const long = `${'经认真梳理，'.repeat(400)}收到政府信息公开申请76件`
    const fs = ev(replaceOnce(PT2022, '收到政府信息公开申请75件', long)).filter(
      f => f.rule === 'N01'
    )
    expect(fs).toEqual([expect.objectContaining({ row: 'received', actual: 76 })])
    const quoted = /“([^”]*…)”/.exec(fs[0]!.message)![1]!
    expect(quoted.length).toBe(QUOTE_MAX)
    expect(quoted.endsWith('…')).toBe(true)
  })

  // Counts in Chinese numerals were not read: 七十六件 against a table of 75 went unnoticed.
  it('N01 reads a count in Chinese numerals, and not 一个月 as one application', () => {
    const n01 = (text: string): Finding[] =>
      ev(replaceOnce(PT2022, '收到政府信息公开申请75件', text)).filter(f => f.rule === 'N01')
    expect(n01('收到政府信息公开申请七十五件')).toEqual([])
    expect(n01('收到政府信息公开申请七十六件')).toEqual([
      expect.objectContaining({ row: 'received', actual: 76 })
    ])
    expect(n01('收到政府信息公开申请后一个月内全部答复')).toEqual([])
    expect([
      chineseCount('一百零五'),
      chineseCount('两'),
      chineseCount('十二'),
      chineseCount('一二')
    ]).toEqual([105, 2, 12, null])
  })

  it('N01 accepts a stated count that equals the table (Pingtan 2022: 75)', () => {
    expect(ev(PT2022).filter(f => f.rule === 'N01')).toEqual([])
    const fs = ev(replaceOnce(PT2022, '收到政府信息公开申请75件', '收到政府信息公开申请76件'))
    expect(fs.filter(f => f.rule === 'N01')).toEqual([
      expect.objectContaining({ row: 'received', column: 'total', actual: 76 })
    ])
  })

  it('N02 reads 不存在行政复议与行政诉讼 against a non-zero 行政复议 total (sample 000)', () => {
    const s0 = readCorpus('000')
    const fs = ev(
      setCells(s0, '0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0', [
        '1',
        undefined,
        undefined,
        undefined,
        '1'
      ])
    )
    expect(fs.filter(f => f.rule === 'N02')).toEqual([
      expect.objectContaining({ group: 'review', expected: 1 })
    ])
  })

  it('M05 is silent when the same date is within a government deadline (31 March)', () => {
    const text = `${S1}\n\n中卫市民政局\n2024年1月20日\n`
    expect(ev(text).filter(f => f.rule === 'M05')).toEqual([])
  })
})
