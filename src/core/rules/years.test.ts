/**
 * Cross-year rules on a chain of one agency's reports: a synthetic 2021–2024 chain built from
 * sample 001 (中卫市民政局) with one broken carry-over, and the real 平潭综合实验区 2021–2025 reports.
 */
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../shared/rules'
import { extractText } from '../extract/text'
import { parseReport } from '../parse/index'
import type { YearInput } from './context'
import { evaluateYears } from './index'
import { decodeYear, encodeYear } from '../store/report-codec'
import { readCorpus, setCells, yearInput } from './test-support'

const S1 = readCorpus('001')
const row7 = (natural: string): (string | undefined)[] => [
  natural,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  natural
]

/** Sample 001 moved to `year`; every report of the chain balances on its own. */
function chainYear(year: number, carriedOver = '0'): string {
  let t = S1.replaceAll('2023', String(year))
  if (carriedOver !== '0') {
    // Carried-over applications that were granted: the year still balances (no A finding).
    t = setCells(t, '二、上年结转', row7(carriedOver))
    t = setCells(t, '(一) 予以公开', row7(carriedOver))
    t = setCells(t, '(七)总计', row7(carriedOver))
  }
  return t
}

function chain(texts: Record<number, string>): Record<number, Finding[]> {
  const years = Object.keys(texts).map(Number).sort()
  const out: Record<number, Finding[]> = {}
  for (let i = 1; i < years.length; i++) {
    const [p, c] = [years[i - 1]!, years[i]!]
    out[c] = evaluateYears(yearInput(texts[p]!), yearInput(texts[c]!))
  }
  return out
}

describe('synthetic chain 2021–2024 (sample 001)', () => {
  it('a broken carry-over in 2023 raises Y01 on 2023 only, per broken column', () => {
    // 2022 carries nothing forward; 2023 claims 2 carried over; 2024 is right again (2023 carried 0).
    const found = chain({
      2021: chainYear(2021),
      2022: chainYear(2022),
      2023: chainYear(2023, '2'),
      2024: chainYear(2024)
    })
    const y01 = (y: number) => (found[y] ?? []).filter(f => f.rule === 'Y01')
    expect(y01(2022)).toEqual([])
    expect(y01(2024)).toEqual([])
    expect(y01(2023).map(f => [f.row, f.column, f.expected, f.actual])).toEqual([
      ['carriedOver', 'natural', 0, 2],
      ['carriedOver', 'total', 0, 2]
    ])
  })

  it('a correct carry-over raises no Y01', () => {
    let y2022 = chainYear(2022)
    y2022 = setCells(y2022, '一、本年新收', row7('3'))
    y2022 = setCells(y2022, '(一) 予以公开', row7('1'))
    y2022 = setCells(y2022, '(七)总计', row7('1'))
    y2022 = setCells(y2022, '四、结转下年度继续办理', row7('2'))
    const found = chain({ 2022: y2022, 2023: chainYear(2023, '2') })
    expect((found[2023] ?? []).filter(f => f.rule === 'Y01')).toEqual([])
  })

  it('years that are not consecutive are not compared', () => {
    expect(evaluateYears(yearInput(chainYear(2021)), yearInput(chainYear(2023, '2')))).toEqual([])
  })

  it('Y04: from 0 to a large value, but not to a small one', () => {
    const to = (n: string) =>
      evaluateYears(
        yearInput(setCells(chainYear(2022), '行政许可\t', ['0'])),
        yearInput(setCells(chainYear(2023), '行政许可\t', [n]))
      ).filter(f => f.rule === 'Y04')
    expect(to('80')).toEqual([
      expect.objectContaining({ row: 'licensing', expected: 0, actual: 80 })
    ])
    expect(to('12')).toEqual([])
  })
})

describe('平潭综合实验区 2021–2025 (real, re-celled)', () => {
  const texts = Object.fromEntries(
    [2, 3, 4, 5, 6].map(d => [2019 + d, readCorpus(`real/01${d}_pingtan_${2019 + d}_cells.txt`)])
  ) as Record<number, string>
  const found = chain(texts)

  it('carry-overs are consistent every year: no Y01', () => {
    // 2021 carried 1 forward (自然人), 2022 reports 1 carried over; later years carry 0.
    for (const y of [2022, 2023, 2024, 2025])
      expect(
        found[y]?.filter(f => f.rule === 'Y01'),
        String(y)
      ).toEqual([])
  })

  it('行政规范性文件 in force stops adding up from 2023 (Y02)', () => {
    // From the tables: 2021 665; 2022 665+88−55=698 ✓; 2023 698+77−132=643 but 470;
    // 2024 470+62−33=499 but 440; 2025 440+58−45=453 but 546.
    const y02 = (y: number) =>
      found[y]?.filter(f => f.rule === 'Y02').map(f => [f.row, f.expected, f.actual])
    expect(y02(2022)).toEqual([])
    expect(y02(2023)).toEqual([['normativeDocs', 643, 470]])
    expect(y02(2024)).toEqual([['normativeDocs', 499, 440]])
    expect(y02(2025)).toEqual([['normativeDocs', 453, 546]])
  })

  it('no key figure jumps tenfold (Y04): received 70→74→81→218→154, licensing peaks at 4.7×', () => {
    for (const y of [2022, 2023, 2024, 2025])
      expect(
        found[y]?.filter(f => f.rule === 'Y04'),
        String(y)
      ).toEqual([])
  })
})

describe('yearInput keeps what the Y rules read', () => {
  // The whole parsed report against the slice the store keeps (rules/years.ts yearInput): the
  // findings, lines included, must be the same, on the real chain and on each edited year.
  const whole = (text: string): YearInput => {
    const doc = extractText(text)
    const report = parseReport(doc)
    return { report, problems: yearInput(text).problems }
  }
  const pairs: [string, string, string][] = [
    ...[3, 4, 5].map((d): [string, string, string] => [
      `pingtan ${2019 + d}→${2020 + d}`,
      readCorpus(`real/01${d}_pingtan_${2019 + d}_cells.txt`),
      readCorpus(`real/01${d + 1}_pingtan_${2020 + d}_cells.txt`)
    ]),
    ['broken carry-over', chainYear(2022), chainYear(2023, '2')],
    [
      'licensing jump',
      setCells(chainYear(2022), '行政许可\t', ['0']),
      setCells(chainYear(2023), '行政许可\t', ['80'])
    ],
    ['copied section 5', chainYear(2022), chainYear(2023)]
  ]
  it.each(pairs)('%s', (_name, prev, cur) => {
    const sliced = evaluateYears(yearInput(prev), yearInput(cur))
    expect(sliced).toEqual(evaluateYears(whole(prev), whole(cur)))
    expect(sliced.length).toBeGreaterThan(0)
  })
})

describe('year_json', () => {
  it('round-trips through the store, also in the first schema 5 form without its rows', () => {
    const text = readCorpus('real/015_pingtan_2024_cells.txt')
    const y = yearInput(text)
    expect(decodeYear(encodeYear(y), null)).toEqual(y)
    const { tables, ...rest } = y.report
    const early = JSON.stringify({ report: rest, problems: y.problems })
    expect(decodeYear(early, JSON.stringify(tables))).toEqual(y)
    // The slice keeps only the applications rows the rules read.
    expect(Object.keys(y.report.tables.applications ?? {}).sort()).toEqual([
      'carriedForward',
      'carriedOver',
      'granted',
      'other.other',
      'received'
    ])
  })
})
