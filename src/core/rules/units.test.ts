/**
 * Rule details on small hand-built reports (test-support cleanReport: all zeros, six sections at
 * lines 10…60), for cases the samples cannot show.
 */
import { describe, expect, it } from 'vitest'
import { evaluateReport, evaluateYears, yearInput } from './index'
import { fileYear } from './collection'
import { DEFAULT_RULE_SETTINGS, type AgencyLevel } from './context'
import { appRowLabel } from './messages'
import { reviewText } from './text'
import { cleanReport, docWith } from './test-support'
import type { ParsedReport } from '../../shared/model'

const run = (
  report: ParsedReport,
  bodies = {},
  level: AgencyLevel = 'department',
  path = 'r.txt'
) =>
  evaluateReport({
    report,
    doc: docWith({
      6: '（一）政务公开工作要点落实情况。（二）本年度未收取信息处理费。',
      ...bodies
    }),
    file: { path, format: 'txt', mtimeMs: 0 },
    level,
    settings: DEFAULT_RULE_SETTINGS
  })

describe('hand-built clean report', () => {
  it('raises nothing', () => {
    expect(run(cleanReport())).toEqual([])
  })
})

describe('S02', () => {
  it('flags a heading out of order once, at its line', () => {
    const r = cleanReport()
    r.headings = [1, 2, 3, 5, 4, 6].map(id => ({
      id: id as 1,
      heading: `h${id}`,
      line: id * 10,
      reworded: false
    }))
    const s02 = run(r).filter(f => f.rule === 'S02')
    expect(s02).toEqual([expect.objectContaining({ section: 4, lines: [40] })])
  })
})

describe('T01', () => {
  it("names the missing table and gives the parser's reason", () => {
    const r = cleanReport()
    r.tables.applications = null
    r.notes.push({
      code: 'table-unreadable',
      message: '单元格连在一起，无法区分',
      table: 'applications',
      line: 33
    })
    const t01 = run(r).filter(f => f.rule === 'T01')
    expect(t01).toEqual([expect.objectContaining({ table: 'applications', lines: [33] })])
    expect(t01[0]?.message).toContain('无法区分')
    // No arithmetic or text rule runs on a table that is not there.
    expect(run(r).filter(f => /^[AN]/.test(f.rule))).toEqual([])
  })
})

describe('T04 / T05 on the proactive table', () => {
  it('fees may be decimal, counts may not', () => {
    const r = cleanReport()
    const p = r.tables.proactive as { fees: number; penalty: number }
    p.fees = 24252.311082
    p.penalty = 2.5
    expect(run(r).filter(f => f.rule === 'T04')).toEqual([
      expect.objectContaining({ row: 'penalty', actual: 2.5 })
    ])
  })

  it("'/' in a numeric cell is T05, not also T02", () => {
    const r = cleanReport()
    r.tables.applications!['granted']!.legal = null
    r.rawCells.push({
      table: 'applications',
      row: 'granted',
      column: 'legal',
      text: '/',
      line: 12,
      value: null
    })
    const fs = run(r)
    expect(fs.filter(f => f.rule === 'T02')).toEqual([])
    expect(fs.filter(f => f.rule === 'T05')).toEqual([
      expect.objectContaining({ row: 'granted', column: 'legal', actual: '/', lines: [12] })
    ])
  })
})

describe('M01 / M04 / M05', () => {
  it('takes a year from the file name, not from a hash', () => {
    expect(fileYear('2023/中卫市民政局.txt')).toBe(2023)
    expect(fileYear('中卫市民政局2022年报告.pdf')).toBe(2022)
    expect(fileYear('samples/001_0a6fcc7805cba63f.txt')).toBeNull()
    expect(fileYear('x/ab2023cd.txt')).toBeNull()
  })

  it('M04 for a mixed layout in 2021 or later; before that the mix is a T03', () => {
    const r = cleanReport(2022)
    r.mixedTemplate = true
    expect(run(r).map(f => f.rule)).toEqual(['M04'])
    const old = cleanReport(2020)
    old.mixedTemplate = true
    expect(run(old).map(f => f.rule)).toContain('T03')
    expect(run(old).map(f => f.rule)).not.toContain('M04')
  })

  it('M05 uses the deadline of the level: a township by 31 January, a government by 31 March', () => {
    const r = cleanReport(2023)
    r.publicationDate = { date: '2024-02-20', source: '报告落款日期', line: 69 }
    expect(run(r, {}, 'government').filter(f => f.rule === 'M05')).toEqual([])
    expect(run(r, {}, 'township').filter(f => f.rule === 'M05')).toEqual([
      expect.objectContaining({ expected: '2024-01-31', actual: '2024-02-20', lines: [69] })
    ])
  })
})

describe('N02 wording', () => {
  const withReview = (total: number) => {
    const r = cleanReport()
    r.tables.reviewLitigation!.review = { upheld: total, corrected: 0, other: 0, pending: 0, total }
    return r
  }
  const n02 = (r: ParsedReport, s1: string) =>
    reviewText({
      report: r,
      doc: docWith({ 1: s1 }),
      file: { path: 'r', format: 'txt', mtimeMs: 0 },
      level: 'department',
      settings: DEFAULT_RULE_SETTINGS
    })

  it('reads sample 004\'s broken sentence as "no review, no litigation"', () => {
    const s =
      '2023年，兴仁镇未收到政府信息公开申请，未出现因信息公开申请行政复议及提起行政，诉讼情况。'
    expect(n02(withReview(0), s)).toEqual([])
    expect(n02(withReview(3), s)).toEqual([
      expect.objectContaining({ group: 'review', expected: 3 })
    ])
  })

  it('does not read 无 far from 复议, nor 未发生…被纠错, as "no review"', () => {
    expect(
      n02(withReview(3), '政务公开无死角，全面推进，全年办理各类事项，行政复议工作有序开展。')
    ).toEqual([])
    expect(n02(withReview(3), '未发生行政复议被纠错的情况。')).toEqual([])
  })
})

describe('Y03', () => {
  it('ignores short texts (“无” each year is not a copy)', () => {
    const prev = yearInput(cleanReport(2022), '无')
    const cur = yearInput(cleanReport(2023), '无')
    expect(evaluateYears(prev, cur)).toEqual([])
  })
})

describe('messages', () => {
  it("names rows in the template's own words, with their block", () => {
    expect(appRowLabel('outcomeTotal')).toBe('三、本年度办理结果（七）总计')
    expect(appRowLabel('denied.stateSecret')).toBe(
      '三、本年度办理结果（三）不予公开 1.属于国家秘密'
    )
    expect(appRowLabel('partiallyGranted')).toBe('三、本年度办理结果（二）部分公开')
    expect(appRowLabel('carriedForward')).toBe('四、结转下年度继续办理')
  })
})
